"""BM25 over whole answers: each target's phrasings, title and text read as one document.

The phrasing index asks "is this question one of the ways people ask for this answer?"; a
long or unusual question rarely is. This index asks "which answer talks about what the
question talks about?", which a long question answers well: every extra word is more
evidence, not a dilution. Weights are computed once per knowledge base, so a question costs
one posting list per word.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.understanding.lexicon import Reading
from bot.understanding.retrieval import STOPWORDS, ReadMemo, highest

K1 = 1.2  # BM25 term-frequency saturation (the usual value)
B = 0.75  # BM25 length normalisation (the usual value)
# From this many documents on, ties for a question's best documents go to the lower number
# (below, they keep the order they always had), and coverage is read for the documents asked
# about alone rather than counted for all.
PRUNE_FROM = 5_000


def document_terms(reading: Reading) -> list[str]:
    """The words documents are scored by: stems outside stopwords, each named role, stage or
    tool as one term."""
    _, stems = reading.replaced(slots=False)
    return [stem for stem in stems if stem not in STOPWORDS]


class DocumentIndex(ReadMemo[slice]):
    """BM25 weights of every term in every document, as posting lists."""

    def __init__(self, documents: Sequence[Sequence[str]]) -> None:
        """`documents` holds each target's terms (stems outside stopwords), in target order."""
        counts = [Counter(terms) for terms in documents]
        lengths = np.asarray([sum(c.values()) for c in counts], dtype=np.float64)
        average = float(lengths.mean()) if len(lengths) else 1.0
        frequency: Counter[str] = Counter(term for c in counts for term in c)
        total = len(counts)
        postings: dict[str, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
        for number, terms in enumerate(counts):
            norm = K1 * (1 - B + B * lengths[number] / max(average, 1.0))
            for term, tf in terms.items():
                df = frequency[term]
                idf = math.log(1 + (total - df + 0.5) / (df + 0.5))
                ids, weights = postings[term]
                ids.append(number)
                weights.append(idf * tf * (K1 + 1) / (tf + norm))
        # Posting lists end to end: term number k owns ids[starts[k]:starts[k + 1]] (and the
        # weights beside them), so loading a large knowledge base reads three arrays, not two
        # per term.
        self._terms = {term: k for k, term in enumerate(postings)}
        self._starts = np.cumsum([0, *(len(ids) for ids, _ in postings.values())], dtype=np.int64)
        self._ids = np.asarray([i for ids, _ in postings.values() for i in ids], dtype=np.int32)
        self._weights = np.asarray(
            [w for _, weights in postings.values() for w in weights], dtype=np.float32
        )
        self._size = total
        self._read: dict[str, slice] = {}

    def __len__(self) -> int:
        return self._size

    def _posting(self, term: str) -> slice | None:
        """Where a term's posting list lies (None for a term no document uses); kept once
        read, as a question reads each of its terms twice and the next question many again."""
        found = self._read.get(term)
        if found is None:
            k = self._terms.get(term)
            if k is None:
                return None
            found = self._read[term] = slice(int(self._starts[k]), int(self._starts[k + 1]))
        return found

    def covered(self, terms: Sequence[str], documents: Sequence[int]) -> list[float]:
        """For each of `documents`, the share of the question's distinct terms it contains."""
        distinct_terms = set(terms)
        found = [at for t in distinct_terms if (at := self._posting(t)) is not None]
        if self._size < PRUNE_FROM:
            # Few documents: one count over all of them costs less than a search per term.
            ids = np.concatenate([self._ids[at] for at in found]) if found else self._ids[:0]
            counts = np.bincount(ids, minlength=self._size)[documents]
        else:
            # Many: each posting list is searched for the documents asked about alone.
            chosen = np.asarray(documents, dtype=np.int32)
            counts = np.zeros(len(chosen), dtype=np.int64)
            for at in found:
                counts += self._holding(at, chosen)
        shares: list[float] = (counts / max(len(distinct_terms), 1)).astype(np.float32).tolist()
        return shares

    def match(self, terms: Sequence[str], count: int) -> DocumentMatch:
        """Every document's BM25 score for a question's terms (each counted once), and the
        `count` best documents."""
        # Sorted, not a set's order: the sums then round alike whatever the hash seed.
        found = [at for t in sorted(set(terms)) if (at := self._posting(t)) is not None]
        every = self._every(found)
        top = float(every.max()) if self._size else 0.0
        if count >= self._size:
            return DocumentMatch(tuple(range(self._size)), top, every)
        if self._size < PRUNE_FROM:
            return DocumentMatch(tuple(np.argpartition(-every, count)[:count].tolist()), top, every)
        return DocumentMatch(tuple(highest(every, count).tolist()), top, every)

    def _every(self, found: list[slice]) -> np.ndarray:
        """Every document's score over the posting lists `found` (in term order)."""
        if not found:
            return np.zeros(self._size, dtype=np.float32)
        ids = np.concatenate([self._ids[at] for at in found])
        weights = np.concatenate([self._weights[at] for at in found])
        return np.bincount(ids, weights=weights, minlength=self._size).astype(np.float32)

    def _holding(self, at: slice, documents: np.ndarray) -> np.ndarray:
        """Which of `documents` the posting list at `at` holds (lists are ascending)."""
        ids = self._ids[at]
        place = np.minimum(np.searchsorted(ids, documents), len(ids) - 1)
        held: np.ndarray = ids[place] == documents
        return held


@dataclass(frozen=True, slots=True)
class DocumentMatch:
    """A question's BM25 scores: its best documents (in no particular order), the highest
    score, and any document's score."""

    best: tuple[int, ...]
    top: float
    every: np.ndarray  # every document's score, by document number

    def scores(self, documents: Sequence[int]) -> list[float]:
        """The scores of `documents`, in their order."""
        found: list[float] = self.every[documents].tolist()
        return found
