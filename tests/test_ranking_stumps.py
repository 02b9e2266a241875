"""The ranker's stumps: LightGBM's one-split trees summed as LightGBM would, written and read
back, and boosting finding what a straight line over the features cannot."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from bot.answering.ranking import (
    NO_STUMPS,
    RankingModelError,
    Stumps,
    parse_model,
    shipped_model,
)
from bot.understanding.candidates import FEATURES
from scripts.fit_ranking import exported_stumps, fit_ranker, fit_stumps


def _stump(feature: int, threshold: float, left: float, right: float) -> dict[str, Any]:
    return {
        "split_feature": feature,
        "threshold": threshold,
        "decision_type": "<=",
        "left_child": {"leaf_value": left},
        "right_child": {"leaf_value": right},
    }


def _walked(node: dict[str, Any], row: npt.NDArray[np.float64]) -> float:
    """A structure evaluated as LightGBM does: `x <= threshold` goes left."""
    while "split_feature" in node:
        side = "left_child" if row[node["split_feature"]] <= node["threshold"] else "right_child"
        node = node[side]
    return float(node["leaf_value"])


# Two stumps on one feature, one on another, and a tree that found no split.
STRUCTURES = [
    _stump(0, 0.5, -1.0, 2.0),
    _stump(0, -0.25, 0.5, -0.75),
    _stump(3, 1.0, 4.0, 8.0),
    {"leaf_value": 0.125},
]


def test_exported_stumps_sum_the_leaves_lightgbm_would_reach() -> None:
    stumps = exported_stumps(STRUCTURES)
    rows = np.random.default_rng(2).normal(size=(200, len(FEATURES)))
    rows[:5, 0] = 0.5  # on a threshold: LightGBM goes left
    expected = [sum(_walked(s, row) for s in STRUCTURES) for row in rows]
    np.testing.assert_allclose(stumps(rows), expected)


def test_a_deeper_tree_is_not_taken_for_a_stump() -> None:
    deeper = _stump(0, 0.5, -1.0, 2.0)
    deeper["right_child"] = _stump(1, 0.0, 1.0, 3.0)
    with pytest.raises(SystemExit):
        exported_stumps([deeper])


def test_stumps_of_uneven_lengths_or_on_an_unknown_feature_are_refused() -> None:
    with pytest.raises(RankingModelError):
        Stumps((0,), (0.5,), (1.0,), ())
    with pytest.raises(RankingModelError):
        Stumps((len(FEATURES),), (0.5,), (1.0,), (2.0,))


def test_a_model_with_stumps_reads_back_as_written_and_scores_the_same() -> None:
    model = replace(shipped_model(), stumps=exported_stumps(STRUCTURES))
    again = parse_model(model.to_json())
    assert again == model
    rows = [tuple(r) for r in np.random.default_rng(4).normal(size=(9, len(FEATURES)))]
    np.testing.assert_array_equal(again._scores(rows), model._scores(rows))
    assert not np.allclose(model._scores(rows), replace(model, stumps=NO_STUMPS)._scores(rows))


def test_a_model_file_of_the_old_format_is_refused() -> None:
    old = shipped_model().to_json().replace('"version": 2', '"version": 1')
    with pytest.raises(RankingModelError, match="refit"):
        parse_model(old)


def test_stumps_learn_a_band_that_a_linear_ranker_cannot() -> None:
    # The right candidate of each message is the one whose feature 0 is nearest 0: a band,
    # not a direction, so one weight per feature ranks it about as well as chance.
    rng = np.random.default_rng(9)
    rows, right = [], []
    for _ in range(300):
        x = rng.normal(size=(5, 2))
        rows.append(x)
        right.append((np.abs(x[:, 0]) == np.abs(x[:, 0]).min()).astype(np.float64))
    weights = fit_ranker([(x, r, 1.0) for x, r in zip(rows, right, strict=True)], 2)
    linear = [x @ weights for x in rows]
    stumps = fit_stumps(rows, right, linear)

    def top_right(scores: list[npt.NDArray[np.float64]]) -> int:
        return sum(int(r[int(np.argmax(s))]) for s, r in zip(scores, right, strict=True))

    boosted = [s + stumps(x) for s, x in zip(linear, rows, strict=True)]
    assert top_right(boosted) > top_right(linear) + 50
