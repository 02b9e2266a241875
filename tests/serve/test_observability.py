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
from adapters.serving.metrics import Metrics
from adapters.serving.probe import probe
from adapters.settings.sections import ServingSettings
from bot import Bot
from bot.answering.deciding import Engine
from bot.conversation.context import Context
from bot.conversation.memory import Memory
from bot.core import Event, FeedbackGiven, TurnAnswered, new_answer_id
from bot.feedback import Feedback
from bot.kb.compiled import Compiled
from bot.message import ConversationKey, Message
from bot.reply import Label, Provenance, Reply, ReplyKind

SLACK = ConversationKey("slack", "C1", "", "U1")
CLARIFY = Reply(ReplyKind.CLARIFY, "Which one?", "Pick one.", Provenance(Label.CLARIFY))


class BrokenMemory:
    """Conversation memory that fails, so the bot fails to answer (an internal error)."""

    def get(self, key: ConversationKey) -> Context:
        raise RuntimeError("the core broke")

    def put(self, key: ConversationKey, context: Context) -> None:
        raise RuntimeError("the core broke")

    def retain(self, keep: Callable[[Context], bool]) -> int:
        return 0


def watched(compiled: Compiled, metrics: Metrics, memory: Memory | None = None) -> Bot:
    """A bot whose turns `metrics` counts, as `rolebot serve` wires it."""
    bot = Bot(compiled, memory=memory)
    metrics.watch(bot)
    return bot


def samples(metrics: Metrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample in the exposition, keyed by name and sorted labels."""
    text = metrics.exposition()[0].decode()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_answers_are_counted_by_intent_with_fallbacks_and_latency(compiled: Compiled) -> None:
    metrics = Metrics()
    bot = watched(compiled, metrics)
    bot.respond(Message("who owns deployment?", SLACK))
    bot.respond(Message("who owns monitoring?", SLACK))
    bot.respond(Message("what's the weather on mars?", SLACK))
    bot.respond(Message("what's the weather on venus?", SLACK), addressed=False)  # unshown
    metrics.observe(TurnAnswered(Message("tests?", SLACK), CLARIFY, new_answer_id(), True, 0.01))
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


def test_a_failing_turn_is_counted_and_still_raises(compiled: Compiled) -> None:
    metrics = Metrics()
    bot = watched(compiled, metrics, BrokenMemory())
    with pytest.raises(RuntimeError, match="the core broke"):
        bot.respond(Message("who owns deployment?", SLACK))
    got = samples(metrics)
    assert got[("rolebot_answers_in_flight", ())] == 0
    assert got[("rolebot_answer_errors_total", (("platform", "slack"),))] == 1
    assert got[("rolebot_answer_seconds_count", (("platform", "slack"),))] == 1


def test_votes_are_not_counted(compiled: Compiled) -> None:
    metrics = Metrics()
    bot = watched(compiled, metrics)
    heard: list[Event] = []
    bot.observe(heard.append)
    bot.record_feedback("a" * 16, "U1", Feedback.NONE_OF_THESE, "slack")
    assert heard == [FeedbackGiven("a" * 16, "U1", Feedback.NONE_OF_THESE, "slack")]
    assert not any(name.startswith("rolebot_answers_total") for name, _ in samples(metrics))


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


async def test_metrics_are_served_in_the_prometheus_text_format(compiled: Compiled) -> None:
    metrics = Metrics()
    watched(compiled, metrics).respond(Message("who owns deployment?", SLACK))
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
