"""The static embedding table on disk: one uncompressed `.npz` that numpy reads on its own.

It holds three arrays, none pickled:
- `vectors`: (vocabulary size, dimensions), one row per token id, float16 or int8 (model2vec's
  int8 has one scale for the whole matrix, which L2 normalisation cancels);
- `tokens`: the vocabulary in id order, UTF-8, one token a line (a list of 30k Python strings
  loads several times faster from one buffer than from a numpy string array);
- `meta`: UTF-8 JSON: the tokenizer's settings, the encoder's limits and how it was built.

The archive is stored, not deflated, so `read_table` memory-maps `vectors` where it lies in
the file instead of reading it: loading costs the vocabulary, and only the rows a text uses
are ever paged in.
"""

from __future__ import annotations

import json
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np
from numpy.lib import format as npy_format

from bot.semantic.wordpiece import TokenizerSettings

TABLE_FORMAT = 1
VECTOR_TYPES = (np.dtype(np.float16), np.dtype(np.int8))
DEFAULT_TABLE = Path(__file__).resolve().parent / "data" / "minilm_static.npz"


class TableError(ValueError):
    """The table file is missing, unreadable or not a table this code can use."""


@dataclass(frozen=True, slots=True)
class EncoderLimits:
    """How model2vec's `StaticModel.encode` bounds and finishes a text's vector."""

    max_tokens: int  # tokens beyond this are cut (the tokenizer's truncation)
    max_chars: int  # the text is cut to this many characters first (max tokens x median length)
    normalize: bool  # rows are L2-normalised


@dataclass(frozen=True, slots=True)
class EmbeddingTable:
    """A token-to-vector table and everything needed to turn a text into token ids."""

    tokens: tuple[str, ...]
    vectors: np.ndarray[Any, np.dtype[np.float16 | np.int8]]
    tokenizer: TokenizerSettings
    limits: EncoderLimits
    built_with: dict[str, Any]  # versions and parameters of the build, for people and reports


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    """The data of a 1-D uint8 array in the archive, without going through np.load."""
    with archive.open(f"{name}.npy") as member:
        _read_npy_header(member)
        return member.read()


def _read_npy_header(stream: IO[bytes]) -> tuple[tuple[int, ...], bool, np.dtype[Any]]:
    version = npy_format.read_magic(stream)
    if version == (1, 0):
        return npy_format.read_array_header_1_0(stream)
    return npy_format.read_array_header_2_0(stream)


def _map_member(path: Path, info: zipfile.ZipInfo) -> np.ndarray[Any, np.dtype[Any]]:
    """Memory-map a stored (uncompressed) `.npy` member of a zip archive where it lies."""
    if info.compress_type != zipfile.ZIP_STORED:
        raise ValueError(f"{info.filename} is compressed; the table must be stored")
    with path.open("rb") as stream:
        stream.seek(info.header_offset)
        local_header = stream.read(30)
        if local_header[:4] != b"PK\x03\x04":
            raise ValueError(f"{info.filename}: no local file header")
        name_length, extra_length = struct.unpack("<HH", local_header[26:30])
        stream.seek(info.header_offset + 30 + name_length + extra_length)
        shape, fortran_order, dtype = _read_npy_header(stream)
        offset = stream.tell()
    mapped = np.memmap(
        path, dtype=dtype, mode="r", offset=offset, shape=shape, order="F" if fortran_order else "C"
    )
    return np.asarray(mapped)


def write_table(table: EmbeddingTable, path: Path) -> None:
    """Write `table` to `path` in the format `read_table` reads."""
    if any("\n" in token for token in table.tokens):
        raise TableError("a token holds a line break; the vocabulary is one token a line")
    if table.vectors.dtype not in VECTOR_TYPES:
        raise TableError(f"{table.vectors.dtype} vectors; the table holds float16 or int8")
    if table.vectors.shape != (len(table.tokens), table.vectors.shape[1]):
        raise TableError(f"{table.vectors.shape[0]} vectors for {len(table.tokens)} tokens")
    settings = table.tokenizer
    meta = {
        "format": TABLE_FORMAT,
        "tokenizer": {
            "unk_token": settings.unk_token,
            "continuing_prefix": settings.continuing_prefix,
            "max_input_chars_per_word": settings.max_input_chars_per_word,
            "protected_tokens": list(settings.protected_tokens),
            "char_overrides": {f"{ord(c):X}": form for c, form in settings.char_overrides.items()},
            "punctuation_overrides": {
                f"{ord(c):X}": is_punct for c, is_punct in settings.punctuation_overrides.items()
            },
        },
        "limits": {
            "max_tokens": table.limits.max_tokens,
            "max_chars": table.limits.max_chars,
            "normalize": table.limits.normalize,
        },
        "built_with": table.built_with,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        np.savez(
            out,
            vectors=table.vectors,
            tokens=np.frombuffer("\n".join(table.tokens).encode("utf-8"), dtype=np.uint8),
            meta=np.frombuffer(json.dumps(meta, sort_keys=True).encode("utf-8"), dtype=np.uint8),
        )


def read_table(path: Path = DEFAULT_TABLE) -> EmbeddingTable:
    """Read a table written by `write_table`; raises TableError naming the file when it cannot.

    The vectors are memory-mapped read-only, not read.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            tokens = tuple(_read_member(archive, "tokens").decode("utf-8").split("\n"))
            meta = json.loads(_read_member(archive, "meta"))
            vectors = _map_member(path, archive.getinfo("vectors.npy"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, struct.error) as error:
        raise TableError(f"{path}: not a readable embedding table ({error})") from error
    if not isinstance(meta, dict) or meta.get("format") != TABLE_FORMAT:
        raise TableError(f"{path}: table format {meta.get('format')!r}, expected {TABLE_FORMAT}")
    if vectors.dtype not in VECTOR_TYPES or vectors.ndim != 2 or len(vectors) != len(tokens):
        raise TableError(
            f"{path}: {vectors.shape} {vectors.dtype} vectors for {len(tokens)} tokens"
        )
    try:
        settings = meta["tokenizer"]
        limits = meta["limits"]
        return EmbeddingTable(
            tokens=tokens,
            vectors=vectors,
            tokenizer=TokenizerSettings(
                unk_token=str(settings["unk_token"]),
                continuing_prefix=str(settings["continuing_prefix"]),
                max_input_chars_per_word=int(settings["max_input_chars_per_word"]),
                protected_tokens=tuple(str(t) for t in settings["protected_tokens"]),
                char_overrides={
                    chr(int(code, 16)): str(form)
                    for code, form in settings["char_overrides"].items()
                },
                punctuation_overrides={
                    chr(int(code, 16)): bool(is_punct)
                    for code, is_punct in settings["punctuation_overrides"].items()
                },
            ),
            limits=EncoderLimits(
                max_tokens=int(limits["max_tokens"]),
                max_chars=int(limits["max_chars"]),
                normalize=bool(limits["normalize"]),
            ),
            built_with=dict(meta.get("built_with", {})),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise TableError(f"{path}: table metadata is incomplete ({error!r})") from error
