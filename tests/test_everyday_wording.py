"""Questions about a role's working day reach what they ask: its work, its tools or the people
it works with. "Day to day" and "every day" are in questions of all three kinds, so the word
that tells them apart decides ("what do data engineers do every day?" once got the data
engineer's tools, near a real question about tools "day to day"; "who do DSs work with day
to day?" was declined)."""

from __future__ import annotations

import pytest

from bot.answering.deciding import Engine
from bot.curation.evaluation import label
from bot.message import ConversationKey, Message

ROLES = {
    "data-scientist": ("data scientist", "DS"),
    "ml-engineer": ("ML engineer", "MLE"),
    "mlops-engineer": ("MLOps engineer", "mlops eng"),
    "data-analyst": ("data analyst", "DA"),
    "data-engineer": ("data engineer", "DE"),
}
ASKED = {
    "role_overview": (
        "what does a {role} do day to day?",
        "what do {role}s do every day?",
        "what does a {role} actually do?",
    ),
    "role_collaborators": ("who do {role}s work with day to day?",),
    "role_tools": (
        "which software does a {role} work with day to day?",
        "what tools does a {role} use day to day?",
    ),
}
CASES = [
    (form.format(role=name), f"{intent}:{role}")
    for intent, forms in ASKED.items()
    for form in forms
    for role, names in ROLES.items()
    for name in names
]


@pytest.mark.parametrize(("question", "expected"), CASES)
def test_a_working_day_question_reaches_what_it_asks(
    engine: Engine, question: str, expected: str
) -> None:
    reply = engine.handle(Message(question, ConversationKey("test", question)))
    assert label(reply) == expected
