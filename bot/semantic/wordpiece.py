"""BERT-uncased tokenisation in plain Python: the basic tokenizer, then greedy WordPiece.

It reproduces what the Hugging Face `tokenizers` library does for all-MiniLM-L6-v2 (the
`BertNormalizer`, `BertPreTokenizer` and `WordPiece` model that model2vec keeps when it
distils the table), so a text gets the token ids the table was built for:

1. tokens kept verbatim (`[PAD]`, `[UNK]`) are cut out of the raw text first;
2. the rest is cleaned (control characters dropped, every space character made a space),
   CJK ideographs are set apart, accents are stripped (NFD, non-spacing marks dropped) and
   each character is lower-cased on its own;
3. it is split on spaces, and every punctuation character becomes a word of its own;
4. each word is cut greedily into the longest pieces the vocabulary holds, pieces after the
   first carrying the `##` prefix; a word that cannot be cut, or is longer than
   `max_input_chars_per_word`, is one unknown token.

Python's Unicode tables are newer than the ones `tokenizers` was built with, so the few
characters they classify differently are given as overrides by the table file.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# Rust's `char::is_whitespace` (the Unicode White_Space property), which `tokenizers` uses;
# Python's str.isspace() also counts U+001C..U+001F, which `tokenizers` drops as controls.
WHITESPACE = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# The CJK ideograph blocks BERT sets apart as words of their own, as `tokenizers` lists them.
CJK_RANGES = (
    (0x4E00, 0x9FFF),
    (0x3400, 0x4DBF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2B73F),
    (0x2B740, 0x2B81F),
    (0x2B920, 0x2CEAF),  # sic: BERT's range starts here, not at 0x2B820
    (0xF900, 0xFAFF),
    (0x2F800, 0x2FA1F),
)
ASCII_PUNCTUATION = frozenset(string.punctuation)
# Dropped as control characters (unassigned code points are kept, as `tokenizers` does).
_CONTROL = frozenset({"Cc", "Cf", "Co"})
# ASCII needs no Unicode tables: controls are dropped (vertical tab and form feed too, as
# `tokenizers` checks for controls before spaces), tab and line breaks become spaces, and
# str.lower() only touches A-Z.
_ASCII_CLEAN = str.maketrans(
    {
        **{code: None for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)},
        **{code: " " for code in (0x09, 0x0A, 0x0D)},
    }
)
# A chat's words and characters repeat: their pieces and cleaned forms are cached, up to a bound
# so that a stream of made-up words or rare characters cannot grow memory without end.
_WORD_CACHE_LIMIT = 50_000
_CHAR_CACHE_LIMIT = 20_000


@dataclass(frozen=True, slots=True)
class TokenizerSettings:
    """How the table's texts were tokenised: read from the table file, written by the build."""

    unk_token: str = "[UNK]"
    continuing_prefix: str = "##"
    max_input_chars_per_word: int = 100
    # Tokens matched verbatim in the raw text, before any cleaning (`tokenizers`' added tokens).
    protected_tokens: tuple[str, ...] = ()
    # Characters whose cleaned, accent-stripped, lower-cased form differs between Python's
    # Unicode tables and the ones the reference tokenizer was built with.
    char_overrides: Mapping[str, str] = field(default_factory=dict)
    # Characters the reference tokenizer treats as punctuation (True) or not (False) where
    # Python's tables say otherwise.
    punctuation_overrides: Mapping[str, bool] = field(default_factory=dict)


def is_cjk(char: str) -> bool:
    """True for a CJK ideograph, which BERT treats as a word of its own."""
    code = ord(char)
    return any(low <= code <= high for low, high in CJK_RANGES)


def normalise_char(char: str) -> str:
    """One character after BERT's cleaning, CJK spacing, accent stripping and lower-casing,
    by Python's Unicode tables (the per-character form of the whole normaliser)."""
    if char in "\t\n\r":
        return " "
    if char in ("\x00", "\ufffd") or unicodedata.category(char) in _CONTROL:
        return ""
    if char in WHITESPACE:
        return " "
    bare = "".join(c for c in unicodedata.normalize("NFD", char) if unicodedata.category(c) != "Mn")
    lowered = "".join(c.lower() for c in bare)
    return f" {lowered} " if is_cjk(char) else lowered


