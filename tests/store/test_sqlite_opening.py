"""Opening one new SQLite store from several threads at once (the recorder creating it while a
curator's click or a report opens it): every opener waits for the others, none is refused."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from bot.store.base import StoreError, StoreUnavailable
from bot.store.sqlite import SqliteStore

OPENERS = 4
ROUNDS = 40  # before the fix, about one round in 25 had an opener refused "database is locked"


def open_at_once(path: Path) -> list[str]:
    """Open and close `path` from OPENERS threads started together; the errors they met."""
    errors: list[str] = []
    start = threading.Barrier(OPENERS)

    def opener() -> None:
        start.wait()
        try:
            store = SqliteStore(path)
        except StoreError as error:
            errors.append(str(error))
        else:
            store.close()

    threads = [threading.Thread(target=opener) for _ in range(OPENERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_threads_opening_a_new_store_together_all_get_it(tmp_path: Path) -> None:
    for round_ in range(ROUNDS):
        path = tmp_path / f"store-{round_}.sqlite3"
        assert open_at_once(path) == [], f"round {round_}"
        db = sqlite3.connect(path)
        try:
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        finally:
            db.close()


def test_a_lock_held_past_the_busy_timeout_is_still_reported(tmp_path: Path) -> None:
    path = tmp_path / "held.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # a new file, not in WAL mode yet, locked by someone else
    try:
        with pytest.raises(StoreUnavailable, match="database is locked"):
            SqliteStore(path, busy_timeout_ms=200)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    SqliteStore(path).close()  # once the lock goes, the store opens
