"""The targets whose centroids lie nearest a question, without reading every centroid in full.

At 100,000 phrasings there are about 20,000 targets, and one 256-float product per target
reads 21 MB per question: memory-bound, it was the largest single cost of an answer. From
`PRUNE_FROM` targets the centroids are kept rotated onto their principal axes (where most of
their length lies) and cut into column blocks. Every target reads the first block; by
Cauchy-Schwarz the blocks after it add at most |row tail| x |question tail|, which gives every
target an upper bound on its cosine. A floor comes from a few targets with the highest bounds,
scored in full: the `count`-th best of their cosines is reached by every target of the true
top, so a target whose bound falls below it reads no further. The floor is near the true
`count`-th cosine, which keeps the first block narrow (3/8 of the row) and the targets
left after it few; the blocks after it tighten the bounds of those left until only a few
remain, and those are scored in full. A question near none of the targets (off-topic) keeps
its floor low and many targets in the running to the last block; then the block sums are the
cosines up to rounding, and only the targets within MARGIN of their `count`-th best are scored
in full. The parts of one message are searched together: the first block is read once for all
of them (`nearest`).

On the pruned path a cosine is always computed the same way (`_cosines`: each row summed on its
own, whatever other rows are asked with it), so it does not depend on which targets were
pruned; below `PRUNE_FROM` every cosine comes from one matrix product, as it always did. Either
way ties go to the lower target number, not to whichever a selection algorithm visits first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np

Matrix = np.ndarray[Any, np.dtype[np.float32]]
Numbers = np.ndarray[Any, np.dtype[np.intp]]

PRUNE_FROM = 5_000  # targets; below this one pass over every centroid costs less than pruning
# Dimensions every target reads. The pass over them is memory-bound: 96 of 256 reads 3/8 of
# the centroids and leaves a median of ~130 targets of 20,000 at 100,000 phrasings (64 left
# thousands for one question in ten; 128 read a third more for little).
FIRST = 96
STEP = 32  # dimensions of each further block, read only by targets still in the running
SEEDS = 64  # about this many targets are scored in full to set the floor
SAMPLE_STEP = 8  # the seeds are those whose bound beats a cut taken on every 8th target
# While more than 1/DENSE of the targets are left, a block is read whole, in order: cheaper
# than gathering that many rows one by one.
DENSE = 4
FEW = 64  # targets left at which further pruning costs more than scoring them in full
# Float32 rounding of a sum of 256 products of unit vectors' coordinates stays below
# 256 * 2**-24 (1.5e-5) for the partial sums and the full cosine alike; the margin is several
# times their sum, so no rounding can prune a target that reaches the top.
MARGIN = 1e-4


@dataclass(frozen=True, slots=True)
class CentroidMatch:
    """The targets whose centroids are nearest a question, and the cosines of those asked for."""

    best: tuple[int, ...]  # nearest first
    cosines: dict[int, float]  # target -> cosine with its centroid, for `best` and the others


@dataclass(frozen=True, slots=True)
class Nearest:
    """One question's nearest targets, and the cosine of any target with it on request."""

    best: tuple[int, ...]  # nearest first
    vector: Matrix  # the question (rotated as the centroids are, on the pruned path)
    everyone: Matrix | None = None  # every target's cosine, when one product gave them all
    rows: Callable[[Numbers], Matrix] | None = None  # else: the centroids of given targets

    def match(self, also: Iterable[int] = ()) -> CentroidMatch:
        """The best targets, with the cosines of those and of the targets in `also`."""
        asked = sorted({*self.best, *also})
        if self.everyone is not None:
            cosines = self.everyone[asked].tolist()
        else:
            assert self.rows is not None  # one of the two is always given
            cosines = _cosines(self.rows(np.asarray(asked, dtype=np.intp)), self.vector).tolist()
        return CentroidMatch(self.best, dict(zip(asked, cosines, strict=True)))


