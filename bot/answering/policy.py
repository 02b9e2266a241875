"""How sure rolebot must be to answer: the fitted ranking model and the cut-offs applied to it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from bot.answering.ranking import RankingModel, shipped_model

TIE_RATIO = 0.25  # a runner-up with this share of the winner's (or more) is a near tie
# A decline at least this sure of its best guess offers its best guesses ("did you mean...?")
# instead of starter questions. Leaving each dev batch out, 0.05 offered the right answer for
# 45 of the 71 answerable questions declined, and in-domain guesses to 17 of 143 off-topic asks
# (0.10: 31 and 7; 0.02: 49 and 30).
GUESS_FLOOR = 0.05


@dataclass(frozen=True, slots=True)
class MatchPolicy:
    """The ranking model, the probability an answer needs, what counts as a near tie, and
    how sure a decline must be to offer its guesses."""

    model: RankingModel
    answer_threshold: float  # the acceptor's probability an answer needs (see `rolebot eval`)
    tie_ratio: float = TIE_RATIO
    guess_floor: float = GUESS_FLOOR


@cache
def default_policy() -> MatchPolicy:
    """The shipped model with the threshold it was fitted with."""
    model = shipped_model()
    return MatchPolicy(model, model.threshold)
