"""Large-knowledge structures: a phrasing index that scores only the phrasings sharing a word
(and finds what the plain computation finds), exact phrasings searched by bisection."""

from __future__ import annotations

import random

import pytest

from bot.understanding import retrieval
from bot.understanding.retrieval import ExactPhrasings, FaqIndex

WORDS = [f"w{n}" for n in range(3_000)]


def _index(size: int) -> FaqIndex:
    rng = random.Random(3)
    rows = []
    for number in range(size):
        words = tuple(rng.sample(WORDS, rng.randint(3, 7)))
        rows.append((f"e{number // 4}", " ".join(words), words, words))
    return FaqIndex(rows)


@pytest.mark.parametrize("seed", range(5))
def test_pruned_search_finds_what_the_plain_one_finds(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = _index(retrieval.PRUNE_FROM)
    query = tuple(random.Random(seed).sample(WORDS, 4))
    pruned = index.search(query, query, limit=10)
    monkeypatch.setattr(retrieval, "PRUNE_FROM", len(index) + 1)
    plain = index.search(query, query, limit=10)
    assert pruned, "the query shares words with some phrasings"
    assert pruned == plain


COMMON = ["who", "team", "data", "model"]


def _skewed_index(size: int) -> FaqIndex:
    """Phrasings that mostly share a few common words, from a small vocabulary: many Dice
    ties, and common words whose posting lists cover most phrasings (what max-score skips)."""
    rng = random.Random(11)
    rows = []
    for number in range(size):
        words = (
            *[w for w in COMMON if rng.random() < 0.6],
            *rng.sample(WORDS[:300], rng.randint(1, 3)),
        )
        rows.append((f"e{number // 5}", " ".join(words), words, words))
    return FaqIndex(rows)


@pytest.mark.parametrize("seed", range(8))
def test_max_score_finds_what_scoring_every_sharing_phrasing_finds(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ties included: the same hits, in the same order, with the same scores and support."""
    index = _skewed_index(retrieval.PRUNE_FROM + 500)
    rng = random.Random(seed)
    query = (*rng.sample(COMMON, rng.randint(1, 3)), *rng.sample(WORDS[:300], rng.randint(1, 2)))
    pruned = index.search(query, query, limit=40)
    monkeypatch.setattr(retrieval, "ESSENTIAL_SHARE", 10**9)  # never prune: score them all
    every = index.search(query, query, limit=40)
    assert pruned, "the query shares words with some phrasings"
    assert pruned == every


def test_max_score_scores_few_phrasings_for_a_question_with_a_rare_word() -> None:
    index = _skewed_index(retrieval.PRUNE_FROM + 500)
    query = ["who", "team", WORDS[7]]
    phrasings, _ = index._pruned(query, sum(index.idf(stem) for stem in query))
    sharing = {i for stem in query for i in index._postings(stem).tolist()}
    assert 0 < len(phrasings) < len(sharing) // 10


def test_exact_phrasings_find_every_key_and_nothing_else() -> None:
    found = {f"text {n}": (n, f"Text {n}?") for n in range(0, 300, 3)} | {"": (7, "")}
    exact = ExactPhrasings(found)
    assert len(exact) == len(found)
    for key, value in found.items():
        assert exact.get(key) == value
    for missing in ("text 1", "text", "text 99 ", "zzz", "a"):
        assert exact.get(missing) is None
