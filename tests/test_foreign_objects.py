"""A question for or about something the knowledge never names ("a CI pipeline for my android
app") is weighed as such: the candidates of its part say so, more strongly in a short question
than somewhere in a long story."""

from __future__ import annotations

import pytest

from bot.kb.compiled import Compiled
from bot.understanding.candidates import FEATURES, message_candidates
from bot.understanding.objects import foreign_object

FOREIGN = FEATURES.index("foreign_object")


@pytest.mark.parametrize(
    "text",
    [
        "how should I version the code for my aquarium controller",
        "which dashboards work best for a bakery",
        "is airflow a good name for a hamster",
        "who should deploy the aquarium controller firmware",
        "is kubernetes a good name for my cat",
        "how do I replace a spark plug",
        "my python (the snake) keeps hiding",
        "who is the best docker at the harbour",
        "which zoo has the most pandas",
    ],
)
def test_a_question_for_something_the_knowledge_never_names_has_a_foreign_object(
    compiled: Compiled, text: str
) -> None:
    assert foreign_object(compiled.lexicon, compiled.lexicon.read(text))


@pytest.mark.parametrize(
    "text",
    [
        "what tools does a data engineer use for pipelines",
        "who monitors our models in production",
        "which skills does a data scientist need for the job",
        "is python enough for a data analyst",
        "who should deploy the churn model",
        "do data scientists use airflow too",
        "when is pandas too slow for our data",
        "how do we monitor the pricing model",
        "which role handles model monitoring",
        "which companies hire the most data engineers",
    ],
)
def test_a_question_for_ml_things_or_roles_has_none(compiled: Compiled, text: str) -> None:
    assert not foreign_object(compiled.lexicon, compiled.lexicon.read(text))


def test_the_feature_weighs_a_foreign_object_more_in_a_short_question(
    compiled: Compiled,
) -> None:
    short = message_candidates(compiled, "which dashboards work best for a bakery")
    long = message_candidates(
        compiled,
        "our analysts keep rebuilding the same weekly revenue dashboards by hand and the"
        " numbers never match the finance export, which dashboards work best for a bakery",
    )
    ordinary = message_candidates(compiled, "which dashboards does a data analyst build")
    assert {c.features[FOREIGN] for c in ordinary} == {0.0}
    whole = [c.features[FOREIGN] for c in long if c.part == 0]
    assert min(c.features[FOREIGN] for c in short) > max(whole) > 0.0
