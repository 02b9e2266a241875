"""FAQ retrieval: an inverted index narrows every phrasing to a short list, rapidfuzz reranks it.

Scoring each phrasing one by one grows linearly with the knowledge base; the index keeps the
answer path near-constant (see bench/answer_latency.py).
"""

from __future__ import annotations

import bisect
import math
from codecs import utf_8_decode
from collections import defaultdict
from collections.abc import Callable
from itertools import combinations
from typing import Generic, NamedTuple, TypeVar

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
# From this many phrasings on, Dice is computed only where a question's words are, common words
# pruned by max-score, and ties go to the lower phrasing number (the shipped knowledge, far
# smaller, keeps the plain computation and its exact tie order).
PRUNE_FROM = 20_000
HEAD = 128  # phrasings first read from each of a question's words' lists, lightest first
# Max-score gives up, and every phrasing sharing a word is scored, once the heads could hold
# over 1/32 of the phrasings: at 100,000 about one question in twenty, whose shortlist is
# among thousands of near ties; growing the heads further cost those more than it saved.
ESSENTIAL_SHARE = 32
# The Dice bound of a phrasing without an essential word is raised by this share before it is
# compared, so that no rounding in the sums (about 1e-15 of them) can prune a phrasing that
# reaches the shortlist.
BOUND_SLACK = 1e-9
PHRASE_WEIGHT = 0.35  # share of the score from rapidfuzz's whole-phrase similarity
# Texts kept decoded as well as packed, up to this many in one `Texts`: the shipped knowledge
# has some 1,600 phrasings, decoded in a fraction of a millisecond into a fraction of a MB. A
# large knowledge base (10,000 phrasings and up, 2,000 entries at 10,000) stays packed: all of
# it decoded at its first search would cost milliseconds and a Python object per text.
DECODED_UP_TO = 5_000
# `highest` over a long array first takes the maxima of groups of this many scores, when
# there are at least GROUPS_PER_PLACE groups per place asked for.
GROUP = 64
GROUPS_PER_PLACE = 4
Read = TypeVar("Read")  # what an index memoises of one term it was asked about


class Hit(NamedTuple):
    """A candidate FAQ entry: its best phrasing and the score in [0, 1] (a NamedTuple, not a
    frozen dataclass, for what it costs to build, as `Candidate`)."""

    entry: str
    phrasing: str
    score: float
    # Share of the phrasing's own words (IDF-weighted, entity names aside) the question uses:
    # "who needs {tool}" matched by "who owns the dockerfiles" on "who" and the tool alone.
    support: float = 0.0


class Texts:
    """Many strings as one: their UTF-8 bytes end to end in an array, and the offsets where each
    starts. A large knowledge base pickles, loads and sits in memory as two arrays rather than
    one object per phrasing; cached, both are memory-mapped (`bot.kb.cache_file`), so only the
    pages of the texts a question reads become resident.

    Up to DECODED_UP_TO texts, they are also kept decoded once first read: a search reads 40
    of them, which costs a few microseconds decoded each time and a fraction of one looked up
    in a list, and so few strings cost little memory (they are never pickled)."""

    def __init__(self, texts: list[str]) -> None:
        """Hold `texts`, in order."""
        encoded = [text.encode() for text in texts]
        self._blob = np.frombuffer(b"".join(encoded), dtype=np.uint8)
        self._starts = np.cumsum([0, *(len(e) for e in encoded)], dtype=np.int64)
        self._decoded: list[str] | None = None

    def __getstate__(self) -> dict[str, np.ndarray]:
        return {"_blob": self._blob, "_starts": self._starts}

    def __setstate__(self, state: dict[str, np.ndarray]) -> None:
        self._blob, self._starts = state["_blob"], state["_starts"]
        self._decoded = None

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, number: int) -> str:
        decoded = self._small()
        if decoded is not None:
            return decoded[number]
        start, end = int(self._starts[number]), int(self._starts[number + 1])
        return self._blob[start:end].tobytes().decode()

    def many(self, numbers: np.ndarray) -> list[str]:
        """The texts at `numbers`, in their order (one array lookup for them all)."""
        decoded = self._small()
        if decoded is not None:
            return [decoded[number] for number in numbers.tolist()]
        return self._decode(numbers)

    def _small(self) -> list[str] | None:
        """Every text decoded, when there are few enough to keep them so."""
        if self._decoded is None and len(self) <= DECODED_UP_TO:
            self._decoded = self._decode(np.arange(len(self)))
        return self._decoded

    def _decode(self, numbers: np.ndarray) -> list[str]:
        # Slices of a memoryview decode without a numpy array and a bytes copy per text.
        blob = self._blob.data
        starts = self._starts[numbers].tolist()
        ends = self._starts[numbers + 1].tolist()
        return [utf_8_decode(blob[start:end])[0] for start, end in zip(starts, ends, strict=True)]


