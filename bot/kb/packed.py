"""Many objects held as a few arrays, each object built only when something reads it.

At 100,000 phrasings the knowledge has some 20,000 FAQ entries and answer targets. Loaded as
one Python object each they cost a tenth of a second and tens of MB at every start, though a
question reads a handful. Here each is kept as its pickle, end to end in one byte array, and
unpickled on first read (then kept); keys are found through a sorted array of their hashes.
Cached, the arrays are memory-mapped (`bot.kb.cache_file`): an item costs memory once read.
"""

from __future__ import annotations

import bisect
import pickle
import zlib
from collections.abc import ItemsView, Iterable, Iterator, Mapping, Sequence, ValuesView
from typing import Any, TypeVar, overload

import numpy as np

from bot.understanding.retrieval import Texts

_T = TypeVar("_T")
_V = TypeVar("_V")


class PackedList(Sequence[_T]):
    """A read-only list whose items are unpickled when first read.

    An item read by its index is kept; a pass over all of them (a count of every phrasing, a
    search through every entry) keeps none it did not find kept, so it leaves memory as it was.
    """

    __slots__ = ("_blob", "_ends", "_read")

    def __init__(self, items: Iterable[_T]) -> None:
        """Hold `items`, in order (each must pickle)."""
        pickles = [pickle.dumps(item, protocol=5) for item in items]
        self._restore(
            np.frombuffer(b"".join(pickles), dtype=np.uint8),
            np.cumsum([0, *(len(p) for p in pickles)], dtype=np.int64),
        )

    def _restore(self, blob: np.ndarray, ends: np.ndarray) -> None:
        self._blob = blob
        self._ends = ends
        self._read: dict[int, _T] = {}

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled as its two arrays (out of band in the cache file), never as what was read.
        return (_unpickled_list, (self._blob, self._ends))

    def __len__(self) -> int:
        return len(self._ends) - 1

    @overload
    def __getitem__(self, index: int) -> _T: ...

    @overload
    def __getitem__(self, index: slice) -> list[_T]: ...

    def __getitem__(self, index: int | slice) -> _T | list[_T]:
        if isinstance(index, slice):
            return [self[number] for number in range(*index.indices(len(self)))]
        # An item already read is one lookup: each question reads its candidates' targets.
        item = self._read.get(index)
        if item is None:
            number = index + len(self) if index < 0 else index
            if not 0 <= number < len(self):
                raise IndexError(index)
            item = self._read.get(number)
            if item is None:
                item = self._read[number] = self._unpickled(number)
        return item

    def __iter__(self) -> Iterator[_T]:
        for number in range(len(self)):
            item = self._read.get(number)
            yield self._unpickled(number) if item is None else item

    def _unpickled(self, number: int) -> _T:
        start, end = int(self._ends[number]), int(self._ends[number + 1])
        item: _T = pickle.loads(self._blob[start:end].data)
        return item


def _unpickled_list(blob: np.ndarray, ends: np.ndarray) -> PackedList[Any]:
    packed: PackedList[Any] = PackedList.__new__(PackedList)
    packed._restore(blob, ends)
    return packed


def _hash(key: str) -> int:
    # Stable across processes (unlike `hash`), so it can be stored.
    return zlib.crc32(key.encode())


class Numbered(Mapping[str, int]):
    """Distinct strings, each mapped to its position in the order given.

    A dict of 20,000 strings costs megabytes and milliseconds to load; this is the strings as
    `Texts` and their hashes sorted in an array, searched by bisection.
    """

    __slots__ = ("_hashes", "_keys", "_order")

    def __init__(self, keys: Sequence[str]) -> None:
        """Number `keys` (all different) from 0."""
        if len(set(keys)) != len(keys):
            raise ValueError("keys must be distinct")
        self._keys = Texts(list(keys))
        hashes = np.asarray([_hash(key) for key in keys], dtype=np.uint32)
        self._order = np.argsort(hashes, kind="stable").astype(np.int32)
        self._hashes = hashes[self._order]

    def __getitem__(self, key: str) -> int:
        wanted = _hash(key)
        # A memoryview reads single values faster than the array does.
        hashes = self._hashes.data
        at = bisect.bisect_left(hashes, wanted)
        while at < len(hashes) and hashes[at] == wanted:
            number = int(self._order[at])
            if self._keys[number] == key:
                return number
            at += 1
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (self._keys[number] for number in range(len(self._keys)))

    def __len__(self) -> int:
        return len(self._keys)


class PackedDict(Mapping[str, _V]):
    """A read-only dict keyed by strings, in insertion order, whose values are unpickled when
    first read; kept when read by key, not by a pass over them all (as `PackedList`)."""

    __slots__ = ("_numbers", "_values")

    def __init__(self, items: Mapping[str, _V]) -> None:
        """Hold `items`."""
        self._numbers = Numbered(list(items))
        self._values = PackedList(items.values())

    def __getitem__(self, key: str) -> _V:
        return self._values[self._numbers[key]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._numbers)

    def __len__(self) -> int:
        return len(self._values)

    def values(self) -> ValuesView[_V]:
        """The values, in order."""
        return _Values(self)

    def items(self) -> ItemsView[str, _V]:
        """The keys with their values, in order."""
        return _Items(self)


class _Values(ValuesView[_V]):
    _mapping: PackedDict[_V]

    def __iter__(self) -> Iterator[_V]:
        return iter(self._mapping._values)


class _Items(ItemsView[str, _V]):
    _mapping: PackedDict[_V]

    def __iter__(self) -> Iterator[tuple[str, _V]]:
        return zip(self._mapping, self._mapping._values, strict=True)
