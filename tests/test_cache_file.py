"""The compiled-knowledge file: arrays come back equal, as read-only views of a memory map."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest

from bot.kb import cache_file


def test_arrays_round_trip_as_views_of_the_file(tmp_path: Path) -> None:
    vectors = np.arange(12, dtype=np.float32).reshape(3, 4)
    value = {"vectors": vectors, "ids": np.array([3, 1, 2], dtype=np.int32), "name": "x"}
    path = tmp_path / "c.pickle"
    with path.open("wb") as out:
        cache_file.dump(value, out)
    with path.open("rb") as source:
        loaded = cache_file.load(source)
    assert isinstance(loaded, dict)
    assert loaded["name"] == "x"
    np.testing.assert_array_equal(loaded["vectors"], vectors)
    np.testing.assert_array_equal(loaded["ids"], [3, 1, 2])
    assert not loaded["vectors"].flags.writeable, "a view of the read-only map, not a copy"
    assert loaded["vectors"].ctypes.data % cache_file.ALIGN == 0


@pytest.mark.parametrize("cut", [0, 5, 40, -3])
def test_a_damaged_file_is_refused(tmp_path: Path, cut: int) -> None:
    path = tmp_path / "c.pickle"
    with path.open("wb") as out:
        cache_file.dump({"a": np.ones(100)}, out)
    data = path.read_bytes()
    path.write_bytes(data[:cut] if cut > 0 else data[:cut] if cut < 0 else b"not a pickle")
    with path.open("rb") as source, pytest.raises((ValueError, EOFError)):
        cache_file.load(source)


def test_a_deferred_dict_reads_as_the_dict_it_holds() -> None:
    plain = {("faq", "a"): 1, ("faq", "b"): 2}
    for read in (
        lambda d: d[("faq", "a")],
        lambda d: d.get(("faq", "b")),
        lambda d: ("faq", "a") in d,
        lambda d: sorted(d),
        lambda d: len(d),
        lambda d: sorted(d.items()),
        lambda d: sorted(d.values()),
        lambda d: sorted(d.keys()),
        lambda d: d.copy(),
        lambda d: dict(d),
        lambda d: {**d},
        lambda d: d == plain,
    ):
        assert read(cache_file.Deferred.of(plain)) == read(plain)
    unread = cache_file.Deferred.of(plain)
    filled = cache_file.Deferred.of(plain)
    assert filled[("faq", "a")] == 1  # filled before pickling
    for original in (unread, filled):
        copied = pickle.loads(pickle.dumps(original))
        assert type(copied) is cache_file.Deferred
        assert copied._packed is not None, "still packed after a round trip"
        assert copied == plain


def test_the_cache_keeps_locations_packed_until_read(tmp_path: Path) -> None:
    from bot.kb.compiled import load_compiled

    load_compiled([], tmp_path, prebuilt_dir=None)
    cached = load_compiled([], tmp_path, prebuilt_dir=None)
    locations = cached.base.locations
    assert isinstance(locations, cache_file.Deferred)
    assert locations._packed is not None
    assert locations[("faq", "mle-entry-level")].line > 0
    assert locations._packed is None
