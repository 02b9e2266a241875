"""Retention: rows older than the setting go on open and then periodically."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from bot.feedback import Feedback
from bot.store.recorder import Recorder
from bot.store.rows import AnswerRow, MissKind, MissRow, Row, VoteRow
from tests.store.conftest import START, Backend, FakeClock


def day_rows(answer_id: str, at: datetime) -> list[Row]:
    return [
        AnswerRow(answer_id, at, "slack", "decline", "decline", None, 0.0),
        MissRow(answer_id, at, "slack", MissKind.DECLINED, "who pays", "decline", "", 0.0),
        VoteRow(answer_id, "voter", "slack", Feedback.NOT_HELPFUL, at),
    ]


def kept(backend: Backend) -> dict[str, list[object]]:
    return {
        table: [r[0] for r in backend.rows(f"SELECT answer_id FROM {table} ORDER BY answer_id")]
        for table in ("answers", "misses", "votes")
    }


def seed(backend: Backend, *ages_in_days: int) -> None:
    store = backend.open()
    for age in ages_in_days:
        store.write(day_rows(f"age-{age:03d}", START - timedelta(days=age)))
    store.close()


def test_old_rows_are_purged_when_the_store_opens(backend: Backend, clock: FakeClock) -> None:
    seed(backend, 1, 89, 91, 400)
    recorder = Recorder(backend.open, clock=clock)
    assert recorder.flush(timeout=10)  # the writer opens and purges before anything else
    assert kept(backend) == {t: ["age-001", "age-089"] for t in ("answers", "misses", "votes")}
    recorder.close()


def test_retention_is_a_setting(backend: Backend, clock: FakeClock) -> None:
    seed(backend, 1, 6, 8)
    with Recorder(backend.open, clock=clock, retention=timedelta(days=7)) as recorder:
        assert recorder.flush(timeout=10)
    assert kept(backend)["answers"] == ["age-001", "age-006"]


def test_rows_are_purged_periodically_while_running(backend: Backend, clock: FakeClock) -> None:
    recorder = Recorder(backend.open, clock=clock, purge_every=timedelta(hours=1))
    for row in day_rows("first", START):
        recorder.submit(row)
    assert recorder.flush(timeout=10)
    clock.advance(days=90, minutes=-10)
    for row in day_rows("second", clock.now):
        recorder.submit(row)
    assert recorder.flush(timeout=10)  # purges (due hourly), but "first" is not 90 days old
    assert kept(backend)["answers"] == ["first", "second"]
    clock.advance(minutes=20)
    assert recorder.flush(timeout=10)  # "first" is now too old, but the next purge is not due
    assert kept(backend)["answers"] == ["first", "second"]
    clock.advance(hours=1)
    assert recorder.flush(timeout=10)
    assert kept(backend) == {t: ["second"] for t in ("answers", "misses", "votes")}
    recorder.close()


def test_the_writer_purges_on_time_with_no_traffic(backend: Backend, clock: FakeClock) -> None:
    seed(backend, 0)
    recorder = Recorder(backend.open, clock=clock, idle_wake_seconds=0.01)
    assert recorder.flush(timeout=10)
    clock.advance(days=91)
    deadline = time.monotonic() + 10  # the idle wake-up runs on real time
    while kept(backend)["answers"] and time.monotonic() < deadline:
        time.sleep(0.01)
    assert kept(backend)["answers"] == []
    recorder.close()
