"""The store's write throughput and commit latency, SQLite against PostgreSQL.

Not a test: prints figures for the notes. Run with
``.venv/bin/python -m bench.store_write [--database-url URL]`` (default: the test server's
ROLEBOT_TEST_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/test). PostgreSQL runs in
a schema made for the run and dropped after it; SQLite in a temporary file.

- *Throughput*: several threads submit a turn's rows each (an answer, every third a miss, every
  second a vote) as fast as they can through one `Recorder`, as adapters do; rows per second
  until the last is committed.
- *Commit latency*: one row at a time, waiting for each ticket, as a quiet bot writes: p50 and
  p99 from submit to commit.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql

from bot.feedback import Feedback
from bot.store.base import Store
from bot.store.postgres import PostgresDatabase
from bot.store.recorder import Recorder
from bot.store.rows import AnswerRow, MissKind, MissRow, Row, VoteRow, utc_now
from bot.store.sqlite import SqliteStore

TURNS = 20_000
THREADS = 8
SINGLE_ROWS = 300
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"


def turn_rows(prefix: str, number: int) -> list[Row]:
    """The rows one answered turn writes: its answer, sometimes a miss and a vote."""
    answer_id = f"{prefix}{number:012x}"
    now = utc_now()
    rows: list[Row] = [AnswerRow(answer_id, now, "bench", "answer", "faq", "entry", 0.9)]
    if number % 3 == 0:
        rows.append(MissRow(answer_id, now, "bench", MissKind.DECLINED, "q", "decline", "", 0.1))
    if number % 2 == 0:
        rows.append(VoteRow(answer_id, "voter", "bench", Feedback.HELPFUL, now))
    return rows


def throughput(open_store: Callable[[], Store]) -> tuple[int, float]:
    """Rows committed, and the seconds from the first submit until the last commit."""
    recorder = Recorder(open_store)
    assert recorder.flush(timeout=60), "the store did not open"
    per_thread = TURNS // THREADS
    counts = [0] * THREADS
    start = threading.Barrier(THREADS + 1)

    def submit(part: int) -> None:
        start.wait()
        for number in range(per_thread):
            rows = turn_rows(f"{part:04x}", number)
            counts[part] += len(rows)
            ticket = recorder.submit(*rows)
            if number % 500 == 499:  # a natural pace: never far ahead of the writer
                ticket.wait(timeout=60)

    threads = [threading.Thread(target=submit, args=(part,)) for part in range(THREADS)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    assert recorder.flush(timeout=300), "the writer did not catch up"
    seconds = time.perf_counter() - began
    assert recorder.close()
    return sum(counts), seconds


def commit_latency(open_store: Callable[[], Store]) -> list[float]:
    """Seconds from submit to commit, one row at a time."""
    recorder = Recorder(open_store)
    assert recorder.flush(timeout=60)
    waits = []
    for number in range(SINGLE_ROWS):
        began = time.perf_counter()
        assert recorder.submit(*turn_rows("ffff", number)[:1]).wait(timeout=60)
        waits.append(time.perf_counter() - began)
    assert recorder.close()
    return waits


@contextmanager
def postgres_schema(url: str) -> Iterator[str]:
    """A schema for the run, dropped after it; yields the URL that writes there."""
    name = f"rolebot_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
    joiner = "&" if "?" in url else "?"
    try:
        yield f"{url}{joiner}options=-csearch_path%3D{name}"
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(name)))


def report(name: str, open_store: Callable[[], Store]) -> None:
    rows, seconds = throughput(open_store)
    waits = sorted(commit_latency(open_store))
    p50 = statistics.median(waits) * 1000
    p99 = waits[int(len(waits) * 0.99) - 1] * 1000
    print(
        f"| {name} | {rows:,} | {seconds:.2f} s | {rows / seconds:,.0f} | "
        f"{p50:.2f} ms | {p99:.2f} ms |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("ROLEBOT_TEST_DATABASE_URL", DEFAULT_URL),
        help="the PostgreSQL server to measure (a schema is made and dropped)",
    )
    options = parser.parse_args()
    print(
        f"{TURNS:,} turns from {THREADS} threads through one recorder; then {SINGLE_ROWS} "
        "single rows, each waited for"
    )
    print("| store | rows | until all committed | rows/s | commit p50 | commit p99 |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        report("SQLite (WAL, synchronous=FULL)", lambda: SqliteStore(path))
    with postgres_schema(options.database_url) as url:
        database = PostgresDatabase(url)
        try:
            report("PostgreSQL (loopback, pool of 4)", database.store)
        finally:
            database.close()


if __name__ == "__main__":
    main()
