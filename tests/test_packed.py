"""Packed knowledge: items built on first read equal the ones built eagerly, cached or not."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.kb import cache_file
from bot.kb.base import KnowledgeBase
from bot.kb.compiled import compile_knowledge, read_cache, write_cache
from bot.kb.packed import Numbered, PackedDict, PackedList
from bot.understanding.retrieval import Texts
from bot.understanding.targets import targets


def round_trip(value: object, tmp_path: Path) -> object:
    """`value` written to a cache file and read back (its arrays memory-mapped)."""
    path = tmp_path / "packed.pickle"
    with path.open("wb") as out:
        cache_file.dump(value, out)
    with path.open("rb") as source:
        return cache_file.load(source)


def test_targets_read_on_demand_equal_the_eager_ones(
    shipped: KnowledgeBase, tmp_path: Path
) -> None:
    eager = targets(shipped)
    packed = round_trip(PackedList(eager), tmp_path)
    assert isinstance(packed, PackedList)
    assert len(packed) == len(eager)
    assert packed[5] == eager[5]
    assert packed[-1] == eager[-1]
    assert packed[2:4] == eager[2:4]
    assert list(packed) == eager
    assert packed[5] is packed[5], "built once, then kept"
    with pytest.raises(IndexError):
        packed[len(eager)]


def test_faq_entries_read_on_demand_equal_the_eager_ones(
    shipped: KnowledgeBase, tmp_path: Path
) -> None:
    packed = round_trip(PackedDict(shipped.faq), tmp_path)
    assert isinstance(packed, PackedDict)
    assert packed["mle-entry-level"] == shipped.faq["mle-entry-level"]
    assert list(packed) == list(shipped.faq), "in the order the knowledge gave them"
    assert dict(packed.items()) == shipped.faq
    assert "no-such-entry" not in packed
    assert packed.get("no-such-entry") is None


def test_numbered_finds_each_key_and_only_those() -> None:
    keys = ["faq:a", "faq:b", "role_tools:x", "é-accented", ""]
    numbered = Numbered(keys)
    assert [numbered[key] for key in keys] == [0, 1, 2, 3, 4]
    assert list(numbered) == keys
    assert numbered.get("faq:c") is None
    with pytest.raises(ValueError, match="distinct"):
        Numbered(["a", "a"])


def test_numbered_tells_apart_keys_whose_hashes_collide() -> None:
    # Two words with the same CRC-32: found by comparing the keys, not the hashes alone.
    numbered = Numbered(["x", "plumless", "buckeroo"])
    assert (numbered["plumless"], numbered["buckeroo"]) == (1, 2)
    assert "buckeroo2" not in numbered


def test_texts_keep_any_unicode_text() -> None:
    written = ["plain", "", "naïve café", "数据科学家", "emoji 🙂 here"]
    texts = Texts(written)
    assert [texts[n] for n in range(len(texts))] == written


def test_the_cache_holds_the_knowledge_packed_and_answers_alike(
    shipped: KnowledgeBase, tmp_path: Path
) -> None:
    fresh = compile_knowledge(shipped)
    write_cache(tmp_path / "knowledge-x.pickle", fresh)
    cached = read_cache(tmp_path / "knowledge-x.pickle")
    assert cached is not None
    assert isinstance(cached.base.faq, PackedDict)
    assert isinstance(cached.targets, PackedList)
    assert dict(cached.base.faq.items()) == dict(fresh.base.faq.items())
    assert list(cached.targets) == list(fresh.targets)
    assert cached.target_ids == fresh.target_ids


def test_a_pass_over_every_item_keeps_only_what_was_read_by_key(
    shipped: KnowledgeBase, tmp_path: Path
) -> None:
    packed = round_trip(PackedDict(shipped.faq), tmp_path)
    assert isinstance(packed, PackedDict)
    kept = packed["mle-entry-level"]
    counted = sum(len(entry.phrasings) for entry in packed.values())
    assert counted == sum(len(entry.phrasings) for entry in shipped.faq.values())
    assert [key for key, _ in packed.items()] == list(shipped.faq)
    assert packed._values._read == {list(shipped.faq).index("mle-entry-level"): kept}
    assert next(e for e in packed.values() if e.id == "mle-entry-level") is kept
