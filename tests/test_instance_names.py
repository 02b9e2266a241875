"""A word that only says which model, dashboard or pipeline a question is about ("who deploys
the churn model") is left out of its matching, so the question is answered as its plain form
is; a word answers are asked with, and a model that may be no model of data, stay."""

from __future__ import annotations

import pytest

from bot.answering.deciding import Engine
from bot.curation.evaluation import label
from bot.kb.compiled import Compiled
from bot.message import ConversationKey, Message
from bot.understanding.candidates import parts
from bot.understanding.objects import without_instance_names


def _matched(compiled: Compiled, text: str) -> tuple[str, ...]:
    return without_instance_names(compiled.phrasings_using, compiled.lexicon.read(text)).words


@pytest.mark.parametrize(
    ("text", "read_as"),
    [
        ("who deploys the churn model", "who deploys the model"),
        ("who monitors the fraud model in prod", "who monitors the model in production"),
        (
            "who fixes the pricing dashboard if the data is off",
            "who fixes the dashboard if the data is off",
        ),
    ],
)
def test_the_name_of_one_model_or_dashboard_is_left_out(
    compiled: Compiled, text: str, read_as: str
) -> None:
    assert _matched(compiled, text) == tuple(read_as.split())


@pytest.mark.parametrize(
    "text",
    [
        "who owns the feature pipeline",  # many phrasings speak of features
        "who deploys the production model",
        # Nothing else of data: perhaps no model, dashboard or pipeline of ours.
        "who manages the fashion model",
        "what makes a good role model",
        "who designs the airplane dashboard",
        "who maintains the sewage pipeline",
    ],
)
def test_words_answers_are_asked_with_and_models_of_other_kinds_stay(
    compiled: Compiled, text: str
) -> None:
    assert _matched(compiled, text) == compiled.lexicon.read(text).words


def test_the_entities_named_keep_their_words(compiled: Compiled) -> None:
    reading = compiled.lexicon.read("does the DS or the MLE deploy the churn model")
    kept = without_instance_names(compiled.phrasings_using, reading)
    assert [kept.words[s.start : s.end] for s in kept.spans] == [
        reading.words[s.start : s.end] for s in reading.spans
    ]
    assert "churn" not in kept.words


def test_every_part_of_a_message_is_matched_without_them(compiled: Compiled) -> None:
    found = parts(compiled, "hi! who deploys the churn model? thanks")
    assert found and all("churn" not in part.reading.words for part in found)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("who deploys the churn model", "stage_owner:deployment"),
        ("who monitors the fraud model", "stage_owner:monitoring"),
    ],
)
def test_an_ownership_question_naming_its_model_is_answered(
    engine: Engine, question: str, answer: str
) -> None:
    reply = engine.handle(Message(question, ConversationKey("test", thread=question)))
    assert label(reply) == answer
