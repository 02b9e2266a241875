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
        if not self._targets:
            return [{} for _ in terms]
        # One product per part: a matrix product with a few rows repacks all the exemplars
        # each time, which costs more than the products themselves.
        return [
            self._votes(
                SEMANTIC_SHARE * (self._vectors @ query)
                + (1 - SEMANTIC_SHARE) * self._word_cosines(words)
            )
            for query, words in zip(queries, terms, strict=True)
        ]

    def _votes(self, similarity: np.ndarray[Any, np.dtype[np.float64]]) -> dict[int, Votes]:
        count = min(NEIGHBOURS, len(similarity))
        nearest = np.argpartition(-similarity, count - 1)[:count]
        weight = np.exp(SHARPNESS * (similarity[nearest] - similarity[nearest].max()))
        total = float(weight.sum())
        found: dict[int, Votes] = {}
        for row, vote in zip(nearest.tolist(), weight.tolist(), strict=True):
            value = float(similarity[row])
            for target in self._targets[row]:
                seen = found.get(target)
                found[target] = Votes(
                    max(value, seen.nearest) if seen else value,
                    (seen.share if seen else 0.0) + vote / total,
                )
        return found

    def _word_cosines(self, terms: Sequence[str]) -> np.ndarray[Any, np.dtype[np.float64]]:
        """The tf-idf cosine of `terms` with every exemplar: one weighted count over the
        posting lists of the terms exemplars use, gathered end to end."""
        ks = sorted({k for t in terms if (k := self._terms.get(t)) is not None})
        if not ks:
            return np.zeros(len(self._targets))
        idf = [self._idf[k] for k in ks]
        norm = math.sqrt(sum(w * w for w in idf))
        starts = self._starts
        spans = [slice(starts[k], starts[k + 1]) for k in ks]
        rows = np.concatenate([self._rows[span] for span in spans])
        scale = np.repeat(idf, [starts[k + 1] - starts[k] for k in ks])
        weights = np.concatenate([self._weights[span] for span in spans]) * scale
        return np.bincount(rows, weights=weights, minlength=len(self._targets)) / norm


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