def is_punctuation(char: str) -> bool:
    """BERT's punctuation by Python's tables: ASCII punctuation or any Unicode P* category."""
    return char in ASCII_PUNCTUATION or unicodedata.category(char).startswith("P")


class WordPieceTokenizer:
    """Text to WordPiece token ids over a fixed vocabulary, as the BERT-uncased tokenizer does."""

    def __init__(self, vocabulary: Sequence[str], settings: TokenizerSettings) -> None:
        """`vocabulary` lists the tokens in id order; it must hold `settings.unk_token`."""
        self.settings = settings
        self.tokens = tuple(vocabulary)
        self._ids = dict(zip(self.tokens, range(len(self.tokens)), strict=True))
        if settings.unk_token not in self._ids:
            raise ValueError(f"the vocabulary has no unknown token {settings.unk_token!r}")
        self.unk_id = self._ids[settings.unk_token]
        self._protected_ids = {token: self._ids[token] for token in settings.protected_tokens}
        self._protected = (
            re.compile("|".join(re.escape(t) for t in sorted(self._protected_ids, key=len)[::-1]))
            if self._protected_ids
            else None
        )
        self._chars: dict[str, str] = dict(settings.char_overrides)
        self._punctuation: dict[str, bool] = dict(settings.punctuation_overrides)
        self._words: dict[str, tuple[int, ...]] = {}

    def encode(self, text: str) -> list[int]:
        """The token ids of `text`, unknown words included as the unknown token's id."""
        ids: list[int] = []
        if self._protected is None or not self._protected.search(text):
            self._encode_plain(text, ids)
            return ids
        start = 0
        for match in self._protected.finditer(text):
            self._encode_plain(text[start : match.start()], ids)
            ids.append(self._protected_ids[match.group()])
            start = match.end()
        self._encode_plain(text[start:], ids)
        return ids

    def tokenize(self, text: str) -> list[str]:
        """The WordPiece tokens of `text` (`##` marks a piece that continues a word)."""
        return [self.tokens[number] for number in self.encode(text)]

    def normalise(self, text: str) -> str:
        """`text` cleaned, CJK-spaced, accent-stripped and lower-cased."""
        if text.isascii():
            return text.translate(_ASCII_CLEAN).lower()
        chars = self._chars
        out = []
        for char in text:
            form = chars.get(char)
            if form is None:
                form = normalise_char(char)
                if len(chars) < _CHAR_CACHE_LIMIT:
                    chars[char] = form
            out.append(form)
        return "".join(out)

    def _encode_plain(self, text: str, ids: list[int]) -> None:
        words = self._words
        for chunk in self.normalise(text).split():
            cached = words.get(chunk)
            if cached is None:
                cached = tuple(
                    number
                    for word in self._split_punctuation(chunk)
                    for number in self._pieces(word)
                )
                if len(chunk) <= self.settings.max_input_chars_per_word:
                    if len(words) >= _WORD_CACHE_LIMIT:
                        words.clear()
                    words[chunk] = cached
            ids.extend(cached)

    def _split_punctuation(self, chunk: str) -> list[str]:
        if chunk.isalnum():
            return [chunk]
        words: list[str] = []
        start = 0
        for position, char in enumerate(chunk):
            if self._is_punctuation(char):
                if start < position:
                    words.append(chunk[start:position])
                words.append(char)
                start = position + 1
        if start < len(chunk):
            words.append(chunk[start:])
        return words

    def _is_punctuation(self, char: str) -> bool:
        known = self._punctuation.get(char)
        if known is None:
            known = is_punctuation(char)
            if len(self._punctuation) < _CHAR_CACHE_LIMIT:
                self._punctuation[char] = known
        return known

    def _pieces(self, word: str) -> tuple[int, ...]:
        if len(word) > self.settings.max_input_chars_per_word:
            return (self.unk_id,)
        vocabulary = self._ids
        prefix = self.settings.continuing_prefix
        pieces: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else prefix + word[start:end]
                number = vocabulary.get(piece)
                if number is not None:
                    pieces.append(number)
                    break
                end -= 1
            else:
                return (self.unk_id,)
            start = end
        return tuple(pieces)
