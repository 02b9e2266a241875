"""The shared store: one PostgreSQL database that several replicas write to and read from.

A process holds one `PostgresDatabase`, a small pool of connections (psycopg 3 and
psycopg_pool); every `PostgresStore` made from it borrows a connection per operation, so the
writer thread, onboarding reads and reloads share it. The schema is migrated once per process
on first use, under an advisory lock, so replicas starting together migrate it once.

A server that cannot be reached (down, restarting, the network cut, connections terminated)
raises `StoreUnavailable`: the recorder keeps what it was writing and tries again. Each
operation waits a few seconds at most for a connection, so nothing that answers people hangs on
a database that is gone.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg_pool import ConnectionPool, PoolTimeout

from bot.store.base import StoreError, StoreUnavailable
from bot.store.dialect import POSTGRES, Dialect
from bot.store.migrations import MIGRATIONS, Migration, upgrade
from bot.store.settings import BUSY_TIMEOUT_MS, database_where
from bot.store.sql import SqlStore

POOL_SIZE = 4  # the writer, onboarding reads from answering threads, a reload: rarely more
# How long an operation waits for a connection from the pool before it counts as failed: the
# writer can wait (it is off the answering path); a read asked for by an answer cannot.
WAIT_SECONDS = 5.0
READ_WAIT_SECONDS = 1.0
OPEN_WAIT_SECONDS = 2.0  # a command run by hand (report, teach) says soon that it cannot connect
RECONNECT_SECONDS = 10.0  # the pool's backoff gives up after this; the next request starts over
STATEMENT_TIMEOUT_MS = 30_000  # no statement of the store's takes anywhere near this
# libpq settings applied unless the URL sets them: a server gone without a word (a host down,
# a network cut) is noticed in seconds instead of the kernel's minutes.
CONNECTION_DEFAULTS = {
    "application_name": "rolebot",
    "connect_timeout": "5",
    "keepalives_idle": "10",
    "keepalives_interval": "5",
    "keepalives_count": "3",
    "tcp_user_timeout": "15000",
}
VERSION_TABLE = "rolebot_schema"


# libpq's preamble to a failed connection repeats where it was going, which messages already say.
_PREAMBLE = re.compile(r"^connection failed: connection to server (at|on) .*? failed: ")


def _said(error: BaseException) -> str:
    """A driver's message on one line (libpq's span several), without libpq's preamble."""
    return _PREAMBLE.sub("", " ".join(str(error).split())) or type(error).__name__


class PostgresSchema:
    """A connection (in autocommit mode) as migrating sees it: the version is the one row of
    `version_table` (``rolebot_schema`` for the store) in the connection's schema, and an
    advisory lock on that table's and schema's name makes a second migrator wait."""

    dialect: Dialect = POSTGRES

    def __init__(
        self,
        connection: psycopg.Connection[Any],
        version_table: str = VERSION_TABLE,
        tables: str = "the store's tables",
    ) -> None:
        self._db = connection
        self._version_table = version_table
        self.tables = tables

    def version(self) -> int:
        """The version (0 for a schema rolebot has not used yet)."""
        table = self._db.execute("SELECT to_regclass(%s)", (self._version_table,)).fetchone()
        if table is None or table[0] is None:
            return 0
        row = self._db.execute(f"SELECT version FROM {self._version_table}").fetchone()
        return int(row[0]) if row else 0

    @contextmanager
    def changing(self) -> Iterator[None]:
        """One transaction holding the schema's advisory lock (released at its end)."""
        with self._db.transaction():
            self._db.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s || coalesce(current_schema(), '')))",
                (self._version_table,),
            )
            self._db.execute(
                f"CREATE TABLE IF NOT EXISTS {self._version_table} (version INTEGER NOT NULL)"
            )
            yield

    def execute(self, statement: str) -> None:
        """Run one statement."""
        self._db.execute(statement)

    def set_version(self, version: int) -> None:
        """Record the version."""
        self._db.execute(f"DELETE FROM {self._version_table}")
        self._db.execute(f"INSERT INTO {self._version_table} (version) VALUES (%s)", (version,))


