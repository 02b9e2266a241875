"""A first message naming nothing of data needs a surer answer; a follow-up does not."""

from __future__ import annotations

import pytest

from bot.answering.deciding import Engine
from bot.answering.policy import UNANCHORED_THRESHOLD, default_policy
from bot.curation.evaluation import DECLINE, label
from bot.kb.compiled import Compiled
from bot.message import ConversationKey, Message
from bot.understanding.objects import anchored_in_data, names_data


def test_the_threshold_rises_only_for_a_message_naming_nothing_of_data() -> None:
    policy = default_policy()
    assert policy.threshold(True) == policy.answer_threshold < UNANCHORED_THRESHOLD
    assert policy.threshold(False) == UNANCHORED_THRESHOLD


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tips for a remote team working across time zones", False),
        ("how do I land a summer internship at a bank", False),
        ("how do we write team rules for how requests come in", False),
        ("tips for a remote data team working across time zones", True),
        ("who owns monitoring", True),
        ("is the DS role entry level", True),
    ],
)
def test_naming_data_is_a_role_stage_tool_or_data_word(
    compiled: Compiled, text: str, expected: bool
) -> None:
    assert names_data(compiled.lexicon.read(text)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the airflow in our office is terrible, who do I talk to", False),
        ("who is the best docker at the harbour", False),
        ("the spark in our fireplace keeps going out", False),
        ("how to shrink a docker image with cuda and pytorch", True),
        ("tips for a remote team working across time zones", False),
        ("do data scientists use airflow too", True),
        ("who uses docker at work", True),
        ("how do we monitor the pricing model", True),
        ("is python enough for an analyst", True),
    ],
)
def test_a_tool_or_stage_named_of_something_else_anchors_nothing(
    compiled: Compiled, text: str, expected: bool
) -> None:
    assert anchored_in_data(compiled.lexicon, compiled.lexicon.read(text)) is expected


@pytest.mark.parametrize(
    "question",
    [
        "the airflow in our office is terrible, who do I talk to",
        "who is the best docker at the harbour",
    ],
)
def test_a_tools_name_used_of_something_else_is_declined(engine: Engine, question: str) -> None:
    """Both were answered as questions about the tool (0.51 and 0.80)."""
    reply = engine.handle(Message(question, ConversationKey("test", "homonym", question)))
    assert label(reply) == DECLINE


@pytest.mark.parametrize(
    "question",
    [
        "tips for a remote team working across time zones",
        "how do I land a summer internship at a bank",
        "what's the difference between a pilot and a co-pilot",
        "how many interviews is too many for a job",
        "how do we measure customer satisfaction",
    ],
)
def test_a_generic_workplace_question_is_declined_with_its_guesses(
    engine: Engine, question: str
) -> None:
    """Each was answered (0.33-0.50) by an entry about data teams that shares its words; the
    decline still offers that entry as a guess."""
    reply = engine.handle(Message(question, ConversationKey("test", "generic", question)))
    assert label(reply) == DECLINE
    assert reply.suggestions


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("got ghosted after the take-home task, is that normal?", "faq:interview-rejection"),
        ("which cloud provider should a beginner learn first?", "faq:which-cloud-to-learn"),
        (
            "how should we write team rules for how requests come in and get reviewed?",
            "faq:working-agreement",
        ),
    ],
)
def test_a_question_naming_nothing_of_data_is_answered_when_sure(
    engine: Engine, question: str, expected: str
) -> None:
    """Not an entry's own phrasing word for word (that is routed without ranking)."""
    reply = engine.handle(Message(question, ConversationKey("test", "sure", question)))
    assert label(reply) == expected
