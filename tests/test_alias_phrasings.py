"""A stage or tool asked about by one of its aliases: each alias is also worded into its
answer's phrasings, so what the answer means covers what its aliases say ("who trains the
models" names the proof-of-concept stage by "train the model")."""

from __future__ import annotations

import pytest

from bot.answering.deciding import Engine
from bot.curation.evaluation import label
from bot.kb.compiled import Compiled
from bot.message import ConversationKey, Message


@pytest.mark.parametrize(
    ("answer", "phrasing"),
    [
        ("stage_owner:proof-of-concept", "who owns train the model"),
        ("stage_owner:ml-platform", "who owns feature store"),
        ("tool_users:jupyter", "who uses notebook"),
        ("tool_users:kubernetes", "who uses k8s"),
    ],
)
def test_a_stage_or_tool_answer_is_asked_with_each_alias(
    compiled: Compiled, answer: str, phrasing: str
) -> None:
    assert phrasing in compiled.targets[compiled.target_ids[answer]].phrasings


def test_the_answers_own_phrasings_come_first(compiled: Compiled) -> None:
    phrasings = compiled.targets[compiled.target_ids["stage_owner:deployment"]].phrasings
    assert phrasings[:2] == ("Deployment", "who owns Deployment")


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("who trains the models", "stage_owner:proof-of-concept"),
        ("who maintains the feature store", "stage_owner:ml-platform"),
        ("who uses notebooks", "tool_users:jupyter"),
    ],
)
def test_a_question_naming_an_alias_is_answered(engine: Engine, question: str, answer: str) -> None:
    reply = engine.handle(Message(question, ConversationKey("test", thread=question)))
    assert label(reply) == answer
