"""The ranking fit weighs examples as it says: a weight of k counts as k copies."""

from __future__ import annotations

from collections import Counter

import numpy as np
import numpy.typing as npt
import pytest

from bot.curation.evaluation import REAL_SET, load_question_set
from bot.kb.compiled import Compiled
from scripts.fit_ranking import (
    CV_SEEDS,
    cross_validate,
    fit_acceptor,
    fit_logistic,
    fit_ranker,
    leave_batch_out,
)


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


def test_cross_validation_answers_each_dev_question_once_per_seed_and_no_test_one(
    compiled: Compiled,
) -> None:
    dev = load_question_set(REAL_SET).split("dev").questions
    outcomes = cross_validate(compiled, 4)
    assert len(outcomes) == len(CV_SEEDS) * len(dev)
    assert {o.turn.split for o in outcomes} == {"dev"}
    asked = Counter(o.turn.q for o in outcomes)
    assert asked == Counter({t.q: len(CV_SEEDS) * sum(d.q == t.q for d in dev) for t in dev})


def test_leaving_each_batch_out_answers_every_dev_question_once_under_its_own_batch(
    compiled: Compiled,
) -> None:
    dev = load_question_set(REAL_SET).split("dev").questions
    by_batch = leave_batch_out(compiled)
    assert sorted(by_batch) == sorted({t.batch for t in dev})
    for number, outcomes in by_batch.items():
        assert {o.turn.batch for o in outcomes} == {number}
        assert {o.turn.split for o in outcomes} == {"dev"}
    asked = Counter(o.turn.q for outcomes in by_batch.values() for o in outcomes)
    assert asked == Counter(t.q for t in dev)


def _probability(
    rows: npt.NDArray[np.float64], weights: npt.NDArray[np.float64], bias: float
) -> npt.NDArray[np.float64]:
    probability: npt.NDArray[np.float64] = 1 / (1 + np.exp(-(rows @ weights + bias)))
    return probability


def test_the_second_acceptor_fit_pushes_down_the_off_topic_asks_that_look_like_answers() -> None:
    # Feature 0 is how answer-like a question looks; feature 1 is a weak sign of off-topic.
    rng = np.random.default_rng(11)
    answerable = np.column_stack([rng.normal(1.0, 1.0, 200), rng.normal(0.0, 1.0, 200)])
    right = (answerable[:, 0] + rng.normal(0.0, 1.0, 200) > 0.5).astype(np.float64)
    offtopic_rows = np.column_stack([rng.normal(-2.0, 0.5, 40), rng.normal(0.0, 1.0, 40)])
    lookalike = np.array([[1.5, 2.5]])  # answer-like, but with the off-topic sign
    rows = np.vstack([answerable, offtopic_rows, lookalike])
    labels = np.concatenate([right, np.zeros(41)])
    offtopic = np.array([False] * 200 + [True] * 41)
    weight = np.where(offtopic, 4.0, 1.0)
    once = fit_logistic(rows, labels, weight)
    twice = fit_acceptor(rows, labels, weight, offtopic)
    before = _probability(rows, *once)
    after = _probability(rows, *twice)
    assert after[-1] < before[-1]
    # ...so that a threshold above every off-topic ask lets more right answers through.
    answered_before = (before[:200] > before[200:].max()) & (right == 1)
    answered_after = (after[:200] > after[200:].max()) & (right == 1)
    assert answered_after.sum() > answered_before.sum()


def test_with_no_answer_like_off_topic_ask_the_second_fit_is_the_first() -> None:
    rng = np.random.default_rng(12)
    rows = np.vstack([rng.normal(1.0, 1.0, (100, 2)), rng.normal(-6.0, 0.3, (20, 2))])
    labels = np.concatenate([(rows[:100, 0] > 0.5).astype(np.float64), np.zeros(20)])
    offtopic = np.array([False] * 100 + [True] * 20)
    weight = np.where(offtopic, 4.0, 1.0)
    once = fit_logistic(rows, labels, weight)
    twice = fit_acceptor(rows, labels, weight, offtopic)
    np.testing.assert_allclose(twice[0], once[0])
    assert twice[1] == pytest.approx(once[1])
