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


def test_exact_phrasings_find_every_key_and_nothing_else() -> None:
    found = {f"text {n}": (n, f"Text {n}?") for n in range(0, 300, 3)} | {"": (7, "")}
    exact = ExactPhrasings(found)
    assert len(exact) == len(found)
    for key, value in found.items():
        assert exact.get(key) == value
    for missing in ("text 1", "text", "text 99 ", "zzz", "a"):
        assert exact.get(missing) is None
