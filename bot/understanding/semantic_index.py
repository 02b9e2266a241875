"""Meaning over wording: each target's phrasings as static-embedding vectors.

"who watches over the models once they're live" shares almost no word with "who owns
monitoring", but their vectors are close. Vectors are computed once when the knowledge is
compiled (a team's own entries get them too); a question costs one embedding, a search of
the targets' centroids (`bot.understanding.centroid_search`, one for all of a message's parts)
and a product with the phrasings of the few targets it shortlists.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from bot.understanding.centroid_search import CentroidSearch, Nearest

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
        self._centroids = CentroidSearch((sums / norms).astype(np.float32))

    def __len__(self) -> int:
        return len(self._starts)

    def nearest_of(self, query: Matrix, targets: Sequence[int]) -> list[float]:
        """Per given target (in their order), the cosine of its closest phrasing to `query`."""
        if not targets:
            return []
        chosen = np.asarray(targets, dtype=np.intp)
        first = self._starts[chosen]
        counts = self._ends[chosen] - first
        offsets = np.cumsum(counts) - counts  # where each target's rows start among `rows`
        # Each target's phrasing rows end to end, in one array operation rather than one per
        # target.
        rows = np.arange(int(counts.sum())) + np.repeat(first - offsets, counts)
        best: list[float] = np.maximum.reduceat(self._vectors[rows] @ query, offsets).tolist()
        return best

    def nearest_centroids(self, queries: Matrix, count: int) -> list[Nearest]:
        """For each row of `queries`, the `count` targets whose mean phrasing is nearest it
        (ties: the lower target number), and the cosine of any target on request."""
        return self._centroids.nearest(queries, count)
