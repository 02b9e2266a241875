"""The shipped static embedder, loaded once for the semantic tests."""

from __future__ import annotations

import pytest

from bot.semantic import StaticEmbedder


@pytest.fixture(scope="session")
def embedder() -> StaticEmbedder:
    """The embedder over the table that ships in bot/semantic/data/."""
    return StaticEmbedder.load()
