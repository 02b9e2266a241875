"""Rendering for the console: plain text for pipes and files, rich layout for a terminal."""

from __future__ import annotations

from adapters.console.core import Provenance, Reply, table_lines
from adapters.plaintext import strip_markup


def plain(reply: Reply, *, why: bool = False) -> str:
    """The reply as piped `rolebot chat` prints it: no styles, no wrapping, numbered suggestions.

    Scripts read this; its shape is part of the command-line contract. With `why`, a last line
    says where the reply came from.
    """
    parts = [reply.title, strip_markup(reply.body)]
    if reply.table is not None:
        parts.append("\n".join(table_lines(reply.table, max_cell=48)))
    if reply.suggestions:
        numbered = [f"  [{i}] {s.label}" for i, s in enumerate(reply.suggestions, start=1)]
        parts.append("\n".join(["Try:", *numbered]))
    if why:
        parts.append(source(reply.provenance))
    return "\n\n".join(p for p in parts if p)


def render(reply: Reply, *, colour: bool, width: int | None = None, why: bool = False) -> str:
    """The reply as the console shows it; suggestions are numbered so typing the number asks it.

    Plain text (see `plain`) unless a terminal is described: at a terminal `width` columns wide
    (80 when unknown) the layout is rich's, styled, and in colour only with `colour`. With
    `why`, where the reply came from is said last.
    """
    if width is None and not colour:
        return plain(reply, why=why)
    # rich is imported only to lay out for a terminal: piped output and `ask` never need it.
    from adapters.console.styled import DEFAULT_WIDTH, styled

    shown = source(reply.provenance) if why else None
    return styled(reply, width=width or DEFAULT_WIDTH, colour=colour, source=shown)


def source(provenance: Provenance) -> str:
    """Where a reply came from, for a person who asked (``--why``)."""
    origin = f"entry {provenance.entry}" if provenance.entry else f"intent {provenance.intent}"
    matched = f" · matched: {provenance.matched}" if provenance.matched else ""
    return f"Source: {origin}{matched} · score {provenance.score:.2f}"