class ExactPhrasings:
    """Texts that map to one target each (a phrasing, normalised -> its target and the phrasing
    as written), sorted and searched by bisection: a dict of 100,000 keys costs tens of MB and
    a tenth of a second to load; this is five arrays."""

    def __init__(self, found: dict[str, tuple[int, str]]) -> None:
        """The mapping `found`, held compactly."""
        keys = sorted(found)
        self._keys = Texts(keys)
        self._written = Texts([found[k][1] for k in keys])
        self._targets = np.asarray([found[k][0] for k in keys], dtype=np.int32)

    def __len__(self) -> int:
        return len(self._keys)

    def get(self, key: str) -> tuple[int, str] | None:
        """The target and written phrasing of `key`, if it is one of the texts."""
        at = bisect.bisect_left(self._keys, key)
        if at < len(self._keys) and self._keys[at] == key:
            return int(self._targets[at]), self._written[at]
        return None


class ReadMemo(Generic[Read]):
    """An index that keeps what questions read of it (`_read`, by term) for this process
    only: the memo is never pickled with the index and starts empty when it is loaded."""

    _read: dict[str, Read]

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        del state["_read"]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._read = {}


class FaqIndex(ReadMemo[tuple[int, int, float]]):
    """Phrasings indexed by stem with IDF weights.

    Everything per phrasing is kept in flat arrays (entry numbers, posting lists end to end,
    IDF mass) and strings (`Texts`), not in an object per phrasing: at 100,000 phrasings that
    is the difference between loading in milliseconds and in seconds.
    """

    def __init__(
        self,
        phrasings: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]],
        names_entity: Callable[[str], bool] = lambda stem: False,
    ) -> None:
        """`phrasings` holds (entry id, original text, expanded words, stems) per phrasing.

        Stems for which `names_entity` is true weigh ENTITY_BOOST times their IDF.
        """
        # Each phrasing's distinct stems in sorted order, not a set's: the sums below then round
        # alike whatever the hash seed, so compiling gives the same index in every process.
        stem_sets = [sorted({s for s in stems if s not in STOPWORDS}) for *_, stems in phrasings]
        postings: dict[str, list[int]] = defaultdict(list)
        for index, stems in enumerate(stem_sets):
            for stem in stems:
                postings[stem].append(index)
        total = max(len(phrasings), 1)
        idf = {
            stem: math.log(1 + total / len(ids)) * (ENTITY_BOOST if names_entity(stem) else 1.0)
            for stem, ids in postings.items()
        }
        entries = list(dict.fromkeys(entry for entry, *_ in phrasings))
        number = {entry: n for n, entry in enumerate(entries)}
        self._entries = entries
        self._entry_of = np.asarray([number[e] for e, *_ in phrasings], dtype=np.int32)
        self._texts = Texts([text for _, text, _, _ in phrasings])
        # Each phrasing's words sorted and joined: rapidfuzz's token_sort_ratio sorts both
        # texts' words on every call; sorted once here, a question's shortlist is scored by the
        # plain ratio of the sorted texts, which is the same number (tests/test_sorted_words.py).
        self._sorted_words = Texts([sorted_words(words) for _, _, words, _ in phrasings])
        # Posting lists end to end: stem number k owns ids[starts[k]:starts[k + 1]].
        self._stems = {stem: k for k, stem in enumerate(postings)}
        self._idf = np.asarray([idf[stem] for stem in postings], dtype=np.float64)
        self._starts = np.cumsum([0, *(len(ids) for ids in postings.values())], dtype=np.int64)
        self._ids = np.asarray([i for ids in postings.values() for i in ids], dtype=np.int32)
        self._mass = np.asarray(
            [sum(idf[s] for s in stems) for stems in stem_sets], dtype=np.float64
        )
        # The same posting lists, each in increasing order of its phrasings' mass (then
        # number): a list's first phrasings are the ones its word alone scores best.
        owner = np.repeat(np.arange(len(postings)), np.diff(self._starts))
        self._by_mass = self._ids[np.lexsort((self._ids, self._mass[self._ids], owner))]
        self._entity_stems = frozenset(stem for stem in postings if names_entity(stem))
        self._plain_mass = np.asarray(
            [sum(idf[s] for s in stems if s not in self._entity_stems) for stems in stem_sets],
            dtype=np.float64,
        )
        self._unknown_idf = math.log(1 + total)
        self._read: dict[str, tuple[int, int, float]] = {}

    def __len__(self) -> int:
        return len(self._entry_of)

    def _stem(self, stem: str) -> tuple[int, int, float] | None:
        """Where a known stem's posting list starts and ends, and its IDF, as Python numbers
        (None for a stem no phrasing uses). Kept once read: each search reads a few stems
        several times, and a numpy scalar costs more to read than the list it points to."""
        found = self._read.get(stem)
        if found is None:
            k = self._stems.get(stem)
            if k is None:
                return None
            start, end = int(self._starts[k]), int(self._starts[k + 1])
            found = self._read[stem] = (start, end, float(self._idf[k]))
        return found

    def using(self, stem: str) -> int:
        """How many phrasings use `stem`."""
        found = self._stem(stem)
        return 0 if found is None else found[1] - found[0]

    def idf(self, stem: str) -> float:
        """How telling a stem is; words never seen weigh the most."""
        found = self._stem(stem)
        return self._unknown_idf if found is None else found[2]

    def _postings(self, stem: str) -> np.ndarray:
        start, end, _ = self._known(stem)
        ids: np.ndarray = self._ids[start:end]
        return ids

    def _known(self, stem: str) -> tuple[int, int, float]:
        """`_stem` of a stem some phrasing uses."""
        found = self._stem(stem)
        if found is None:
            raise KeyError(stem)
        return found

    def _pruned(self, known: list[str], query_mass: float) -> tuple[np.ndarray, np.ndarray]:
        """Phrasings (ascending) among which the shortlist lies, and their overlaps with the
        question.

        Max-score over lists ordered by mass: the candidates are the first `head` phrasings
        of each of the question's words' lists, lightest first (a whole list when it is
        shorter). A phrasing left out holds only words whose heads it missed, so it overlaps
        the question by at most their IDF, W, and its mass is at least W and at least the
        mass where each of those heads ends, M: its Dice is at most 2W / (question mass +
        max(W, M)). When that bound, over every set of such words, is below the SHORTLIST-th
        best Dice of the candidates, none of them can make the shortlist; otherwise the heads
        grow. A common word ("who", "team") is thus read for a few hundred phrasings, not the
        tens of thousands that hold it.
        """
        terms = sorted(known, key=lambda stem: (self.using(stem), stem))
        weights = [self.idf(stem) for stem in terms]
        lists = [self._postings(stem) for stem in terms]
        head = HEAD
        while head * len(terms) * ESSENTIAL_SHARE <= len(self):
            spans = [self._span(stem) for stem in terms]
            heads = [self._by_mass[start : min(start + head, end)] for start, end in spans]
            candidates = distinct(np.concatenate(heads))
            overlap: np.ndarray = np.zeros(len(candidates))
            for ids, weight in zip(lists, weights, strict=True):
                # Posting lists are ascending: a binary search says which candidates hold it.
                at = np.minimum(np.searchsorted(ids, candidates), len(ids) - 1)
                overlap += weight * (ids[at] == candidates)
            # Per word whose list was cut: its IDF and the mass where its head ends.
            cut_lists = [
                (weight, float(self._mass[taken[-1]]))
                for taken, ids, weight in zip(heads, lists, weights, strict=True)
                if len(taken) < len(ids)
            ]
            if not cut_lists:
                return candidates, overlap
            if len(candidates) >= SHORTLIST:
                dice = 2 * overlap / (query_mass + self._mass[candidates])
                cut = np.partition(dice, len(dice) - SHORTLIST)[len(dice) - SHORTLIST]
                if _outside_bound(cut_lists, query_mass) * (1 + BOUND_SLACK) < cut:
                    return candidates, overlap
            head *= 4
        every = np.bincount(
            np.concatenate(lists),
            weights=np.repeat(weights, [len(found) for found in lists]),
            minlength=len(self),
        )
        # `!= 0` first: finding the nonzero places of a boolean array is several times faster
        # than of a float one.
        sharing = np.flatnonzero(every != 0)
        return sharing, every[sharing]

    def _span(self, stem: str) -> tuple[int, int]:
        start, end, _ = self._known(stem)
        return start, end

    def search(self, words: tuple[str, ...], stems: tuple[str, ...], limit: int = 5) -> list[Hit]:
        """The best entries for a question, one hit per entry, best first."""
        # Sorted, not a set's order: sums over the stems then round alike in every process,
        # so the ranker fitted on these features is the same whatever the hash seed.
        query = sorted({s for s in stems if s not in STOPWORDS})
        read = [self._stem(s) for s in query]
        known = [s for s, found in zip(query, read, strict=True) if found is not None]
        if not known or not len(self):
            return []
        unknown = self._unknown_idf
        query_mass = sum(unknown if found is None else found[2] for found in read)
        # Dice over IDF mass: the question's words must be covered and so must the phrasing's.
        if len(self) >= PRUNE_FROM:
            phrasings, overlaps = self._pruned(known, query_mass)
            dice = 2 * overlaps / (query_mass + self._mass[phrasings])
            kept = highest(dice, SHORTLIST)
            shortlist, scores, shared = phrasings[kept], dice[kept], overlaps[kept]
        else:
            spans = [found for found in read if found is not None]
            ids = np.concatenate([self._ids[start:end] for start, end, _ in spans])
            weights = np.repeat(
                [weight for _, _, weight in spans], [end - start for start, end, _ in spans]
            )
            overlap = np.bincount(ids, weights=weights, minlength=len(self))
            # Each Dice score negated, as the selection takes them, in one pass: negating the
            # numerator gives exactly the negated quotient.
            lowest = -2 * overlap / (query_mass + self._mass)
            count = min(SHORTLIST, int(np.count_nonzero(overlap)))
            shortlist = np.argpartition(lowest, count - 1)[:count]
            scores, shared = -lowest[shortlist], overlap[shortlist]
        choices = self._sorted_words.many(shortlist)
        # rapidfuzz gives float32, divided in float32, then widened to mix with the Dice scores
        # in float64 (as Python floats would be).
        fuzzy = process.cdist([sorted_words(words)], choices, scorer=fuzz.ratio)[0] / 100
        combined = (1 - PHRASE_WEIGHT) * scores + PHRASE_WEIGHT * fuzzy.astype(np.float64)
        # Each entry's best score and the shortlist position of its phrasing, keyed by entry
        # number: only the hits returned have their entry named, their phrasing decoded and
        # their support computed.
        best: dict[int, tuple[float, int]] = {}
        best_so_far = best.get
        for position, entry, score in zip(
            range(len(shortlist)),
            self._entry_of[shortlist].tolist(),
            combined.tolist(),
            strict=True,
        ):
            previous = best_so_far(entry)
            if previous is None or score > previous[0]:
                best[entry] = (four_places(score), position)
        ranked = sorted(best.items(), key=lambda item: item[1][0], reverse=True)[:limit]
        positions = [position for _, (_, position) in ranked]
        chosen = shortlist[positions]
        texts = self._texts.many(chosen)
        support = self._support(chosen, shared[positions].tolist(), known)
        return [
            Hit(self._entries[entry], text, score, share)
            for (entry, (score, _)), text, share in zip(ranked, texts, support, strict=True)
        ]

    def _support(self, chosen: np.ndarray, plain: list[float], known: list[str]) -> list[float]:
        """For each chosen phrasing (given its overlap with the question, `plain`), the share of
        its IDF mass outside entity names that the question's stems cover (0 for a phrasing
        that is only a name). In Python floats, which round as numpy's do: for the few hits
        returned, a numpy call per step costs more than the step."""
        for stem in known:
            if stem in self._entity_stems:
                # Posting lists are ascending: a binary search says which phrasings hold it.
                ids = self._postings(stem)
                at = np.minimum(np.searchsorted(ids, chosen), len(ids) - 1)
                held = (ids[at] == chosen).tolist()
                weight = self.idf(stem)
                plain = [
                    overlap - weight if holds else overlap
                    for overlap, holds in zip(plain, held, strict=True)
                ]
        mass = self._plain_mass[chosen].tolist()
        # A share to four places, as scores are: the sums it divides, added in other orders,
        # round apart, and a phrasing the question covers whole must score 1, not 1 - 2e-16.
        return [
            four_places(min(covered / whole, 1.0)) if whole > 0 else 0.0
            for covered, whole in zip(plain, mass, strict=True)
        ]


