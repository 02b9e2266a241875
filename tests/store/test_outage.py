"""PostgreSQL going away mid-run, for real: the store's role is refused and its connections
terminated on the server (pg_terminate_backend), then let back in. Answers go out meanwhile,
nothing acknowledged is lost, and what was not committed yet is kept and written on return."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from adapters.store import Storage
from bot.kb.compiled import Compiled
from bot.message import ConversationKey, Message
from bot.store.postgres import PostgresDatabase
from bot.store.recorder import Recorder, Ticket
from bot.store.rows import AnswerRow, utc_now
from bot.store.settings import RecordingSettings
from tests.postgres_servers import PgCutSchema
from tests.store.conftest import CONFIDENT, DECLINED, recording_bot

KEY = ConversationKey("slack", "C1", "1700000000.000100")
QUICK_RETRIES = (0.05,)
HOLD_RETRY_SECONDS = 0.2
SETTLE_SECONDS = 60.0  # the pool reconnects with a backoff; generous, never a speed claim


@pytest.fixture
def database(pg_cut_schema: PgCutSchema) -> Iterator[PostgresDatabase]:
    """The store's database as `rolebot serve` holds it, through the role that can be cut."""
    opened = PostgresDatabase(pg_cut_schema.url, wait_seconds=1.0)
    yield opened
    opened.close()


def wait_until(condition: Callable[[], bool], what: str, seconds: float = SETTLE_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def answer_ids(cut: PgCutSchema) -> set[str]:
    return {answer_id for (answer_id,) in cut.rows("SELECT answer_id FROM answers")}


def test_the_server_going_away_loses_nothing_acknowledged_and_the_writer_recovers(
    pg_cut_schema: PgCutSchema, database: PostgresDatabase, small_compiled: Compiled
) -> None:
    recorder = Recorder(
        database.store, retry_delays=QUICK_RETRIES, hold_retry_seconds=HOLD_RETRY_SECONDS
    )
    bot, recording = recording_bot(small_compiled, recorder)
    before = [bot.respond(Message(CONFIDENT, KEY)).answer_id for _ in range(5)]
    assert recorder.flush(timeout=SETTLE_SECONDS)
    assert answer_ids(pg_cut_schema) == set(before)

    assert pg_cut_schema.cut() >= 1  # the pool's open connection went with it
    started = time.monotonic()
    replies = [bot.respond(Message(q, KEY)) for q in (CONFIDENT, DECLINED) * 10]
    assert time.monotonic() - started < 2.0  # answering never waits for the database
    assert [r.reply.title for r in replies[:2]] == ["First entry", "I don't know that one"]
    wait_until(lambda: "rows waiting" in (recorder.failing or ""), "the writer to keep rows")
    reason = recorder.failing or ""
    assert "not permitted to log in" in reason and pg_cut_schema.role in reason
    assert recorder.failures >= 2
    assert not recorder.flush(timeout=0.5)  # the rows are kept, not dealt with yet

    pg_cut_schema.restore()
    assert recorder.flush(timeout=SETTLE_SECONDS)
    assert recorder.failing is None
    during = {r.answer_id for r in replies}
    assert answer_ids(pg_cut_schema) == set(before) | during
    assert pg_cut_schema.rows("SELECT COUNT(*) FROM misses") == [(10,)]
    assert recording.close()


def test_connections_terminated_again_and_again_lose_no_acknowledged_row(
    pg_cut_schema: PgCutSchema, database: PostgresDatabase
) -> None:
    recorder = Recorder(
        database.store, retry_delays=QUICK_RETRIES, hold_retry_seconds=HOLD_RETRY_SECONDS
    )
    tickets: list[tuple[str, Ticket]] = []
    stop = threading.Event()

    def stream() -> None:
        number = 0
        while not stop.is_set():
            answer_id = f"{number:016x}"
            # Now, not START: every reconnection purges rows older than the retention.
            row = AnswerRow(answer_id, utc_now(), "test", "answer", "faq", None, 1.0)
            tickets.append((answer_id, recorder.submit(row)))
            number += 1
            time.sleep(0.001)  # a steady stream, not a flood the queue would have to drop

    writer = threading.Thread(target=stream)
    writer.start()
    terminated = 0
    try:
        for _ in range(5):
            time.sleep(0.3)
            terminated += pg_cut_schema.terminate()
    finally:
        stop.set()
        writer.join(timeout=30)
    acknowledged_before_the_end = {i for i, t in tickets if t.wait(timeout=0)}
    assert recorder.flush(timeout=SETTLE_SECONDS)
    assert recorder.close()
    assert terminated >= 3  # the writer was connected, and cut off, most times
    stored = answer_ids(pg_cut_schema)
    assert acknowledged_before_the_end <= stored
    assert stored == {i for i, _ in tickets}  # and what was not acknowledged yet got there too
    assert all(t.wait(timeout=0) for _, t in tickets)


def test_a_database_down_from_the_start_is_waited_out(pg_cut_schema: PgCutSchema) -> None:
    pg_cut_schema.cut()  # before rolebot ever reached it: not even its tables exist yet
    settings = RecordingSettings(Path("unused.sqlite3"), database_url=pg_cut_schema.url)
    with Storage(settings) as storage:
        onboarding = storage.onboarding()  # as `rolebot serve` starts
        started = time.monotonic()
        assert onboarding.welcomes.claim("slack", "U0NEW")  # better a welcome than none
        assert onboarding.progress.get("someone") is None  # nothing saved can be read
        # The writer waits seconds for its first connection; a read an answer waits on, not.
        assert time.monotonic() - started < 3.0
        onboarding.progress.set("someone", 2)
        pg_cut_schema.restore()
        assert onboarding.recorder.flush(timeout=SETTLE_SECONDS)
        assert onboarding.close()
    assert pg_cut_schema.rows("SELECT step FROM tour_progress") == [(2,)]
    assert pg_cut_schema.rows("SELECT COUNT(*) FROM welcomed") == [(1,)]
