"""Exemplar votes for all of a message's parts at once (one tf-idf count over the posting lists,
one selection of the nearest) equal the straightforward computation, part by part: each
exemplar's tf-idf cosine worked out word by word, the neighbours found by sorting them all."""

from __future__ import annotations

import math
import random
from collections import Counter

import numpy as np
import pytest

from bot.understanding.exemplars import (
    NEIGHBOURS,
    SEMANTIC_SHARE,
    SHARPNESS,
    ExemplarIndex,
    Votes,
)

VOCABULARY = [f"w{number}" for number in range(40)]
DIM = 16


def _brute_votes(
    vectors: np.ndarray,
    terms: list[list[str]],
    targets: list[list[int]],
    query: np.ndarray,
    words: list[str],
) -> dict[int, Votes]:
    """One part's votes, by definition."""
    frequency = Counter(t for group in terms for t in set(group))
    idf = {t: math.log(1 + len(terms) / count) for t, count in frequency.items()}
    asked = {t for t in words if t in idf}
    asked_norm = math.sqrt(sum(idf[t] ** 2 for t in asked))
    similarity = []
    for vector, group in zip(vectors, terms, strict=True):
        own = set(group)
        own_norm = math.sqrt(sum(idf[t] ** 2 for t in own)) or 1.0
        shared = sum(idf[t] ** 2 for t in own & asked)
        words_cosine = shared / own_norm / asked_norm if asked else 0.0
        meaning = float(np.dot(vector.astype(np.float64), query.astype(np.float64)))
        similarity.append(SEMANTIC_SHARE * meaning + (1 - SEMANTIC_SHARE) * words_cosine)
    nearest = sorted(range(len(terms)), key=lambda row: (-similarity[row], row))[:NEIGHBOURS]
    top = max(similarity[row] for row in nearest)
    weights = {row: math.exp(SHARPNESS * (similarity[row] - top)) for row in nearest}
    total = sum(weights.values())
    found: dict[int, Votes] = {}
    for row in nearest:
        for target in targets[row]:
            seen = found.get(target, Votes(-math.inf, 0.0))
            found[target] = Votes(
                max(seen.nearest, similarity[row]), seen.share + weights[row] / total
            )
    return found


def _unit(rng: np.random.Generator, rows: int) -> np.ndarray:
    vectors = rng.normal(size=(rows, DIM)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("exemplars", [3, 60])
def test_votes_of_every_part_equal_the_straightforward_ones(seed: int, exemplars: int) -> None:
    rng = np.random.default_rng(seed)
    pick = random.Random(seed)
    vectors = _unit(rng, exemplars)
    terms = [pick.choices(VOCABULARY[:30], k=pick.randint(1, 6)) for _ in range(exemplars)]
    targets = [pick.sample(range(10), pick.randint(1, 3)) for _ in range(exemplars)]
    index = ExemplarIndex(vectors, terms, targets)
    parts = pick.randint(1, 6)
    queries = _unit(rng, parts)
    # Words exemplars use, repeated words, words none uses (w30 on) and parts with none known.
    words = [pick.choices(VOCABULARY, k=pick.randint(0, 8)) for _ in range(parts)]
    together = index.votes(queries, words)
    assert len(together) == parts
    for found, query, asked in zip(together, queries, words, strict=True):
        expected = _brute_votes(vectors, terms, targets, query, asked)
        assert found.keys() == expected.keys()
        # The cosines of meaning are float32 products, here float64 ones: equal to ~1e-7.
        for target, votes in expected.items():
            assert found[target].nearest == pytest.approx(votes.nearest, abs=1e-6)
            assert found[target].share == pytest.approx(votes.share, abs=1e-5)


def test_no_parts_no_votes() -> None:
    index = ExemplarIndex(_unit(np.random.default_rng(0), 4), [["w1"]] * 4, [[0]] * 4)
    assert index.votes(np.zeros((0, DIM), dtype=np.float32), []) == []
