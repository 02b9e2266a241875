"""Where the ranker puts the right answer of each dev question, its batch left out.

    python scripts/rank_positions.py             # how many rank first, second, third...
    python scripts/rank_positions.py --verbose   # ...and the questions ranked second or third

A wrong answer whose right one ranks second is a ranking problem (the features do not tell
the two apart); one whose right answer ranks far down, or is no candidate at all, is a
problem of finding candidates. Each batch is ranked by a model fitted on the existing set and
the other batches (as `fit_ranking.py --cv batches`), so the positions are those of questions
the fit has not seen. Only the dev split is read.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bot.kb.compiled import Compiled, load_compiled
from bot.understanding.candidates import Candidate
from bot.understanding.targets import Target
from scripts.fit_ranking import Labelled, ranked_before_acceptor

SHOWN = 3  # answers listed per question with --verbose
CLOSE = (1, 2)  # the positions --verbose lists: second and third


@dataclass(frozen=True, slots=True)
class Position:
    """Where one dev question's right answer ranks."""

    question: str
    batch: int
    expect: frozenset[str]  # the labels that count as right
    rank: int | None  # 0 first, 1 second...; None when no candidate is right
    answers: tuple[str, ...]  # every candidate answer's label, best first, each once


def ranked_answers(candidates: Sequence[Candidate], targets: Sequence[Target]) -> tuple[str, ...]:
    """The labels of ranked candidates, best first, each once (a message's parts may find
    the same answer several times)."""
    return tuple(dict.fromkeys(targets[c.target].label for c in candidates))


def positions(compiled: Compiled, data: Labelled | None = None) -> list[Position]:
    """Every answerable dev question's right-answer position, its batch left out of the fit."""
    data = data if data is not None else Labelled.read(compiled)
    found: list[Position] = []
    for batch, held in data.batches().items():
        model = data.fitted_without(compiled, held)
        for i in sorted(held):
            question = data.questions[i]
            for example in data.dev[i]:
                if example.declines:
                    continue
                ranked = ranked_before_acceptor(
                    model, example.candidates, compiled.targets
                ).candidates
                answers = ranked_answers(ranked, compiled.targets)
                expect = frozenset(question.expect)
                rank = next((n for n, label in enumerate(answers) if label in expect), None)
                found.append(Position(question.q, batch, expect, rank, answers))
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Print how many dev questions rank their right answer at each position."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list those ranked 2nd or 3rd")
    args = parser.parse_args(argv)
    found = positions(load_compiled())
    counts = Counter(p.rank for p in found)
    for rank in sorted(r for r in counts if r is not None):
        print(f"right answer ranked {rank + 1}: {counts[rank]}")
    print(f"right answer no candidate: {counts[None]}")
    if args.verbose:
        for position in found:
            if position.rank in CLOSE:
                shown = ", ".join(
                    f"*{label}" if label in position.expect else label
                    for label in position.answers[:SHOWN]
                )
                print(f"  {position.rank + 1}: {position.question!r} -> {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
