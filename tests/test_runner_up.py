"""A winner the acceptor does not accept gives way to a runner-up it is surer of."""

from __future__ import annotations

import math

import pytest

from bot.answering.ranking import ACCEPT_FEATURES, RankingModel
from bot.kb.compiled import Compiled
from bot.understanding.candidates import FEATURES, Candidate

ACCEPT_WIDTH = len(ACCEPT_FEATURES)


def _model(threshold: float) -> RankingModel:
    """A ranker whose score is the first feature, an acceptor that reads only the second."""
    rank = (1.0,) + (0.0,) * (len(FEATURES) - 1)
    accept = (0.0, 1.0) + (0.0,) * (ACCEPT_WIDTH - 2)
    return RankingModel(
        mean=(0.0,) * len(FEATURES),
        scale=(1.0,) * len(FEATURES),
        rank_weights=rank,
        accept_weights=accept,
        accept_mean=(0.0,) * ACCEPT_WIDTH,
        accept_scale=(1.0,) * ACCEPT_WIDTH,
        accept_bias=0.0,
        threshold=threshold,
    )


def _candidate(target: int, score: float, acceptable: float) -> Candidate:
    features = (score, acceptable) + (0.0,) * (len(FEATURES) - 2)
    return Candidate(target, 0, "text", None, "phrasing", features)


def test_an_unaccepted_winner_gives_way_to_a_runner_up_the_acceptor_is_surer_of(
    compiled: Compiled, unrelated_answers: tuple[int, int]
) -> None:
    winner, runner_up = unrelated_answers
    ranked = _model(0.5).rank(
        [_candidate(winner, 2.0, -3.0), _candidate(runner_up, 1.9, 3.0)], compiled.targets, 0.5
    )
    assert [c.target for c in ranked.candidates] == [runner_up, winner]
    assert ranked.confidence == pytest.approx(1 / (1 + math.exp(-3.0)))
    # The winner was near-tied; it is offered beside the answer, not asked about.
    assert ranked.rivals == ()


@pytest.mark.parametrize(
    ("threshold", "runner_up_acceptable"),
    [
        (0.5, -4.0),  # the runner-up is less likely still: the winner stays, declined
        (0.1, 3.0),  # the winner is accepted: the acceptor's view of the rest does not matter
    ],
)
def test_the_winner_stays_first_otherwise(
    compiled: Compiled,
    unrelated_answers: tuple[int, int],
    threshold: float,
    runner_up_acceptable: float,
) -> None:
    winner, runner_up = unrelated_answers
    ranked = _model(threshold).rank(
        [_candidate(winner, 2.0, -1.0), _candidate(runner_up, 1.9, runner_up_acceptable)],
        compiled.targets,
        0.5,
    )
    assert [c.target for c in ranked.candidates] == [winner, runner_up]
    assert ranked.confidence == pytest.approx(1 / (1 + math.exp(1.0)))
    assert [c.target for c in ranked.rivals] == [runner_up]
