"""Text clean-up shared by matching, validation and logging: Unicode, punctuation, emoji codes.

Platform markup (mentions, channel links, custom emoji) is removed by the adapters'
translators before the core sees the text (`adapters/markup.py`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MAX_QUESTION_CHARS = 500  # longer input is cut: nobody's role question needs more
TOKENS_CACHE = 1024  # recent texts whose tokens are remembered (a few per message)
WHO_WORDS = frozenset({"who", "whose", "whom", "whos"})  # the words that ask who, as tokens

_EMOJI_CODE = re.compile(r":[a-z0-9_+\-]+:")
_FORMATTING = re.compile(r"[*_~`>|]+")
_APOSTROPHE_S = re.compile(r"['\u2019]s\b")
_APOSTROPHE = re.compile(r"['\u2019]")
_WORD_JOINERS = re.compile(r"[-_.]")
_TOKEN = re.compile(r"[^\W_]+(?:/[^\W_]+)*")


def clean(text: str) -> str:
    """Strip emoji codes, formatting marks, control and zero-width characters; fold Unicode;
    collapse spaces.

    The result is still readable text (case kept), safe to log or echo after platform escaping.
    """
    text = text[: MAX_QUESTION_CHARS * 4]
    # Printable ASCII (most questions) is already NFKC and holds no character that
    # `visible_characters` replaces or drops: the per-character pass is skipped.
    if not (text.isascii() and text.isprintable()):
        text = visible_characters(unicodedata.normalize("NFKC", text))
    text = _EMOJI_CODE.sub(" ", text)
    text = _FORMATTING.sub(" ", text)
    return " ".join(text.split())[:MAX_QUESTION_CHARS]


def visible_characters(text: str) -> str:
    """`text` with control and line-separator characters as spaces, and format, surrogate,
    private-use and unassigned characters dropped."""
    return "".join(
        " " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch
        for ch in text
        if unicodedata.category(ch) not in ("Cf", "Cs", "Co", "Cn")
    )


def verbatim(text: str) -> str:
    """What a user typed, to quote in a reply body: an inline code span, which every adapter
    shows as written (no formatting, no link, no mention). A backtick, which would end the
    span early, becomes an apostrophe; a line break, a space."""
    inside = text.replace("`", "'").replace("\r", " ").replace("\n", " ")
    return f"`{inside if inside.strip() else ' '}`"


def tokens(text: str) -> list[str]:
    """Lower-case word tokens: punctuation dropped, ``ci/cd`` and ``a/b`` kept whole."""
    return list(_tokens(text))


@lru_cache(maxsize=TOKENS_CACHE)
def _tokens(text: str) -> tuple[str, ...]:
    # One message is tokenised by paging, the tour, `normalize` and the lexicon in turn:
    # remembered (as a tuple, which no caller can change), its regexes run once.
    text = _APOSTROPHE_S.sub("", text.casefold())
    text = _APOSTROPHE.sub("", text)
    text = _WORD_JOINERS.sub(" ", text)
    return tuple(_TOKEN.findall(text))


def normalize(text: str) -> str:
    """The canonical form used to compare phrasings and aliases: cleaned, lower-case tokens."""
    return " ".join(tokens(clean(text)))
