"""Replies laid out for a terminal with rich: emphasis, wrapped bullets and tables whose cells
wrap between words, in a quiet colour scheme that follows the terminal's own palette."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.style import Style
from rich.table import Column
from rich.table import Table as RichTable
from rich.text import Text
from rich.theme import Theme

from adapters.console.core import Reply, Table

# The sixteen standard colours only, so the scheme follows the user's terminal theme; everything
# but the title and the suggestion numbers is plain, bold or dim.
THEME = Theme(
    {
        "rolebot.title": "bold cyan",
        "rolebot.strong": "bold",
        "rolebot.code": "cyan",
        "rolebot.link": "underline",
        "rolebot.url": "dim",
        "rolebot.header": "bold",
        "rolebot.label": "bold",
        "rolebot.border": "dim",
        "rolebot.hint": "dim",
        "rolebot.number": "cyan",
        "rolebot.source": "dim italic",
    },
    inherit=False,
)
DEFAULT_WIDTH = 80  # a terminal that does not say how wide it is
BULLET, BULLET_INDENT = "• ", "  "
SUGGESTION_INDENT = " " * len("  [1] ")
RESET = "\x1b[0m"
_SGR = re.compile(r"\x1b\[[0-9;]*m")
_TRAILING_BLANKS = re.compile(r"(?:\x1b\[[0-9;]*m| )+$")
_INLINE = re.compile(
    r"\*\*(?P<strong>.+?)\*\*|`(?P<code>[^`]+)`|\[(?P<label>[^\]]+)\]\((?P<url>https?://[^)\s]+)\)"
)


def styled(reply: Reply, *, width: int, colour: bool, source: str | None = None) -> str:
    """`reply` as a terminal `width` columns wide shows it, with ANSI styles, and `source` (where
    it came from) last and dim when given.

    Without `colour` (NO_COLOR, ``--no-color``) emphasis stays but no colour is added.
    """
    console = _console(width, colour)
    blocks: list[RenderableType] = [Text(reply.title, style="rolebot.title")]
    if reply.body:
        blocks.append(_lines(reply.body, console, width))
    if reply.table is not None:
        blocks.append(_table(reply.table, console, width))
    if reply.suggestions:
        blocks.append(_suggestions([s.label for s in reply.suggestions], console, width))
    if source is not None:
        blocks.append(Text(source, style="rolebot.source"))
    return _printed(console, Group(*_spaced(blocks)))


def styled_text(markup: str, *, width: int, colour: bool) -> str:
    """Text in the reply markup (bold, bullets, code, links) as `styled` shows a reply's body."""
    console = _console(width, colour)
    return _printed(console, _lines(markup, console, width))


def _console(width: int, colour: bool) -> Console:
    return Console(
        file=io.StringIO(),
        width=width,
        color_system="standard",
        force_terminal=True,
        no_color=not colour,
        theme=THEME,
        markup=False,
        emoji=False,
        highlight=False,
    )


def _printed(console: Console, renderable: RenderableType) -> str:
    console.print(renderable)
    output = console.file
    assert isinstance(output, io.StringIO)
    return "\n".join(_without_trailing_blanks(line) for line in output.getvalue().splitlines())


def _without_trailing_blanks(line: str) -> str:
    """A line without the padding rich gives table cells, which only gets in the way when the
    text is copied; a style the padding closed is closed again."""
    trimmed = _TRAILING_BLANKS.sub("", line)
    styles = _SGR.findall(trimmed)
    return trimmed + RESET if styles and styles[-1] != RESET else trimmed


def _spaced(blocks: Sequence[RenderableType]) -> list[RenderableType]:
    spaced: list[RenderableType] = []
    for block in blocks:
        if spaced:
            spaced.append(Text(""))
        spaced.append(block)
    return spaced


def inline(markup: str) -> Text:
    """One line of the neutral markup as styled text: bold, inline code and links."""
    text = Text()
    end = 0
    for found in _INLINE.finditer(markup):
        text.append(markup[end : found.start()])
        if found["strong"] is not None:
            text.append(found["strong"], style="rolebot.strong")
        elif found["code"] is not None:
            text.append(found["code"], style="rolebot.code")
        else:
            url = found["url"]
            text.append(found["label"], style=Style(link=url) + Style.parse("underline"))
            text.append(f" ({url})", style="rolebot.url")
        end = found.end()
    text.append(markup[end:])
    return text


