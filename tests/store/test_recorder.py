"""Writes never block or break an answer: locked, corrupt, unwritable or overloaded stores."""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

import pytest

from bot.feedback import Feedback
from bot.kb.compiled import Compiled
from bot.message import ConversationKey, Message
from bot.store.recorder import Recorder
from bot.store.rows import AnswerRow, Row
from bot.store.sqlite import SqliteStore
from tests.store.conftest import CONFIDENT, DECLINED, START, FakeClock, recording_bot, rows

KEY = ConversationKey("discord", "channel", "", "user")
QUICK_RETRIES = (0.0, 0.0)


def row(number: int) -> AnswerRow:
    return AnswerRow(f"{number:016x}", START, "test", "answer", "faq", "first-entry", 0.9)


def count(path: Path) -> int:
    (found,) = rows(path, "SELECT COUNT(*) FROM answers")[0]
    assert isinstance(found, int)
    return found


def test_a_ticket_means_the_row_is_committed(db_path: Path, clock: FakeClock) -> None:
    with Recorder(lambda: SqliteStore(db_path), clock=clock) as recorder:
        ticket = recorder.submit(row(1))
        assert ticket.wait(timeout=10)
        assert count(db_path) == 1  # visible to another connection: committed


def test_answers_do_not_wait_for_a_locked_database(
    small_compiled: Compiled, db_path: Path, clock: FakeClock
) -> None:
    SqliteStore(db_path).close()
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process holding the write lock
    recorder = Recorder(lambda: SqliteStore(db_path), clock=clock)
    bot, recording = recording_bot(small_compiled, recorder)
    started = time.monotonic()
    replies = [bot.respond(Message(CONFIDENT, KEY)).reply for _ in range(10)]
    assert time.monotonic() - started < 1.0  # the writer waits up to 5 s per attempt
    assert all(r.title == "First entry" for r in replies)
    holder.execute("ROLLBACK")
    holder.close()
    assert recorder.flush(timeout=30)
    recording.close()
    assert count(db_path) == 10


def test_a_corrupt_file_is_logged_answers_go_out_and_recording_recovers(
    small_compiled: Compiled, db_path: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"not a database at all" * 200)
    recorder = Recorder(lambda: SqliteStore(db_path), clock=clock, retry_delays=QUICK_RETRIES)
    bot, recording = recording_bot(small_compiled, recorder)
    with caplog.at_level(logging.INFO, logger="bot.store.recorder"):
        assert bot.respond(Message(DECLINED, KEY)).reply.title == "I don't know that one"
        assert recorder.flush(timeout=10)
        assert "not a database" in caplog.text and "dropped 2 rows" in caplog.text
        db_path.unlink()  # the operator moves the broken file away
        assert recorder.submit(row(1)).wait(timeout=10)
        assert "recording works again" in caplog.text
    recording.close()
    assert count(db_path) == 1


def test_an_unwritable_location_is_logged_and_answers_go_out(
    small_compiled: Compiled, tmp_path: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "state"
    blocker.write_text("a file where the state folder should be")
    recorder = Recorder(
        lambda: SqliteStore(blocker / "rolebot.sqlite3"), retry_delays=(), clock=clock
    )
    bot, recording = recording_bot(small_compiled, recorder)
    answered = bot.respond(Message(CONFIDENT, KEY))
    bot.record_feedback(answered.answer_id, "user", Feedback.HELPFUL, "discord")
    assert answered.reply.title == "First entry"
    assert recording.close()
    assert "cannot open" in caplog.text and "dropped" in caplog.text


def test_a_full_queue_drops_rows_instead_of_blocking(
    db_path: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    SqliteStore(db_path).close()
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # the writer is stuck on its first batch
    recorder = Recorder(lambda: SqliteStore(db_path), clock=clock, queue_size=5)
    started = time.monotonic()
    tickets = [recorder.submit(row(n)) for n in range(200)]
    assert time.monotonic() - started < 1.0
    holder.execute("ROLLBACK")
    holder.close()
    assert recorder.flush(timeout=30)
    committed = [t.wait(timeout=0) for t in tickets]
    assert 0 < sum(committed) <= 6  # the first batch and a full queue, nothing more
    assert count(db_path) == sum(committed)
    assert "queue is full" in caplog.text and "dropped" in caplog.text
    assert recorder.submit(row(1000)).wait(timeout=10)  # and it keeps going
    recorder.close()


def test_the_writer_survives_a_bug_and_keeps_writing(
    db_path: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    with Recorder(
        lambda: SqliteStore(db_path), clock=clock, retry_delays=QUICK_RETRIES
    ) as recorder:
        bogus: Row = "not a row"  # type: ignore[assignment]
        assert not recorder.submit(bogus).wait(timeout=10)
        assert recorder.submit(row(1)).wait(timeout=10)
    assert "recording failed unexpectedly" in caplog.text
    assert count(db_path) == 1


def test_after_close_rows_are_refused_not_lost_silently(
    db_path: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = Recorder(lambda: SqliteStore(db_path), clock=clock)
    assert recorder.submit(row(1)).wait(timeout=10)
    assert recorder.close()
    assert not recorder.submit(row(2)).wait(timeout=1)
    assert "recorder is closed" in caplog.text


def test_close_writes_what_is_queued(db_path: Path, clock: FakeClock) -> None:
    recorder = Recorder(lambda: SqliteStore(db_path), clock=clock)
    for n in range(500):
        recorder.submit(row(n))
    assert recorder.close()
    assert count(db_path) == 500
