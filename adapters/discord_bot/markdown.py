"""The core's neutral markup as Discord markdown, with everything else made inert.

Reply text can hold what a user typed (an unknown role name, a question), so every character
outside the neutral markup is escaped: no stray formatting, no masked links, no ``@everyone``,
``@here``, role or user mentions. Only the neutral marks (``**bold**``, ``- `` bullets,
backticks, links) are then written back as Discord markdown. Code spans, where the core quotes
what a user typed, are shown as written (Discord formats nothing inside them), mentions
defused.

discord.py's ``escape_markdown`` is not used: it leaves everything from a first ``[..](..)``
to the last ``)`` of a line unescaped, which let a question post a working masked link.
"""

from __future__ import annotations

import re

from discord.utils import escape_mentions

BULLET = "- "
_CODE = re.compile(r"(`[^`]+`)")  # captured, so splitting keeps the spans
_INLINE = re.compile(
    r"\*\*(?P<bold>.+?)\*\*"
    r"|\[(?P<label>[^\]]+)\]\((?P<url>https?://[^)\s]+)\)"
)
# A bare URL stays clickable and whole (an underscore in it must not be escaped); it ends
# before anything that could open or close markup, and before trailing punctuation.
_URL = r"https?://[^\s<>()\[\]*~`|\\]*[^\s<>()\[\]*~`|\\.,:;!?\"']"
_SPECIAL = r"[\\*_~`|\[\]]"  # formatting, spoilers, code and masked links, anywhere
_LINE_START = r"^(?:>(?:>>)?(?=\s)|#{1,3}(?=\s)|-#|\s*-(?=\s)|\s*\d+(?=\.\s))"
_ESCAPE = re.compile(
    rf"(?P<url>{_URL})|(?P<mark>{_SPECIAL})|(?P<start>{_LINE_START})", flags=re.MULTILINE
)
# What a user typed may not even keep a bare URL (the colon of "://") or a "<" (which opens
# timestamps, command links and autolinks); nor may it begin with anything that could start a
# quote, heading or list, even where Discord would need a space after it.
_TYPED_START = r"^(?:>|#|-#|[-+](?=\s)|\d+(?=\.\s))"
_INERT = re.compile(
    rf"(?P<mark>{_SPECIAL}|<|:(?=//))|(?P<start>{_TYPED_START})", flags=re.MULTILINE
)


def _escape_match(match: re.Match[str]) -> str:
    found = match.groupdict()
    if found.get("url") is not None:
        return match["url"]
    if match["mark"] is not None:
        return "\\" + match["mark"]
    start = match["start"]
    if start.lstrip()[:1].isdigit():  # "1. item": escape the dot that makes it a list
        return start + "\\"
    return start.replace(start.lstrip(), "\\" + start.lstrip(), 1)


def escape(text: str, *, line_start: bool = True) -> str:
    """Rolebot's own text (titles, knowledge) shown as written: Discord markdown and mentions
    escaped, bare URLs left clickable.

    `text` is taken to begin a line (where ``-``, ``#`` and ``>`` mean list, heading and quote);
    pass ``line_start=False`` for text that continues a line.
    """
    escaped = _ESCAPE.sub(_escape_match, text if line_start else "x" + text)
    return escape_mentions(escaped if line_start else escaped[1:])


def inert(text: str) -> str:
    """What a user typed, on one line, shown as typed with nothing active: no formatting, no
    link (not even a bare URL), no mention."""
    return escape_mentions(_INERT.sub(_escape_match, " ".join(text.split())))


def _inline(line: str, *, line_start: bool) -> str:
    out: list[str] = []
    for number, piece in enumerate(_CODE.split(line)):
        if number % 2:  # a code span: Discord formats and links nothing inside it
            out.append(escape_mentions(piece))
            continue
        position = 0
        at_start = line_start and number == 0
        for match in _INLINE.finditer(piece):
            if match.start() > position:
                plain = piece[position : match.start()]
                out.append(escape(plain, line_start=at_start and position == 0))
            if match["bold"] is not None:
                out.append(f"**{escape(match['bold'], line_start=False)}**")
            else:
                out.append(f"[{escape(match['label'], line_start=False)}]({match['url']})")
            position = match.end()
        if position < len(piece):
            out.append(escape(piece[position:], line_start=at_start and position == 0))
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
