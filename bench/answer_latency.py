"""Answer latency (p50/p99) at the shipped size and at generated sizes; cold start; memory.

Not a test: prints figures for the notes. Run with `make bench`.
Each size runs in its own process so peak memory (max RSS) is per size.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from bot import Bot
from bot.curation.evaluation import load_question_set
from bot.kb import loader
from bot.kb.base import KnowledgeBase
from bot.kb.models import FaqEntry
from bot.message import ConversationKey, Message

SIZES = (0, 1_000, 10_000, 100_000)
PHRASINGS_PER_ENTRY = 5
WORDS = (
    "model data pipeline feature store batch stream latency drift label training inference "
    "schema warehouse lake dashboard metric experiment notebook cluster gpu budget vendor audit "
    "privacy consent retention backfill partition shard replica cache queue alert incident "
    "runbook review release rollback canary migration upgrade contract sla owner roadmap hiring "
    "interview onboarding mentor promotion salary remote office travel conference paper patent"
).split()
FRAMES = (
    "who handles {a} {b} for the {c} team",
    "how do we deal with {a} {b} in {c}",
    "what is our policy on {a} and {b} {c}",
    "where do i find the {a} {b} {c} docs",
    "can someone explain {a} {b} vs {c}",
)


def generated_base(base: KnowledgeBase, phrasings: int, seed: int = 7) -> KnowledgeBase:
    """The shipped base plus synthetic entries, `phrasings` phrasings in all."""
    rng = random.Random(seed)
    faq = dict(base.faq)
    seen: set[str] = set()
    for number in range(phrasings // PHRASINGS_PER_ENTRY):
        texts: list[str] = []
        while len(texts) < PHRASINGS_PER_ENTRY:
            a, b, c = rng.sample(WORDS, 3)
            text = rng.choice(FRAMES).format(a=a, b=b, c=c) + f" {number}"
            if text not in seen:
                seen.add(text)
                texts.append(text)
        entry_id = f"generated-{number}"
        faq[entry_id] = FaqEntry(
            id=entry_id, title=f"Generated {number}", phrasings=texts, answer="Synthetic."
        )
    return replace(base, faq=faq)


def measure(size: int) -> dict[str, float]:
    """Build a bot at `size` extra phrasings and time every question of the set."""
    base = loader.load()
    if size:
        base = generated_base(base, size)
    started = time.perf_counter()
    bot = Bot(base)
    build = time.perf_counter() - started
    question_set = load_question_set()
    turns = [t for conversation in question_set.all_turns() for t in conversation]
    timings = []
    for repeat in range(3):
        for number, turn in enumerate(turns):
            key = ConversationKey("bench", thread=f"{repeat}:{number}")
            message = Message(turn.q, key)
            t0 = time.perf_counter()
            bot.respond(message)
            timings.append(time.perf_counter() - t0)
    timings.sort()
    return {
        "phrasings": base.phrasing_count,
        "build_s": round(build, 3),
        "questions": len(timings),
        "p50_ms": round(statistics.median(timings) * 1000, 3),
        "p99_ms": round(timings[int(len(timings) * 0.99) - 1] * 1000, 3),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def cold_start(runs: int = 5) -> float:
    """Median wall time of a new `rolebot ask` process, in seconds."""
    rolebot = Path(sys.executable).parent / "rolebot"
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(
            [str(rolebot), "ask", "who owns deployment?"], check=True, capture_output=True
        )
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    """Run each size in a child process and print a table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, help="measure one size in this process (internal)")
    args = parser.parse_args()
    if args.size is not None:
        print(json.dumps(measure(args.size)))
        return
    print(f"{'phrasings':>10} {'build s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max RSS MB':>11}")
    for size in SIZES:
        out = subprocess.run(
            [sys.executable, __file__, "--size", str(size)],
            check=True,
            capture_output=True,
            text=True,
        )
        row = json.loads(out.stdout)
        print(
            f"{row['phrasings']:>10} {row['build_s']:>8} {row['p50_ms']:>8} {row['p99_ms']:>8} "
            f"{row['max_rss_mb']:>11}"
        )
    print(f"cold start of `rolebot ask` (median of 5): {cold_start():.3f} s")


if __name__ == "__main__":
    main()