class PostgresDatabase:
    """One PostgreSQL database and this process' pool of connections to it."""

    def __init__(
        self,
        url: str,
        *,
        pool_size: int = POOL_SIZE,
        wait_seconds: float = WAIT_SECONDS,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
        migrations: tuple[Migration, ...] = MIGRATIONS,
    ) -> None:
        """Start connecting in the background; nothing waits for the server here, so a process
        starts (and answers) while the database is down. Raises StoreError for a URL libpq
        cannot read."""
        self.where = database_where(url)
        try:
            given = conninfo_to_dict(url)
        except psycopg.Error as error:
            raise StoreError(f"{self.where}: {_said(error)}") from error
        self._url = url
        self._kwargs = {k: v for k, v in CONNECTION_DEFAULTS.items() if k not in given}
        self.wait_seconds = wait_seconds
        self._migrations = migrations
        self._migrated = False
        self._lock = threading.Lock()
        # Waiting on a lock (another replica migrating, a long purge) counts as busy, as SQLite's
        # busy timeout does; a statement stuck longer than any of ours is cut off.
        timeouts = (
            f"SET lock_timeout = {int(busy_timeout_ms)}; "
            f"SET statement_timeout = {STATEMENT_TIMEOUT_MS}"
        )

        def configure(connection: psycopg.Connection[Any]) -> None:
            connection.execute(timeouts)

        self._pool: ConnectionPool[psycopg.Connection[Any]] = ConnectionPool(
            url,
            kwargs={**self._kwargs, "autocommit": True},
            min_size=1,
            max_size=pool_size,
            open=False,
            configure=configure,
            check=ConnectionPool.check_connection,  # a connection the server dropped is replaced
            reconnect_timeout=RECONNECT_SECONDS,
            name="rolebot",
        )
        self._pool.open(wait=False)

    def store(self, *, reading: bool = False) -> PostgresStore:
        """A store on this database, migrated to the latest schema on the first call that
        reaches the server; raises StoreError (StoreUnavailable while it cannot be reached).
        `reading`: for a read an answer waits on, which may not wait long for the migration
        either (while the database has been down since the start, say)."""
        if not self._migrated:
            self._migrate(READ_WAIT_SECONDS if reading else self.wait_seconds, not reading)
        return PostgresStore(self)

    def _migrate(self, wait_seconds: float, diagnose: bool) -> None:
        if not self._lock.acquire(timeout=wait_seconds):
            raise StoreUnavailable(f"{self.where}: still connecting for the first time")
        try:
            if not self._migrated:
                with self.connection(wait_seconds, diagnose=diagnose) as connection:
                    upgrade(PostgresSchema(connection), self._migrations)
                self._migrated = True
        finally:
            self._lock.release()

    @contextmanager
    def connection(
        self, wait_seconds: float, *, diagnose: bool = False
    ) -> Iterator[psycopg.Connection[Any]]:
        """A connection from the pool for one operation, waiting at most `wait_seconds` for
        one; driver errors become StoreError. With `diagnose`, a pool that has no connection
        to give is asked why (the server's own words, for logs and /healthz)."""
        try:
            with self._pool.connection(timeout=wait_seconds) as connection:
                yield connection
        except PoolTimeout as error:
            why = self._why_unreachable(error) if diagnose else _said(error)
            raise StoreUnavailable(f"{self.where}: {why}") from error
        except (psycopg.OperationalError, psycopg.InterfaceError) as error:
            raise StoreUnavailable(f"{self.where}: {_said(error)}") from error
        except psycopg.Error as error:
            raise StoreError(f"{self.where}: {_said(error)}") from error

    def _why_unreachable(self, timeout: PoolTimeout) -> str:
        """Why the pool has no connection: it only says it waited, so ask the server once."""
        try:
            quick = {**self._kwargs, "connect_timeout": "2"}  # libpq's shortest
            psycopg.connect(make_conninfo(self._url, **quick)).close()
        except psycopg.Error as error:
            return _said(error)
        return f"no free connection: {_said(timeout)}"

    def close(self) -> None:
        """Close every connection; the stores made from it are not used afterwards."""
        self._pool.close(timeout=5.0)


class PostgresStore(SqlStore):
    """A Store on a `PostgresDatabase`; safe to share between threads (each operation borrows
    its own connection)."""

    dialect = POSTGRES

    def __init__(self, database: PostgresDatabase, *, owns: bool = False) -> None:
        """A store on `database`; with `owns`, closing the store closes the database."""
        self.database = database
        self._owns = owns

    @classmethod
    def open(cls, url: str, *, wait_seconds: float = OPEN_WAIT_SECONDS) -> PostgresStore:
        """A store of its own on `url` (one connection), for a command that runs and exits:
        it says soon when the server cannot be reached. Raises StoreError."""
        database = PostgresDatabase(url, pool_size=1, wait_seconds=wait_seconds)
        try:
            database.store()
        except StoreError:
            database.close()
            raise
        return cls(database, owns=True)

    @contextmanager
    def _transaction(self) -> Iterator[psycopg.Cursor[Any]]:
        borrowed = self.database.connection(self.database.wait_seconds, diagnose=True)
        with borrowed as connection, connection.transaction(), connection.cursor() as cursor:
            yield cursor

    def _read(self, query: str, *params: object) -> list[Any]:
        with self.database.connection(READ_WAIT_SECONDS) as connection:
            return connection.execute(query, params).fetchall()

    def ping(self) -> None:
        """Raise StoreError when the server cannot be reached now, saying why (the writer asks
        this when idle, off the answering path, so it may wait as writes do)."""
        with self.database.connection(self.database.wait_seconds, diagnose=True) as connection:
            connection.execute("SELECT 1")

    def close(self) -> None:
        """Close the database when this store owns it; otherwise nothing is held."""
        if self._owns:
            self.database.close()
