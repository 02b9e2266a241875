"""Splitting long text into pieces that fit a platform's limit, at the kindest boundary."""

from __future__ import annotations


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, cut at a paragraph, line, sentence or word if possible.

    Joining the pieces with the separators they were cut at gives the text back (less the
    whitespace at each cut), so nothing is lost.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = -1
        for separator in ("\n\n", "\n", ". ", " "):
            cut = window.rfind(separator, 0, limit + 1)
            if cut > limit // 3:
                cut += len(separator) if separator == ". " else 0
                break
        if cut <= 0:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces
