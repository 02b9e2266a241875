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
        sums = np.add.reduceat(self._vectors, self._starts, axis=0)
        norms = np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
        self._centroids = (sums / norms).astype(np.float32)

    def __len__(self) -> int:
        return len(self._starts)

    def nearest(self, query: Matrix) -> Matrix:
        """Per target, the cosine of its closest phrasing to `query` (a unit vector)."""
        nearest: Matrix = np.maximum.reduceat(self._vectors @ query, self._starts)
        return nearest

    def centroid(self, query: Matrix) -> Matrix:
        """Per target, the cosine of `query` with the mean of its phrasings."""
        cosines: Matrix = self._centroids @ query
        return cosines
