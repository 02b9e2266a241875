"""What sharing state through Redis costs a turn: answer latency (p50/p99) with conversation
memory in process and in Redis, and the Slack event claims' round trip.

Not a test: prints figures for the notes. Needs a Redis (ROLEBOT_BENCH_REDIS_URL, default
redis://127.0.0.1:6379/0); its keys go under a prefix of their own, deleted afterwards.
Run with `.venv/bin/python -m bench.shared_state`.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
import uuid
from collections.abc import Callable

import redis

from adapters.shared_state.state import SharedState
from bot import Bot
from bot.conversation.memory import ConversationMemory, Memory
from bot.kb.compiled import load_compiled
from bot.message import ConversationKey, Message

URL = os.environ.get("ROLEBOT_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
CONVERSATIONS = 500
TURNS = ("who owns deployment?", "and monitoring?", "what does a data scientist do?", "why?")


def percentiles(samples: list[float]) -> str:
    """p50 and p99 in milliseconds."""
    cuts = statistics.quantiles(samples, n=100)
    return f"p50 {statistics.median(samples) * 1000:.2f} ms, p99 {cuts[98] * 1000:.2f} ms"


def turns(memory: Memory) -> list[float]:
    """Seconds per turn over CONVERSATIONS conversations of TURNS each."""
    bot = Bot(load_compiled(), memory=memory)
    timings: list[float] = []
    for n in range(CONVERSATIONS):
        key = ConversationKey("slack", "C111", f"1726133700.{n:06d}")
        for text in TURNS:
            start = time.perf_counter()
            bot.respond(Message(text, key))
            timings.append(time.perf_counter() - start)
    return timings


async def claims(state: SharedState, count: int = 5_000) -> list[float]:
    """Seconds per claim of a fresh event id and message, as the Slack adapter makes them."""
    events = state.claims("bench:events", count, 3600)
    timings: list[float] = []
    for n in range(count):
        start = time.perf_counter()
        await events.claim(f"Ev{n}", f"C111/{n}")
        timings.append(time.perf_counter() - start)
    return timings


def measure(name: str, run: Callable[[], list[float]]) -> None:
    """Print one line of figures."""
    timings = run()
    print(f"{name:<34} {len(timings):>6} ops  {percentiles(timings)}")


async def main() -> None:
    """Every figure, then the bench's keys deleted."""
    prefix = f"rolebot-bench:{uuid.uuid4().hex}:"
    state = SharedState(URL, prefix)
    try:
        measure("turn, memory in process", lambda: turns(ConversationMemory()))
        measure("turn, memory in Redis", lambda: turns(state.memory()))
        timings = await claims(state)
        print(f"{'Slack event claim in Redis':<34} {len(timings):>6} ops  {percentiles(timings)}")
        print(f"operations Redis could not serve: {state.outage.fallbacks}")
    finally:
        await state.aclose()
        state.close()
        client = redis.Redis.from_url(URL)
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()


if __name__ == "__main__":
    asyncio.run(main())
