"""Slack text: escaping, the neutral markup as mrkdwn, and cutting text without breaking entities.

Slack treats ``&``, ``<`` and ``>`` as control characters: ``<!channel>``, ``<@U123>`` and
``<https://x|label>`` are markup. Everything rolebot posts is escaped first and only then given
the markup it means, so no text from a user or a knowledge file can ping anyone.
"""

from __future__ import annotations

import re

ELLIPSIS = "…"

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
_BULLET = re.compile(r"^- ", flags=re.MULTILINE)
_CODE = re.compile(r"(`[^`\n]+`)")  # captured, so splitting keeps the spans
_ENTITY_TAIL = re.compile(r"&[a-z]{0,3}$")  # a cut inside "&amp;", "&lt;" or "&gt;"


def escape(text: str) -> str:
    """Text with Slack's three control characters as entities, so it shows exactly as written."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """What a user typed, from Slack's wire form (Slack sends ``&``, ``<``, ``>`` escaped)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _link(match: re.Match[str]) -> str:
    label, url = match.group(1), match.group(2)
    # "|" ends the URL part of a Slack link and ">" the link itself (already escaped here).
    return f"<{url}|{label.replace('|', '¦')}>"


def to_mrkdwn(body: str) -> str:
    """The neutral markup (``**bold**``, ``- `` bullets, backticks, links) as escaped mrkdwn.

    Code spans are kept as written (escaped): they hold what users typed, which must not
    become a link or bold.
    """
    text = _BULLET.sub("• ", escape(body))
    pieces = _CODE.split(text)  # text, code, text, code, ..., text
    for index in range(0, len(pieces), 2):
        pieces[index] = _BOLD.sub(r"*\1*", _LINK.sub(_link, pieces[index]))
    return "".join(pieces)


def clip(text: str, limit: int) -> str:
    """Escaped text cut to at most `limit` characters with an ellipsis, never inside an entity."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    cut = _ENTITY_TAIL.sub("", cut)
    return cut.rstrip() + ELLIPSIS
