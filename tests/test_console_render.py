"""The terminal rendering: numbered suggestions, tables, wrapping and bold only when asked."""

from __future__ import annotations

from adapters.console.render import render
from bot.reply import Label, Provenance, Reply, ReplyKind, Suggestion, Table

BOLD_ON = "\033[1m"  # the SGR code a terminal reads as bold
REPLY = Reply(
    ReplyKind.ANSWER,
    "Who owns deployment?",
    "**Owner:** ML engineer.\n- a bullet that is long enough to need wrapping on a narrow terminal",
    Provenance(Label.STAGE_OWNER, "deployment"),
    table=Table(("", "A"), (("Focus", "x"),)),
    suggestions=(Suggestion("First", "first?"), Suggestion("Second", "second?")),
)


def test_suggestions_are_numbered_and_tables_aligned() -> None:
    text = render(REPLY, colour=False)
    assert "  [1] First\n  [2] Second" in text
    assert "      | A\n------+--\nFocus | x" in text
    assert BOLD_ON not in text and "**" not in text


def test_colour_and_wrapping_for_a_terminal() -> None:
    text = render(REPLY, colour=True, width=30)
    assert f"{BOLD_ON}Owner:" in text
    bullet = [line for line in text.splitlines() if "bullet" in line or line.startswith("  ")]
    assert all(len(line) <= 30 for line in bullet) and len(bullet) >= 3
    assert bullet[1].startswith("  "), "continuation lines keep the bullet's indent"
