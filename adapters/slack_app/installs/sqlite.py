"""Installations and OAuth states in the SQLite file of the store (ROLEBOT_DB), in tables of
their own, versioned apart from the store's (whose version is the file's user_version)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from adapters.slack_app.installs.records import (
    COLUMNS,
    MIGRATIONS,
    TABLES,
    VERSION_TABLE,
    BotInstall,
    from_row,
    to_row,
)
from bot.store.base import StoreError
from bot.store.migrations import Migration, upgrade
from bot.store.settings import BUSY_TIMEOUT_MS
from bot.store.sqlite import SqliteSchema

_SAVE = f"INSERT OR REPLACE INTO slack_bots ({COLUMNS}) VALUES ({', '.join('?' * 13)})"
_FIND = f"SELECT {COLUMNS} FROM slack_bots WHERE enterprise_id = ? AND team_id = ?"
_DELETE = "DELETE FROM slack_bots WHERE enterprise_id = ? AND team_id = ?"
_ISSUE = "INSERT OR REPLACE INTO slack_oauth_states (state, expires_at) VALUES (?, ?)"
_EXPIRE = "DELETE FROM slack_oauth_states WHERE expires_at <= ?"
_CONSUME = "DELETE FROM slack_oauth_states WHERE state = ? AND expires_at > ?"


def migrate(db: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring the install tables (in autocommit mode) to the latest version; return it. One
    immediate transaction, so processes starting together migrate once."""
    return upgrade(SqliteSchema(db, VERSION_TABLE, TABLES), migrations)


class SqliteInstalls:
    """`Installs` on a SQLite file: one connection, shared by the threads Bolt's stores call it
    from, one call at a time (each is a single indexed statement)."""

    def __init__(self, path: Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        """Open (creating the file and its folder if needed) and migrate the install tables."""
        self.path = path
        self._lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                path,
                timeout=busy_timeout_ms / 1000,
                isolation_level=None,
                check_same_thread=False,  # guarded by self._lock
            )
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"{path}: cannot open: {error}") from error
        try:
            self._db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = FULL")  # an install is on disk once saved
            migrate(self._db)
        except (sqlite3.Error, StoreError) as error:
            self._db.close()
            if isinstance(error, StoreError):
                raise
            raise StoreError(f"{path}: {error}") from error

    @contextmanager
    def _using(self) -> Iterator[sqlite3.Connection]:
        """The connection, for one statement; sqlite3 errors become StoreError naming the file."""
        with self._lock:
            try:
                yield self._db
            except sqlite3.Error as error:
                raise StoreError(f"{self.path}: {error}") from error

    def save_bot(self, bot: BotInstall) -> None:
        """Keep `bot`, replacing what its workspace had."""
        with self._using() as db:
            db.execute(_SAVE, to_row(bot))

    def find_bot(self, enterprise_id: str | None, team_id: str | None) -> BotInstall | None:
        """The install of one workspace, if any."""
        with self._using() as db:
            row = db.execute(_FIND, (enterprise_id or "", team_id or "")).fetchone()
        return None if row is None else from_row(row)

    def delete_bot(self, enterprise_id: str | None, team_id: str | None) -> None:
        """Forget the install of one workspace."""
        with self._using() as db:
            db.execute(_DELETE, (enterprise_id or "", team_id or ""))

    def issue_state(self, state: str, now: float, expires_at: float) -> None:
        """Keep `state` until `expires_at`; states that expired unused go at the same time."""
        with self._using() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute(_EXPIRE, (now,))
                db.execute(_ISSUE, (state, expires_at))
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def consume_state(self, state: str, now: float) -> bool:
        """Whether `state` was issued and is still alive; deleting it makes it single-use, and
        of two replicas consuming it at once only one deletes the row."""
        with self._using() as db:
            return db.execute(_CONSUME, (state, now)).rowcount == 1

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._db.close()
