"""The platform and tool FAQ entries written for gaps real questions found (ML platforms, buy or
build, data versioning, table formats, streaming or batch pipelines, lean inference images,
analysis code review, labelling teams, data architects): questions worded unlike any of their
phrasings reach them, and near-miss asks about things outside data work are still declined."""

from __future__ import annotations

import pytest

from bot.answering.deciding import Engine
from bot.curation.evaluation import label
from bot.message import ConversationKey, Message
from bot.reply import ReplyKind

KEY = ConversationKey("console", "gaps-tools")

REACHED = [
    ("vertex ai or sagemaker, which should we standardise on", "mlops-platform-choice"),
    ("what is DVC and do I need it", "data-versioning"),
    ("delta lake vs iceberg", "table-formats"),
    ("is hadoop still relevant for data engineers", "table-formats"),
    ("when do we need stream processing instead of nightly loads", "streaming-vs-batch-pipelines"),
    ("build our own ML platform or buy one", "build-vs-buy-mlops"),
    ("how to shrink a docker image with cuda and pytorch", "slim-inference-image"),
    ("code review process for a data science team", "analysis-code-review"),
    ("how do we organise annotators for labelling images", "labelling-team"),
]


@pytest.mark.parametrize(("question", "entry"), REACHED, ids=[r[0] for r in REACHED])
def test_a_question_worded_afresh_reaches_its_tools_entry(
    engine: Engine, question: str, entry: str
) -> None:
    reply = engine.handle(Message(question, KEY))
    assert label(reply) == f"faq:{entry}"


# The same words (slim, sign off, architect, streaming, label, buy or build) outside data work.
NEAR_MISSES = [
    "how do I slim down for summer",
    "who signs off my holiday request",
    "what does an architect do when designing a house",
    "best streaming service for movies",
    "how do I label moving boxes",
    "should I buy or build a garden shed",
]


@pytest.mark.parametrize("question", NEAR_MISSES)
def test_a_near_miss_outside_data_work_is_declined(engine: Engine, question: str) -> None:
    reply = engine.handle(Message(question, KEY))
    assert reply.kind is ReplyKind.DECLINE
    assert reply.provenance.entry is None
