"""The ranking fit weighs examples as it says: a weight of k counts as k copies."""

from __future__ import annotations

import numpy as np
import pytest

from scripts.fit_ranking import fit_logistic, fit_ranker


def test_a_weighted_row_counts_as_that_many_copies_of_it() -> None:
    rng = np.random.default_rng(3)
    rows = rng.normal(size=(40, 3))
    right = (rows[:, 0] + rng.normal(size=40) > 0).astype(np.float64)
    weight = np.ones(40)
    weight[:5] = 3.0
    weighted = fit_logistic(rows, right, weight)
    copies = np.vstack([rows, rows[:5], rows[:5]])
    copied = fit_logistic(copies, np.concatenate([right, right[:5], right[:5]]))
    np.testing.assert_allclose(weighted[0], copied[0], atol=1e-6)
    assert weighted[1] == pytest.approx(copied[1], abs=1e-6)


def test_a_weighted_message_counts_as_that_many_copies_of_it() -> None:
    rng = np.random.default_rng(5)
    groups = []
    for _ in range(12):
        rows = rng.normal(size=(4, 3))
        right = np.zeros(4)
        right[int(np.argmax(rows[:, 1] + 0.5 * rng.normal(size=4)))] = 1.0
        groups.append((rows, right))
    weighted = fit_ranker(
        [(rows, right, 3.0 if n < 2 else 1.0) for n, (rows, right) in enumerate(groups)], 3
    )
    copied = fit_ranker(
        [(rows, right, 1.0) for rows, right in [*groups, *groups[:2], *groups[:2]]], 3
    )
    np.testing.assert_allclose(weighted, copied, atol=1e-6)
    # Weighing matters: the same messages counted once each give other weights.
    once = fit_ranker([(rows, right, 1.0) for rows, right in groups], 3)
    assert not np.allclose(weighted, once, atol=1e-3)
