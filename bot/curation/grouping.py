"""Grouping different wordings of the same question, so the report counts them together."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

# token_sort_ratio, not token_set_ratio: the latter scores 100 whenever one wording's words are
# a subset of the other's, which would lump "who owns it" with every longer question.
SIMILAR = 80  # wordings at least this close (0-100) are one question: typos, order, articles
MAX_WORDINGS = 2_000  # distinct wordings compared pairwise at most; rarer ones stay ungrouped


@dataclass(frozen=True, slots=True)
class Group:
    """Wordings of one question: the most frequent one names the group."""

    wording: str
    count: int
    others: tuple[str, ...]  # the other wordings, most frequent first

    @property
    def wordings(self) -> tuple[str, ...]:
        """Every wording in the group, the naming one first."""
        return (self.wording, *self.others)


def group_similar(counts: Mapping[str, int], threshold: float = SIMILAR) -> list[Group]:
    """Greedy grouping, most frequent first: each wording not yet taken gathers the close ones.

    Deterministic (ties broken alphabetically) and sorted by total count, largest first.
    """
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    head, tail = ranked[:MAX_WORDINGS], ranked[MAX_WORDINGS:]
    texts = [text for text, _ in head]
    groups = [Group(text, count, ()) for text, count in tail]
    if texts:
        scores = process.cdist(
            texts, texts, scorer=fuzz.token_sort_ratio, score_cutoff=threshold, workers=-1
        )
        taken = np.zeros(len(texts), dtype=bool)
        for leader in range(len(texts)):
            if taken[leader]:
                continue
            members = np.flatnonzero((scores[leader] >= threshold) & ~taken)
            taken[members] = True
            others = tuple(texts[int(i)] for i in members if i != leader)
            total = sum(head[int(i)][1] for i in members)
            groups.append(Group(texts[leader], total, others))
    return sorted(groups, key=lambda g: (-g.count, g.wording))
