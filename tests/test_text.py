"""`clean` skips the per-character pass for printable ASCII: that must change nothing."""

from __future__ import annotations

import string
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from bot.understanding.text import clean, visible_characters

ASCII = "".join(chr(code) for code in range(128))


def test_every_printable_ascii_character_is_kept_as_it_is() -> None:
    printable = [ch for ch in ASCII if ch.isprintable()]
    assert len(printable) == 95  # space to tilde
    for ch in printable:
        assert visible_characters(unicodedata.normalize("NFKC", ch)) == ch


def test_ascii_control_characters_take_the_full_pass() -> None:
    assert clean("who\x00owns\tdeployment\x7f?") == "who owns deployment ?"


@given(st.text(alphabet=string.printable, max_size=80))
def test_printable_ascii_cleans_as_the_full_pass_would(text: str) -> None:
    full = " ".join(visible_characters(unicodedata.normalize("NFKC", text)).split())
    assert clean(text) == clean(full)


@given(st.text(max_size=40))
def test_any_text_cleans_to_printable_text(text: str) -> None:
    cleaned = clean(text)
    assert all(unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in cleaned)
