"""The ranker orders answers by the support of all their candidates, not the best one alone."""

from __future__ import annotations

from bot.answering.ranking import ACCEPT_FEATURES, RankingModel
from bot.kb.compiled import Compiled
from bot.understanding.candidates import FEATURES, Candidate

ACCEPT_WIDTH = len(ACCEPT_FEATURES)


def _model() -> RankingModel:
    """A ranker whose score is the first feature, with a neutral acceptor."""
    weights = (1.0,) + (0.0,) * (len(FEATURES) - 1)
    return RankingModel(
        mean=(0.0,) * len(FEATURES),
        scale=(1.0,) * len(FEATURES),
        rank_weights=weights,
        accept_weights=(0.0,) * ACCEPT_WIDTH,
        accept_mean=(0.0,) * ACCEPT_WIDTH,
        accept_scale=(1.0,) * ACCEPT_WIDTH,
        accept_bias=0.0,
        threshold=0.5,
    )


def _candidate(target: int, part: int, score: float) -> Candidate:
    return Candidate(
        target, part, "text", None, "phrasing", (score,) + (0.0,) * (len(FEATURES) - 1)
    )


def test_an_answer_several_parts_find_beats_a_slightly_better_single_match(
    compiled: Compiled, unrelated_answers: tuple[int, int]
) -> None:
    several, single = unrelated_answers
    ranked = _model().rank(
        [_candidate(single, 3, 2.0), _candidate(several, 1, 1.9), _candidate(several, 2, 1.9)],
        compiled.targets,
        0.25,
    )
    assert [c.target for c in ranked.candidates] == [several, several, single]
    assert ranked.scores == (1.9, 1.9, 2.0)
    # The better single match is near enough to be offered beside the answer.
    assert [c.target for c in ranked.rivals] == [single]


def test_one_clearly_better_match_outweighs_several_weak_ones(
    compiled: Compiled, unrelated_answers: tuple[int, int]
) -> None:
    weak, strong = unrelated_answers
    ranked = _model().rank(
        [_candidate(weak, 1, 1.0), _candidate(weak, 2, 1.0), _candidate(strong, 3, 2.0)],
        compiled.targets,
        0.5,
    )
    assert [c.target for c in ranked.candidates] == [strong, weak, weak]
    assert ranked.lead == 1.0  # over the best candidate of the answer outside its group
    assert ranked.rivals == ()
