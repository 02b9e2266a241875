"""A role's name before a noun it modifies ("a data science team", "ML engineer openings") is
not a question about that role: the structured answers about the role are told so."""

from __future__ import annotations

import pytest

from bot.answering.deciding import Engine
from bot.curation.evaluation import label
from bot.kb.compiled import Compiled
from bot.message import ConversationKey, Message
from bot.understanding.candidates import FEATURES, message_candidates
from bot.understanding.modifiers import modifier_roles

MODIFIER = FEATURES.index("role_modifier")


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("who leads the data science team here", {"data-scientist"}),
        ("are there many ML engineer openings in berlin", {"ml-engineer"}),
        ("our DS team wants to know what an MLE does", {"data-scientist"}),
        ("what does a data scientist do all day", set()),
        ("how do I become a data engineer", set()),
        ("which tools does the DS team use", set()),
        ("the data engineering team owns the pipelines, right?", set()),
        ("the data science team wants a new dashboard", {"data-scientist"}),
    ],
    ids=[
        "team",
        "openings",
        "one-modifies-one-is-asked",
        "asked",
        "moved-to",
        "team-uses",
        "team-owns",
        "team-wants",
    ],
)
def test_roles_that_only_modify_a_noun_are_found(
    compiled: Compiled, text: str, roles: set[str]
) -> None:
    assert modifier_roles(compiled.lexicon.read(text)) == roles


def test_a_role_also_named_on_its_own_is_no_modifier(compiled: Compiled) -> None:
    reading = compiled.lexicon.read("does the data science team need a data scientist who codes")
    assert modifier_roles(reading) == set()


def test_structured_answers_about_a_modifying_role_carry_the_feature(
    compiled: Compiled,
) -> None:
    found = message_candidates(compiled, "how many people belong in a data science team")
    about_role = [
        c
        for c in found
        if compiled.targets[c.target].intent is not None
        and "data-scientist" in compiled.targets[c.target].about
    ]
    assert about_role
    assert all(c.features[MODIFIER] == 1.0 for c in about_role)
    faq = [c for c in found if compiled.targets[c.target].intent is None]
    assert all(c.features[MODIFIER] == 0.0 for c in faq)
    asked = message_candidates(compiled, "what skills does a data scientist need")
    assert {c.features[MODIFIER] for c in asked} == {0.0}


def test_a_team_that_does_what_its_people_do_is_asked_about_them(engine: Engine) -> None:
    """It was declined at 0.03: the role read as a modifier of "team"."""
    question = "new here - which tools does the DS team use day to day?"
    reply = engine.handle(Message(question, ConversationKey("test", "modifiers")))
    assert label(reply) == "role_tools:data-scientist"
