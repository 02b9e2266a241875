"""Tour positions and welcomes in the store: remembered across restarts, keyed by pseudonyms."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from bot.onboarding.progress import MemoryWelcomes, Welcomes, user_key
from bot.store.base import Store, StoreError
from bot.store.onboarding import StoredTourProgress, StoredWelcomes
from bot.store.recorder import Recorder
from tests.store.conftest import Backend, FakeClock
from tests.store.test_migrations import Raw


def test_nobody_is_welcomed_twice_across_restarts(backend: Backend) -> None:
    recorder = Recorder(backend.open)
    welcomes = StoredWelcomes(recorder, backend.open)
    assert welcomes.claim("slack", "U0NEW")
    assert not welcomes.claim("slack", "U0NEW")
    assert recorder.close()

    recorder = Recorder(backend.open)
    welcomes = StoredWelcomes(recorder, backend.open)  # a new process
    assert not welcomes.claim("slack", "U0NEW")
    assert welcomes.claim("discord", "U0NEW")  # a different platform is a different person
    assert welcomes.claim("slack", "U0OTHER")
    assert recorder.close()
    stored = {key for (key,) in backend.rows("SELECT user_key FROM welcomed")}
    assert stored == {user_key(p, u) for p, u in [("slack", "U0NEW"), ("discord", "U0NEW")]} | {
        user_key("slack", "U0OTHER")
    }
    assert "U0NEW" not in str(backend.rows("SELECT * FROM welcomed"))


@pytest.mark.parametrize("kind", ["memory", "store"])
def test_two_join_events_at_once_welcome_once(backend: Backend, kind: str) -> None:
    recorder = Recorder(backend.open)
    welcomes: Welcomes = (
        MemoryWelcomes() if kind == "memory" else StoredWelcomes(recorder, backend.open)
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


def test_reads_see_the_latest_step_before_the_store_has_it(backend: Backend) -> None:
    recorder = Recorder(backend.open)
    progress = StoredTourProgress(recorder, backend.open)
    for step in (0, 1, 2, None, 0, 3):
        progress.set("someone", step)
        assert progress.get("someone") == step  # no flush: memory answers first
    assert recorder.close()
    assert backend.rows("SELECT user_key, step FROM tour_progress") == [("someone", 3)]


def test_an_ended_tour_leaves_no_row(backend: Backend) -> None:
    recorder = Recorder(backend.open)
    progress = StoredTourProgress(recorder, backend.open)
    progress.set("someone", 2)
    progress.set("someone", None)
    assert recorder.close()
    assert backend.rows("SELECT * FROM tour_progress") == []
    with Recorder(backend.open) as later:
        assert StoredTourProgress(later, backend.open).get("someone") is None


def test_an_unreadable_store_reads_as_nothing_saved(
    backend: Backend, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> Store:
        raise StoreError("the store: disk I/O error")

    recorder = Recorder(backend.open)
    progress = StoredTourProgress(recorder, broken)
    welcomes = StoredWelcomes(recorder, broken)
    assert progress.get("someone") is None
    assert welcomes.claim("slack", "U0X")  # better a second welcome than none
    assert "disk I/O error" in caplog.text
    progress.set("someone", 1)  # writes still go through the recorder
    assert progress.get("someone") == 1
    assert recorder.close()


def test_retention_forgets_old_tours_but_never_a_welcome(
    backend: Backend, clock: FakeClock
) -> None:
    recorder = Recorder(backend.open, clock=clock)
    StoredTourProgress(recorder, backend.open, clock).set("old", 2)
    assert StoredWelcomes(recorder, backend.open, clock).claim("slack", "U0OLD")
    assert recorder.close()
    clock.advance(days=91)
    with Recorder(backend.open, clock=clock, retention=timedelta(days=90)) as later:
        assert later.flush(timeout=10)
    assert backend.rows("SELECT * FROM tour_progress") == []
    assert len(backend.rows("SELECT * FROM welcomed")) == 1


def test_a_v1_database_gains_the_onboarding_tables(backend: Backend) -> None:
    Raw(backend).make_v1()
    store = backend.open()
    assert store.tour_step("someone") is None and not store.welcomed("someone")
    store.close()
    assert backend.rows("SELECT COUNT(*) FROM answers") == [(2,)]
