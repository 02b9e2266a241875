"""Prometheus metrics: an observer of the core (`Metrics.watch`), never inside an adapter.

Each `Metrics` has its own registry, so two servers in one process (tests) do not share counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import CounterMetricFamily
from prometheus_client.exposition import choose_encoder
from prometheus_client.process_collector import ProcessCollector
from prometheus_client.registry import Collector

from bot import Bot
from bot.core import Event, FeedbackGiven, TurnAnswered, TurnFailed
from bot.kb.base import KnowledgeBase
from bot.reply import Reply, ReplyKind

# Answers take about a millisecond on the shipped knowledge and 50 ms at 10,000 phrasings
# (bench/answer_latency.py); Slack and Discord want a first response within 3 s.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    """The instruments `rolebot serve` exports on GET /metrics."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        ProcessCollector(registry=self.registry)  # CPU, memory, open files, start time
        self.answers = Counter(
            "rolebot_answers",
            "Replies sent, by platform, reply kind and intent",
            ["platform", "kind", "intent"],
            registry=self.registry,
        )
        self.fallbacks = Counter(
            "rolebot_fallbacks",
            "Replies that declined or asked which answer was meant",
            ["platform"],
            registry=self.registry,
        )
        self.clarifications = Counter(
            "rolebot_clarifications",
            "Replies that asked which of several answers was meant",
            ["platform"],
            registry=self.registry,
        )
        self.errors = Counter(
            "rolebot_answer_errors",
            "Turns the core failed to answer (an exception)",
            ["platform"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "rolebot_answer_seconds",
            "Time to compute a reply",
            ["platform"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.in_flight = Gauge(
            "rolebot_answers_in_flight", "Turns being answered now", registry=self.registry
        )
        self.entries = Gauge(
            "rolebot_knowledge_entries",
            "Knowledge items serving now, by kind",
            ["kind"],
            registry=self.registry,
        )
        self.loaded_at = Gauge(
            "rolebot_knowledge_loaded_timestamp_seconds",
            "When the knowledge serving now was loaded (Unix time)",
            registry=self.registry,
        )
        self.reloads = Counter(
            "rolebot_knowledge_reloads",
            "Knowledge reloads, by outcome (ok, or failed with the old knowledge kept)",
            ["outcome"],
            registry=self.registry,
        )
        for outcome in ("ok", "failed"):
            self.reloads.labels(outcome)
        self.failures = FailureCounts()
        self.registry.register(self.failures)

    def platform(self, name: str) -> None:
        """Export zeros for a platform's series before its first turn, so dashboards see it."""
        for counter in (self.fallbacks, self.clarifications, self.errors):
            counter.labels(name)
        self.latency.labels(name)

    def knowledge(self, base: KnowledgeBase) -> None:
        """Record the size of the knowledge that now serves."""
        sizes = {
            "faq": len(base.faq),
            "roles": len(base.roles),
            "stages": len(base.stages),
            "tools": len(base.tools),
            "phrasings": base.phrasing_count,
        }
        for kind, size in sizes.items():
            self.entries.labels(kind).set(size)
        self.loaded_at.set_to_current_time()

    def reply(self, platform: str, reply: Reply) -> None:
        """Count one reply."""
        self.answers.labels(platform, reply.kind.value, reply.provenance.intent).inc()
        if reply.fallback:
            self.fallbacks.labels(platform).inc()
        if reply.kind is ReplyKind.CLARIFY:
            self.clarifications.labels(platform).inc()

    def watch(self, bot: Bot) -> None:
        """Count every turn `bot` answers from now on, and export how many are in flight."""
        bot.observe(self.observe)
        self.in_flight.set_function(lambda: bot.in_flight)

    def observe(self, event: Event) -> None:
        """Count one event: every turn is timed; turns nobody put to rolebot that got no answer
        (chatter in a Slack thread) are not counted as replies, as they are neither shown nor
        recorded. Votes are the store's business, not a metric here."""
        match event:
            case TurnAnswered():
                self.latency.labels(event.message.platform).observe(event.seconds)
                if event.shown:
                    self.reply(event.message.platform, event.reply)
            case TurnFailed():
                self.latency.labels(event.message.platform).observe(event.seconds)
                self.errors.labels(event.message.platform).inc()
            case FeedbackGiven():
                pass

    def exposition(self, accept: str = "") -> tuple[bytes, str]:
        """The metrics in the text format the `Accept` header asks for, and its content type."""
        encode, content_type = choose_encoder(accept)
        return encode(self.registry), content_type


class FailureCounts(Collector):
    """Counters kept where the work is done or fails (an adapter's deliveries, the store's
    writers) and read at each scrape."""

    def __init__(self) -> None:
        self.deliveries: dict[str, Callable[[], int]] = {}
        self.store: Callable[[], int] = lambda: 0
        self.written: Callable[[], int] = lambda: 0  # rows the store's writers committed
        self.shared: Callable[[], int] | None = None  # set when replicas share state in Redis

    def collect(self) -> Iterator[CounterMetricFamily]:
        """The counts now."""
        deliveries = CounterMetricFamily(
            "rolebot_delivery_failures",
            "Answers that could not be delivered to the platform, after retries",
            labels=["platform"],
        )
        for platform, count in self.deliveries.items():
            deliveries.add_metric([platform], count())
        yield deliveries
        yield CounterMetricFamily(
            "rolebot_store_rows_written",
            "Rows committed to the store (answers, misses, votes, tour positions, welcomes)",
            value=self.written(),
        )
        yield CounterMetricFamily(
            "rolebot_store_failures",
            "Failed attempts to write to the store (each batch is tried again)",
            value=self.store(),
        )
        if self.shared is not None:
            yield CounterMetricFamily(
                "rolebot_redis_failures",
                "Operations on shared state Redis failed or was left alone for while failing "
                "(each done in this process instead)",
                value=self.shared(),
            )
