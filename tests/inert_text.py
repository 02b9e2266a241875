"""Reading rendered text as Slack and Discord do, as far as links, mentions and formatting go:
the checkers list everything active in it. And the markup a user might type to make some."""

from __future__ import annotations

import re

ZWSP = "\u200b"
ISSUE_INPUT = "[.](https://a.example) **Urgent** [Reset your password](https://evil.example)"
# Markup of both platforms, and of the neutral markup in between.
ATTACKS = (
    ISSUE_INPUT,
    "[Reset](https://evil.example)",
    "<https://evil.example|click here>",
    "<https://evil.example>",
    "https://evil.example/a_b",
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<@U0123ABC>",
    "<#C999>",
    "@everyone",
    "@here",
    "<@123456789012345678>",
    "<@&123456789012345678>",
    "</roles:123456789012345678>",
    "<t:1700000000:R>",
    "<:party:123456789012345678>",
    "**bold**",
    "*bold*",
    "_italic_",
    "__underline__",
    "~strike~",
    "~~strike~~",
    "`code`",
    "```block```",
    "||spoiler||",
    "> quote",
    ">>> quote",
    "# heading",
    "-# small",
    "- item",
    "* item",
    "1. item",
    "\\",
    "\\*",
    "&lt;!channel&gt;",
    "&amp;",
    "\n",
    " ",
)

SLACK_CODE = re.compile(r"`[^`\n]+`")
DISCORD_CODE = re.compile(r"`[^`]+`")
DISCORD_ESCAPED = re.compile(r"\\[^0-9A-Za-z\s]")


def slack_active(mrkdwn: str) -> list[str]:
    """Links, mentions and formatting Slack would show in `mrkdwn` (code spans are inert)."""
    outside = SLACK_CODE.sub(" ", mrkdwn)
    return [
        *re.findall(r"<[^>]*>?", mrkdwn),  # links, mentions, <!channel>: Slack's one syntax
        *re.findall(r"(?i)\b(?:https?|ftp)://\S+|\bwww\.\S+", outside),  # linked as typed
        *re.findall(r"(?<![\w*])\*[^*\n]+\*(?![\w*])", outside),
        *re.findall(r"(?<![\w_])_[^_\n]+_(?![\w_])", outside),
        *re.findall(r"(?<![\w~])~[^~\n]+~(?![\w~])", outside),
        *[line for line in outside.split("\n") if line.startswith((">", "&gt;"))],
    ]


def discord_active(markdown: str, *, line_start: bool = True) -> list[str]:
    """Links, mentions and formatting Discord would show in `markdown`: everything but code
    spans and backslash-escaped characters."""
    plain = DISCORD_ESCAPED.sub("·", DISCORD_CODE.sub("·", markdown))
    starts = re.compile(r"^\s*(?:>|#|-#|[-*+]\s|\d+\.\s)", re.MULTILINE)
    return [
        *re.findall(r"\[[^\]]*\]\([^)]*\)", plain),  # masked links
        *re.findall(r"(?i)\b[a-z][a-z0-9+.-]*://\S*", plain),  # autolinks
        *re.findall(r"<[^>]*>", plain),  # mentions, timestamps, command links, <url>
        *re.findall(r"@(?:everyone|here)", markdown),  # even in code: no ping, ever
        *re.findall(r"[*_~|`]", plain),  # any unescaped mark can format
        *(starts.findall(plain) if line_start else []),
    ]
