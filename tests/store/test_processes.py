"""Real processes: SIGKILL mid-stream, two writers on one store (SQLite or PostgreSQL), a disk
that fills up."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.knowledge_builder import write_knowledge
from tests.store.conftest import Backend, PostgresBackend, SqliteBackend, rows

ROOT = Path(__file__).resolve().parents[2]
ACK = re.compile(r"ack (answers|misses|votes) ([0-9a-f]{16})")
KEYS = {"answers": "answer_id", "misses": "answer_id", "votes": "answer_id"}

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and RLIMIT_FSIZE")


def worker(*args: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store.worker", *map(str, args)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def acks(text: str) -> set[tuple[str, str]]:
    """Complete ack lines only: a line cut short by the kill does not count."""
    return {(m[1], m[2]) for line in text.splitlines() if (m := ACK.fullmatch(line))}


def target(backend: Backend) -> str:
    """What the worker is given: the SQLite file or the PostgreSQL URL."""
    if isinstance(backend, SqliteBackend):
        return str(backend.path)
    assert isinstance(backend, PostgresBackend)
    return backend.schema.url


def stored(backend: Backend) -> set[tuple[str, str]]:
    return {
        (table, str(answer_id))
        for table in KEYS
        for (answer_id,) in backend.rows(f"SELECT answer_id FROM {table}")
    }


def integrity(path: Path) -> list[tuple[object, ...]]:
    return rows(path, "PRAGMA integrity_check")


def kill_after(backend: Backend, prefix: str, wanted: int) -> set[tuple[str, str]]:
    """Stream writes in a process, SIGKILL it once `wanted` rows are acked; all acks seen."""
    process = worker("stream", target(backend), prefix)
    assert process.stdout is not None
    seen: list[str] = []
    deadline = time.monotonic() + 60
    while len(seen) < wanted and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line.rstrip("\n"))
    os.kill(process.pid, signal.SIGKILL)
    rest, errors = process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL, errors
    got = acks("\n".join(seen) + "\n" + rest)
    assert len(got) >= wanted, errors
    return got


def test_sigkill_mid_stream_loses_no_acknowledged_row(backend: Backend) -> None:
    acknowledged: set[tuple[str, str]] = set()
    for round_ in range(3):  # each round reopens what the previous kill left behind
        acknowledged |= kill_after(backend, f"{round_:04x}", wanted=1_000)
        if isinstance(backend, SqliteBackend):
            path = backend.path
            assert path.with_name(path.name + "-wal").exists()  # left for recovery
            assert integrity(path) == [("ok",)]
        assert acknowledged <= stored(backend)
    backend.open().close()  # and rolebot itself opens it cleanly


def test_two_processes_on_one_new_store_lose_nothing(backend: Backend) -> None:
    # Both start on a store that does not exist yet (a file, or a schema without tables), so
    # they also race to create and migrate it.
    first, second = (
        worker("write", target(backend), "aaaa", 3_000, 4),
        worker("write", target(backend), "bbbb", 3_000, 4),
    )
    results = [p.communicate(timeout=120) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], [err for _, err in results]
    acknowledged = acks(results[0][0]) | acks(results[1][0])
    assert len(acknowledged) == 6_000
    assert stored(backend) == acknowledged
    if isinstance(backend, SqliteBackend):
        assert integrity(backend.path) == [("ok",)]


def test_a_full_disk_is_logged_and_the_bot_keeps_answering(tmp_path: Path, db_path: Path) -> None:
    knowledge = write_knowledge(tmp_path / "kb")
    process = worker("full", db_path, knowledge, 1_500, 64 * 1024)
    out, errors = process.communicate(timeout=120)
    assert process.returncode == 0, errors
    assert "answered 1500" in out
    assert "recording failed" in errors and "dropped" in errors, errors[-2000:]
    assert integrity(db_path) == [("ok",)]
    db = sqlite3.connect(db_path)
    (recorded,) = db.execute("SELECT COUNT(*) FROM answers").fetchone()
    db.close()
    assert 0 < recorded < 1_500  # what fitted was kept; the rest was dropped, not the answers
