"""Installations and OAuth states in the PostgreSQL database of the store (ROLEBOT_DATABASE_URL),
in tables of their own, versioned apart from the store's (`slack_schema` beside
`rolebot_schema`), so that every replica sharing the database serves one installation flow.

Connections come from a small pool of the store's kind (`PostgresDatabase`): a server that
cannot be reached raises StoreUnavailable within seconds, and the next call tries again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Any

import psycopg

from adapters.slack_app.installs.records import (
    COLUMNS,
    MIGRATIONS,
    TABLES,
    VERSION_TABLE,
    BotInstall,
    from_row,
    to_row,
)
from bot.store.base import StoreError, StoreUnavailable
from bot.store.migrations import Migration, upgrade
from bot.store.postgres import READ_WAIT_SECONDS, PostgresDatabase, PostgresSchema
from bot.store.settings import BUSY_TIMEOUT_MS

logger = logging.getLogger(__name__)

POOL_SIZE = 2  # Bolt's stores make one call per request, each a single short statement
WAIT_SECONDS = 5.0  # for a connection: an install or an answer waits on this, so not long

_UPDATES = ", ".join(
    f"{column} = EXCLUDED.{column}" for column in COLUMNS.split(", ")[2:]
)  # every column but the key
_SAVE = (
    f"INSERT INTO slack_bots ({COLUMNS}) VALUES ({', '.join(['%s'] * 13)}) "
    f"ON CONFLICT (enterprise_id, team_id) DO UPDATE SET {_UPDATES}"
)
_FIND = f"SELECT {COLUMNS} FROM slack_bots WHERE enterprise_id = %s AND team_id = %s"
_DELETE = "DELETE FROM slack_bots WHERE enterprise_id = %s AND team_id = %s"
_ISSUE = (
    "INSERT INTO slack_oauth_states (state, expires_at) VALUES (%s, %s) "
    "ON CONFLICT (state) DO UPDATE SET expires_at = EXCLUDED.expires_at"
)
_EXPIRE = "DELETE FROM slack_oauth_states WHERE expires_at <= %s"
_CONSUME = "DELETE FROM slack_oauth_states WHERE state = %s AND expires_at > %s"


def migrate(
    connection: psycopg.Connection[Any], migrations: Sequence[Migration] = MIGRATIONS
) -> int:
    """Bring the install tables (on an autocommit connection) to the latest version; return it.
    One transaction holding an advisory lock on the schema, so replicas starting together
    migrate once."""
    return upgrade(PostgresSchema(connection, VERSION_TABLE, TABLES), migrations)


class PostgresInstalls:
    """`Installs` on a PostgreSQL database; safe to share between threads (each call borrows a
    connection from the pool)."""

    def __init__(self, url: str, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        """Connect and migrate the install tables. A server that cannot be reached now is not
        an error (it is tried again at the first call, as the store does); tables newer than
        this rolebot, or a URL libpq cannot read, raise StoreError."""
        self.database = PostgresDatabase(
            url, pool_size=POOL_SIZE, wait_seconds=WAIT_SECONDS, busy_timeout_ms=busy_timeout_ms
        )
        self.where = self.database.where
        self._migrated = False
        self._lock = threading.Lock()
        try:
            self._ready(READ_WAIT_SECONDS)
        except StoreUnavailable as error:
            logger.warning("the Slack install tables are not ready yet: %s", error)
        except StoreError:
            self.database.close()
            raise

    def _ready(self, wait_seconds: float = WAIT_SECONDS) -> None:
        """Migrate once per process, on the first call that reaches the server."""
        if self._migrated:
            return
        with self._lock:
            if self._migrated:
                return
            with self.database.connection(wait_seconds, diagnose=True) as connection:
                try:
                    migrate(connection)
                except psycopg.Error as error:
                    raise StoreError(f"{self.where}: {error}") from error
            self._migrated = True

    def _execute(self, statement: str, *params: object) -> tuple[int, list[tuple[Any, ...]]]:
        """Run one statement: how many rows it changed, and the rows it returned."""
        self._ready()
        with self.database.connection(WAIT_SECONDS) as connection:
            cursor = connection.execute(statement, params)
            return cursor.rowcount, cursor.fetchall() if cursor.description else []

    def save_bot(self, bot: BotInstall) -> None:
        """Keep `bot`, replacing what its workspace had."""
        self._execute(_SAVE, *to_row(bot))

    def find_bot(self, enterprise_id: str | None, team_id: str | None) -> BotInstall | None:
        """The install of one workspace, if any."""
        _, rows = self._execute(_FIND, enterprise_id or "", team_id or "")
        return from_row(rows[0]) if rows else None

    def delete_bot(self, enterprise_id: str | None, team_id: str | None) -> None:
        """Forget the install of one workspace."""
        self._execute(_DELETE, enterprise_id or "", team_id or "")

    def issue_state(self, state: str, now: float, expires_at: float) -> None:
        """Keep `state` until `expires_at`; states that expired unused go at the same time."""
        self._ready()
        with self.database.connection(WAIT_SECONDS) as connection, connection.transaction():
            connection.execute(_EXPIRE, (now,))
            connection.execute(_ISSUE, (state, expires_at))

    def consume_state(self, state: str, now: float) -> bool:
        """Whether `state` was issued and is still alive; deleting it makes it single-use, and
        of two replicas consuming it at once only one deletes the row."""
        return self._execute(_CONSUME, state, now)[0] == 1

    def close(self) -> None:
        """Close the pool's connections."""
        self.database.close()
