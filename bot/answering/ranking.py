"""Ranking candidates and deciding whether to answer, with weights fitted on labelled questions.

Two small models, fitted by `scripts/fit_ranking.py` on the existing question set and the dev
split of the real one (never the test split), stored beside this module as JSON:

- the ranker scores each candidate with one weight per feature plus one-split regression
  trees fitted to what the weights leave unexplained (boosted on the linear score); the
  answer its candidates support most is given (`_target_support`), and a softmax over a
  message's candidates says how clearly it won;
- the acceptor turns the winner's features, its softmax share and its lead over the runner-up
  into the probability that it is right (logistic regression, so the probability is
  calibrated on the data it was fitted on; `rolebot eval` shows the reliability curve); a
  winner it does not accept gives way to a runner-up it is surer of.

Answering needs that probability to reach the threshold chosen with them, so a weak best
guess is declined however the other candidates score.
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from bot.understanding.candidates import FEATURES, Candidate
from bot.understanding.targets import Target, related

MODEL_FILE = Path(__file__).resolve().parent / "ranking.json"
FORMAT_VERSION = 2  # 2: the ranker's stumps beside its weights
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


FloatArray = np.ndarray[Any, np.dtype[np.float64]]
IndexArray = np.ndarray[Any, np.dtype[np.intp]]


@dataclass(frozen=True, slots=True)
class Stumps:
    """One-split regression trees whose values add to the ranker's linear score: stump i
    adds `above[i]` when a candidate's raw feature `features[i]` exceeds `thresholds[i]`,
    else `below[i]`. Summed, they bend each feature's straight line into steps."""

    features: tuple[int, ...]
    thresholds: tuple[float, ...]
    below: tuple[float, ...]
    above: tuple[float, ...]
    # As arrays, built once: every ranking reads them. The sum is the belows plus, for each
    # threshold a value exceeds, the step from below to above; boosting splits many times at
    # the same place (300 stumps, ~50 places), so each place's steps are added up once here.
    _features: IndexArray = field(init=False, repr=False, compare=False)
    _thresholds: FloatArray = field(init=False, repr=False, compare=False)
    _steps: FloatArray = field(init=False, repr=False, compare=False)
    _base: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not len(self.features) == len(self.thresholds) == len(self.below) == len(self.above):
            raise RankingModelError("each stump needs a feature, a threshold and two values")
        if any(not 0 <= f < len(FEATURES) for f in self.features):
            raise RankingModelError("a stump splits on a feature this code does not compute")
        steps: dict[tuple[int, float], float] = {}
        for feature, threshold, below, above in zip(
            self.features, self.thresholds, self.below, self.above, strict=True
        ):
            steps[feature, threshold] = steps.get((feature, threshold), 0.0) + above - below
        places = sorted(steps)
        object.__setattr__(self, "_features", np.array([f for f, _ in places], dtype=np.intp))
        object.__setattr__(self, "_thresholds", np.array([t for _, t in places], np.float64))
        object.__setattr__(self, "_steps", np.array([steps[p] for p in places], np.float64))
        object.__setattr__(self, "_base", math.fsum(self.below))

    def __call__(self, rows: FloatArray) -> FloatArray:
        """The stumps' summed values for each row (one per candidate, raw features)."""
        summed: FloatArray = (rows[:, self._features] > self._thresholds) @ self._steps
        return summed + self._base


NO_STUMPS = Stumps((), (), (), ())


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


class Judged(NamedTuple):
    """The acceptor's view of one answer as a message's winner."""

    share: float
    lead: float
    confidence: float


@dataclass(frozen=True, slots=True)
class RankingModel:
    """Fitted weights: features are standardised (`mean`, `scale`) before weighing; the
    ranker's `stumps` read them raw."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    rank_weights: tuple[float, ...]
    accept_weights: tuple[float, ...]  # over ACCEPT_FEATURES, standardised the same way
    accept_mean: tuple[float, ...]
    accept_scale: tuple[float, ...]
    accept_bias: float
    threshold: float  # answer when the acceptor's probability reaches this
    stumps: Stumps = NO_STUMPS  # added to the ranker's weighted sum
    # The weights over raw features and the offset standardising subtracts, worked out once
    # per model (looked up by the three tuples on every ranking, they were hashed each time).
    _weights: FloatArray = field(init=False, repr=False, compare=False)
    _offset: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        weights, offset = _standardised(self.rank_weights, self.scale, self.mean)
        object.__setattr__(self, "_weights", weights)
        object.__setattr__(self, "_offset", offset)

    def _scores(self, rows: Sequence[Sequence[float]]) -> FloatArray:
        weights, offset = self._weights, self._offset
        # Packed as one flat run of doubles: np.asarray would inspect every row for its shape,
        # and np.fromiter costs twice as much per value as struct does.
        packed = struct.pack(f"{len(rows) * len(weights)}d", *chain.from_iterable(rows))
        flat = np.frombuffer(packed, dtype=np.float64).reshape(len(rows), -1)
        scores: FloatArray = flat @ weights - offset
        if self.stumps.features:
            scores += self.stumps(flat)
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
        outside it. The probability is the best the acceptor gives any of the winner's
        candidates. When it does not reach the threshold and the acceptor is surer of the
        runner-up, the runner-up comes first (without rivals: the winner is offered beside it).
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
        total = sum(exps)
        shares = tuple(e / total for e in exps)
        ordered = tuple(c for _, c in scored)
        first = ordered[0]
        rivals: dict[int, Candidate] = {}
        for candidate, share in zip(ordered[1:], shares[1:], strict=True):
            if share >= shares[0] * tie_ratio and candidate.target != first.target:
                rivals.setdefault(candidate.target, candidate)
        judged = self._judged(first.target, ordered, scores, shares, targets, set(rivals))
        second = next((c.target for c in ordered if c.target != first.target), None)
        if judged.confidence < self.threshold and second is not None:
            # The acceptor weighs what the ranker does not: in "my parents ask if 'data
            # scientist' will still exist as a job in ten years... what do I tell them?" the
            # ranker's winner is what a data scientist does, found by "what do I tell them?"
            # alone, and the acceptor is surer of the runner-up, the career's outlook, found by
            # the whole message. Then the runner-up is answered and the winner offered.
            runner_up = self._judged(second, ordered, scores, shares, targets, set())
            if runner_up.confidence > judged.confidence:
                moved = [i for i, c in enumerate(ordered) if c.target == second]
                order = moved + [i for i, c in enumerate(ordered) if c.target != second]
                return Ranked(
                    tuple(ordered[i] for i in order),
                    (),
                    tuple(scores[i] for i in order),
                    tuple(shares[i] for i in order),
                    runner_up.share,
                    runner_up.lead,
                    runner_up.confidence,
                )
        return Ranked(
            ordered,
            tuple(rivals.values())[:MAX_RIVALS],
            scores,
            shares,
            judged.share,
            judged.lead,
            judged.confidence,
        )

    def _judged(
        self,
        target: int,
        ordered: Sequence[Candidate],
        scores: Sequence[float],
        shares: Sequence[float],
        targets: Sequence[Target],
        rivals: set[int],
    ) -> Judged:
        """How sure the acceptor is of `target` as the answer: its group (itself, its rivals
        and the answers related to it), the group's share and its lead over the best answer
        outside it."""
        answer = targets[target]
        # Asked once per answer, not once per candidate: the parts of a message share many.
        others = {c.target for c in ordered if c.target != target}
        group = {target, *rivals} | {t for t in others if related(answer, targets[t])}
        share = min(sum(s for s, c in zip(shares, ordered, strict=True) if c.target in group), 1.0)
        best = max(s for s, c in zip(scores, ordered, strict=True) if c.target == target)
        outside = max(
            (s for s, c in zip(scores, ordered, strict=True) if c.target not in group), default=None
        )
        lead = best - outside if outside is not None else NO_RIVAL_LEAD
        # The answer is often found by several parts of a message; the acceptor judges the
        # part that reads it best ("hi! explain canary vs shadow deploys? ty" whole, with the
        # greeting and thanks as unknown words, or without them).
        confidence = max(
            self.accept_probability(c.features, share, lead) for c in ordered if c.target == target
        )
        return Judged(share, lead, confidence)

    def to_json(self) -> str:
        """The model as the JSON `load_model` reads."""
        return json.dumps(
            {
                "version": FORMAT_VERSION,
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
                "stumps": {
                    "features": self.stumps.features,
                    "thresholds": self.stumps.thresholds,
                    "below": self.stumps.below,
                    "above": self.stumps.above,
                },
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
) -> tuple[FloatArray, float]:
    """The ranker's weights over raw features and the offset standardising subtracts: the same
    for every message, so worked out once per model rather than once per ranking."""
    weights: FloatArray = np.asarray(rank_weights) / np.asarray(scale)
    weights.flags.writeable = False  # shared by every ranking
    return weights, float(weights @ np.asarray(mean))


def parse_model(text: str) -> RankingModel:
    """A model from its JSON; raises RankingModelError when it was fitted on other features
    or written in another format."""
    data = json.loads(text)
    if data.get("version") != FORMAT_VERSION:
        raise RankingModelError(
            f"the ranking model is format {data.get('version', 1)}, not {FORMAT_VERSION}: refit it"
        )
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
        stumps=Stumps(
            features=tuple(int(f) for f in data["stumps"]["features"]),
            thresholds=tuple(float(t) for t in data["stumps"]["thresholds"]),
            below=tuple(float(v) for v in data["stumps"]["below"]),
            above=tuple(float(v) for v in data["stumps"]["above"]),
        ),
    )


@cache
def shipped_model() -> RankingModel:
    """The model fitted for the shipped knowledge."""
    return parse_model(MODEL_FILE.read_text(encoding="utf-8"))
