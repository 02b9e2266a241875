"""The pruned centroid search finds exactly the targets scoring every centroid would."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from bot.understanding import centroid_search
from bot.understanding.centroid_search import PRUNE_FROM, CentroidSearch

Matrix = np.ndarray[Any, np.dtype[np.float32]]
DIM = 256


def _unit(rows: np.ndarray) -> Matrix:
    norms = np.maximum(np.linalg.norm(rows, axis=-1, keepdims=True), 1e-12)
    unit: Matrix = (rows / norms).astype(np.float32)
    return unit


def _centroids(rng: np.random.Generator, count: int) -> Matrix:
    """Unit rows most of whose length lies in a few shared directions, as sentence vectors'
    does, so the first block tells targets apart and pruning has work to do."""
    basis = rng.standard_normal((24, DIM))
    weights = rng.standard_normal((count, 24)) * np.linspace(3, 0.5, 24)
    return _unit(weights @ basis + 0.3 * rng.standard_normal((count, DIM)))


def _exhaustive(search: CentroidSearch, query: Matrix, count: int) -> list[int]:
    """Every target scored, ties to the lower number: what pruning must reproduce."""
    cosines = search.match(query, count, also=range(len(search))).cosines
    return sorted(cosines, key=lambda target: (-cosines[target], target))[:count]


def _queries(rng: np.random.Generator, rows: Matrix) -> list[Matrix]:
    """Random questions, ones near a target, one equal to a target, and the zero vector."""
    near = _unit(rows[:5] + 0.05 * rng.standard_normal((5, DIM)))
    return [
        *_unit(rng.standard_normal((5, DIM))),
        *_unit(rng.standard_normal((5, 24)) @ rng.standard_normal((24, DIM))),
        *near,
        rows[7],
        np.zeros(DIM, dtype=np.float32),
    ]


@pytest.mark.parametrize("count", [1, 6, 40, centroid_search.SEEDS + 36])
def test_pruned_best_equals_every_target_scored(count: int) -> None:
    rng = np.random.default_rng(3)
    rows = _centroids(rng, PRUNE_FROM + 1_000)
    search = CentroidSearch(rows)
    for query in _queries(rng, rows):
        assert list(search.match(query, count).best) == _exhaustive(search, query, count)


def test_near_ties_at_the_cut_are_all_kept() -> None:
    """Fifty targets a rounding error apart straddle the k-th place: pruning keeps them all
    and the lower numbers win exact ties."""
    rng = np.random.default_rng(5)
    rows = _centroids(rng, PRUNE_FROM + 200)
    query = _unit(rows[11] + 0.2 * rng.standard_normal(DIM))
    twins = _unit(rows[11] + 1e-7 * rng.standard_normal((50, DIM)))
    twins[::5] = rows[11]  # exact ties as well as near ones
    copies = [11, *range(len(rows), len(rows) + 50, 5)]
    rows = np.concatenate([rows, twins])
    search = CentroidSearch(rows)
    for count in (3, 6, 20):
        assert list(search.match(query, count).best) == _exhaustive(search, query, count)
    tied = [target for target in search.match(query, 20).best if target in copies]
    assert tied and tied == sorted(tied) and tied[0] == 11


@pytest.mark.parametrize("count", [40, PRUNE_FROM + 40])
def test_small_and_large_searches_break_ties_alike(count: int) -> None:
    rng = np.random.default_rng(19)
    rows = _centroids(rng, count)
    rows[count - 1] = rows[count - 2] = rows[count - 3] = rows[5]
    best = CentroidSearch(rows).match(rows[5], 4).best
    assert sorted(best) == list(best) == [5, count - 3, count - 2, count - 1]


def _counting_full_scores(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """From now on, how many rows each full scoring reads, in order."""
    scored: list[int] = []
    exact = centroid_search._cosines

    def counting(rows: Matrix, query: Matrix) -> Matrix:
        scored.append(len(rows))
        return exact(rows, query)

    monkeypatch.setattr(centroid_search, "_cosines", counting)
    return scored


def test_pruning_scores_only_a_few_targets_in_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pruned path is the one taken: far fewer rows are scored in full than there are."""
    rng = np.random.default_rng(7)
    rows = _centroids(rng, PRUNE_FROM + 1_000)
    search = CentroidSearch(rows)
    scored = _counting_full_scores(monkeypatch)
    search.match(rows[3], 6)
    assert scored and max(scored) < len(rows) // 10


