"""The thresholds that decide answer, clarify or decline: chosen from the evaluation sweep."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MatchPolicy:
    """Confidence cut-offs, all in [0, 1]."""

    answer_threshold: float = 0.5  # below this, decline (see `rolebot eval` threshold sweep)
    ambiguity_margin: float = 0.01  # top two FAQ entries closer than this: ask which was meant


DEFAULT_POLICY = MatchPolicy()
