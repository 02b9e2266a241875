"""FAQ retrieval: an inverted index narrows every phrasing to a short list, rapidfuzz reranks it.

Scoring each phrasing one by one grows linearly with the knowledge base; the index keeps the
answer path near-constant (see bench/answer_latency.py).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

# Words that carry no meaning for telling questions apart. Question words (who, why, how ...)
# are kept: "who monitors models" and "why monitor models" ask different things.
STOPWORDS = frozenset(
    """a an the is are am was were be been being do does did doing of to in on at for from by with
    and or but if then so as it its this that these those there here i me my we our you your they
    them their he she his her whom whose can could would will shall may might must have has had
    having about into over than too very just also any some s t im id ive dont isnt arent whats
    hey hi please pls thanks thx tell know like get got""".split()
)
ENTITY_BOOST = 2.0  # which role or stage a question names matters more than its other words
SHORTLIST = 40
PHRASE_WEIGHT = 0.35  # share of the score from rapidfuzz's whole-phrase similarity


@dataclass(frozen=True, slots=True)
class Hit:
    """A candidate FAQ entry: its best phrasing and the score in [0, 1]."""

    entry: str
    phrasing: str
    score: float


@dataclass(frozen=True, slots=True)
class _Phrasing:
    entry: str
    text: str
    joined: str  # expanded words, for rapidfuzz
    stems: frozenset[str]


class FaqIndex:
    """Phrasings indexed by stem with IDF weights."""

    def __init__(
        self,
        phrasings: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]],
        names_entity: Callable[[str], bool] = lambda stem: False,
    ) -> None:
        """`phrasings` holds (entry id, original text, expanded words, stems) per phrasing.

        Stems for which `names_entity` is true weigh ENTITY_BOOST times their IDF.
        """
        self._items = [
            _Phrasing(
                entry, text, " ".join(words), frozenset(s for s in stems if s not in STOPWORDS)
            )
            for entry, text, words, stems in phrasings
        ]
        postings: dict[str, list[int]] = defaultdict(list)
        for index, item in enumerate(self._items):
            for stem in item.stems:
                postings[stem].append(index)
        total = max(len(self._items), 1)
        self._idf = {
            stem: math.log(1 + total / len(ids)) * (ENTITY_BOOST if names_entity(stem) else 1.0)
            for stem, ids in postings.items()
        }
        self._postings = {stem: np.asarray(ids, dtype=np.int32) for stem, ids in postings.items()}
        self._mass = np.asarray(
            [sum(self._idf[s] for s in item.stems) for item in self._items], dtype=np.float64
        )
        self._unknown_idf = math.log(1 + total)

    def __len__(self) -> int:
        return len(self._items)

    def idf(self, stem: str) -> float:
        """How telling a stem is; words never seen weigh the most."""
        return self._idf.get(stem, self._unknown_idf)

    def search(self, words: tuple[str, ...], stems: tuple[str, ...], limit: int = 5) -> list[Hit]:
        """The best entries for a question, one hit per entry, best first."""
        query = {s for s in stems if s not in STOPWORDS}
        known = [s for s in query if s in self._postings]
        if not known or not self._items:
            return []
        query_mass = sum(self.idf(s) for s in query)
        ids = np.concatenate([self._postings[s] for s in known])
        weights = np.concatenate([np.full(len(self._postings[s]), self._idf[s]) for s in known])
        overlap = np.bincount(ids, weights=weights, minlength=len(self._items))
        # Dice over IDF mass: the question's words must be covered and so must the phrasing's.
        dice = 2 * overlap / (query_mass + self._mass)
        count = min(SHORTLIST, int(np.count_nonzero(overlap)))
        shortlist = np.argpartition(-dice, count - 1)[:count]
        joined = " ".join(words)
        fuzzy = process.cdist(
            [joined], [self._items[i].joined for i in shortlist], scorer=fuzz.token_sort_ratio
        )[0]
        best: dict[str, Hit] = {}
        for position, index in enumerate(shortlist):
            item = self._items[int(index)]
            score = (1 - PHRASE_WEIGHT) * float(dice[index]) + PHRASE_WEIGHT * float(
                fuzzy[position] / 100
            )
            if item.entry not in best or score > best[item.entry].score:
                best[item.entry] = Hit(item.entry, item.text, round(score, 4))
        return sorted(best.values(), key=lambda h: h.score, reverse=True)[:limit]
