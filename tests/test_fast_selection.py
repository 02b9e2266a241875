"""Fast selections equal their brute-force definitions: `highest` (the best places of a long
score array, ties to the lower place) and the BM25 document match read at a few documents."""

from __future__ import annotations

import random

import numpy as np
import pytest

from bot.understanding import documents
from bot.understanding.documents import DocumentIndex
from bot.understanding.retrieval import GROUP, highest


def _brute_highest(scores: np.ndarray, count: int) -> list[int]:
    """Every place sorted by score (best first, then lower place): the first `count`."""
    order = sorted(range(len(scores)), key=lambda place: (-scores[place], place))
    return sorted(order[:count])


def _scores(kind: str, size: int, rng: np.random.Generator) -> np.ndarray:
    """Score arrays that stress the group maxima: ties at the cut, few nonzero scores (the
    floor is then zero and most places tie), a best score repeated, and a short tail."""
    if kind == "continuous":
        return rng.random(size).astype(np.float32)
    if kind == "coarse":  # many exact ties at every value
        return rng.integers(0, 5, size).astype(np.float32)
    if kind == "sparse":  # a handful of nonzero scores among zeros
        scores = np.zeros(size, dtype=np.float32)
        scores[rng.choice(size, 3, replace=False)] = rng.random(3).astype(np.float32)
        return scores
    if kind == "one-group":  # every high score in one group (every `groups`-th place)
        scores = rng.random(size).astype(np.float32) * 0.1
        scores[3 : size - size % GROUP : size // GROUP] += 1
        return scores
    raise ValueError(kind)


@pytest.mark.parametrize("kind", ["continuous", "coarse", "sparse", "one-group"])
@pytest.mark.parametrize("size", [GROUP * 40 + 17, 20_218])
@pytest.mark.parametrize("count", [1, 6, 40])
def test_highest_equals_sorting_every_score(kind: str, size: int, count: int) -> None:
    rng = np.random.default_rng(size + count)
    for _ in range(5):
        scores = _scores(kind, size, rng)
        assert highest(scores, count).tolist() == _brute_highest(scores, count)


def _documents(size: int, seed: int) -> list[list[str]]:
    """Documents over a small vocabulary with a few very common terms, as generated
    knowledge has: many documents tie on the common terms alone."""
    rng = random.Random(seed)
    return [
        [*(w for w in COMMON if rng.random() < 0.7), *rng.choices(VOCABULARY, k=rng.randint(1, 6))]
        for _ in range(size)
    ]


COMMON = ["who", "team", "what"]
VOCABULARY = [f"w{n}" for n in range(400)]


@pytest.mark.parametrize("seed", range(4))
def test_document_match_equals_every_document_scored(seed: int) -> None:
    """From PRUNE_FROM documents on: the best are the highest scores, ties to the lower
    number; the highest score, and each document's score and coverage, as over every one."""
    docs = _documents(documents.PRUNE_FROM + 300, seed)
    _check_match(docs, seed, ties_to_lower=True)


def test_a_small_index_matches_as_it_always_did() -> None:
    """Below PRUNE_FROM: the same best scores (ties in whatever order a selection visits
    them), the same highest score, scores and coverage."""
    _check_match(_documents(300, 1), 1, ties_to_lower=False)


def _check_match(docs: list[list[str]], seed: int, *, ties_to_lower: bool) -> None:
    index = DocumentIndex(docs)
    rng = random.Random(seed)
    for _ in range(10):
        terms = rng.sample(COMMON, rng.randint(0, 2)) + rng.sample(VOCABULARY, rng.randint(0, 3))
        match = index.match(terms, 6)
        every = match.every
        if ties_to_lower:
            assert list(match.best) == _brute_highest(every, 6)
        else:
            assert len(match.best) == 6
            assert sorted(every[list(match.best)]) == sorted(every[_brute_highest(every, 6)])
        assert match.top == float(every.max())
        asked = sorted(rng.sample(range(len(docs)), 30))
        assert match.scores(asked) == every[asked].tolist()
        distinct = set(terms)
        shares = [len(distinct & set(docs[n])) / max(len(distinct), 1) for n in asked]
        assert index.covered(terms, asked) == np.asarray(shares, dtype=np.float32).tolist()
