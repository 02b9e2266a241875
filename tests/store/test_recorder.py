"""Writes never block or break an answer: locked, corrupt, unwritable or overloaded stores; and
rows kept while the store cannot be reached are written once it can."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from bot.feedback import Feedback
from bot.kb.compiled import Compiled
from bot.message import ConversationKey, Message
from bot.store.recorder import Recorder
from bot.store.rows import AnswerRow, Row
from bot.store.sqlite import SqliteStore
from tests.store.conftest import (
    CONFIDENT,
    DECLINED,
    START,
    Backend,
    FakeClock,
    SqliteBackend,
    recording_bot,
)

KEY = ConversationKey("discord", "channel", "", "user")
QUICK_RETRIES = (0.0, 0.0)


def row(number: int) -> AnswerRow:
    return AnswerRow(f"{number:016x}", START, "test", "answer", "faq", "first-entry", 0.9)


def count(backend: Backend) -> int:
    (found,) = backend.rows("SELECT COUNT(*) FROM answers")[0]
    assert isinstance(found, int)
    return found


def test_a_ticket_means_the_row_is_committed(backend: Backend, clock: FakeClock) -> None:
    with Recorder(backend.open, clock=clock) as recorder:
        ticket = recorder.submit(row(1))
        assert ticket.wait(timeout=10)
        assert count(backend) == 1  # visible to another connection: committed
        assert recorder.written == 1


def test_answers_do_not_wait_for_a_locked_database(
    small_compiled: Compiled, backend: Backend, clock: FakeClock
) -> None:
    with backend.locked():  # another process holding the write lock
        recorder = Recorder(backend.open, clock=clock)
        bot, recording = recording_bot(small_compiled, recorder)
        started = time.monotonic()
        replies = [bot.respond(Message(CONFIDENT, KEY)).reply for _ in range(10)]
        assert time.monotonic() - started < 1.0  # the writer waits up to 5 s per attempt
        assert all(r.title == "First entry" for r in replies)
    assert recorder.flush(timeout=30)
    recording.close()
    assert count(backend) == 10


def test_rows_are_kept_while_a_lock_outlasts_every_retry_then_written(
    backend: Backend, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = Recorder(
        lambda: backend.open(busy_timeout_ms=50),
        clock=clock,
        retry_delays=QUICK_RETRIES,
        hold_retry_seconds=0.05,
    )
    with backend.locked():
        tickets = [recorder.submit(row(n)) for n in range(20)]
        deadline = time.monotonic() + 10
        while "rows waiting" not in (recorder.failing or "") and time.monotonic() < deadline:
            time.sleep(0.01)
        assert "rows waiting" in (recorder.failing or "")
        failures = recorder.failures
        time.sleep(0.3)  # several retries, each failing on the lock, none dropping the rows
        assert recorder.failures > failures
        assert not any(t.wait(timeout=0) for t in tickets)
    assert recorder.flush(timeout=30)
    assert all(t.wait(timeout=0) for t in tickets)
    assert recorder.failing is None
    recorder.close()
    assert count(backend) == 20
    assert "keeping 20 rows until the store can be reached" in caplog.text
    assert "dropped" not in caplog.text


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
    assert count(SqliteBackend(db_path)) == 1


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
    assert recorder.written == 0 and recorder.failures >= 1  # dropped rows are not written


def test_a_full_queue_drops_rows_instead_of_blocking(
    backend: Backend, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    with backend.locked():  # the writer is stuck on its first batch
        recorder = Recorder(backend.open, clock=clock, queue_size=5)
        started = time.monotonic()
        tickets = [recorder.submit(row(n)) for n in range(200)]
        assert time.monotonic() - started < 1.0
    assert recorder.flush(timeout=30)
    committed = [t.wait(timeout=0) for t in tickets]
    assert 0 < sum(committed) <= 6  # the first batch and a full queue, nothing more
    assert count(backend) == sum(committed)
    assert "queue is full" in caplog.text and "dropped" in caplog.text
    assert recorder.submit(row(1000)).wait(timeout=10)  # and it keeps going
    recorder.close()


def test_the_writer_survives_a_bug_and_keeps_writing(
    backend: Backend, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    with Recorder(backend.open, clock=clock, retry_delays=QUICK_RETRIES) as recorder:
        bogus: Row = "not a row"  # type: ignore[assignment]
        assert not recorder.submit(bogus).wait(timeout=10)
        assert recorder.submit(row(1)).wait(timeout=10)
    assert "recording failed unexpectedly" in caplog.text
    assert count(backend) == 1


def test_after_close_rows_are_refused_not_lost_silently(
    backend: Backend, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = Recorder(backend.open, clock=clock)
    assert recorder.submit(row(1)).wait(timeout=10)
    assert recorder.close()
    assert not recorder.submit(row(2)).wait(timeout=1)
    assert "recorder is closed" in caplog.text


def test_close_writes_what_is_queued(backend: Backend, clock: FakeClock) -> None:
    recorder = Recorder(backend.open, clock=clock)
    for n in range(500):
        recorder.submit(row(n))
    assert recorder.close()
    assert count(backend) == 500
