"""The people and career FAQ entries written for gaps real questions found (statistician vs data
scientist, contractors, reporting lines, a newcomer's first months, interview rejection, product
case interviews, PM to ML PM, pitching projects, measuring a data team, metric definitions):
questions worded unlike any of their phrasings reach them, and near-miss asks about other jobs
and teams are still declined."""

from __future__ import annotations

import pytest

from bot.answering.deciding import Engine
from bot.curation.evaluation import label
from bot.message import ConversationKey, Message
from bot.reply import ReplyKind

KEY = ConversationKey("console", "gaps-people")

REACHED = [
    ("what separates a statistician's work from a data scientist's", "statistician-vs-ds"),
    ("is contract to hire worth it when recruiting a data engineer", "contractor-vs-hire"),
    ("should data science sit under the CTO", "data-team-reporting-line"),
    ("how do I prepare for the product sense round as a data scientist", "product-case-interview"),
    ("what should I do in my first month as a new data scientist", "new-ds-first-months"),
    ("rejected after every final round for ML roles, what should I change", "interview-rejection"),
    ("what ML knowledge does a product manager need to run AI products", "pm-to-ml-pm"),
    ("how do I get buy-in from leadership for a small ML project", "pitching-projects"),
    ("how do you measure the productivity of a data science team", "measuring-data-team"),
    (
        "every department counts active users differently, how do we fix that",
        "metric-definitions-owner",
    ),
]


@pytest.mark.parametrize(("question", "entry"), REACHED, ids=[r[1] for r in REACHED])
def test_a_question_worded_afresh_reaches_its_people_entry(
    engine: Engine, question: str, entry: str
) -> None:
    reply = engine.handle(Message(question, KEY))
    assert label(reply) == f"faq:{entry}"


# The same shapes of question about work outside data and ML.
NEAR_MISSES = [
    "should I hire a contractor or do the kitchen renovation myself",
    "who should the marketing department report to",
    "how do I pitch my startup to investors",
    "what's the best onboarding plan for a new barista",
    "how do I measure my sales team's KPIs",
]


@pytest.mark.parametrize("question", NEAR_MISSES)
def test_a_near_miss_about_another_job_is_declined(engine: Engine, question: str) -> None:
    reply = engine.handle(Message(question, KEY))
    assert reply.kind is ReplyKind.DECLINE
    assert reply.provenance.entry is None
