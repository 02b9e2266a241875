"""Roles named by their work ("the pipeline person") read as the roles themselves."""

from __future__ import annotations

import pytest

from bot.answering.deciding import Engine
from bot.curation.evaluation import label
from bot.kb.compiled import Compiled
from bot.kb.records import EntityKind
from bot.message import ConversationKey, Message
from bot.understanding.described import Described, described_roles
from bot.understanding.lexicon import Lexicon


@pytest.fixture(scope="module")
def lexicon(compiled: Compiled) -> Lexicon:
    """The shipped knowledge's lexicon."""
    return compiled.lexicon


def described(lexicon: Lexicon, text: str) -> list[tuple[str, str]]:
    """Each role the text names, with the words that name it."""
    reading = lexicon.read(text)
    return [
        (span.ref.id, " ".join(reading.words[span.start : span.end]))
        for span in reading.spans
        if span.ref.kind is EntityKind.ROLE
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "the pipeline person vs the dashboard people, what's the difference?",
            [("data-engineer", "pipeline person"), ("data-analyst", "dashboard people")],
        ),
        (
            "the model people vs the people who make the models actually run",
            [
                ("data-scientist", "model people"),
                ("ml-engineer", "people who make the models actually run"),
            ],
        ),
        (
            "the guy who moves data from our apps into the warehouse",
            [("data-engineer", "guy who moves data")],
        ),
        (
            "who's the person that keeps our models running?",
            [("mlops-engineer", "person that keeps our models running")],
        ),
        # A description ends where another person is spoken of.
        (
            "the people who build models, the people who make the models run",
            [
                ("data-scientist", "people who build models"),
                ("ml-engineer", "people who make the models run"),
            ],
        ),
        # A stage named inside the description is part of it.
        ("the people who deploy models", [("ml-engineer", "people who deploy models")]),
        ("ask the modellers", [("data-scientist", "modellers")]),
    ],
)
def test_a_role_described_by_its_work_is_read_as_named(
    lexicon: Lexicon, text: str, expected: list[tuple[str, str]]
) -> None:
    assert described(lexicon, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "the person who owns the office printer",
        "which one is better, the one that costs less?",
        "who builds the models?",  # a question about the work, not a description of someone
        "our data team is small",
        "the BI person",  # business intelligence is a title of its own
        "the platform folks",  # so is the ML platform team
        "how do we make reports people rely on",  # what is made, not who makes it
    ],
)
def test_no_role_is_read_where_none_is_described(lexicon: Lexicon, text: str) -> None:
    assert described(lexicon, text) == []


def test_a_description_after_a_role_says_what_that_role_does(lexicon: Lexicon) -> None:
    # "the one who builds models" is said of the ML engineer here: it names nobody else.
    assert described(lexicon, "is the ML engineer the one who builds models?") == [
        ("ml-engineer", "ml engineer")
    ]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        (
            "the pipeline person vs the dashboard people, what's the difference?",
            "compare:data-analyst+data-engineer",
        ),
        ("what tools do the people who build the data pipelines use", "role_tools:data-engineer"),
    ],
)
def test_a_role_named_by_its_work_is_answered_as_named(
    engine: Engine, question: str, answer: str
) -> None:
    reply = engine.handle(Message(question, ConversationKey("test", thread=question)))
    assert label(reply) == answer


def test_a_role_the_knowledge_lacks_is_not_read() -> None:
    # Knowledge of its own (no shipped roles): "the pipeline person" names nobody it knows.
    words = tuple("who is the pipeline person here".split())
    assert described_roles(words, [], {"data-engineer"}) == [Described(3, 5, "data-engineer")]
    assert described_roles(words, [], {"ml-engineer"}) == []
