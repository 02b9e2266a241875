"""A small `Texts` answers from its decoded strings exactly what decoding the packed bytes
gives, and never pickles them."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.understanding import retrieval
from bot.understanding.retrieval import Texts

STRINGS = st.lists(st.text(max_size=12), min_size=1, max_size=30)


@given(STRINGS, st.data())
def test_decoded_reads_what_the_bytes_hold(strings: list[str], data: st.DataObject) -> None:
    texts = Texts(strings)
    numbers = np.asarray(
        data.draw(st.lists(st.integers(0, len(strings) - 1), max_size=40)), dtype=np.int64
    )
    assert texts.many(numbers) == texts._decode(numbers) == [strings[n] for n in numbers]
    assert [texts[n] for n in range(len(strings))] == strings


def test_beyond_the_limit_texts_stay_packed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retrieval, "DECODED_UP_TO", 2)
    strings = ["who owns deployment", "", "données", "ci/cd 🚀"]
    texts = Texts(strings)
    assert texts.many(np.asarray([3, 0, 2, 3])) == [strings[3], strings[0], strings[2], strings[3]]
    assert [texts[n] for n in range(len(strings))] == strings
    assert texts._decoded is None


def test_pickled_without_the_decoded_strings() -> None:
    strings = ["who owns deployment", "données"]
    texts = Texts(strings)
    texts.many(np.asarray([1]))
    assert texts._decoded == strings
    loaded = pickle.loads(pickle.dumps(texts))
    assert loaded._decoded is None
    assert loaded.many(np.asarray([1, 0])) == ["données", "who owns deployment"]
    assert len(pickle.dumps(texts)) == len(pickle.dumps(Texts(strings)))
