"""Ranking candidates and deciding whether to answer, with weights fitted on labelled questions.

Two small models, fitted by `scripts/fit_ranking.py` on the existing question set and the dev
split of the real one (never the test split), stored beside this module as JSON:

- the ranker scores each candidate with one weight per feature; the best-scoring candidate
  is the answer, and a softmax over a message's candidates says how clearly it won;
- the acceptor turns the winner's features, its softmax share and its lead over the runner-up
  into the probability that it is right (logistic regression, so the probability is
  calibrated on the data it was fitted on; `rolebot eval` shows the reliability curve).

Answering needs that probability to reach the threshold chosen with them, so a weak best
guess is declined however the other candidates score.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

from bot.understanding.candidates import FEATURES, Candidate
from bot.understanding.targets import Target, related

MODEL_FILE = Path(__file__).resolve().parent / "ranking.json"
ACCEPT_FEATURES = (*FEATURES, "share", "lead")
NO_RIVAL_LEAD = 10.0  # the lead of a winner no other answer competes with
MAX_RIVALS = 2  # near-tied answers offered beside (or instead of) the winner
# Answers are ordered by their candidates' summed exp(TARGET_SHARPNESS * score): leaving each
# dev batch out, 1 (a plain sum of shares) answered 3 more questions and let one more off-topic
# ask through; 2 to 3 answered 5 to 7 more with off-topic declines unchanged; 4 and over (towards
# the best candidate alone, as before) fewer.
TARGET_SHARPNESS = 2.5


class RankingModelError(ValueError):
    """The ranking file does not fit the features this code computes."""


@dataclass(frozen=True, slots=True)
class Ranked:
    """The candidates of one message, best first, with how sure the best one is."""

    candidates: tuple[Candidate, ...]
    rivals: tuple[Candidate, ...]  # other answers nearly as good as the first, best first
    scores: tuple[float, ...]  # ranker scores, same order as `candidates`
    shares: tuple[float, ...]  # softmax of the scores over the message's candidates
    share: float  # the share of the first candidate's group (see `RankingModel.rank`)
    lead: float  # the group's lead over the best answer outside it
    confidence: float  # the acceptor's probability that the first candidate is right


@dataclass(frozen=True, slots=True)
class RankingModel:
    """Fitted weights: features are standardised (`mean`, `scale`) before weighing."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    rank_weights: tuple[float, ...]
    accept_weights: tuple[float, ...]  # over ACCEPT_FEATURES, standardised the same way
    accept_mean: tuple[float, ...]
    accept_scale: tuple[float, ...]
    accept_bias: float
    threshold: float  # answer when the acceptor's probability reaches this

    def _scores(self, rows: Sequence[Sequence[float]]) -> np.ndarray[Any, np.dtype[np.float64]]:
        weights, offset = _standardised(self.rank_weights, self.scale, self.mean)
        # Read as one flat run of floats: np.asarray would inspect every row for its shape.
        flat = np.fromiter(
            chain.from_iterable(rows), dtype=np.float64, count=len(rows) * len(weights)
        )
        scores: np.ndarray[Any, np.dtype[np.float64]] = (
            flat.reshape(len(rows), -1) @ weights - offset
        )
        return scores

    def accept_probability(self, features: Sequence[float], share: float, lead: float) -> float:
        """The probability that a message's best candidate is right."""
        values = (*features, share, lead)
        z = self.accept_bias + sum(
            w * (x - m) / s
            for w, x, m, s in zip(
                self.accept_weights, values, self.accept_mean, self.accept_scale, strict=True
            )
        )
        return 1 / (1 + math.exp(-max(min(z, 50.0), -50.0)))

    def rank(
        self, candidates: Sequence[Candidate], targets: Sequence[Target], tie_ratio: float
    ) -> Ranked:
        """The candidates best first, the winner's near-tied rivals, and the acceptor's
        probability that the winner (or, for a group, one of its members) is right.

        Best first means by answer: the answer its candidates support most (`_target_support`)
        comes first, each answer's candidates by score.

        Answers tied for first, or several of one kind (every comparison of the five roles a
        question names), split the ranker's share between them though the question is clearly
        about one of them: the acceptor weighs the share of the winner's group (itself, its
        rivals and the answers related to it) and the group's lead over the best answer
        outside it.
        """
        if not candidates:
            return Ranked((), (), (), (), 0.0, 0.0, 0.0)
        values = self._scores([c.features for c in candidates]).tolist()
        top = max(values)
        support = _target_support(values, candidates, top)
        scored = sorted(
            zip(values, candidates, strict=True),
            key=lambda pair: (-support[pair[1].target], -pair[0]),
        )
        scores = tuple(s for s, _ in scored)
        exps = [math.exp(s - top) for s in scores]
        shares = tuple(e / sum(exps) for e in exps)
        ordered = tuple(c for _, c in scored)
        first = ordered[0]
        rivals: dict[int, Candidate] = {}
        for candidate, share in zip(ordered[1:], shares[1:], strict=True):
            if share >= shares[0] * tie_ratio and candidate.target != first.target:
                rivals.setdefault(candidate.target, candidate)
        winner = targets[first.target]
        group = {first.target, *rivals} | {
            c.target for c in ordered[1:] if related(winner, targets[c.target])
        }
        share = min(sum(s for s, c in zip(shares, ordered, strict=True) if c.target in group), 1.0)
        outside = max((s for s, c in scored if c.target not in group), default=None)
        lead = scores[0] - outside if outside is not None else NO_RIVAL_LEAD
        confidence = self.accept_probability(first.features, share, lead)
        return Ranked(
            ordered, tuple(rivals.values())[:MAX_RIVALS], scores, shares, share, lead, confidence
        )

    def to_json(self) -> str:
        """The model as the JSON `load_model` reads."""
        return json.dumps(
            {
                "features": list(FEATURES),
                "accept_features": list(ACCEPT_FEATURES),
                "mean": self.mean,
                "scale": self.scale,
                "rank_weights": self.rank_weights,
                "accept_weights": self.accept_weights,
                "accept_mean": self.accept_mean,
                "accept_scale": self.accept_scale,
                "accept_bias": self.accept_bias,
                "threshold": self.threshold,
            },
            indent=1,
        )


