"""The ranker's trees: LightGBM's structures walked as LightGBM would, written and read back,
and boosting finding what a straight line over the features cannot."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from bot.answering.ranking import NO_TREES, RankingModelError, Trees, parse_model, shipped_model
from bot.understanding.candidates import FEATURES
from scripts.fit_ranking import exported_trees, fit_ranker, fit_trees


def _leaf(value: float) -> dict[str, Any]:
    return {"leaf_value": value}


def _split(feature: int, threshold: float, left: dict[str, Any], right: dict[str, Any]) -> Any:
    return {
        "split_feature": feature,
        "threshold": threshold,
        "decision_type": "<=",
        "left_child": left,
        "right_child": right,
    }


def _walked(node: dict[str, Any], row: np.ndarray) -> float:
    """A structure evaluated as LightGBM does: `x <= threshold` goes left."""
    while "split_feature" in node:
        side = "left_child" if row[node["split_feature"]] <= node["threshold"] else "right_child"
        node = node[side]
    return float(node["leaf_value"])


# Uneven trees: a stump, a tree with a leaf above the last level, a lone leaf.
STRUCTURES = [
    _split(0, 0.5, _leaf(-1.0), _leaf(2.0)),
    _split(
        1, 0.0, _split(2, 1.0, _leaf(0.25), _split(3, -1.0, _leaf(4.0), _leaf(8.0))), _leaf(-3.0)
    ),
    _leaf(0.125),
]


def test_exported_trees_sum_the_leaves_lightgbm_would_reach() -> None:
    trees = exported_trees(STRUCTURES)
    assert trees.depth == 3
    rows = np.random.default_rng(2).normal(size=(200, len(FEATURES)))
    rows[:5, 0] = 0.5  # on a threshold: LightGBM goes left
    expected = [sum(_walked(s, row) for s in STRUCTURES) for row in rows]
    np.testing.assert_allclose(trees(rows), expected)


def test_a_tree_of_the_wrong_shape_or_on_an_unknown_feature_is_refused() -> None:
    with pytest.raises(RankingModelError):
        Trees(1, ((0,),), ((0.5,),), ((1.0, 2.0, 3.0),))
    with pytest.raises(RankingModelError):
        Trees(1, ((len(FEATURES),),), ((0.5,),), ((1.0, 2.0),))


def test_a_model_with_trees_reads_back_as_written_and_scores_the_same() -> None:
    model = replace(shipped_model(), trees=exported_trees(STRUCTURES))
    again = parse_model(model.to_json())
    assert again == model
    rows = [tuple(r) for r in np.random.default_rng(4).normal(size=(9, len(FEATURES)))]
    np.testing.assert_array_equal(again._scores(rows), model._scores(rows))
    assert not np.allclose(model._scores(rows), replace(model, trees=NO_TREES)._scores(rows))


def test_a_model_file_of_the_old_format_is_refused() -> None:
    old = shipped_model().to_json().replace('"version": 2', '"version": 1')
    with pytest.raises(RankingModelError, match="refit"):
        parse_model(old)


def test_trees_learn_a_band_that_a_linear_ranker_cannot() -> None:
    # The right candidate of each message is the one whose feature 0 is nearest 0: a band,
    # not a direction, so one weight per feature ranks it no better than chance.
    rng = np.random.default_rng(9)
    rows, right = [], []
    for _ in range(300):
        x = rng.normal(size=(5, 2))
        rows.append(x)
        right.append((np.abs(x[:, 0]) == np.abs(x[:, 0]).min()).astype(np.float64))
    weights = fit_ranker([(x, r, 1.0) for x, r in zip(rows, right, strict=True)], 2)
    linear = [x @ weights for x in rows]
    trees = fit_trees(rows, right, linear)

    def top_right(score: list[np.ndarray]) -> int:
        return sum(int(r[int(np.argmax(s))]) for s, r in zip(score, right, strict=True))

    assert (
        top_right([s + trees(x) for s, x in zip(linear, rows, strict=True)])
        > top_right(linear) + 50
    )
