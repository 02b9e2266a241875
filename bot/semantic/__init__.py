"""A semantic signal without torch: static token vectors distilled from all-MiniLM-L6-v2.

`StaticEmbedder.load()` reads the table shipped in `bot/semantic/data/` (built by
`make embeddings`, see `scripts/build_embeddings.py`); nothing is read at import time.
This package uses numpy and the standard library only.
"""

from bot.semantic.embedder import StaticEmbedder, Vectors
from bot.semantic.table import DEFAULT_TABLE, EmbeddingTable, TableError, read_table
from bot.semantic.wordpiece import TokenizerSettings, WordPieceTokenizer

__all__ = [
    "DEFAULT_TABLE",
    "EmbeddingTable",
    "StaticEmbedder",
    "TableError",
    "TokenizerSettings",
    "Vectors",
    "WordPieceTokenizer",
    "read_table",
]
