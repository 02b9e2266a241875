"""The career, hiring and team FAQ entries written for gaps real questions found (seniority
levels, late career changes, internships, a lone analyst, technical tasks and Kaggle in hiring,
what candidates look for, why hire a data scientist, a new head of data, seniority mix,
organising data engineers, working agreements, data engineers per data scientist): questions
worded unlike any of their phrasings reach them, and near misses about other jobs are still
declined."""

from __future__ import annotations

import pytest

from bot.answering.deciding import Engine
from bot.curation.evaluation import label
from bot.message import ConversationKey, Message
from bot.reply import ReplyKind

KEY = ConversationKey("console", "gaps-careers")

REACHED = [
    ("how is a senior data scientist different from a junior one", "seniority-levels"),
    ("will companies hire a 45 year old junior data engineer", "career-change-later"),
    ("should I accept an unpaid internship in data science", "data-internship"),
    ("as the only data analyst in the company how do I keep learning", "lone-junior-analyst"),
    ("is a take-home better than live coding for hiring ML engineers", "technical-task-design"),
    ("does a high Kaggle rank make someone a good data scientist", "kaggle-in-hiring"),
    (
        "how to check work life balance when interviewing for a data engineer job",
        "attracting-ml-candidates",
    ),
    ("if scikit-learn is free why should we pay a data scientist", "why-hire-ds"),
    ("first things to do as a new head of data", "head-of-data-first-steps"),
    ("what's a healthy balance of junior and senior data scientists", "junior-senior-mix"),
    ("how to organise data engineers as the team grows", "de-team-organisation"),
    ("tips for a data science team working remotely across time zones", "working-agreement"),
    ("how many DEs per data scientist is typical", "ds-to-mle-ratio"),
]


@pytest.mark.parametrize(("question", "entry"), REACHED, ids=[r[1] for r in REACHED])
def test_a_question_worded_afresh_reaches_its_career_entry(
    engine: Engine, question: str, entry: str
) -> None:
    reply = engine.handle(Message(question, KEY))
    assert label(reply) == f"faq:{entry}"


# The same shapes of question about work outside data and ML.
NEAR_MISSES = [
    "is 40 too old to become a flight attendant",
    "what goes into a working agreement for a construction crew",
    "does chess rating predict success as a trader",
    "how many junior lawyers per partner",
    "I'm the only accountant at my company and have nobody to learn from",
]


@pytest.mark.parametrize("question", NEAR_MISSES)
def test_a_near_miss_about_another_job_is_declined(engine: Engine, question: str) -> None:
    reply = engine.handle(Message(question, KEY))
    assert reply.kind is ReplyKind.DECLINE
    assert reply.provenance.entry is None
