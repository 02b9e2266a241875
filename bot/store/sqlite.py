"""The default store: one SQLite file in WAL mode, created with its folder on first use."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot.store.base import StoreError, StoreUnavailable
from bot.store.dialect import SQLITE, Dialect
from bot.store.migrations import MIGRATIONS, Migration, upgrade
from bot.store.settings import BUSY_TIMEOUT_MS
from bot.store.sql import SqlStore

_BUSY = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
# Waiting for another connection to finish creating the file: a first look soon (creating and
# migrating takes a few milliseconds), then less often.
WAL_RETRY_FIRST_PAUSE = 0.005
WAL_RETRY_LONGEST_PAUSE = 0.1


class SqliteSchema:
    """A SQLite connection (in autocommit mode) as migrating sees it: the version is
    ``PRAGMA user_version``, or the one row of `version_table` for tables versioned apart from
    the store's in the same file; ``BEGIN IMMEDIATE`` takes the write lock."""

    dialect: Dialect = SQLITE

    def __init__(
        self,
        db: sqlite3.Connection,
        version_table: str | None = None,
        tables: str = "the store's tables",
    ) -> None:
        self._db = db
        self._version_table = version_table
        self.tables = tables

    def version(self) -> int:
        """The file's version (0 for a new, empty file)."""
        if self._version_table is None:
            version: int = self._db.execute("PRAGMA user_version").fetchone()[0]
            return version
        found = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (self._version_table,)
        ).fetchone()
        if found is None:
            return 0
        row = self._db.execute(f"SELECT version FROM {self._version_table}").fetchone()
        return int(row[0]) if row else 0

    @contextmanager
    def changing(self) -> Iterator[None]:
        """One immediate transaction: another process migrating the same file waits."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def execute(self, statement: str) -> None:
        """Run one statement."""
        self._db.execute(statement)

    def set_version(self, version: int) -> None:
        """Record the version."""
        if self._version_table is None:
            self._db.execute(f"PRAGMA user_version = {int(version)}")
            return
        table = self._version_table
        self._db.execute(f"CREATE TABLE IF NOT EXISTS {table} (version INTEGER NOT NULL)")
        self._db.execute(f"DELETE FROM {table}")
        self._db.execute(f"INSERT INTO {table} (version) VALUES (?)", (version,))


def migrate(db: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring a SQLite database (in autocommit mode) up to the latest version; return it."""
    return upgrade(SqliteSchema(db), migrations)


def _error(path: Path, error: sqlite3.Error) -> StoreError:
    """A driver error as a StoreError naming the file; a lock held past the busy timeout is
    worth waiting out."""
    if getattr(error, "sqlite_errorcode", None) in _BUSY:
        return StoreUnavailable(f"{path}: {error}")
    return StoreError(f"{path}: {error}")


def _into_wal(db: sqlite3.Connection, patience: float) -> str:
    """Switch the file to WAL mode; the journal mode it is in afterwards.

    Switching takes an exclusive lock, and SQLite answers "database is locked" at once, without
    waiting out the busy timeout, while another connection holds a lock on a file not yet in
    WAL mode (another thread or process creating and migrating the same new store). So wait
    for it here, up to the busy timeout, like every other lock.
    """
    deadline = time.monotonic() + patience
    pause = WAL_RETRY_FIRST_PAUSE
    while True:
        try:
            mode: str = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            return mode
        except sqlite3.OperationalError as error:
            busy = getattr(error, "sqlite_errorcode", None) in _BUSY
            if not busy or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, WAL_RETRY_LONGEST_PAUSE)


class SqliteStore(SqlStore):
    """A Store on one SQLite file; use one instance per thread (connections are not shared)."""

    dialect = SQLITE

    def __init__(self, path: Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        """Open (creating the file and its folder if needed) and migrate to the latest schema."""
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Autocommit mode: transactions are explicit, BEGIN IMMEDIATE takes the write lock
            # up front so two writers queue on busy_timeout instead of failing on an upgrade.
            self._db = sqlite3.connect(path, timeout=busy_timeout_ms / 1000, isolation_level=None)
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"{path}: cannot open: {error}") from error
        try:
            self._db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            mode = _into_wal(self._db, busy_timeout_ms / 1000)
            if mode != "wal":
                raise StoreError(f"{path}: cannot use WAL mode (journal mode is {mode})")
            # FULL: a commit is on disk before it is acknowledged, even across a power cut.
            self._db.execute("PRAGMA synchronous = FULL")
            migrate(self._db)
        except sqlite3.Error as error:
            self._db.close()
            raise _error(path, error) from error
        except StoreError:
            self._db.close()
            raise

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Cursor]:
        """One write transaction; sqlite3 errors become StoreError naming the file."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
            # Closed however the block ends: a cursor kept alive by a traceback would keep its
            # statement open, and closing the connection then could not checkpoint the WAL.
            with contextlib.closing(self._db.cursor()) as cursor:
                try:
                    yield cursor
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            raise _error(self.path, error) from error

    def _read(self, query: str, *params: object) -> list[Any]:
        try:
            return self._db.execute(query, params).fetchall()
        except sqlite3.Error as error:
            raise _error(self.path, error) from error

    def ping(self) -> None:
        """Raise StoreError when the file cannot be read now."""
        self._read("SELECT 1")

    def close(self) -> None:
        """Close the connection (uncommitted work, if any, is rolled back by SQLite)."""
        self._db.close()
