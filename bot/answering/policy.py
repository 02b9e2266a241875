"""How sure rolebot must be to answer: the fitted ranking model and the cut-offs applied to it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from bot.answering.ranking import RankingModel, shipped_model

TIE_RATIO = 0.25  # a runner-up with this share of the winner's (or more) is a near tie


@dataclass(frozen=True, slots=True)
class MatchPolicy:
    """The ranking model, the probability an answer needs, and what counts as a near tie."""

    model: RankingModel
    answer_threshold: float  # the acceptor's probability an answer needs (see `rolebot eval`)
    tie_ratio: float = TIE_RATIO


@cache
def default_policy() -> MatchPolicy:
    """The shipped model with the threshold it was fitted with."""
    model = shipped_model()
    return MatchPolicy(model, model.threshold)