def four_places(value: float) -> float:
    """`round(value, 4)`, the same float, mostly without what `round` costs: given digits, it
    writes the value out in decimal and reads it back, a few thousand instructions a call
    (2% of an answer's at some 25 calls).

    Scaled by 10,000, a value whose scaled float lies more than a millionth from a half-integer
    rounds to the integer nearest that float, as the float is within 1e-6 of the exact product
    while it is below 1e9; that integer divided by 10,000 is the float nearest the decimal it
    stands for, which is what `round` returns. Values near a half, zeros (whose sign `round`
    keeps) and large or non-finite values are left to `round` itself."""
    scaled = value * 10_000.0
    if abs(scaled) < 1e9:
        nearest = math.floor(scaled + 0.5)
        if nearest and abs(scaled - nearest) < 0.499_999:
            return nearest / 10_000.0
    return round(value, 4)


def sorted_words(words: tuple[str, ...] | list[str]) -> str:
    """Words in sorted order, joined by spaces: what token_sort_ratio compares, worked out once.

    `fuzz.ratio` of two such texts is `fuzz.token_sort_ratio` of the words as they came, as
    long as no word holds a space (tokens never do)."""
    return " ".join(sorted(words))


def distinct(numbers: np.ndarray) -> np.ndarray:
    """`numbers` sorted, each once (`np.unique`, and `np.union1d` with it, import a module of
    numpy's on first use: 20 ms of a `rolebot ask`)."""
    ordered = np.sort(numbers)
    kept: np.ndarray = ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]
    return kept