def _target_support(
    values: Sequence[float], candidates: Sequence[Candidate], top: float
) -> dict[int, float]:
    """How strongly each answer is supported: its candidates' scores summed as a sharpened
    softmax. An answer several parts of a message find ("when is scikit-learn enough... when
    do I need pytorch?") beats one a single part matches a little better, while one clearly
    better match still outweighs several weak ones (see TARGET_SHARPNESS)."""
    support: dict[int, float] = {}
    for value, candidate in zip(values, candidates, strict=True):
        gained = math.exp(TARGET_SHARPNESS * (value - top))
        support[candidate.target] = support.get(candidate.target, 0.0) + gained
    return support


@cache
def _standardised(
    rank_weights: tuple[float, ...], scale: tuple[float, ...], mean: tuple[float, ...]
) -> tuple[np.ndarray[Any, np.dtype[np.float64]], float]:
    """The ranker's weights over raw features and the offset standardising subtracts: the same
    for every message, so worked out once per model rather than once per ranking."""
    weights: np.ndarray[Any, np.dtype[np.float64]] = np.asarray(rank_weights) / np.asarray(scale)
    weights.flags.writeable = False  # shared by every ranking
    return weights, float(weights @ np.asarray(mean))


def parse_model(text: str) -> RankingModel:
    """A model from its JSON; raises RankingModelError when it was fitted on other features."""
    data = json.loads(text)
    if tuple(data["features"]) != FEATURES or tuple(data["accept_features"]) != ACCEPT_FEATURES:
        raise RankingModelError("the ranking model was fitted on other features: refit it")
    return RankingModel(
        mean=tuple(data["mean"]),
        scale=tuple(data["scale"]),
        rank_weights=tuple(data["rank_weights"]),
        accept_weights=tuple(data["accept_weights"]),
        accept_mean=tuple(data["accept_mean"]),
        accept_scale=tuple(data["accept_scale"]),
        accept_bias=float(data["accept_bias"]),
        threshold=float(data["threshold"]),
    )


@cache
def shipped_model() -> RankingModel:
    """The model fitted for the shipped knowledge."""
    return parse_model(MODEL_FILE.read_text(encoding="utf-8"))
