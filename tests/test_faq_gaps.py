"""The FAQ entries written for gaps real questions found (1 December 2026: production
operations, people and careers, platforms and tools, hiring and teams) answer questions worded
unlike any of their phrasings, and near misses that share their words but ask about something
else are still declined."""

from __future__ import annotations

import pytest

from bot.answering.deciding import Engine
from bot.curation.evaluation import DECLINE, label
from bot.message import ConversationKey, Message

KEY = ConversationKey("test", "faq-gaps")

REACHED = [
    ("monthly retrain vs drift-triggered retrain, which is better", "retraining-cadence"),
    ("when we retrain, how do we decide whether the new model goes live", "how-to-retrain"),
    ("our on-call gets 50 model alerts a day and ignores them all", "model-on-call"),
    ("how do we detect stale tables before the dashboards break", "data-observability"),
    ("pilot vs MVP, what's the difference", "poc-mvp-pilot"),
    ("how many rows do I need to train a classifier", "how-much-data"),
    ("who should own the SLA on the feature tables", "data-contracts"),
    ("should we stop the pipeline when bad data gets in", "data-incident-response"),
    (
        "after a model rollback, how do we fix the predictions it already made",
        "model-rollback-cleanup",
    ),
    ("who is responsible for the kafka brokers", "kafka-ownership"),
    ("seldon vs kserve", "serving-frameworks"),
    ("DockerOperator vs PythonOperator", "airflow-task-packaging"),
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
    ("vertex ai or sagemaker, which should we standardise on", "mlops-platform-choice"),
    ("what is DVC and do I need it", "data-versioning"),
    ("delta lake vs iceberg", "table-formats"),
    ("is hadoop still relevant for data engineers", "table-formats"),
    ("when do we need stream processing instead of nightly loads", "streaming-vs-batch-pipelines"),
    ("build our own ML platform or buy one", "build-vs-buy-mlops"),
    ("how to shrink a docker image with cuda and pytorch", "slim-inference-image"),
    ("code review process for a data science team", "analysis-code-review"),
    ("how do we organise annotators for labelling images", "labelling-team"),
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

# The same words and shapes of question about other jobs and everyday things.
NEAR_MISSES = [
    "how often should I retrain my dog",
    "how much data is left on my phone plan",
    "pilot training for airline jobs, where do I start",
    "who owns the franz kafka novels in our library",
    "alert fatigue from my smoke detector, how do I stop it",
    "should I hire a contractor or do the kitchen renovation myself",
    "who should the marketing department report to",
    "how do I pitch my startup to investors",
    "what's the best onboarding plan for a new barista",
    "how do I measure my sales team's KPIs",
    "how do I slim down for summer",
    "who signs off my holiday request",
    "what does an architect do when designing a house",
    "best streaming service for movies",
    "how do I label moving boxes",
    "should I buy or build a garden shed",
    "is 40 too old to become a flight attendant",
    "what goes into a working agreement for a construction crew",
    "does chess rating predict success as a trader",
    "how many junior lawyers per partner",
    "I'm the only accountant at my company and have nobody to learn from",
]


@pytest.mark.parametrize(("question", "entry"), REACHED, ids=[entry for _, entry in REACHED])
def test_a_question_worded_afresh_reaches_its_gap_entry(
    engine: Engine, question: str, entry: str
) -> None:
    assert label(engine.handle(Message(question, KEY))) == f"faq:{entry}"


@pytest.mark.parametrize("question", NEAR_MISSES)
def test_a_near_miss_is_declined(engine: Engine, question: str) -> None:
    assert label(engine.handle(Message(question, KEY))) == DECLINE
