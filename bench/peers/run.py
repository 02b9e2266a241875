"""`make bench-peers`: rolebot and each peer on the real set (dev, test, blind) and the existing
set."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from itertools import accumulate
from pathlib import Path

from bench.peers.knowledge import labelled_phrasings
from bench.peers.project import (
    Bot,
    KnowledgeError,
    Report,
    default_policy,
    load_knowledge,
    load_question_set,
)
from bench.peers.questions import (
    EXISTING_SET,
    REAL_SET,
    QuestionSetError,
    QuestionSets,
    read_real,
    single_turns,
)
from bench.peers.scoring import (
    ANSWERS_ALL,
    Guess,
    Row,
    choose_threshold,
    format_table,
    format_threshold,
    outcomes,
)
from bench.peers.systems import PEERS, Rolebot, System

WARM_UP = 20  # questions asked untimed first: imports, caches and lazy set-up happen there
REPEATS = 3  # times each question is asked; its fastest is kept


def ask_all(
    system: System, sets: QuestionSets, repeats: int = REPEATS
) -> tuple[list[Guess], list[int]]:
    """Each question's guess and its time in nanoseconds, after a warm-up.

    Each question is asked `repeats` times in a row and its fastest time kept: on a shared
    machine a slow run says more about the neighbours than about the system, while a long
    question that is slow every time still counts at its own cost.
    """
    questions = sets.all()
    for turn in questions[:WARM_UP]:
        system.answer(turn.q)
    guesses, latencies = [], []
    for turn in questions:
        times = []
        for _ in range(repeats):
            started = time.perf_counter_ns()
            guess = system.answer(turn.q)
            times.append(time.perf_counter_ns() - started)
        guesses.append(guess)
        latencies.append(min(times))
    return guesses, latencies


def row(system: System, sets: QuestionSets, own_threshold: str | None = None) -> Row:
    """Ask everything; a peer's threshold is chosen on dev, rolebot keeps its own decisions."""
    guesses, latencies = ask_all(system, sets)
    ends = list(accumulate(len(s) for s in (sets.dev, sets.test, sets.blind)))
    dev, test, blind = guesses[: ends[0]], guesses[ends[0] : ends[1]], guesses[ends[1] : ends[2]]
    existing = guesses[ends[2] :]
    if own_threshold is None:
        threshold = choose_threshold(sets.dev, dev).threshold
        shown = format_threshold(threshold)
    else:
        threshold, shown = ANSWERS_ALL, own_threshold
    return Row(
        system.name,
        shown,
        Report(outcomes(sets.dev, dev, threshold)),
        Report(outcomes(sets.test, test, threshold)),
        Report(outcomes(sets.existing, existing, threshold)),
        latencies,
        Report(outcomes(sets.blind, blind, threshold)),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Print the table; a question set that cannot be read is one line on stderr (exit 2)."""
    parser = argparse.ArgumentParser(prog="bench-peers", description=__doc__)
    parser.add_argument("real", nargs="?", type=Path, default=REAL_SET, help="the real set")
    parser.add_argument(
        "existing", nargs="?", type=Path, default=EXISTING_SET, help="the existing set"
    )
    parser.add_argument(
        "--peer",
        action="append",
        choices=sorted(PEERS),
        help="run only this peer (repeatable); default: all",
    )
    args = parser.parse_args(argv)
    # The model is on disk; never let a library look for a newer one.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        real = read_real(args.real)
        sets = QuestionSets(
            real["dev"], real["test"], single_turns(load_question_set(args.existing)), real["blind"]
        )
    except (QuestionSetError, KnowledgeError) as error:
        print(f"bench-peers: {error}", file=sys.stderr)
        return 2
    phrasings = labelled_phrasings(load_knowledge(()))
    rows: list[Row] = []
    build_seconds: dict[str, float] = {}
    started = time.perf_counter()
    rolebot = Rolebot(Bot.from_directories())
    build_seconds[rolebot.name] = time.perf_counter() - started
    rows.append(row(rolebot, sets, f"{default_policy().answer_threshold:.3f} (own)"))
    for key in args.peer or PEERS:
        started = time.perf_counter()
        peer = PEERS[key](phrasings)
        build_seconds[peer.name] = time.perf_counter() - started
        rows.append(row(peer, sets))
    print(format_table(rows))
    print()
    print(f"Peers index {len(phrasings)} phrasings: every FAQ phrasing and every intent template")
    print("filled with each role, stage and tool name (and one with each stage's and tool's")
    print("aliases). Thresholds are each peer's best on dev.")
    print("Accuracy counts a decline right only where one is expected; 'declined' is the share")
    print("of the questions that must be declined (off-topic and near-misses) that were.")
    print("The existing set is asked as single questions: conversations by their first turn.")
    print("Build (s): " + ", ".join(f"{n} {s:.2f}" for n, s in build_seconds.items()))
    print(
        f"Latency: in process, every question's fastest of {REPEATS} after {WARM_UP} untimed; "
        f"MiniLM on one thread. Load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores."
    )
    return 0
