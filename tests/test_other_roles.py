"""A question naming roles is never answered by a structured answer about another role: its
overview, tools, skills, outputs, collaborators or career ("what is a junior data engineer
responsible for, and which teams will I deal with?" is not answered by whom an MLOps engineer
works with). Such answers are not even candidates."""

from __future__ import annotations

import pytest

from bot.answering.deciding import Engine
from bot.kb.compiled import Compiled
from bot.message import ConversationKey, Message
from bot.understanding.candidates import message_candidates
from bot.understanding.intents import ROLE_INTENTS

NAMES = {
    "data-scientist": "data scientist",
    "ml-engineer": "ML engineer",
    "mlops-engineer": "MLOps engineer",
    "data-analyst": "data analyst",
    "data-engineer": "data engineer",
}
# Each names one role and nothing else a role answer could be about.
FORMS = (
    "what is a junior {role} responsible for in the first year, and which teams will I deal with?",
    "who does a {role} talk to all week?",
    "as a new {role}, who will I be dealing with?",
    "is a {role} mostly infrastructure work?",
    "what's the ladder above a senior {role}?",
    "I'm a {role}, what should I learn next?",
)


@pytest.mark.parametrize("role", NAMES)
@pytest.mark.parametrize("form", FORMS)
def test_no_answer_about_another_role_is_a_candidate(
    compiled: Compiled, form: str, role: str
) -> None:
    question = form.format(role=NAMES[role])
    others = {
        compiled.targets[c.target].label
        for c in message_candidates(compiled, question)
        if compiled.targets[c.target].intent in ROLE_INTENTS
        and compiled.targets[c.target].entry != role
    }
    assert not others, question


@pytest.mark.parametrize("role", NAMES)
@pytest.mark.parametrize("form", FORMS)
def test_a_role_answer_is_about_the_role_named(engine: Engine, form: str, role: str) -> None:
    question = form.format(role=NAMES[role])
    provenance = engine.handle(Message(question, ConversationKey("test", question))).provenance
    if provenance.intent in ROLE_INTENTS:
        assert provenance.entry == role, (question, provenance.intent)
