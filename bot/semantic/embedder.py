"""Sentence vectors from the static table: the mean of a text's token vectors, L2-normalised.

This is model2vec's `StaticModel.encode` for a table distilled without vocabulary
quantisation (its SIF weights are already folded into the vectors), in numpy alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bot.semantic.table import DEFAULT_TABLE, EmbeddingTable, EncoderLimits, read_table
from bot.semantic.wordpiece import WordPieceTokenizer

Vectors = np.ndarray[Any, np.dtype[np.float32]]


class StaticEmbedder:
    """Turns texts into unit vectors that can be compared by dot product (cosine)."""

    def __init__(self, table: EmbeddingTable) -> None:
        """An embedder over an already-read table (see `StaticEmbedder.load`)."""
        self.tokenizer = WordPieceTokenizer(table.tokens, table.tokenizer)
        self.limits: EncoderLimits = table.limits
        self.built_with = table.built_with
        self._vectors = table.vectors

    @classmethod
    def load(cls, path: Path = DEFAULT_TABLE) -> StaticEmbedder:
        """Read the table at `path` (the one shipped with rolebot by default).

        Raises `bot.semantic.TableError` when the file is missing or not a table.
        """
        return cls(read_table(path))

    @property
    def dim(self) -> int:
        """The length of every vector `encode` returns."""
        return int(self._vectors.shape[1])

    def token_ids(self, text: str) -> list[int]:
        """The ids whose vectors make `text`'s vector: the text cut to the encoder's limits,
        unknown words left out."""
        ids = self.tokenizer.encode(text[: self.limits.max_chars])[: self.limits.max_tokens]
        unk = self.tokenizer.unk_id
        return [number for number in ids if number != unk]

    def encode(self, texts: Sequence[str]) -> Vectors:
        """One float32 row per text: the mean of its token vectors, L2-normalised.

        A text with no known token (empty, only emoji or unknown script) gets a row of zeros,
        which is as far from every other text as cosine goes.
        """
        if isinstance(texts, str):
            raise TypeError("encode takes a sequence of texts; wrap a single text in a list")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            ids = self.token_ids(text)
            if ids:
                np.add.reduce(self._vectors[ids], axis=0, dtype=np.float32, out=out[row])
                out[row] /= len(ids)
        if self.limits.normalize:
            norms = np.sqrt(np.einsum("ij,ij->i", out, out))[:, None]
            np.divide(out, norms, out=out, where=norms > 0)
        return out
