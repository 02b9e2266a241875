"""The production-ops FAQ entries (retraining, data observability and contracts, data and model
incidents, Kafka, serving frameworks, Airflow tasks, PoC/MVP/pilot, how much data, and alert
fatigue in model-on-call) answer questions worded unlike any of their phrasings, and near
misses about other things are still declined."""

from __future__ import annotations

import pytest

from bot.answering.deciding import Engine
from bot.curation.evaluation import label
from bot.message import ConversationKey, Message

KEY = ConversationKey("test", "channel", "thread", "user")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
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
    ],
)
def test_new_questions_reach_the_ops_entries(engine: Engine, question: str, expected: str) -> None:
    assert label(engine.handle(Message(question, KEY))) == f"faq:{expected}"


@pytest.mark.parametrize(
    "question",
    [
        "how often should I retrain my dog",
        "how much data is left on my phone plan",
        "pilot training for airline jobs, where do I start",
        "who owns the franz kafka novels in our library",
        "alert fatigue from my smoke detector, how do I stop it",
    ],
)
def test_near_misses_about_other_things_are_declined(engine: Engine, question: str) -> None:
    assert label(engine.handle(Message(question, KEY))) == "decline"
