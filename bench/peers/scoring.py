"""Turning each system's guesses into the table: thresholds, accuracy, latency. Pure: no peer
library is needed here, so the suite tests it without the `peers` extra."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from bench.peers.project import DECLINE, Outcome, Report, Turn

ANSWERS_ALL = -math.inf  # a threshold no score is below: the system's own label always stands


@dataclass(frozen=True, slots=True)
class Guess:
    """What a system said for one question: the label it would answer with, and its score."""

    label: str
    score: float


@dataclass(frozen=True, slots=True)
class ThresholdChoice:
    """A peer's decline threshold and the accuracy it gave on the turns it was chosen on."""

    threshold: float
    accuracy: float


def decide(guess: Guess, threshold: float) -> str:
    """The label given: the guess, or a decline when its score is below the threshold."""
    return guess.label if guess.score >= threshold else DECLINE


def outcomes(turns: Sequence[Turn], guesses: Sequence[Guess], threshold: float) -> list[Outcome]:
    """Each turn with the label given at `threshold`, scored as `rolebot eval` scores it."""
    return [
        Outcome(turn, decide(guess, threshold), guess.score)
        for turn, guess in zip(turns, guesses, strict=True)
    ]


def choose_threshold(turns: Sequence[Turn], guesses: Sequence[Guess]) -> ThresholdChoice:
    """The threshold with the best accuracy on `turns` (the dev split).

    Accuracy only changes at a guess's score, so those scores (and "decline everything") are
    the candidates. Among equally good ones the highest wins: what dev cannot tell apart is
    declined rather than guessed. The threshold is then placed halfway down to the next lower
    score, so a new question scoring between the two is treated as dev's nearest neighbours
    were, not decided by which side of an edge it fell on.
    """
    scores = sorted({guess.score for guess in guesses}, reverse=True)
    candidates = [math.inf, *scores]
    accuracies = [Report(outcomes(turns, guesses, t)).accuracy for t in candidates]
    best = max(range(len(candidates)), key=lambda i: (accuracies[i], -i))
    if best == 0:
        threshold = math.inf
    elif best == len(candidates) - 1:
        threshold = ANSWERS_ALL
    else:
        threshold = (candidates[best] + candidates[best + 1]) / 2
    return ThresholdChoice(threshold, accuracies[best])


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value at or above `share` of the values."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


@dataclass(frozen=True, slots=True)
class Row:
    """One system's line of the table."""

    system: str
    threshold: str
    dev: Report
    test: Report
    existing: Report
    latencies_ns: Sequence[int]
    blind: Report = field(
        default_factory=lambda: Report([])
    )  # none when the set has no blind split

    @property
    def mean_ms(self) -> float:
        """Mean time to answer one question, in milliseconds."""
        return sum(self.latencies_ns) / max(len(self.latencies_ns), 1) / 1e6

    @property
    def p99_ms(self) -> float:
        """99th percentile time to answer one question, in milliseconds."""
        return percentile(self.latencies_ns, 0.99) / 1e6 if self.latencies_ns else 0.0


def declines(report: Report) -> int:
    """How many of the report's questions must be declined."""
    return sum(o.turn.expect == [DECLINE] for o in report.outcomes)


def format_threshold(threshold: float) -> str:
    """A threshold in three significant digits (scores differ in scale between peers)."""
    if threshold == ANSWERS_ALL:
        return "answers all"
    if threshold == math.inf:
        return "declines all"
    return f"{threshold:.3g}"


def format_table(rows: Sequence[Row]) -> str:
    """The table `make bench-peers` prints, with the size of each set in its header."""
    first = rows[0]
    # The blind split's columns, when the real set has one.
    blind = bool(first.blind.outcomes)
    headers = (
        "system",
        "threshold",
        f"dev ({len(first.dev.outcomes)})",
        f"test ({len(first.test.outcomes)})",
        *([f"blind ({len(first.blind.outcomes)})"] if blind else []),
        f"existing ({len(first.existing.outcomes)})",
        f"declined: test ({declines(first.test)})",
        *([f"blind ({declines(first.blind)})"] if blind else []),
        f"existing ({declines(first.existing)})",
        "mean ms",
        "p99 ms",
    )
    cells = [
        (
            row.system,
            row.threshold,
            f"{row.dev.accuracy:.1%}",
            f"{row.test.accuracy:.1%}",
            *([f"{row.blind.accuracy:.1%}"] if blind else []),
            f"{row.existing.accuracy:.1%}",
            f"{row.test.offtopic_declined:.1%}",
            *([f"{row.blind.offtopic_declined:.1%}"] if blind else []),
            f"{row.existing.offtopic_declined:.1%}",
            f"{row.mean_ms:.3f}",
            f"{row.p99_ms:.3f}",
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in (headers, *cells)) for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        first_cell = values[0].ljust(widths[0])
        rest = (value.rjust(width) for value, width in zip(values[1:], widths[1:], strict=True))
        return "  ".join((first_cell, *rest))

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, cells)])
