"""Reloading while serving: good edits swap in, broken ones are logged by line and refused."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from adapters.serving.metrics import Metrics
from adapters.serving.reload import Reloader, knowledge_fingerprint, watch
from adapters.store import read_taught
from bot import Bot
from bot.kb.compiled import Compiled, load_compiled
from bot.message import ConversationKey, Message
from bot.store.settings import RecordingSettings
from tests.serve.team import BROKEN_LINE, QUESTION, write_team

KEY = ConversationKey("test")


def answer(bot: Bot) -> str:
    return bot.respond(Message(QUESTION, KEY)).reply.body


def reloads(metrics: Metrics, outcome: str) -> float | None:
    return metrics.registry.get_sample_value(
        "rolebot_knowledge_reloads_total", {"outcome": outcome}
    )


@pytest.fixture
def reloader(tmp_path: Path) -> Reloader:
    team = tmp_path / "team"
    write_team(team, "Version one.")

    def load() -> Compiled:
        return load_compiled([team])

    return Reloader(Bot(load()), load, Metrics())


async def test_a_good_edit_is_swapped_in_and_counted(reloader: Reloader, tmp_path: Path) -> None:
    write_team(tmp_path / "team", "Version two, reloaded.")
    assert await reloader.reload("test")
    assert answer(reloader.bot) == "Version two, reloaded."
    assert reloads(reloader.metrics, "ok") == 1
    faq = reloader.metrics.registry.get_sample_value("rolebot_knowledge_entries", {"kind": "faq"})
    assert faq == len(reloader.bot.knowledge.faq)


async def test_a_broken_edit_is_logged_with_file_and_line_and_the_old_knowledge_serves(
    reloader: Reloader, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = write_team(tmp_path / "team", "Version two.", broken=True)
    with caplog.at_level(logging.INFO):
        assert not await reloader.reload("test")
    assert answer(reloader.bot) == "Version one."
    assert reloads(reloader.metrics, "failed") == 1
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors == [
        f"{path}:{BROKEN_LINE}: roles: role 'no-such-role' is unknown",
        "knowledge not reloaded: 1 problem(s); the old knowledge keeps serving",
    ]


async def test_an_unexpected_failure_keeps_the_old_knowledge(
    reloader: Reloader, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> Compiled:
        raise OSError("disk gone")

    reloader.load = broken
    assert not await reloader.reload("test")
    assert answer(reloader.bot) == "Version one."
    assert reloads(reloader.metrics, "failed") == 1
    assert "could not reload the knowledge" in caplog.text


async def watched(team: Path, loaded: str | None, edit: Callable[[], object]) -> list[str]:
    """Watch `team` from `loaded`, make `edit`, and return what each reload saw."""
    changes: list[str] = []
    changed = asyncio.Event()

    async def record() -> None:
        changes.append((team / "faq.yaml").read_text())
        changed.set()

    watcher = asyncio.ensure_future(watch([team], 0.05, record, loaded))
    try:
        await asyncio.sleep(0.2)
        edit()
        await asyncio.wait_for(changed.wait(), 5)
        await asyncio.sleep(0.3)  # time enough for a second, unwanted reload
    finally:
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watcher
    return changes


async def test_watch_reloads_once_after_several_files_change(tmp_path: Path) -> None:
    team = tmp_path / "team"
    write_team(team, "Version one.")

    def save_two_files() -> None:
        write_team(team, "Version two, with more words.")
        (team / "more.yaml").write_text("faq: []\n")

    changes = await watched(team, knowledge_fingerprint([team]), save_two_files)
    assert len(changes) == 1
    assert "Version two, with more words." in changes[0]


async def test_watch_sees_an_edit_made_while_the_knowledge_loaded(tmp_path: Path) -> None:
    team = tmp_path / "team"
    write_team(team, "Version one.")
    loaded = knowledge_fingerprint([team])
    write_team(team, "Version two, edited during start-up.")
    changes = await watched(team, loaded, lambda: None)
    assert len(changes) == 1
    assert "Version two, edited during start-up." in changes[0]


async def test_a_store_that_cannot_be_read_fails_the_reload_in_one_line(
    reloader: Reloader, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = tmp_path / "not-a-store.sqlite3"
    store.write_bytes(b"this is not a SQLite database, it only has the name of one" * 20)

    def reading_the_store() -> Compiled:
        return load_compiled([tmp_path / "team"], taught=read_taught(RecordingSettings(store)))

    reloader.load = reading_the_store
    with caplog.at_level(logging.INFO):
        assert not await reloader.reload("test")
    assert answer(reloader.bot) == "Version one."
    assert reloads(reloader.metrics, "failed") == 1
    failed = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.getMessage() for r in failed] == [
        f"could not reload the knowledge: {store}: file is not a database; "
        "the old knowledge keeps serving"
    ]
    assert failed[0].exc_info is None, "one line, no traceback"