def _outside_bound(cut_lists: list[tuple[float, float]], query_mass: float) -> float:
    """The highest Dice a phrasing outside the candidates can have: it holds some of the
    words whose lists were cut, each given as (IDF, mass where its head ends), and none of
    the others."""
    best = 0.0
    for size in range(1, len(cut_lists) + 1):
        for held in combinations(cut_lists, size):
            shared = sum(weight for weight, _ in held)
            lightest = max(shared, *(mass for _, mass in held))
            best = max(best, 2 * shared / (query_mass + lightest))
    return best


def highest(scores: np.ndarray, count: int) -> np.ndarray:
    """The places of the `count` highest `scores`, ties to the lower place, in increasing
    order (whatever order a selection algorithm would visit them in)."""
    if count >= len(scores):
        return np.arange(len(scores))
    groups = len(scores) // GROUP
    if groups >= count * GROUPS_PER_PLACE:
        # The `count`-th highest of the groups' maxima: `count` scores in different groups
        # reach it, so the `count`-th best score does, and only the few above it need a
        # selection (a selection over 20,000 scores costs several times these passes). Group
        # j holds every `groups`-th score from j: their maxima are one elementwise maximum
        # of GROUP contiguous rows, five times faster than a maximum within each row.
        peaks = scores[: groups * GROUP].reshape(GROUP, groups).max(axis=0)
        floor = np.partition(peaks, groups - count)[groups - count]
        above = np.flatnonzero(scores > floor)
        if len(above) >= count:
            kept: np.ndarray = above[highest(scores[above], count)]
            return kept
        # Fewer above: the `count`-th best score is the floor itself.
        cut = floor
    else:
        cut = np.partition(scores, len(scores) - count)[len(scores) - count]
        above = np.flatnonzero(scores > cut)
    tied = np.flatnonzero(scores == cut)[: count - len(above)]
    places: np.ndarray = np.sort(np.concatenate((above, tied)))  # disjoint: > and ==
    return places
