"""The BERT-uncased basic tokenizer and greedy WordPiece, on a small hand-made vocabulary."""

# Greek letters are test data here, not look-alikes of Latin ones.
# ruff: noqa: RUF001
from __future__ import annotations

import pytest

from bot.semantic import TokenizerSettings, WordPieceTokenizer

VOCABULARY = [
    "[PAD]",
    "[UNK]",
    "un",
    "##aff",
    "##able",
    "unaffable",
    "aff",
    "##s",
    "k",
    "##8",
    "cafe",
    "resume",
    "!",
    "?",
    ",",
    "-",
    "$",
    "'",
    "mle",
    "who",
    "deploys",
    "数",
    "据",
    "σ",
    "##α",
    "##σ",
    "i",
]


@pytest.fixture
def tokenizer() -> WordPieceTokenizer:
    return WordPieceTokenizer(
        VOCABULARY,
        TokenizerSettings(max_input_chars_per_word=12, protected_tokens=("[PAD]", "[UNK]")),
    )


CASES = [
    ("longest piece first", "unaffable", ["unaffable"]),
    ("continuation pieces", "unaffs", ["un", "##aff", "##s"]),
    ("lower-cased", "UnAffAble", ["unaffable"]),
    ("abbreviation split into pieces", "k8s", ["k", "##8", "##s"]),
    ("accents stripped", "Café Résumé", ["cafe", "resume"]),
    ("punctuation is a word of its own", "who-deploys?!", ["who", "-", "deploys", "?", "!"]),
    ("ASCII symbols count as punctuation", "$mle", ["$", "mle"]),
    ("apostrophe splits", "mle's", ["mle", "'", "[UNK]"]),
    ("a word that cannot be cut is one unknown", "unaffx mle", ["[UNK]", "mle"]),
    ("a word longer than the limit is unknown", "unaffableunaffable", ["[UNK]"]),
    ("CJK ideographs are words of their own", "数据", ["数", "据"]),
    ("per-character lower case (no final sigma)", "ΣΑΣ", ["σ", "##α", "##σ"]),
    ("dotted capital I loses its dot", "İ", ["i"]),
    (
        "tabs, line breaks and NBSP separate",
        "who\tdeploys\nmle\u00a0who",
        ["who", "deploys", "mle", "who"],
    ),
    ("controls and zero-width characters vanish", "de\u200bploys\x07", ["deploys"]),
    ("vertical tab is a control, not a space", "who\x0bdeploys", ["[UNK]"]),
    ("emoji are unknown", "who 🙂", ["who", "[UNK]"]),
    ("protected tokens are kept verbatim", "who[PAD]mle [UNK]", ["who", "[PAD]", "mle", "[UNK]"]),
    ("protected tokens are case-sensitive", "[pad]", ["[UNK]", "[UNK]", "[UNK]"]),
    ("nothing in, nothing out", " \t\n", []),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_tokenize(tokenizer: WordPieceTokenizer, text: str, expected: list[str]) -> None:
    assert tokenizer.tokenize(text) == expected
    assert tokenizer.encode(text) == [VOCABULARY.index(token) for token in expected]


def test_repeated_words_give_the_same_pieces(tokenizer: WordPieceTokenizer) -> None:
    first = tokenizer.tokenize("unaffs k8s unaffs")
    assert first == ["un", "##aff", "##s", "k", "##8", "##s", "un", "##aff", "##s"]
    assert tokenizer.tokenize("unaffs k8s unaffs") == first


def test_overrides_from_the_table_win_over_python_unicode_tables() -> None:
    settings = TokenizerSettings(
        char_overrides={"\u0890": "\u0890", "\u00c9": "who "},
        punctuation_overrides={"\u2e43": False, "\u166d": True},
    )
    tokenizer = WordPieceTokenizer(VOCABULARY, settings)
    assert tokenizer.normalise("\u0890É") == "\u0890who "
    assert tokenizer.tokenize("mle\u2e43who") == ["[UNK]"]
    assert tokenizer.tokenize("mle\u166dwho") == ["mle", "[UNK]", "who"]


def test_a_vocabulary_without_the_unknown_token_is_refused() -> None:
    with pytest.raises(ValueError, match=r"\[UNK\]"):
        WordPieceTokenizer(["who", "mle"], TokenizerSettings())
