"""Rendering for a terminal: ANSI bold when colour is on, aligned tables, numbered suggestions."""

from __future__ import annotations

import re

from bot.plaintext import strip_markup, table_lines
from bot.reply import Reply

_BOLD = re.compile(r"\*\*(.+?)\*\*")
BOLD_ON, BOLD_OFF = "\033[1m", "\033[0m"


def render(reply: Reply, *, colour: bool) -> str:
    """The reply as terminal text; suggestions are numbered so typing the number asks it."""
    body = _BOLD.sub(rf"{BOLD_ON}\1{BOLD_OFF}", reply.body) if colour else reply.body
    title = f"{BOLD_ON}{reply.title}{BOLD_OFF}" if colour else reply.title
    parts = [title, strip_markup(body)]
    if reply.table is not None:
        parts.append("\n".join(table_lines(reply.table, max_cell=48)))
    if reply.suggestions:
        numbered = [f"  [{i}] {s.label}" for i, s in enumerate(reply.suggestions, start=1)]
        parts.append("\n".join(["Try:", *numbered]))
    return "\n\n".join(p for p in parts if p)