class CentroidSearch:
    """Unit centroids, one per target, searched for the ones nearest a question."""

    def __init__(self, centroids: Matrix) -> None:
        """Hold `centroids` (one unit row per target), rotated and cut into blocks when there
        are enough of them for pruning to pay."""
        rows = np.asarray(centroids, dtype=np.float32)
        dim = rows.shape[1]
        self._rotation: Matrix | None = None
        edges: tuple[int, ...] = (0, dim)
        if len(rows) >= PRUNE_FROM and dim > FIRST:
            self._rotation = _principal_axes(rows)
            rows = rows @ self._rotation
            edges = (0, *range(FIRST, dim, STEP), dim)
        self._edges = edges
        # Each block contiguous: a pass over one in order is as cheap as memory allows (a
        # strided view of one matrix was slower, as prefetching then reads whole rows).
        self._blocks = tuple(np.ascontiguousarray(rows[:, a:b]) for a, b in pairwise(edges))
        # tails[j][i]: the length of row i beyond block j, the most later blocks can add.
        self._tails = tuple(
            np.linalg.norm(rows[:, edge:].astype(np.float64), axis=1).astype(np.float32)
            for edge in edges[1:-1]
        )

    def __len__(self) -> int:
        return len(self._blocks[0])

    def match(self, query: Matrix, count: int, also: Iterable[int] = ()) -> CentroidMatch:
        """The `count` targets nearest `query` (ties: the lower number first), best first, with
        the cosines of those and of the targets in `also`."""
        return self.nearest(np.asarray(query)[None, :], count)[0].match(also)

    def nearest(self, queries: Matrix, count: int) -> list[Nearest]:
        """For each row of `queries` (a message's parts), its `count` nearest targets, and the
        cosines of others on request. On the pruned path the first block is read once for all
        the rows: that pass over every centroid is most of a search's time."""
        vectors = np.asarray(queries, dtype=np.float32)
        if self._rotation is None:
            found = []
            for vector in vectors:
                everyone: Matrix = self._blocks[0] @ vector
                best = _top(np.arange(len(self)), everyone, count).tolist()
                found.append(Nearest(tuple(best), vector, everyone=everyone))
            return found
        rotated = [vector @ self._rotation for vector in vectors]
        edge = self._edges[1]
        # Only bounds come from these sums (MARGIN covers how one product rounds against
        # another); every cosine reported is summed row by row (`_cosines`).
        firsts = self._blocks[0] @ np.stack([vector[:edge] for vector in rotated]).T
        return [
            Nearest(
                tuple(self._pruned(vector, count, firsts[:, number].copy()).tolist()),
                vector,
                rows=self._rows,
            )
            for number, vector in enumerate(rotated)
        ]

    def _pruned(self, query: Matrix, count: int, partial: Matrix) -> Numbers:
        """`nearest`'s best targets, read block by block while a target can still reach them
        (`partial`: every target's sum over the first block)."""
        edges = self._edges
        upper = self._tails[0] * np.float32(np.linalg.norm(query[edges[1] :]))
        upper += np.float32(MARGIN)
        upper += partial
        floor = self._floor(query, upper, count)
        alive = np.flatnonzero(upper >= floor)
        partial = partial[alive]
        for number in range(1, len(self._blocks)):
            if len(alive) <= max(FEW, count):
                return _top(alive, _cosines(self._rows(alive), query), count)
            start, end = edges[number], edges[number + 1]
            block = self._blocks[number]
            if len(alive) * DENSE > len(self):
                partial += (block @ query[start:end])[alive]
            else:
                partial += block[alive] @ query[start:end]
            reach = np.float32(MARGIN)
            if number < len(self._tails):
                reach += self._tails[number][alive] * np.float32(np.linalg.norm(query[end:]))
            kept = np.flatnonzero(partial + reach >= floor)
            alive, partial = alive[kept], partial[kept]
        # Every block read and many targets left (a question near none of them: the floor
        # prunes little): `partial` is each one's cosine up to rounding, so only those within
        # MARGIN of the `count`-th best of them can be in the top, and only those are scored
        # in full (each of thousands put back together from its blocks cost milliseconds).
        if len(alive) > count:
            cut = np.partition(partial, len(partial) - count)[len(partial) - count]
            alive = alive[partial >= cut - np.float32(MARGIN)]
        return _top(alive, _cosines(self._rows(alive), query), count)

    def _floor(self, query: Matrix, upper: Matrix, count: int) -> np.float32:
        """A cosine each of the `count` best targets reaches, given every target's `upper`
        bound: the `count`-th best cosine among some targets scored in full. Any `count`
        targets would give one; those with the highest bounds give one near the true
        `count`-th cosine, which is what prunes."""
        sample = upper[::SAMPLE_STEP]
        rank = max(count, SEEDS // SAMPLE_STEP)
        if rank >= len(sample):
            return np.float32(-np.inf)  # too few targets to be worth a floor: all stay
        # At least `rank` targets (those of the sample) reach the cut; ties can bring many
        # more, and then only the highest bounds among them are scored.
        seeds = np.flatnonzero(upper >= np.partition(sample, len(sample) - rank)[-rank])
        keep = max(SEEDS, count)
        if len(seeds) > 4 * keep:
            seeds = seeds[np.argpartition(-upper[seeds], keep - 1)[:keep]]
        exact = _cosines(self._rows(seeds), query)
        floor: np.float32 = np.partition(exact, len(exact) - count)[len(exact) - count]
        return floor

    def _rows(self, targets: Numbers) -> Matrix:
        """The (rotated) rows of `targets`, put back together from their blocks."""
        return np.concatenate([block[targets] for block in self._blocks], axis=1)


def _principal_axes(rows: Matrix) -> Matrix:
    """An orthonormal basis (as columns) ordered by how much of the rows' length lies along
    each axis."""
    wide = rows.astype(np.float64)
    weights, axes = np.linalg.eigh(wide.T @ wide)
    rotation: Matrix = axes[:, np.argsort(weights)[::-1]].astype(np.float32)
    return rotation


def _cosines(rows: Matrix, query: Matrix) -> Matrix:
    """Row by row dot products with `query`, each summed on its own (a matrix product's
    rounding depends on which other rows share its blocks)."""
    cosines: Matrix = np.einsum("ij,j->i", rows, query)
    return cosines


def _top(targets: Numbers, cosines: Matrix, count: int) -> Numbers:
    """The `count` of `targets` (in increasing order) with the highest cosines, best first,
    ties to the lower number."""
    order = np.argsort(-cosines, kind="stable")[:count]
    best: Numbers = targets[order]
    return best
