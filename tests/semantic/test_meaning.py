"""The static vectors carry meaning: a paraphrase lands nearer its question than a neighbour."""

from __future__ import annotations

import pytest

from bot.semantic import StaticEmbedder

# (message, the question it means, a question from the same domain that it does not mean)
PARAPHRASES = [
    ("keep an eye on models in production", "who monitors models", "who builds data pipelines"),
    (
        "who watches over the models once they're live",
        "who monitors models",
        "who collects the data",
    ),
    ("whose job is it to ship the model", "who owns deployment", "who does exploratory analysis"),
    (
        "who figures out whether a vague idea can be a model at all",
        "who frames the business problem",
        "who builds data pipelines",
    ),
    (
        "who gets paged when the model breaks at night",
        "who is on call for models in production",
        "what does a data analyst produce",
    ),
    (
        "is MLE entry level?",
        "can a fresh graduate become a machine learning engineer",
        "who owns the ETL pipelines",
    ),
    ("who cleans up messy data", "who handles data gathering and cleaning", "who deploys models"),
    ("who puts the model in a container", "who does containerisation", "who frames the problem"),
]


@pytest.mark.parametrize(
    ("message", "meant", "other"), PARAPHRASES, ids=[p[0] for p in PARAPHRASES]
)
def test_a_paraphrase_is_nearer_what_it_means(
    embedder: StaticEmbedder, message: str, meant: str, other: str
) -> None:
    vectors = embedder.encode([message, meant, other])
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_the_same_question_typed_differently_stays_close(embedder: StaticEmbedder) -> None:
    vectors = embedder.encode(
        ["Who monitors models?", "who   MONITORS models", "what is a data lake"]
    )
    assert vectors[0] @ vectors[1] > 0.999
    assert vectors[0] @ vectors[2] < 0.5
