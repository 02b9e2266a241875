"""A stage or a tool offered as a choice between two roles ("eda - ds job or da job?", "who
owns the airflow DAGs, DE or MLE?") asks who owns the stage or who uses the tool, not how the
two roles differ; the roles offered are no search terms of the message."""

from __future__ import annotations

from itertools import product

import pytest

from bot.answering.deciding import Engine
from bot.kb.compiled import Compiled
from bot.understanding.candidates import _searches, parts
from bot.understanding.intents import Intent, role_choice
from tests.asked import label_of

# Each stage or tool with two roles to offer, written as people shorten them.
CHOSEN = [
    ("deployment", "stage_owner:deployment", "DS", "MLE"),
    ("monitoring", "stage_owner:monitoring", "MLE", "MLOps engineer"),
    ("EDA", "stage_owner:eda", "data scientist", "analyst"),
    ("data cleaning", "stage_owner:data-collection", "DE", "DS"),
    ("the proof of concept", "stage_owner:proof-of-concept", "data scientist", "ML engineer"),
    ("containerisation", "stage_owner:containerisation", "MLE", "MLOps"),
    ("the dashboards", "stage_owner:reporting", "analysts", "data scientists"),
    ("kubernetes", "tool_users:kubernetes", "MLOps engineer", "data engineer"),
    ("dbt", "tool_users:dbt", "analyst", "data engineer"),
    ("pytorch", "tool_users:pytorch", "DS", "MLE"),
    ("tableau", "tool_users:tableau", "DA", "DS"),
    ("airflow", "tool_users:airflow", "DE", "MLOps"),
]
# Wordings no template of the knowledge uses.
FORMS = (
    "should {x} sit with the {a} or the {b}?",
    "{x} = {a} work or {b} work?",
    "in most teams is {x} done by the {a} or by the {b}?",
    "who's on the hook for {x} here, {a} or {b}?",
)


@pytest.mark.parametrize(
    ("question", "intent", "subject", "roles"),
    [
        ("eda - ds job or da job?", Intent.STAGE_OWNER, "eda", {"data-scientist", "data-analyst"}),
        (
            "who owns the airflow DAGs, DE or MLE?",
            Intent.TOOL_USERS,
            "airflow",
            {"data-engineer", "ml-engineer"},
        ),
        (
            "in most teams is deployment done by the data engineer or by the ML engineer?",
            Intent.STAGE_OWNER,
            "deployment",
            {"data-engineer", "ml-engineer"},
        ),
    ],
)
def test_a_stage_or_tool_between_two_roles_is_a_choice(
    compiled: Compiled, question: str, intent: Intent, subject: str, roles: set[str]
) -> None:
    choice = role_choice(compiled.lexicon.read(question))
    assert choice is not None
    assert choice.detected.intent is intent
    assert choice.detected.entry == subject
    assert choice.roles == roles


@pytest.mark.parametrize(
    "question",
    [
        "data scientist or ML engineer, which is better for me?",  # no stage or tool
        "docker or kubernetes, DS or MLE?",  # two tools: which is asked about?
        "who owns deployment?",  # no choice
        "the DS does the EDA and the MLE the deployment",  # no "or" between the roles
        "is a data scientist who knows kubernetes really an ML engineer in the end, or not?",
    ],
)
def test_other_questions_are_no_choice(compiled: Compiled, question: str) -> None:
    assert role_choice(compiled.lexicon.read(question)) is None


@pytest.mark.parametrize(("chosen", "form"), list(product(CHOSEN, FORMS)))
def test_a_choice_between_two_roles_is_never_answered_by_their_comparison(
    engine: Engine, chosen: tuple[str, str, str, str], form: str
) -> None:
    thing, _, first, second = chosen
    got = label_of(engine, form.format(x=thing, a=first, b=second))
    assert not got.startswith("compare:"), got


def test_most_choices_between_two_roles_get_who_owns_or_uses_it(engine: Engine) -> None:
    # A floor, not every question: the wordings are new to the ranker. Before the choice was
    # read, 24 of these 48 got who owns the stage or uses the tool (4 were comparisons); now
    # 38. The floor, 33, leaves room for refits and is above where it started.
    asked = [
        (form.format(x=thing, a=first, b=second), expected)
        for (thing, expected, first, second), form in product(CHOSEN, FORMS)
    ]
    reached = [question for question, expected in asked if label_of(engine, question) == expected]
    assert len(reached) >= 33, sorted({q for q, _ in asked} - set(reached))


def test_the_roles_a_choice_offers_are_no_search_terms(compiled: Compiled) -> None:
    question = "should deployment sit with the MLOps engineers or the analysts?"
    found = parts(compiled, question)
    offered = _searches(compiled, found, role_choice(found[0].reading))
    plain = _searches(compiled, found)
    assert "role:mlops-engineer" in plain[0].terms
    assert "role:mlops-engineer" not in offered[0].terms
    assert "stage:deployment" in offered[0].terms
