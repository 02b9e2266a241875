"""One file for the compiled knowledge: a pickle whose arrays lie beside it, memory-mapped.

Pickle protocol 5 hands every numpy array out of band (`buffer_callback`); they are written
after the pickle, each aligned, and read back as views of a read-only memory map. Loading
then costs the Python objects alone, and an array takes memory only for the pages a question
touches: at 100,000 phrasings the phrasing vectors (150 MB) are read a few rows at a time.

Layout: MAGIC, the pickle's length and the number of arrays (two little-endian u64), then
(offset, length) per array, the pickle, and the arrays at their offsets.
"""

from __future__ import annotations

import mmap
import pickle
import struct
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any, TypeVar

import numpy as np

if TYPE_CHECKING:
    from _collections_abc import dict_items, dict_keys, dict_values

MAGIC = b"rolebot-compiled-1\n"
ALIGN = 64  # a cache line, and more than any numpy dtype needs
_COUNTS = struct.Struct("<QQ")
_SPAN = struct.Struct("<QQ")
_K = TypeVar("_K")
_V = TypeVar("_V")


class CacheFileError(ValueError):
    """The file is not one `dump` wrote, or it was cut short."""


def dump(value: object, file: IO[bytes]) -> None:
    """Write `value` to `file` (opened for writing at its start)."""
    buffers: list[pickle.PickleBuffer] = []
    data = pickle.dumps(value, protocol=5, buffer_callback=buffers.append)
    raws = [buffer.raw() for buffer in buffers]
    header = len(MAGIC) + _COUNTS.size + _SPAN.size * len(raws)
    offset = _aligned(header + len(data))
    spans = []
    for raw in raws:
        spans.append((offset, raw.nbytes))
        offset = _aligned(offset + raw.nbytes)
    file.write(MAGIC + _COUNTS.pack(len(data), len(raws)))
    file.write(b"".join(_SPAN.pack(*span) for span in spans))
    file.write(data)
    position = header + len(data)
    for (start, _), raw in zip(spans, raws, strict=True):
        file.write(bytes(start - position))
        file.write(raw)
        position = start + raw.nbytes


def load(file: IO[bytes], *, random_access: bool = False) -> object:
    """Read what `dump` wrote; its arrays are read-only views of a memory map of `file`,
    which stays mapped while any of them is alive. With `random_access` the kernel reads no
    further ahead than a page: a question reads a few scattered rows of a large array, and
    read-ahead would bring (and keep resident) the rows around each."""
    mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    if random_access and hasattr(mmap, "MADV_RANDOM"):  # not on Windows
        mapped.madvise(mmap.MADV_RANDOM)
    view = memoryview(mapped)
    at = len(MAGIC)
    if view[:at] != MAGIC or len(view) < at + _COUNTS.size:
        raise CacheFileError("not a compiled knowledge file")
    length, count = _COUNTS.unpack_from(view, at)
    at += _COUNTS.size
    if at + _SPAN.size * count > len(view):
        raise CacheFileError("compiled knowledge file cut short")
    spans = [_SPAN.unpack_from(view, at + _SPAN.size * n) for n in range(count)]
    at += _SPAN.size * count
    if at + length > len(view) or any(start + size > len(view) for start, size in spans):
        raise CacheFileError("compiled knowledge file cut short")
    return pickle.loads(
        view[at : at + length], buffers=[view[start : start + size] for start, size in spans]
    )


def _aligned(offset: int) -> int:
    return -(-offset // ALIGN) * ALIGN


class Deferred(dict[_K, _V]):
    """A dict unpickled on first use: for what a cache must hold but a question rarely reads
    (where each of 100,000 phrasings was defined, for problem reports).

    Every way of reading it fills it first; it pickles packed, so a copy unpickled is deferred
    again. Packed, it is a byte array: out of band in a cache file, so mapped rather than read.
    """

    __slots__ = ("_packed",)

    def __init__(self, packed: np.ndarray) -> None:
        """A dict that will be `pickle.loads(packed)` (bytes, as an array) once read."""
        super().__init__()
        self._packed: np.ndarray | None = packed

    @classmethod
    def of(cls, values: dict[_K, _V]) -> Deferred[_K, _V]:
        """`values`, deferred."""
        return cls(_packed(values))

    def _fill(self) -> None:
        if self._packed is not None:
            packed, self._packed = self._packed, None
            super().update(pickle.loads(packed.data))

    def __reduce__(self) -> tuple[type[Deferred[_K, _V]], tuple[np.ndarray]]:
        # Pickled as what it holds, still packed: unpickling it costs one array.
        if self._packed is None:
            return Deferred, (_packed(dict(self.items())),)
        return Deferred, (self._packed,)

    def __getitem__(self, key: _K) -> _V:
        self._fill()
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self._fill()
        return super().__contains__(key)

    def __iter__(self) -> Iterator[_K]:
        self._fill()
        return super().__iter__()

    def __len__(self) -> int:
        self._fill()
        return super().__len__()

    def __eq__(self, other: object) -> bool:
        self._fill()
        return super().__eq__(other)

    def __repr__(self) -> str:
        self._fill()
        return super().__repr__()

    def get(self, key: _K, default: Any = None) -> Any:
        self._fill()
        return super().get(key, default)

    def keys(self) -> dict_keys[_K, _V]:
        self._fill()
        return super().keys()

    def values(self) -> dict_values[_K, _V]:
        self._fill()
        return super().values()

    def items(self) -> dict_items[_K, _V]:
        self._fill()
        return super().items()

    def copy(self) -> dict[_K, _V]:
        self._fill()
        return dict(super().items())


def _packed(values: dict[_K, _V]) -> np.ndarray:
    return np.frombuffer(pickle.dumps(values, protocol=5), dtype=np.uint8)
