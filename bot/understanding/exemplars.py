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
        self._idf = {t: math.log(1 + len(targets) / df) for t, df in frequency.items()}
        rows: dict[str, list[int]] = {}
        weights: dict[str, list[float]] = {}
        for number, group in enumerate(terms):
            distinct = sorted(set(group))
            norm = math.sqrt(sum(self._idf[t] ** 2 for t in distinct)) or 1.0
            for term in distinct:
                rows.setdefault(term, []).append(number)
                weights.setdefault(term, []).append(self._idf[term] / norm)
        self._postings = {
            term: (np.asarray(rows[term], dtype=np.intp), np.asarray(weights[term]))
            for term in rows
        }

    def __len__(self) -> int:
        return len(self._targets)

    def votes(self, query: Matrix, terms: Sequence[str]) -> dict[int, Votes]:
        """The targets the message's NEIGHBOURS nearest exemplars name, with their votes."""
        if not self._targets:
            return {}
        words = np.zeros(len(self._targets))
        distinct = sorted(set(terms))
        norm = math.sqrt(sum(self._idf.get(t, 0.0) ** 2 for t in distinct))
        if norm > 0:
            for term in distinct:
                posting = self._postings.get(term)
                if posting is not None:
                    words[posting[0]] += posting[1] * (self._idf[term] / norm)
        similarity = SEMANTIC_SHARE * (self._vectors @ query) + (1 - SEMANTIC_SHARE) * words
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