@pytest.mark.parametrize("count", [1, 6, 40])
def test_a_question_near_no_target_scores_few_in_full(
    count: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Centroids spread evenly over every direction, as an off-topic question sees them: the
    bounds prune little before the last block, and still only the targets near the cut are
    scored in full, and the best are exactly those every target scored gives."""
    rng = np.random.default_rng(23)
    rows = _unit(rng.standard_normal((PRUNE_FROM + 1_000, DIM)))
    search = CentroidSearch(rows)
    scored = _counting_full_scores(monkeypatch)
    for query in _unit(rng.standard_normal((5, DIM))):
        expected = _exhaustive(search, query, count)
        scored.clear()
        assert list(search.match(query, count).best) == expected
        # The floor's seeds, the targets near the cut, and the ones `match` reports.
        assert max(scored) <= max(centroid_search.SEEDS, count) * 4


@pytest.mark.parametrize("count", [PRUNE_FROM - 1, PRUNE_FROM + 300])
def test_a_cosine_does_not_depend_on_the_targets_asked_with_it(count: int) -> None:
    rng = np.random.default_rng(11)
    rows = _centroids(rng, count)
    search = CentroidSearch(rows)
    query = _unit(rng.standard_normal(DIM))
    everyone = search.match(query, 6, also=range(count)).cosines
    for size in (1, 3, 4, 5, 17, 64):
        some = [int(t) for t in rng.choice(count, size, replace=False)]
        found = search.match(query, 6, also=some).cosines
        assert [found[t] for t in some] == [everyone[t] for t in some]


@pytest.mark.parametrize("count", [40, PRUNE_FROM + 40])
def test_cosines_are_the_centroids_dot_products(count: int) -> None:
    """Rotated or not, the cosines are those of the centroids as given."""
    rng = np.random.default_rng(13)
    rows = _centroids(rng, count)
    query = _unit(rng.standard_normal(DIM))
    cosines = CentroidSearch(rows).match(query, 6, also=range(count)).cosines
    expected = rows.astype(np.float64) @ query.astype(np.float64)
    np.testing.assert_allclose([cosines[t] for t in range(count)], expected, atol=1e-5)


def test_fewer_targets_than_asked_for_are_all_returned() -> None:
    rows = _unit(np.random.default_rng(17).standard_normal((4, DIM)))
    best = CentroidSearch(rows).match(rows[2], 6).best
    assert sorted(best) == [0, 1, 2, 3] and best[0] == 2


@pytest.mark.parametrize("count", [PRUNE_FROM - 1, PRUNE_FROM + 300])
def test_a_message_s_parts_searched_together_find_what_each_finds_alone(count: int) -> None:
    """One pass over the centroids for all of a message's parts: the same best targets and
    the same cosines as each part searched on its own, on both paths."""
    rng = np.random.default_rng(5)
    rows = _centroids(rng, count)
    search = CentroidSearch(rows)
    parts = np.stack(_queries(rng, rows))
    also = [3, 17, count - 1]
    together = search.nearest(parts, 12)
    assert len(together) == len(parts)
    for part, nearest in zip(parts, together, strict=True):
        alone = search.match(part, 12, also=also)
        found = nearest.match(also=also)
        assert found.best == alone.best
        assert found.cosines == alone.cosines
        assert list(found.best) == _exhaustive(search, part, 12)
