"""Schema versioning: upgrades keep every row, fail atomically, and released steps never change,
on SQLite and PostgreSQL alike; both dialects make the same tables."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest

from bot.store.base import StoreError
from bot.store.dialect import POSTGRES, SQLITE, Dialect
from bot.store.migrations import MIGRATIONS, Migration, Schema, statements, upgrade
from bot.store.postgres import PostgresDatabase, PostgresSchema
from bot.store.sqlite import SqliteSchema, migrate
from tests.postgres_servers import PgSchema
from tests.store.conftest import START, Backend, PostgresBackend, SqliteBackend, rows

# The version 1 schema as released, written out by hand: a database made by rolebot 0.1.
V1_BY_HAND = """
CREATE TABLE answers (answer_id TEXT PRIMARY KEY, at TEXT NOT NULL, platform TEXT NOT NULL,
    kind TEXT NOT NULL, intent TEXT NOT NULL, entry TEXT, score REAL NOT NULL);
CREATE INDEX answers_at ON answers (at);
CREATE TABLE misses (answer_id TEXT PRIMARY KEY, at TEXT NOT NULL, platform TEXT NOT NULL,
    kind TEXT NOT NULL, question TEXT NOT NULL, intent TEXT NOT NULL, matched TEXT NOT NULL,
    score REAL NOT NULL, user_id TEXT, channel_id TEXT);
CREATE INDEX misses_at ON misses (at);
CREATE TABLE votes (answer_id TEXT NOT NULL, voter TEXT NOT NULL, platform TEXT NOT NULL,
    verdict TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (answer_id, voter)) WITHOUT ROWID;
CREATE INDEX votes_at ON votes (at);
PRAGMA user_version = 1;
"""
# The rows a version 1 store holds, in either dialect (times as ? parameters).
V1_ROWS = (
    ("INSERT INTO answers VALUES ('a1', ?, 'slack', 'answer', 'faq', 'e1', 0.9)", START),
    (
        "INSERT INTO answers VALUES ('a2', ?, 'slack', 'decline', 'decline', NULL, 0)",
        START + timedelta(minutes=5),
    ),
    (
        "INSERT INTO misses VALUES ('a2', ?, 'slack', 'declined', 'who pays', 'decline', '', 0, "
        "NULL, NULL)",
        START + timedelta(minutes=5),
    ),
    (
        "INSERT INTO votes VALUES ('a1', 'v1', 'slack', 'not_helpful', ?)",
        START + timedelta(minutes=6),
    ),
)
# sha256 of each released migration's statements, per dialect: editing one breaks databases in
# the field.
RELEASED = {
    SQLITE.name: ["cada28f6", "ab0bc172", "e32f5f9a"],
    POSTGRES.name: ["c5a2ad1d", "3356dda8", "292f4acf"],
}
TABLES = ("answers", "misses", "votes")
EVERY_TABLE = (*TABLES, "tour_progress", "welcomed", "taught", "ignored_questions")


def fingerprint(migration: Migration, dialect: Dialect) -> str:
    return hashlib.sha256("\n".join(statements(migration, dialect)).encode()).hexdigest()[:8]


@pytest.mark.parametrize("dialect", [SQLITE, POSTGRES], ids=lambda d: d.name)
def test_released_migrations_are_never_edited(dialect: Dialect) -> None:
    released = RELEASED[dialect.name]
    assert [fingerprint(m, dialect) for m in MIGRATIONS[: len(released)]] == released


class Raw:
    """A backend's database on a plain driver connection, below the store."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.sqlite = isinstance(backend, SqliteBackend)

    @contextmanager
    def connection(self) -> Iterator[Any]:
        """A driver connection in autocommit mode (sqlite3's or psycopg's)."""
        if isinstance(self.backend, SqliteBackend):
            db = sqlite3.connect(self.backend.path, isolation_level=None)
            try:
                yield db
            finally:
                db.close()
        else:
            assert isinstance(self.backend, PostgresBackend)
            with psycopg.connect(self.backend.schema.url, autocommit=True) as connection:
                yield connection

    def schema(self, connection: Any) -> Schema:
        """The database as migrating sees it."""
        return SqliteSchema(connection) if self.sqlite else PostgresSchema(connection)

    def migrate(self, migrations: Sequence[Migration]) -> int:
        with self.connection() as connection:
            return upgrade(self.schema(connection), migrations)

    def version(self) -> int:
        with self.connection() as connection:
            return self.schema(connection).version()

    def set_version(self, version: int) -> None:
        with self.connection() as connection:
            schema = self.schema(connection)
            with schema.changing():
                schema.set_version(version)

    def make_v1(self) -> None:
        """A store at version 1 holding V1_ROWS: on SQLite written by hand as rolebot 0.1 made
        it, on PostgreSQL by its first migration."""
        if isinstance(self.backend, SqliteBackend):
            self.backend.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.backend.path)
            db.executescript(V1_BY_HAND)
            db.close()
        else:
            self.migrate(MIGRATIONS[:1])
        dialect = SQLITE if self.sqlite else POSTGRES
        with self.connection() as connection, self.schema(connection).changing():
            for query, at in V1_ROWS:
                connection.execute(dialect.sql(query), (dialect.store_time(at),))

    def driver_error(self) -> type[Exception]:
        return sqlite3.Error if self.sqlite else psycopg.Error

    def has_table(self, name: str) -> bool:
        if self.sqlite:
            return self.backend.rows(f"SELECT name FROM sqlite_master WHERE name = '{name}'") != []
        return self.backend.rows(f"SELECT to_regclass('{name}')") != [(None,)]


