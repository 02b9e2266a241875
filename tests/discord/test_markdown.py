"""Neutral markup becomes Discord markdown; everything else, user text included, stays inert."""

from __future__ import annotations

import re

import pytest

from adapters.discord_bot.markdown import escape, to_discord
from tests.inert_text import ISSUE_INPUT, discord_active

ZWSP = "\u200b"
# What Discord reads as a mention (message.mdx, Message Formatting).
MENTION = re.compile(r"@(everyone|here)|<@[!&]?\d+>")
CONVERSIONS = {
    "plain": ("Owns deployment.", "Owns deployment."),
    "bold": ("**Owner:** ML engineer.", "**Owner:** ML engineer."),
    "bullets": ("Skills:\n- SQL\n- Python", "Skills:\n- SQL\n- Python"),
    "code": ("Use `/roles compare <role> <role>`", "Use `/roles compare <role> <role>`"),
    "link": ("[docs](https://example.org/a_b)", "[docs](https://example.org/a_b)"),
    "bare-url-kept": ("see https://example.org/a_b_c", "see https://example.org/a_b_c"),
    "stray-stars": ("5*3 and *maybe*", "5\\*3 and \\*maybe\\*"),
    "underscores": ("snake_case_name", "snake\\_case\\_name"),
    "bold-with-stray-mark": ("**a_b:** c", "**a\\_b:** c"),
    "heading-at-line-start": ("# big", "\\# big"),
    "quote-at-line-start": ("> quoted", "\\> quoted"),
    "dash-mid-line-untouched": ("ML - the field", "ML - the field"),
    "list-marker-in-bullet-text": ("- - nested?", "- - nested?"),
    "everyone": ("hi @everyone", f"hi @{ZWSP}everyone"),
    "here-in-bold": ("**@here**", f"**@{ZWSP}here**"),
    "user-mention": ("<@123456789012345678>", f"<@{ZWSP}123456789012345678>"),
    "role-mention": ("<@&123456789012345678>", f"<@{ZWSP}&123456789012345678>"),
    "backslash": ("a\\b", "a\\\\b"),
}


@pytest.mark.parametrize(
    ("neutral", "discord_markdown"), list(CONVERSIONS.values()), ids=list(CONVERSIONS)
)
def test_neutral_markup_converts(neutral: str, discord_markdown: str) -> None:
    assert to_discord(neutral) == discord_markdown


def test_code_spans_are_left_as_written() -> None:
    # Nothing renders inside a code span, so escaping there would show the backslashes.
    assert to_discord("`a_b*c`") == "`a_b*c`"


@pytest.mark.parametrize(
    "typed",
    [
        "@everyone",
        "@here",
        "<@123456789012345678>",
        "<@!123456789012345678>",
        "<@&123456789012345678>",
    ],
)
def test_escaped_text_mentions_nobody(typed: str) -> None:
    assert MENTION.search(typed)
    assert not MENTION.search(escape(typed))


def test_escaping_breaks_the_masked_link_discord_py_left_working() -> None:
    active = discord_active(escape(ISSUE_INPUT))
    # Bare URLs in rolebot's own text stay clickable; nothing else may be active.
    assert [a for a in active if "://" not in a] == []
    assert not any(a.startswith("[") for a in active)
