"""Plain-text rendering of a reply: the JSON contract's `text` and every platform's fallback."""

from __future__ import annotations

import re

from bot.reply import Reply, table_lines

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
_CODE = re.compile(r"`([^`]+)`")


def strip_markup(body: str) -> str:
    """The neutral markup without its marks: bold and code unwrapped, links as ``label (url)``."""
    body = _LINK.sub(r"\1 (\2)", body)
    body = _BOLD.sub(r"\1", body)
    return _CODE.sub(r"\1", body)


def render(reply: Reply) -> str:
    """The whole reply as plain text: title, body, table and suggestions."""
    parts = [reply.title, strip_markup(reply.body)]
    if reply.table is not None:
        parts.append("\n".join(table_lines(reply.table)))
    if reply.suggestions:
        parts.append("Try: " + " · ".join(s.label for s in reply.suggestions))
    return "\n\n".join(p for p in parts if p)


def to_json(reply: Reply) -> dict[str, object]:
    """The command-line contract's JSON object for a reply."""
    provenance = reply.provenance
    return {
        "question": reply.question,
        "intent": provenance.intent,
        "confidence": round(max(0.0, min(1.0, provenance.score)), 4),
        "fallback": reply.fallback,
        "kind": reply.kind.value,
        "title": reply.title,
        "text": render(reply),
        "entry": provenance.entry,
        "matched": provenance.matched,
        "suggestions": [s.label for s in reply.suggestions],
    }
