"""Labelled questions people asked, as evidence for the answers their labels name.

A curated phrasing says how an answer is usually asked; a real question says how it was
asked once, with its padding, its story and its unusual words, and the next person who asks
the same thing tends to tell a similar story ("interviewer asked me what a feature store is,
I blanked" is nearer to "a vendor pitched us a feature store" than to any phrasing about
ETL). Each exemplar is a question and the answers that were right for it; a message's
nearest exemplars, by meaning (static embedding) and by words (tf-idf over the same terms
BM25 reads), vote for their answers.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

NEIGHBOURS = 5  # exemplars that vote for a message
SHARPNESS = 10.0  # a vote weighs exp(SHARPNESS * similarity): the nearest count most
SEMANTIC_SHARE = 0.5  # similarity = this share of the cosine of meaning, the rest of words

Matrix = np.ndarray[Any, np.dtype[np.float32]]
Floats = np.ndarray[Any, np.dtype[np.float64]]
SHIPPED_EXEMPLARS = Path(__file__).resolve().parent / "data" / "exemplars.json"


@dataclass(frozen=True, slots=True)
class Exemplar:
    """A labelled question: its text and the answers (target labels) that were right."""

    text: str
    labels: tuple[str, ...]


class Votes(NamedTuple):
    """What a message's nearest exemplars say of one answer."""

    nearest: float  # similarity of the nearest exemplar that names it
    share: float  # its share of the neighbours' votes (an exemplar naming several gives each)


class ExemplarIndex:
    """Exemplars as unit vectors of meaning and of words, each with the targets it names."""

    def __init__(
        self, vectors: Matrix, terms: Sequence[Sequence[str]], targets: Sequence[Sequence[int]]
    ) -> None:
        """`vectors[i]` is exemplar i's unit embedding, `terms[i]` its terms (as
        `bot.understanding.documents.document_terms` reads them), `targets[i]` the target
        numbers its labels name (exemplars naming none are left out by the caller)."""
        self._vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self._targets = tuple(tuple(t) for t in targets)
        frequency: Counter[str] = Counter(t for group in terms for t in set(group))
        vocabulary = sorted(frequency)
        self._terms = {term: k for k, term in enumerate(vocabulary)}
        self._idf = [math.log(1 + len(targets) / frequency[t]) for t in vocabulary]
        # Each exemplar's terms as a unit tf-idf vector, kept as posting lists end to end:
        # term k owns rows[starts[k]:starts[k + 1]] and the weights beside them.
        postings: list[list[tuple[int, float]]] = [[] for _ in vocabulary]
        for number, group in enumerate(terms):
            ks = sorted({self._terms[t] for t in group})
            norm = math.sqrt(sum(self._idf[k] ** 2 for k in ks)) or 1.0
            for k in ks:
                postings[k].append((number, self._idf[k] / norm))
        self._starts = np.cumsum([0, *(len(p) for p in postings)]).tolist()
        self._rows = np.asarray([row for p in postings for row, _ in p], dtype=np.intp)
        self._weights = np.asarray([w for p in postings for _, w in p], dtype=np.float64)

    def __len__(self) -> int:
        return len(self._targets)

    def votes(self, queries: Matrix, terms: Sequence[Sequence[str]]) -> list[dict[int, Votes]]:
        """For each part of a message (its unit vector, a row of `queries`, and its terms), the
        targets its NEIGHBOURS nearest exemplars name, with their votes."""
        if not self._targets or not len(terms):
            return [{} for _ in terms]
        # One product per part: a matrix product with a few rows repacks all the exemplars
        # each time, which costs more than the products themselves (and rounds otherwise).
        meaning = np.stack([self._vectors @ query for query in queries])
        similarity = SEMANTIC_SHARE * meaning + (1 - SEMANTIC_SHARE) * self._word_cosines(terms)
        return self._votes(similarity)

    def _votes(self, similarity: Floats) -> list[dict[int, Votes]]:
        """Each row's (part's) votes: all the parts' neighbours found in one selection."""
        count = min(NEIGHBOURS, similarity.shape[1])
        # Row by row, the same selection (and order) as each row on its own would get.
        nearest = np.argpartition(-similarity, count - 1, axis=1)[:, :count]
        values = similarity[np.arange(len(nearest))[:, None], nearest]
        weights = np.exp(SHARPNESS * (values - values.max(axis=1, keepdims=True)))
        found: list[dict[int, Votes]] = []
        targets = self._targets
        for rows, row_values, row_weights in zip(
            nearest.tolist(), values.tolist(), weights.tolist(), strict=True
        ):
            total = sum(row_weights)  # as numpy sums five: one after another
            votes: dict[int, Votes] = {}
            for row, value, vote in zip(rows, row_values, row_weights, strict=True):
                for target in targets[row]:
                    seen = votes.get(target)
                    votes[target] = (
                        Votes(value, vote / total)
                        if seen is None
                        else Votes(max(value, seen.nearest), seen.share + vote / total)
                    )
            found.append(votes)
        return found

    def _word_cosines(self, parts: Sequence[Sequence[str]]) -> Floats:
        """The tf-idf cosine of each part's terms (a row per part) with every exemplar: one
        weighted count over the posting lists of the terms exemplars use, gathered end to end
        for all the parts at once (part p counts into places p * exemplars onwards)."""
        size = len(self._targets)
        starts = self._starts
        spans: list[slice] = []
        scales: list[float] = []
        lengths: list[int] = []
        offsets: list[int] = []
        norms: list[float] = []
        for number, terms in enumerate(parts):
            ks = sorted({k for t in terms if (k := self._terms.get(t)) is not None})
            idf = [self._idf[k] for k in ks]
            norms.append(math.sqrt(sum(w * w for w in idf)) or 1.0)
            for k, weight in zip(ks, idf, strict=True):
                spans.append(slice(starts[k], starts[k + 1]))
                scales.append(weight)
                lengths.append(starts[k + 1] - starts[k])
                offsets.append(number * size)
        if not spans:
            return np.zeros((len(parts), size))
        rows = np.concatenate([self._rows[span] for span in spans]) + np.repeat(offsets, lengths)
        weights = np.concatenate([self._weights[span] for span in spans]) * np.repeat(
            scales, lengths
        )
        counts = np.bincount(rows, weights=weights, minlength=len(parts) * size)
        cosines: Floats = counts.reshape(len(parts), size) / (np.asarray(norms)[:, None])
        return cosines


def read_exemplars(path: Path) -> list[Exemplar]:
    """The exemplars of a file `write_exemplars` wrote; none when there is no file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    return [Exemplar(item["q"], tuple(item["labels"])) for item in data["exemplars"]]


def write_exemplars(exemplars: Sequence[Exemplar], path: Path) -> None:
    """Write `exemplars` as JSON, one per line, in the order given."""
    lines = ",\n".join(json.dumps({"q": e.text, "labels": list(e.labels)}) for e in exemplars)
    path.write_text(f'{{"exemplars": [\n{lines}\n]}}\n', encoding="utf-8")
