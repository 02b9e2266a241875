"""Rendering for a terminal: ANSI bold when colour is on, aligned tables, numbered suggestions."""

from __future__ import annotations

import re
import textwrap

from adapters.plaintext import strip_markup
from bot.reply import Reply, table_lines

_BOLD = re.compile(r"\*\*(.+?)\*\*")
BOLD_ON, BOLD_OFF = "\033[1m", "\033[0m"


def _wrap(body: str, width: int) -> str:
    # Bullets keep their hanging indent, so wrapped lists stay readable.
    lines = []
    for line in body.splitlines():
        indent = "  " if line.startswith("- ") else ""
        lines.append(textwrap.fill(line, width, subsequent_indent=indent) if line else line)
    return "\n".join(lines)


def render(reply: Reply, *, colour: bool, width: int | None = None) -> str:
    """The reply as terminal text; suggestions are numbered so typing the number asks it.

    With `width`, body lines are wrapped at word boundaries to fit the terminal.
    """
    body = _wrap(reply.body, width) if width else reply.body
    body = _BOLD.sub(rf"{BOLD_ON}\1{BOLD_OFF}", body) if colour else body
    title = f"{BOLD_ON}{reply.title}{BOLD_OFF}" if colour else reply.title
    parts = [title, strip_markup(body)]
    if reply.table is not None:
        parts.append("\n".join(table_lines(reply.table, max_cell=48)))
    if reply.suggestions:
        numbered = [f"  [{i}] {s.label}" for i, s in enumerate(reply.suggestions, start=1)]
        parts.append("\n".join(["Try:", *numbered]))
    return "\n\n".join(p for p in parts if p)
