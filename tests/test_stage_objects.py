"""A stage word done to something the knowledge never speaks of ("monitoring the fire alarms")
is not the stage: the question is read as if it named none."""

from __future__ import annotations

import pytest

from bot.answering.deciding import Engine
from bot.curation.evaluation import label
from bot.kb.compiled import Compiled
from bot.kb.records import EntityKind
from bot.message import ConversationKey, Message
from bot.understanding.objects import stage_object, without_foreign_stages

KEY = ConversationKey("test", "channel", "thread", "user")


def _stages(compiled: Compiled, text: str) -> list[str]:
    reading = without_foreign_stages(compiled.lexicon, compiled.lexicon.read(text))
    return reading.ids(EntityKind.STAGE)


def test_the_object_is_the_run_of_words_after_the_stage_and_its_determiners(
    compiled: Compiled,
) -> None:
    reading = compiled.lexicon.read(
        "who is responsible for monitoring the fire alarms in our building"
    )
    (span,) = reading.spans
    assert stage_object(reading, span.end) == (("fire", "alarms"), True)


@pytest.mark.parametrize(
    "text",
    [
        "who is responsible for monitoring the fire alarms in our building",
        "who is monitoring the servers",
        "who should check the baby monitor at night",
        "who handles the troop deployment",
    ],
)
def test_a_stage_done_to_words_the_knowledge_never_uses_is_no_stage(
    compiled: Compiled, text: str
) -> None:
    assert _stages(compiled, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "who is responsible for monitoring the models in production",
        "who owns monitoring",
        "who handles deployment for the fraud team",
        "who does monitoring of our churn pipelines",
        "who owns the nightly monitoring",
        "who is responsible for the canary deployment",
    ],
)
def test_a_stage_done_to_ml_things_or_to_nothing_named_stays_the_stage(
    compiled: Compiled, text: str
) -> None:
    assert _stages(compiled, text) != []


@pytest.mark.parametrize(
    ("text", "stages"),
    [
        ("how often should I retrain my dog", []),
        ("our POC ran on one cleaned static CSV", ["proof-of-concept"]),
    ],
)
def test_a_short_word_is_a_foreign_thing_only_after_a_determiner(
    compiled: Compiled, text: str, stages: list[str]
) -> None:
    """The list of English words holds no words of three letters or fewer: after "my" one
    names a thing ("dog"), right after the stage word it is more often an action ("ran")."""
    assert _stages(compiled, text) == stages


def test_a_stage_word_about_the_office_is_declined(engine: Engine) -> None:
    question = "who is in charge of monitoring the smoke detectors on our floor"
    assert label(engine.handle(Message(question, KEY))) == "decline"


@pytest.mark.parametrize(
    "text",
    [
        "who owns the deployment of the new website",
        "who handles deployments for our mobile app",
        "who owns deployment of the marketing site",
        "who owns the release notes for the mobile app",
        "who owns the frontend deployment at our company",
        "who handles website monitoring",
    ],
)
def test_a_software_stage_done_to_a_website_or_an_app_is_no_stage(
    compiled: Compiled, text: str
) -> None:
    assert _stages(compiled, text) == []


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("who monitors the recommendation model in the app", "monitoring"),
        ("who handles deployment of the app's ranking model", "deployment"),
        ("who deploys models for the ios app", "deployment"),
        ("who does the reporting for the marketing site", "reporting"),
        ("who owns model deployment for the ios app", "deployment"),
    ],
)
def test_a_model_in_an_app_or_reporting_on_a_website_stays_the_stage(
    compiled: Compiled, text: str, stage: str
) -> None:
    assert _stages(compiled, text) == [stage]


@pytest.mark.parametrize(
    "question",
    [
        # It named "deployment" and matched "who owns deployment" word for word but the site.
        "who owns deployment of the marketing site",
        # It was answered as "who owns deployment?" (0.90): the frontend comes first.
        "who owns the frontend deployment at our company",
    ],
)
def test_deploying_a_website_is_declined(engine: Engine, question: str) -> None:
    assert label(engine.handle(Message(question, KEY))) == "decline"
