"""The built-knowledge cache is used when current and rebuilt when anything changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot import Bot
from bot.answering.deciding import Engine
from bot.curation.evaluation import load_question_set
from bot.kb import loader
from bot.kb.compiled import load_compiled
from bot.kb.packed import PackedDict
from bot.kb.prebuilt import build
from bot.kb.problems import KnowledgeError
from bot.message import ConversationKey, Message
from tests.knowledge_builder import FAQ, write_knowledge

KEY = ConversationKey("test")


def count_loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = loader.load

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "load", counting)
    return calls


def test_second_start_reads_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_loads(monkeypatch)
    first = Engine(load_compiled([], tmp_path / "cache", prebuilt_dir=None))
    second = Engine(load_compiled([], tmp_path / "cache", prebuilt_dir=None))
    assert len(calls) == 1
    question = Message("who owns deployment?", KEY)
    assert first.handle(question) == second.handle(question)


def test_editing_a_team_file_rebuilds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    team = write_knowledge(tmp_path / "team")
    load_compiled([team], tmp_path / "cache")
    faq = team / "faq" / "general.yaml"
    faq.write_text(FAQ.replace("Mostly coffee and dashboards.", "Tea."), encoding="utf-8")
    os.utime(faq, ns=(1, 1))  # a different mtime even on coarse clocks
    calls = count_loads(monkeypatch)
    rebuilt = load_compiled([team], tmp_path / "cache")
    assert len(calls) == 1
    assert rebuilt.base.faq["first-entry"].answer == "Tea."
    assert len(list((tmp_path / "cache").glob("knowledge-*.pickle"))) == 1, "old copies removed"


def test_a_corrupt_cache_is_rebuilt(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_compiled([], cache, prebuilt_dir=None)
    (cached,) = cache.glob("knowledge-*.pickle")
    cached.write_bytes(b"not a pickle")
    assert load_compiled([], cache, prebuilt_dir=None).base.roles
    assert cached.read_bytes() != b"not a pickle"


def test_an_unwritable_cache_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    assert load_compiled([], blocker / "cache", prebuilt_dir=None).base.roles


def test_broken_knowledge_is_never_cached(tmp_path: Path) -> None:
    team = write_knowledge(tmp_path / "team", tools="tools: [")
    with pytest.raises(KnowledgeError):
        load_compiled([team], tmp_path / "cache")
    assert not list((tmp_path / "cache").glob("knowledge-*.pickle"))


def test_a_missing_team_directory_is_reported_even_with_a_current_cache(tmp_path: Path) -> None:
    load_compiled([], tmp_path / "cache")  # the shipped knowledge, cached
    missing = tmp_path / "no-such-team"
    with pytest.raises(KnowledgeError) as error:
        load_compiled([missing], tmp_path / "cache")
    assert str(error.value) == f"{missing}:1: not a knowledge directory"


def test_the_prebuilt_knowledge_serves_an_empty_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prebuilt = build(tmp_path / "prebuilt")
    assert prebuilt.stat().st_mode & 0o777 == 0o644, "readable by whoever runs rolebot"
    calls = count_loads(monkeypatch)
    compiled = load_compiled([], tmp_path / "cache", prebuilt_dir=prebuilt.parent)
    assert calls == []
    assert not (tmp_path / "cache").exists(), "nothing to write: the prebuilt copy is current"
    question = Message("who owns deployment?", KEY)
    fresh = Engine(load_compiled([], None))
    assert Engine(compiled).handle(question) == fresh.handle(question)


def test_the_prebuilt_knowledge_is_not_used_for_a_team(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prebuilt = build(tmp_path / "prebuilt")
    team = write_knowledge(tmp_path / "team")
    calls = count_loads(monkeypatch)
    compiled = load_compiled([team], tmp_path / "cache", prebuilt_dir=prebuilt.parent)
    assert len(calls) == 1
    assert "first-entry" in compiled.base.faq


def test_a_cache_loaded_bot_answers_every_question_as_a_fresh_one(tmp_path: Path) -> None:
    load_compiled([], tmp_path / "cache", prebuilt_dir=None)
    cached = Bot(load_compiled([], tmp_path / "cache", prebuilt_dir=None))
    fresh = Bot(load_compiled([], None))
    assert isinstance(cached.compiled.base.faq, PackedDict), "really read from the cache"
    for number, conversation in enumerate(load_question_set().all_turns()):
        key = ConversationKey("identity", thread=str(number))
        for turn in conversation:
            question = Message(turn.q, key)
            assert cached.respond(question).reply == fresh.respond(question).reply, turn.q


def test_an_edit_reaches_the_entries_read_from_the_cache(tmp_path: Path) -> None:
    team = write_knowledge(tmp_path / "team")
    load_compiled([team], tmp_path / "cache")
    faq = team / "faq" / "general.yaml"
    faq.write_text(FAQ.replace("Mostly coffee and dashboards.", "Tea."), encoding="utf-8")
    os.utime(faq, ns=(1, 1))
    load_compiled([team], tmp_path / "cache")  # rebuilds and caches the edit
    cached = load_compiled([team], tmp_path / "cache")
    assert isinstance(cached.base.faq, PackedDict)
    assert cached.base.faq["first-entry"].answer == "Tea."
