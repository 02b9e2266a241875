"""Replies at a terminal: wrapped to its width between words, tables included, and styled."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.console.render import render
from adapters.console.styled import column_widths
from bot import Bot
from bot.message import ConversationKey, Message, MessageKind
from bot.reply import Reply

SGR = re.compile(r"\x1b\[[0-9;]*m")
KEY = ConversationKey(platform="console", channel="terminal")


def visible(text: str) -> str:
    return SGR.sub("", text)


@pytest.fixture
def comparison(core: Bot) -> Reply:
    reply = core.respond(Message("compare ds mle mlops", KEY, MessageKind.COMMAND)).reply
    assert reply.table is not None
    return reply


@pytest.mark.parametrize("width", [24, 40, 60, 80, 100, 140])
def test_no_line_is_wider_than_the_terminal_and_no_word_is_cut(
    comparison: Reply, width: int
) -> None:
    shown = visible(render(comparison, colour=True, width=width))
    assert max(len(line) for line in shown.splitlines()) <= width
    words_shown = shown.split()
    assert comparison.table is not None
    for row in comparison.table.rows:
        for word in " ".join(row).split():
            assert word in words_shown, f"{word!r} was cut at width {width}"


def test_a_wide_terminal_gets_a_grid_and_a_narrow_one_a_block_per_row(comparison: Reply) -> None:
    wide = visible(render(comparison, colour=False, width=140))
    header = next(line for line in wide.splitlines() if "Data scientist" in line)
    assert "ML engineer" in header and "MLOps engineer" in header
    narrow = visible(render(comparison, colour=False, width=40))
    assert "\nFocus\n  Data scientist: " in narrow


def test_colour_is_in_the_title_and_numbers_only_when_asked(comparison: Reply) -> None:
    coloured = render(comparison, colour=True, width=80)
    assert coloured.startswith("\x1b[1;36m" + comparison.title)
    assert "\x1b[36m[1]" in coloured
    monochrome = render(comparison, colour=False, width=80)
    assert monochrome.startswith("\x1b[1m" + comparison.title)
    assert not re.search(r"\x1b\[[0-9;]*3[0-7]m", monochrome)


def test_no_trailing_blanks_and_styles_closed_on_every_line(comparison: Reply) -> None:
    for line in render(comparison, colour=True, width=100).splitlines():
        assert not visible(line).endswith(" ")
        styles = SGR.findall(line)
        assert not styles or styles[-1] == "\x1b[0m", f"{line!r} leaves a style open"


def test_inline_markup_becomes_styles_not_marks(core: Bot) -> None:
    reply = core.respond(Message("help", KEY, MessageKind.COMMAND)).reply
    shown = render(reply, colour=True, width=80)
    assert "**" not in shown and "`" not in shown
    assert "\x1b[1mCommands:\x1b[0m" in shown
    assert "• " in visible(shown) and "\n- " not in visible(shown)


@given(
    st.lists(st.tuples(st.integers(1, 30), st.integers(0, 60)), min_size=1, max_size=5),
    st.integers(1, 200),
)
def test_column_widths_keep_every_word_whole(columns: list[tuple[int, int]], room: int) -> None:
    minimums = [low for low, _ in columns]
    maximums = [low + extra for low, extra in columns]
    widths = column_widths(minimums, maximums, room)
    if sum(minimums) > room:
        assert widths is None
        return
    assert widths is not None
    assert sum(widths) <= room
    assert all(low <= w <= high for low, w, high in zip(minimums, widths, maximums, strict=True))
    if sum(maximums) > room:
        assert sum(widths) == room, "room left while a column still wraps"
