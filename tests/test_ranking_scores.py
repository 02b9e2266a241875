"""The ranker's standardised weights are worked out once per model: scores must not change.
The shipped model's stumps add the same to every computation, so they are compared without."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np

from bot.answering.ranking import NO_STUMPS, RankingModel, shipped_model
from bot.understanding.candidates import FEATURES


def _rows(seed: int) -> list[tuple[float, ...]]:
    rng = random.Random(seed)
    return [tuple(rng.uniform(-2.0, 3.0) for _ in FEATURES) for _ in range(12)]


def _computed(
    weights: tuple[float, ...],
    scale: tuple[float, ...],
    mean: tuple[float, ...],
    rows: list[tuple[float, ...]],
) -> np.ndarray:
    standardised = np.asarray(weights) / np.asarray(scale)
    scores: np.ndarray = np.asarray(rows) @ standardised - float(standardised @ np.asarray(mean))
    return scores


def _linear() -> RankingModel:
    return replace(shipped_model(), stumps=NO_STUMPS)


def test_scores_equal_the_standardisation_computed_on_the_spot() -> None:
    model = _linear()
    for seed in range(5):
        rows = _rows(seed)
        expected = _computed(model.rank_weights, model.scale, model.mean, rows)
        assert np.array_equal(model._scores(rows), expected)


def test_a_model_with_other_weights_gets_its_own_standardisation() -> None:
    model = _linear()
    rows = _rows(7)
    other = replace(model, rank_weights=tuple(-w for w in model.rank_weights))
    assert np.array_equal(
        other._scores(rows), _computed(other.rank_weights, other.scale, other.mean, rows)
    )
    assert np.array_equal(
        model._scores(rows), _computed(model.rank_weights, model.scale, model.mean, rows)
    )
