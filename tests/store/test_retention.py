"""Retention: rows older than the setting go on open and then periodically."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from pathlib import Path

from bot.feedback import Feedback
from bot.store.recorder import Recorder
from bot.store.rows import AnswerRow, MissKind, MissRow, Row, VoteRow
from bot.store.sqlite import SqliteStore
from tests.store.conftest import START, FakeClock, rows


def day_rows(answer_id: str, at: datetime) -> list[Row]:
    return [
        AnswerRow(answer_id, at, "slack", "decline", "decline", None, 0.0),
        MissRow(answer_id, at, "slack", MissKind.DECLINED, "who pays", "decline", "", 0.0),
        VoteRow(answer_id, "voter", "slack", Feedback.NOT_HELPFUL, at),
    ]


def kept(path: Path) -> dict[str, list[object]]:
    return {
        table: [r[0] for r in rows(path, f"SELECT answer_id FROM {table} ORDER BY answer_id")]
        for table in ("answers", "misses", "votes")
    }


def seed(path: Path, *ages_in_days: int) -> None:
    store = SqliteStore(path)
    for age in ages_in_days:
        store.write(day_rows(f"age-{age:03d}", START - timedelta(days=age)))
    store.close()


def test_old_rows_are_purged_when_the_store_opens(db_path: Path, clock: FakeClock) -> None:
    seed(db_path, 1, 89, 91, 400)
    recorder = Recorder(lambda: SqliteStore(db_path), clock=clock)
    assert recorder.flush(timeout=10)  # the writer opens and purges before anything else
    assert kept(db_path) == {t: ["age-001", "age-089"] for t in ("answers", "misses", "votes")}
    recorder.close()


def test_retention_is_a_setting(db_path: Path, clock: FakeClock) -> None:
    seed(db_path, 1, 6, 8)
    with Recorder(
        lambda: SqliteStore(db_path), clock=clock, retention=timedelta(days=7)
    ) as recorder:
        assert recorder.flush(timeout=10)
    assert kept(db_path)["answers"] == ["age-001", "age-006"]


def test_rows_are_purged_periodically_while_running(db_path: Path, clock: FakeClock) -> None:
    recorder = Recorder(lambda: SqliteStore(db_path), clock=clock, purge_every=timedelta(hours=1))
    for row in day_rows("first", START):
        recorder.submit(row)
    assert recorder.flush(timeout=10)
    clock.advance(days=90, minutes=-10)
    for row in day_rows("second", clock.now):
        recorder.submit(row)
    assert recorder.flush(timeout=10)  # purges (due hourly), but "first" is not 90 days old
    assert kept(db_path)["answers"] == ["first", "second"]
    clock.advance(minutes=20)
    assert recorder.flush(timeout=10)  # "first" is now too old, but the next purge is not due
    assert kept(db_path)["answers"] == ["first", "second"]
    clock.advance(hours=1)
    assert recorder.flush(timeout=10)
    assert kept(db_path) == {t: ["second"] for t in ("answers", "misses", "votes")}
    recorder.close()


def test_the_writer_purges_on_time_with_no_traffic(db_path: Path, clock: FakeClock) -> None:
    seed(db_path, 0)
    recorder = Recorder(lambda: SqliteStore(db_path), clock=clock, idle_wake_seconds=0.01)
    assert recorder.flush(timeout=10)
    clock.advance(days=91)
    deadline = time.monotonic() + 10  # the idle wake-up runs on real time
    while kept(db_path)["answers"] and time.monotonic() < deadline:
        time.sleep(0.01)
    assert kept(db_path)["answers"] == []
    recorder.close()
