"""The targets whose centroids lie nearest a question, without reading every centroid in full.

At 100,000 phrasings there are about 20,000 targets, and one 256-float product per target
reads 21 MB per question: memory-bound, it was the largest single cost of an answer. From
`PRUNE_FROM` targets the centroids are kept rotated onto their principal axes (where most of
their length lies) and cut into column blocks. Every target reads the first block; by
Cauchy-Schwarz the blocks after it add at most |row tail| x |question tail|, so a target whose
best case falls below the `count`-th best worst case cannot reach the top and reads no further.
Only the few left are scored in full.

A cosine is always computed the same way (`_cosines`: one pairwise sum per row, whatever other
rows are asked with it), so a target's cosine does not depend on whether others were pruned,
and ties are broken by target number, not by the order a selection algorithm happens to visit.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import numpy as np

Matrix = np.ndarray[Any, np.dtype[np.float32]]
Numbers = np.ndarray[Any, np.dtype[np.intp]]

PRUNE_FROM = 5_000  # targets; below this one pass over every centroid costs less than pruning
FIRST = 128  # dimensions every target reads (half of the length, most of the cosine)
STEP = 32  # dimensions of each further block, read only by targets still in the running
FEW = 64  # targets left at which further pruning costs more than scoring them in full
# Float32 rounding of a sum of 256 products of unit vectors' coordinates stays below
# 256 * 2**-24 (1.5e-5) for the partial sums and the full cosine alike; the margin is several
# times their sum, so no rounding can prune a target that reaches the top.
MARGIN = 1e-4


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
        self._blocks = tuple(np.ascontiguousarray(rows[:, a:b]) for a, b in pairwise(edges))
        wide = rows.astype(np.float64)
        # tails[j][i]: the length of row i beyond block j, the most later blocks can add.
        self._tails = tuple(
            np.linalg.norm(wide[:, edge:], axis=1).astype(np.float32) for edge in edges[1:-1]
        )

    def __len__(self) -> int:
        return len(self._blocks[0])

    def prepare(self, query: Matrix) -> Matrix:
        """`query` in the coordinates the centroids are kept in."""
        vector = np.asarray(query, dtype=np.float32)
        return vector if self._rotation is None else vector @ self._rotation

    def cosines(self, query: Matrix, targets: Numbers) -> Matrix:
        """The cosine of each of `targets` (numbers) with a `prepare`d query."""
        return _cosines(self._rows(targets), query)

    def best(self, query: Matrix, count: int) -> Numbers:
        """The `count` targets of highest cosine with a `prepare`d query (ties: the lower
        number first), best first."""
        if len(self._blocks) == 1 or len(self) <= count:
            everyone = np.arange(len(self))
            return _top(everyone, self.cosines(query, everyone), count)
        partial = self._blocks[0] @ query[: self._edges[1]]
        alive = np.arange(len(self))
        for number, tail in enumerate(self._tails):
            if number:
                start, end = self._edges[number], self._edges[number + 1]
                partial += self._blocks[number][alive] @ query[start:end]
            reach = tail[alive] * np.float32(np.linalg.norm(query[self._edges[number + 1] :]))
            reach += np.float32(MARGIN)
            worst = partial - reach
            bar = np.partition(worst, len(worst) - count)[len(worst) - count]
            kept = np.flatnonzero(partial + reach >= bar)
            alive, partial = alive[kept], partial[kept]
            if len(alive) <= max(FEW, count):
                break
        return _top(alive, self.cosines(query, alive), count)

    def _rows(self, targets: Numbers) -> Matrix:
        if len(self._blocks) == 1:
            rows: Matrix = self._blocks[0][targets]
            return rows
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
    cosines: Matrix = np.add.reduce(rows * query, axis=1, dtype=np.float32)
    return cosines


def _top(targets: Numbers, cosines: Matrix, count: int) -> Numbers:
    """The `count` of `targets` with the highest cosines, best first, ties to the lower number."""
    order = np.lexsort((targets, -cosines))[:count]
    best: Numbers = targets[order]
    return best
