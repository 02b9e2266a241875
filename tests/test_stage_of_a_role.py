"""A lifecycle stage asked of one role ("does a data scientist do model monitoring?", "is
deployment the data analyst's job?") is answered by who owns the stage, which says whether
that role does it. Such questions named a role and a stage but matched no template asking
both, so most were declined or answered with the role's overview (64 of 140 reached the
stage's owner, 134 after the templates). So is what happens during a stage, which its owner's
answer describes first."""

from __future__ import annotations

import pytest

from bot.answering.deciding import Engine
from bot.curation.evaluation import label
from bot.message import ConversationKey, Message

ROLES = ("data scientist", "ML engineer", "MLOps engineer", "data analyst", "data engineer")
STAGES = {
    "deployment": "deployment",
    "monitoring": "model monitoring",
    "data-pipelines": "the data pipelines",
    "reporting": "dashboards",
    "problem-framing": "problem framing",
    "eda": "EDA",
    "model-testing": "model testing",
}
FORMS = (
    "does a {role} do {stage}?",
    "is {stage} the {role}'s job?",
    "should the {role} own {stage}?",
)


@pytest.mark.parametrize("stage", list(STAGES))
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("form", FORMS)
def test_a_stage_asked_of_a_role_is_answered_by_its_owner(
    engine: Engine, form: str, role: str, stage: str
) -> None:
    question = form.format(role=role, stage=STAGES[stage])
    reply = engine.handle(Message(question, ConversationKey("test", question)))
    assert label(reply) == f"stage_owner:{stage}"


@pytest.mark.parametrize("stage", list(STAGES))
def test_what_happens_in_a_stage_is_answered_by_the_stage(engine: Engine, stage: str) -> None:
    # The owner's answer says what the stage is, then who does it.
    question = f"what happens during {STAGES[stage]}?"
    reply = engine.handle(Message(question, ConversationKey("test", question)))
    assert label(reply) == f"stage_owner:{stage}"
