"""Meaning over wording: each target's phrasings as static-embedding vectors.

"who watches over the models once they're live" shares almost no word with "who owns
monitoring", but their vectors are close. Vectors are computed once when the knowledge is
compiled (a team's own entries get them too); a question costs one embedding and one
matrix-vector product.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

Matrix = np.ndarray[Any, np.dtype[np.float32]]


class SemanticIndex:
    """Unit vectors of every target's phrasings, grouped by target."""

    def __init__(self, vectors: Matrix, counts: Sequence[int]) -> None:
        """`vectors` holds the phrasings' unit vectors target by target; `counts[i]` is how many
        belong to target i (at least one each)."""
        if any(count < 1 for count in counts):
            raise ValueError("every target needs at least one vector")
        self._vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self._starts = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.intp)
        self._ends = np.cumsum(counts).astype(np.intp)
        sums = np.add.reduceat(self._vectors, self._starts, axis=0)
        norms = np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
        self._centroids = (sums / norms).astype(np.float32)

    def __len__(self) -> int:
        return len(self._starts)

    def nearest_of(self, query: Matrix, targets: Sequence[int]) -> list[float]:
        """Per given target (in their order), the cosine of its closest phrasing to `query`."""
        if not targets:
            return []
        rows = np.concatenate([np.arange(self._starts[t], self._ends[t]) for t in targets])
        counts = [int(self._ends[t] - self._starts[t]) for t in targets]
        starts = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.intp)
        best = np.maximum.reduceat(self._vectors[rows] @ query, starts)
        return [float(value) for value in best]

    def centroid(self, query: Matrix) -> Matrix:
        """Per target, the cosine of `query` with the mean of its phrasings."""
        cosines: Matrix = self._centroids @ query
        return cosines
