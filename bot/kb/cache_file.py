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
from typing import IO

MAGIC = b"rolebot-compiled-1\n"
ALIGN = 64  # a cache line, and more than any numpy dtype needs
_COUNTS = struct.Struct("<QQ")
_SPAN = struct.Struct("<QQ")


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


def load(file: IO[bytes]) -> object:
    """Read what `dump` wrote; its arrays are read-only views of a memory map of `file`,
    which stays mapped while any of them is alive."""
    mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
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
