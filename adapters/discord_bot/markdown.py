"""The core's neutral markup as Discord markdown, with everything else made inert.

Reply text can hold what a user typed (an unknown role name, a question), so every character
outside the neutral markup is escaped: no stray formatting, no ``@everyone``, ``@here``, role or
user mentions. Only the neutral marks (``**bold**``, ``- `` bullets, backticks, links) are then
written back as Discord markdown.
"""

from __future__ import annotations

import re

from discord.utils import escape_markdown, escape_mentions

BULLET = "- "
_INLINE = re.compile(
    r"\*\*(?P<bold>.+?)\*\*"
    r"|`(?P<code>[^`]+)`"
    r"|\[(?P<label>[^\]]+)\]\((?P<url>https?://[^)\s]+)\)"
)


def escape(text: str, *, line_start: bool = True) -> str:
    """`text` shown as typed: Discord markdown and mentions escaped.

    ``escape_markdown`` treats the start of its input as the start of a line (where ``-``, ``#``
    and ``>`` mean list, heading and quote); pass ``line_start=False`` for text that continues
    a line, so it is not escaped as if it began one.
    """
    if line_start:
        return escape_mentions(escape_markdown(text))
    return escape_mentions(escape_markdown("x" + text)[1:])


def _inline(line: str, *, line_start: bool) -> str:
    out: list[str] = []
    position = 0
    for match in _INLINE.finditer(line):
        if match.start() > position:
            plain = line[position : match.start()]
            out.append(escape(plain, line_start=line_start and position == 0))
        if match["bold"] is not None:
            out.append(f"**{escape(match['bold'], line_start=False)}**")
        elif match["code"] is not None:
            # Nothing is formatted or mentioned inside a code span, so it is left as written.
            out.append(f"`{match['code']}`")
        else:
            out.append(f"[{escape(match['label'], line_start=False)}]({match['url']})")
        position = match.end()
    if position < len(line):
        out.append(escape(line[position:], line_start=line_start and position == 0))
    return "".join(out)


def to_discord(body: str) -> str:
    """Neutral markup (``**bold**``, ``- `` bullets, `` `code` ``, links) as Discord markdown."""
    lines = []
    for line in body.split("\n"):
        if line.startswith(BULLET):
            lines.append(BULLET + _inline(line[len(BULLET) :], line_start=False))
        else:
            lines.append(_inline(line, line_start=True))
    return "\n".join(lines)