def every_row(backend: Backend) -> dict[str, list[tuple[Any, ...]]]:
    return {table: backend.rows(f"SELECT * FROM {table} ORDER BY 1, 2") for table in TABLES}


def columns(backend: Backend) -> dict[str, list[tuple[str, bool, bool]]]:
    """Each table's columns in order: name, whether NOT NULL, whether in the primary key."""
    if isinstance(backend, SqliteBackend):
        return {
            table: [
                (str(name), bool(notnull) or bool(pk), bool(pk))
                for _, name, _, notnull, _, pk in backend.rows(f"PRAGMA table_info({table})")
            ]
            for table in EVERY_TABLE
        }
    found = backend.rows(
        "SELECT c.table_name, c.column_name, c.is_nullable = 'NO', k.column_name IS NOT NULL "
        "FROM information_schema.columns c LEFT JOIN information_schema.key_column_usage k "
        "ON k.table_schema = c.table_schema AND k.table_name = c.table_name "
        "AND k.column_name = c.column_name AND k.constraint_name LIKE '%pkey' "
        "WHERE c.table_schema = current_schema() ORDER BY c.table_name, c.ordinal_position"
    )
    return {
        table: [(name, notnull, pk) for t, name, notnull, pk in found if t == table]
        for table in EVERY_TABLE
    }


def test_the_hand_made_v1_matches_what_migration_1_creates(tmp_path: Path) -> None:
    by_hand, by_code = tmp_path / "by-hand.sqlite3", tmp_path / "by-code.sqlite3"
    Raw(SqliteBackend(by_hand)).make_v1()
    db = sqlite3.connect(by_code, isolation_level=None)
    migrate(db, MIGRATIONS[:1])
    db.close()

    def info(path: Path) -> dict[str, list[tuple[object, ...]]]:
        return {table: rows(path, f"PRAGMA table_info({table})") for table in TABLES}

    assert info(by_hand) == info(by_code)


def test_both_dialects_make_the_same_tables(db_path: Path, pg_schema: PgSchema) -> None:
    on_sqlite, on_postgres = SqliteBackend(db_path), PostgresBackend(pg_schema)
    for backend in (on_sqlite, on_postgres):
        backend.open().close()
    try:
        assert columns(on_sqlite) == columns(on_postgres)
        assert all(columns(on_sqlite).values())
    finally:
        on_postgres.close()


def test_a_v1_database_opens_with_every_row_kept(backend: Backend) -> None:
    raw = Raw(backend)
    raw.make_v1()
    before = every_row(backend)
    store = backend.open()
    window = (START - timedelta(days=1), START + timedelta(days=1))
    assert sum(c.replies for c in store.reply_counts(*window)) == 2
    assert [m.question for m in store.misses(*window)] == ["who pays"]
    store.close()
    assert every_row(backend) == before
    assert raw.version() == len(MIGRATIONS)


def test_a_later_migration_keeps_every_row(backend: Backend) -> None:
    raw = Raw(backend)
    raw.make_v1()
    before = every_row(backend)
    later: Migration = (
        "ALTER TABLE misses ADD COLUMN language TEXT",
        "CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    )
    assert raw.migrate((*MIGRATIONS, later)) == len(MIGRATIONS) + 1
    after = every_row(backend)
    assert after["answers"] == before["answers"] and after["votes"] == before["votes"]
    assert [row[:-1] for row in after["misses"]] == before["misses"]


def test_a_failing_migration_leaves_the_database_as_it_was(backend: Backend) -> None:
    raw = Raw(backend)
    raw.make_v1()
    before = every_row(backend)
    broken: Migration = ("CREATE TABLE extra (x TEXT)", "ALTER TABLE nowhere ADD COLUMN y TEXT")
    with pytest.raises(raw.driver_error()):
        raw.migrate((*MIGRATIONS, broken))
    assert raw.version() == 1
    assert not raw.has_table("extra") and not raw.has_table("tour_progress")
    assert every_row(backend) == before


def test_a_database_from_a_newer_rolebot_is_refused_untouched(backend: Backend) -> None:
    raw = Raw(backend)
    raw.make_v1()
    raw.set_version(len(MIGRATIONS) + 5)
    before = every_row(backend)
    with pytest.raises(StoreError, match="newer than this rolebot"):
        backend.open()
    assert every_row(backend) == before


def test_replicas_starting_together_migrate_once(pg_schema: PgSchema) -> None:
    databases = [PostgresDatabase(pg_schema.url) for _ in range(4)]
    start = threading.Barrier(len(databases))
    failures: list[BaseException] = []

    def open_it(database: PostgresDatabase) -> None:
        start.wait()
        try:
            database.store().close()
        except BaseException as error:  # reported below, with the others
            failures.append(error)

    threads = [threading.Thread(target=open_it, args=(d,)) for d in databases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for database in databases:
        database.close()
    assert failures == []
    assert pg_schema.rows("SELECT version FROM rolebot_schema") == [(len(MIGRATIONS),)]
