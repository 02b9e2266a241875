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

import numpy as np

from bot.understanding.lexicon import Reading
from bot.understanding.retrieval import STOPWORDS

K1 = 1.2  # BM25 term-frequency saturation (the usual value)
B = 0.75  # BM25 length normalisation (the usual value)


def document_terms(reading: Reading) -> list[str]:
    """The words documents are scored by: stems outside stopwords, each named role, stage or
    tool as one term."""
    _, stems = reading.replaced(slots=False)
    return [stem for stem in stems if stem not in STOPWORDS]


class DocumentIndex:
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

    def __len__(self) -> int:
        return self._size

    def _posting(self, term: str) -> slice | None:
        k = self._terms.get(term)
        return None if k is None else slice(int(self._starts[k]), int(self._starts[k + 1]))

    def scores_and_coverage(self, terms: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """For every document, the BM25 score of a question's terms (each counted once) and
        the share of its distinct terms the document contains (float32 both)."""
        # Sorted, not a set's order: the sums then round alike whatever the hash seed.
        distinct = sorted(set(terms))
        found = [at for t in distinct if (at := self._posting(t)) is not None]
        if not found:
            nothing = np.zeros(self._size, dtype=np.float32)
            return nothing, nothing.copy()
        ids = np.concatenate([self._ids[at] for at in found])
        weights = np.concatenate([self._weights[at] for at in found])
        scores = np.bincount(ids, weights=weights, minlength=self._size).astype(np.float32)
        counts = np.bincount(ids, minlength=self._size)
        return scores, (counts / len(distinct)).astype(np.float32)
