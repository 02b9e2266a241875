"""GET /metrics counts what the core answered; GET /healthz is ready only when everything is."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
from collections.abc import AsyncIterator, Callable

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from prometheus_client.parser import text_string_to_metric_families

from adapters.serving.health import KNOWLEDGE, Health
from adapters.serving.http import application
from adapters.serving.metrics import Metered, Metrics
from adapters.serving.probe import probe
from adapters.settings.sections import ServingSettings
from bot.engine import Engine
from bot.message import ConversationKey, Message
from bot.reply import Provenance, Reply, ReplyKind
from bot.service import Answered, new_answer_id

SLACK = ConversationKey("slack", "C1", "", "U1")
CLARIFY = Reply(ReplyKind.CLARIFY, "Which one?", "Pick one.", Provenance("clarify"))


class Answers:
    """An `Answering` over a function, recording nothing but votes."""

    def __init__(self, answer: Callable[[Message], Reply]) -> None:
        self.answer = answer
        self.votes: list[tuple[str, bool | None]] = []

    def respond(self, message: Message, *, addressed: bool = True) -> Answered:
        return Answered(self.answer(message), new_answer_id())

    def record_feedback(
        self, answer_id: str, user: str, helpful: bool | None, platform: str
    ) -> None:
        self.votes.append((answer_id, helpful))


def fixed(reply: Reply) -> Answers:
    return Answers(lambda _: reply)


def broken(_: Message) -> Reply:
    raise RuntimeError("the core broke")


def samples(metrics: Metrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample in the exposition, keyed by name and sorted labels."""
    text = metrics.exposition()[0].decode()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_answers_are_counted_by_intent_with_fallbacks_and_latency(engine: Engine) -> None:
    metrics = Metrics()
    metered = Metered(Answers(engine.handle), metrics)
    metered.respond(Message("who owns deployment?", SLACK))
    metered.respond(Message("who owns monitoring?", SLACK))
    metered.respond(Message("what's the weather on mars?", SLACK))
    metered.respond(Message("what's the weather on venus?", SLACK), addressed=False)  # unshown
    Metered(fixed(CLARIFY), metrics).respond(Message("tests?", SLACK))
    got = samples(metrics)
    slack = (("platform", "slack"),)
    answer = (("intent", "stage_owner"), ("kind", "answer"), ("platform", "slack"))
    assert got[("rolebot_answers_total", answer)] == 2
    decline = (("intent", "decline"), ("kind", "decline"), ("platform", "slack"))
    assert got[("rolebot_answers_total", decline)] == 1
    assert got[("rolebot_fallbacks_total", slack)] == 2
    assert got[("rolebot_clarifications_total", slack)] == 1
    assert got[("rolebot_answer_seconds_count", slack)] == 5
    assert got[("rolebot_answers_in_flight", ())] == 0


def test_a_failing_turn_is_counted_and_still_raises() -> None:
    metrics = Metrics()
    with pytest.raises(RuntimeError, match="the core broke"):
        Metered(Answers(broken), metrics).respond(Message("hi", SLACK))
    got = samples(metrics)
    assert got[("rolebot_answer_errors_total", (("platform", "slack"),))] == 1
    assert got[("rolebot_answer_seconds_count", (("platform", "slack"),))] == 1


def test_votes_pass_through_uncounted() -> None:
    inner = fixed(CLARIFY)
    Metered(inner, Metrics()).record_feedback("a" * 16, "U1", None, "slack")
    assert inner.votes == [("a" * 16, None)]


def test_knowledge_size_and_reloads_are_exported(engine: Engine) -> None:
    metrics = Metrics()
    metrics.knowledge(engine.base)
    metrics.platform("discord")
    got = samples(metrics)
    assert got[("rolebot_knowledge_entries", (("kind", "faq"),))] == len(engine.base.faq)
    assert got[("rolebot_knowledge_entries", (("kind", "roles"),))] == len(engine.base.roles)
    assert got[("rolebot_knowledge_reloads_total", (("outcome", "ok"),))] == 0
    assert got[("rolebot_knowledge_reloads_total", (("outcome", "failed"),))] == 0
    assert got[("rolebot_fallbacks_total", (("platform", "discord"),))] == 0
    assert got[("rolebot_knowledge_loaded_timestamp_seconds", ())] > 0


def always(value: bool) -> Callable[[], bool]:
    return lambda: value


@contextlib.asynccontextmanager
async def served(
    health: Health, metrics: Metrics
) -> AsyncIterator[TestClient[web.Request, web.Application]]:
    """The serve HTTP application on a loopback port, with a client for it."""
    client = TestClient(TestServer(application(health, metrics)))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


@pytest.mark.parametrize(
    ("checks", "stopping", "status", "not_ready"),
    [
        ({KNOWLEDGE: True, "slack": True, "discord": True}, False, 200, None),
        ({KNOWLEDGE: True, "slack": True, "discord": False}, False, 503, ["discord"]),
        ({"slack": True}, False, 503, [KNOWLEDGE]),
        ({KNOWLEDGE: True, "slack": True}, True, 503, ["stopping"]),
    ],
    ids=["all-ready", "adapter-connecting", "no-knowledge", "stopping"],
)
async def test_healthz_is_ready_only_when_everything_is(
    checks: dict[str, bool], stopping: bool, status: int, not_ready: list[str] | None
) -> None:
    health = Health(stopping=stopping)
    for name, ready in checks.items():
        health.add(name, always(ready))
    async with served(health, Metrics()) as client:
        response = await client.get("/healthz")
        body = await response.json()
    assert response.status == status
    assert body["checks"] == checks
    assert body.get("not_ready") == not_ready
    assert body["status"] == ("ready" if status == 200 else "not ready")


async def test_a_check_that_raises_counts_as_not_ready() -> None:
    def broken() -> bool:
        raise RuntimeError("cannot tell")

    health = Health()
    health.add(KNOWLEDGE, always(True))
    health.add("slack", broken)
    async with served(health, Metrics()) as client:
        response = await client.get("/healthz")
        assert response.status == 503
        assert (await response.json())["not_ready"] == ["slack"]


async def test_metrics_are_served_in_the_prometheus_text_format(engine: Engine) -> None:
    metrics = Metrics()
    Metered(Answers(engine.handle), metrics).respond(Message("who owns deployment?", SLACK))
    async with served(Health(), metrics) as client:
        response = await client.get("/metrics")
        text = await response.text()
    assert response.status == 200
    assert response.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    families = {f.name for f in text_string_to_metric_families(text)}
    assert {"rolebot_answers", "rolebot_answer_seconds", "rolebot_knowledge_entries"} <= families
    assert "process_resident_memory_bytes" in text


async def test_rolebot_health_exits_1_and_prints_why_when_not_ready() -> None:
    health = Health()
    health.add(KNOWLEDGE, always(True))
    health.add("discord", always(False))
    out = io.StringIO()
    async with served(health, Metrics()) as client:
        url = str(client.make_url("/healthz"))
        code = await asyncio.to_thread(probe, url, ServingSettings(), out)
    assert code == 1
    assert json.loads(out.getvalue())["not_ready"] == ["discord"]


async def test_rolebot_health_exits_1_when_nothing_listens() -> None:
    out = io.StringIO()
    code = await asyncio.to_thread(probe, None, ServingSettings(port=9), out)
    assert code == 1
    assert out.getvalue().startswith("rolebot health: cannot reach http://127.0.0.1:9/healthz")