def _hanging(first: Text, rest: str, content: Text, console: Console, width: int) -> list[Text]:
    """`content` wrapped after `first`, its continuation lines indented by `rest`."""
    wrapped = content.wrap(console, max(width - len(rest), 1), overflow="fold")
    return [(first if i == 0 else Text(rest)) + line.copy() for i, line in enumerate(wrapped)] or [
        first
    ]


def _lines(body: str, console: Console, width: int) -> Text:
    """Body text wrapped between words; bullets keep a hanging indent."""
    lines: list[Text] = []
    for line in body.splitlines():
        if line.startswith("- "):
            lines += _hanging(Text(BULLET), BULLET_INDENT, inline(line[2:]), console, width)
        elif line:
            lines += _hanging(Text(), "", inline(line), console, width)
        else:
            lines.append(Text())
    return Text("\n").join(lines)


def _suggestions(labels: Sequence[str], console: Console, width: int) -> Text:
    lines = [Text("Try:", style="rolebot.hint")]
    for number, label in enumerate(labels, start=1):
        mark = Text("  ") + Text(f"[{number}]", style="rolebot.number") + Text(" ")
        lines += _hanging(mark, SUGGESTION_INDENT, Text(label), console, width)
    return Text("\n").join(lines)


def column_widths(minimums: Sequence[int], maximums: Sequence[int], room: int) -> list[int] | None:
    """Widths for columns that need at least `minimums` (their longest word) and at most
    `maximums` (their longest cell) within `room` columns; None when the words cannot fit.

    Every column grows to one common width, none past its longest cell, so a short column
    (the row labels) is never squeezed to feed a long one.
    """
    if sum(minimums) > room:
        return None
    if sum(maximums) <= room:
        return list(maximums)

    def at(level: int) -> list[int]:
        return [max(low, min(level, high)) for low, high in zip(minimums, maximums, strict=True)]

    level = max(w for w in range(max(maximums) + 1) if sum(at(w)) <= room)
    widths = at(level)
    # The common width leaves a few columns over; each column still short of its cell gets one.
    for index in [i for i, w in enumerate(widths) if w < maximums[i]][: room - sum(widths)]:
        widths[index] += 1
    return widths


def _table(table: Table, console: Console, width: int) -> RenderableType:
    """A grid whose cells wrap between words; one block per row when the words cannot fit."""
    rows = [table.header, *table.rows]
    extents = [
        [Measurement.get(console, console.options, Text(row[i])) for row in rows]
        for i in range(len(table.header))
    ]
    minimums = [max(m.minimum for m in column) for column in extents]
    maximums = [max(m.maximum for m in column) for column in extents]
    narrowest = _grid(table.header, [1] * len(minimums))
    chrome = narrowest.__rich_measure__(console, console.options).maximum - len(minimums)
    widths = column_widths(minimums, maximums, width - chrome)
    if widths is None:
        return _stacked(table, console, width)
    grid = _grid(table.header, widths)
    for row in table.rows:
        grid.add_row(Text(row[0], style="rolebot.label"), *row[1:])
    return grid


def _grid(header: Sequence[str], widths: Sequence[int]) -> RichTable:
    return RichTable(
        *(Column(h, width=w, overflow="fold") for h, w in zip(header, widths, strict=True)),
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        leading=1,
        header_style="rolebot.header",
        border_style="rolebot.border",
    )


def _stacked(table: Table, console: Console, width: int) -> Text:
    """A table too wide for the terminal: each row's label, then each column's cell below it."""
    lines: list[Text] = []
    for row in table.rows:
        if lines:
            lines.append(Text())
        lines.append(Text(row[0], style="rolebot.label"))
        for heading, cell in zip(table.header[1:], row[1:], strict=True):
            content = Text(f"{heading}: ", style="rolebot.header") + Text(cell)
            lines += _hanging(Text(BULLET_INDENT), BULLET_INDENT * 2, content, console, width)
    return Text("\n").join(lines)
