"""Tour positions and welcomes in the store: remembered across restarts, keyed by pseudonyms."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from bot.onboarding.progress import MemoryWelcomes, Welcomes, user_key
from bot.store.base import Store, StoreError
from bot.store.onboarding import StoredTourProgress, StoredWelcomes
from bot.store.recorder import Recorder
from bot.store.sqlite import SqliteStore
from tests.store.conftest import FakeClock, rows
from tests.store.test_migrations import make_v1


def opener(db: Path) -> Callable[[], Store]:
    return lambda: SqliteStore(db)


def test_nobody_is_welcomed_twice_across_restarts(db_path: Path) -> None:
    recorder = Recorder(opener(db_path))
    welcomes = StoredWelcomes(recorder, opener(db_path))
    assert welcomes.claim("slack", "U0NEW")
    assert not welcomes.claim("slack", "U0NEW")
    assert recorder.close()

    recorder = Recorder(opener(db_path))
    welcomes = StoredWelcomes(recorder, opener(db_path))  # a new process
    assert not welcomes.claim("slack", "U0NEW")
    assert welcomes.claim("discord", "U0NEW")  # a different platform is a different person
    assert welcomes.claim("slack", "U0OTHER")
    assert recorder.close()
    stored = {key for (key,) in rows(db_path, "SELECT user_key FROM welcomed")}
    assert stored == {user_key(p, u) for p, u in [("slack", "U0NEW"), ("discord", "U0NEW")]} | {
        user_key("slack", "U0OTHER")
    }
    assert "U0NEW" not in str(rows(db_path, "SELECT * FROM welcomed"))


@pytest.mark.parametrize("kind", ["memory", "store"])
def test_two_join_events_at_once_welcome_once(db_path: Path, kind: str) -> None:
    recorder = Recorder(opener(db_path))
    welcomes: Welcomes = (
        MemoryWelcomes() if kind == "memory" else StoredWelcomes(recorder, opener(db_path))
    )
    start = threading.Barrier(8)
    won: list[bool] = []

    def join() -> None:
        start.wait()
        won.append(welcomes.claim("slack", "U0RACE"))

    threads = [threading.Thread(target=join) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(won) == [False] * 7 + [True]
    assert recorder.close()


def test_reads_see_the_latest_step_before_the_store_has_it(db_path: Path) -> None:
    recorder = Recorder(opener(db_path))
    progress = StoredTourProgress(recorder, opener(db_path))
    for step in (0, 1, 2, None, 0, 3):
        progress.set("someone", step)
        assert progress.get("someone") == step  # no flush: memory answers first
    assert recorder.close()
    assert rows(db_path, "SELECT user_key, step FROM tour_progress") == [("someone", 3)]


def test_an_ended_tour_leaves_no_row(db_path: Path) -> None:
    recorder = Recorder(opener(db_path))
    progress = StoredTourProgress(recorder, opener(db_path))
    progress.set("someone", 2)
    progress.set("someone", None)
    assert recorder.close()
    assert rows(db_path, "SELECT * FROM tour_progress") == []
    with Recorder(opener(db_path)) as later:
        assert StoredTourProgress(later, opener(db_path)).get("someone") is None


def test_an_unreadable_store_reads_as_nothing_saved(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> Store:
        raise StoreError(f"{db_path}: disk I/O error")

    recorder = Recorder(opener(db_path))
    progress = StoredTourProgress(recorder, broken)
    welcomes = StoredWelcomes(recorder, broken)
    assert progress.get("someone") is None
    assert welcomes.claim("slack", "U0X")  # better a second welcome than none
    assert "disk I/O error" in caplog.text
    progress.set("someone", 1)  # writes still go through the recorder
    assert progress.get("someone") == 1
    assert recorder.close()


def test_retention_forgets_old_tours_but_never_a_welcome(db_path: Path, clock: FakeClock) -> None:
    recorder = Recorder(opener(db_path), clock=clock)
    StoredTourProgress(recorder, opener(db_path), clock).set("old", 2)
    assert StoredWelcomes(recorder, opener(db_path), clock).claim("slack", "U0OLD")
    assert recorder.close()
    clock.advance(days=91)
    with Recorder(opener(db_path), clock=clock, retention=timedelta(days=90)) as later:
        assert later.flush(timeout=10)
    assert rows(db_path, "SELECT * FROM tour_progress") == []
    assert len(rows(db_path, "SELECT * FROM welcomed")) == 1


def test_a_v1_database_gains_the_onboarding_tables(db_path: Path) -> None:
    make_v1(db_path)
    store = SqliteStore(db_path)
    assert store.tour_step("someone") is None and not store.welcomed("someone")
    store.close()
    assert rows(db_path, "SELECT COUNT(*) FROM answers") == [(2,)]
