"""Long text is split within limits, preferring paragraph, line, sentence and word boundaries."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.chunks import split_text


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 10, ["short"]),
        ("para one\n\npara two", 12, ["para one", "para two"]),
        ("line one\nline two", 12, ["line one", "line two"]),
        ("First one. Second one.", 15, ["First one.", "Second one."]),
        ("aaaa bbbb cccc", 9, ["aaaa bbbb", "cccc"]),
        ("x" * 25, 10, ["x" * 10, "x" * 10, "x" * 5]),
        ("", 10, []),
    ],
    ids=["fits", "paragraph", "line", "sentence", "word", "no-boundary", "empty"],
)
def test_split_points(text: str, limit: int, expected: list[str]) -> None:
    assert split_text(text, limit) == expected


@given(st.text(max_size=3000), st.integers(min_value=1, max_value=500))
def test_pieces_fit_and_keep_every_visible_character(text: str, limit: int) -> None:
    pieces = split_text(text, limit)
    assert all(0 < len(p) <= limit for p in pieces)
    assert "".join("".join(p.split()) for p in pieces) == "".join(text.split())
