"""The schema, as one list of ordered migrations, and the one way they are applied.

A migration, once released, is never edited (tests/store/test_migrations.py pins each one in
each dialect): a schema change is a new migration appended to MIGRATIONS. Migrations only add
tables, columns and indexes or copy rows, so an upgrade never loses recorded rows.

A statement that reads the same on SQLite and PostgreSQL is written once; where the dialects
must differ (column types, SQLite's ``WITHOUT ROWID``), a `Both` holds each one's text. Where
the version is kept and how the database is locked while migrating is each store's `Schema`.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from bot.store.base import StoreError
from bot.store.dialect import POSTGRES, Dialect


@dataclass(frozen=True, slots=True)
class Both:
    """One statement in each dialect's words."""

    sqlite: str
    postgres: str

    def said_in(self, dialect: Dialect) -> str:
        """The statement in `dialect`'s words."""
        return self.postgres if dialect is POSTGRES else self.sqlite


Statement = str | Both
Migration = tuple[Statement, ...]  # run in order inside one transaction

V1_RECORDS: Migration = (
    Both(
        """CREATE TABLE answers (
        answer_id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        platform TEXT NOT NULL,
        kind TEXT NOT NULL,
        intent TEXT NOT NULL,
        entry TEXT,
        score REAL NOT NULL
    )""",
        """CREATE TABLE answers (
        answer_id TEXT PRIMARY KEY,
        at TIMESTAMPTZ NOT NULL,
        platform TEXT NOT NULL,
        kind TEXT NOT NULL,
        intent TEXT NOT NULL,
        entry TEXT,
        score DOUBLE PRECISION NOT NULL
    )""",
    ),
    "CREATE INDEX answers_at ON answers (at)",
    Both(
        """CREATE TABLE misses (
        answer_id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        platform TEXT NOT NULL,
        kind TEXT NOT NULL,
        question TEXT NOT NULL,
        intent TEXT NOT NULL,
        matched TEXT NOT NULL,
        score REAL NOT NULL,
        user_id TEXT,
        channel_id TEXT
    )""",
        """CREATE TABLE misses (
        answer_id TEXT PRIMARY KEY,
        at TIMESTAMPTZ NOT NULL,
        platform TEXT NOT NULL,
        kind TEXT NOT NULL,
        question TEXT NOT NULL,
        intent TEXT NOT NULL,
        matched TEXT NOT NULL,
        score DOUBLE PRECISION NOT NULL,
        user_id TEXT,
        channel_id TEXT
    )""",
    ),
    "CREATE INDEX misses_at ON misses (at)",
    Both(
        """CREATE TABLE votes (
        answer_id TEXT NOT NULL,
        voter TEXT NOT NULL,
        platform TEXT NOT NULL,
        verdict TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (answer_id, voter)
    ) WITHOUT ROWID""",
        """CREATE TABLE votes (
        answer_id TEXT NOT NULL,
        voter TEXT NOT NULL,
        platform TEXT NOT NULL,
        verdict TEXT NOT NULL,
        at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (answer_id, voter)
    )""",
    ),
    "CREATE INDEX votes_at ON votes (at)",
)

# The onboarding tour: where each user is, and who has been welcomed. Both are keyed by a
# pseudonym (bot.onboarding.progress.user_key), never a raw user id.
V2_ONBOARDING: Migration = (
    Both(
        """CREATE TABLE tour_progress (
        user_key TEXT PRIMARY KEY,
        step INTEGER NOT NULL,
        at TEXT NOT NULL
    ) WITHOUT ROWID""",
        """CREATE TABLE tour_progress (
        user_key TEXT PRIMARY KEY,
        step INTEGER NOT NULL,
        at TIMESTAMPTZ NOT NULL
    )""",
    ),
    "CREATE INDEX tour_progress_at ON tour_progress (at)",
    Both(
        """CREATE TABLE welcomed (
        user_key TEXT PRIMARY KEY,
        at TEXT NOT NULL
    ) WITHOUT ROWID""",
        """CREATE TABLE welcomed (
        user_key TEXT PRIMARY KEY,
        at TIMESTAMPTZ NOT NULL
    )""",
    ),
)

# What curators taught (bot.kb.taught): one row per phrasing added to an entry (kind 'phrasing',
# text the phrasing) or new entry (kind 'entry', text its YAML), and the questions they chose to
# ignore. Kept for good (never purged) and read as a layer of knowledge. Two small tables: a
# store on a nearly full disk still opens.
V3_TAUGHT: Migration = (
    Both(
        """CREATE TABLE taught (
        number INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        entry TEXT NOT NULL,
        text TEXT NOT NULL,
        by TEXT NOT NULL,
        at TEXT NOT NULL
    )""",
        """CREATE TABLE taught (
        number BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind TEXT NOT NULL,
        entry TEXT NOT NULL,
        text TEXT NOT NULL,
        by TEXT NOT NULL,
        at TIMESTAMPTZ NOT NULL
    )""",
    ),
    Both(
        """CREATE TABLE ignored_questions (
        question TEXT PRIMARY KEY,
        by TEXT NOT NULL,
        at TEXT NOT NULL
    ) WITHOUT ROWID""",
        """CREATE TABLE ignored_questions (
        question TEXT PRIMARY KEY,
        by TEXT NOT NULL,
        at TIMESTAMPTZ NOT NULL
    )""",
    ),
)

MIGRATIONS: tuple[Migration, ...] = (V1_RECORDS, V2_ONBOARDING, V3_TAUGHT)


def statements(migration: Migration, dialect: Dialect) -> tuple[str, ...]:
    """A migration's statements in one dialect's words."""
    return tuple(s if isinstance(s, str) else s.said_in(dialect) for s in migration)


class Schema(Protocol):
    """One database connection as migrating sees it: its version, and a lock to change it."""

    dialect: Dialect
    tables: str  # what is versioned, as an error names it ("the store's tables")

    def version(self) -> int:
        """The version the database is at (0 for a new, empty one)."""
        ...

    def changing(self) -> AbstractContextManager[None]:
        """One transaction holding the lock on the schema: another process migrating the same
        database waits, and anything that fails inside rolls back."""
        ...

    def execute(self, statement: str) -> None:
        """Run one statement inside `changing`."""
        ...

    def set_version(self, version: int) -> None:
        """Record the version inside `changing`."""
        ...


def upgrade(schema: Schema, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring a database up to the latest version; return that version.

    All pending migrations and the version bump run in one locked transaction: another process
    migrating the same database at the same time waits, then finds nothing left to do, and a
    migration that fails leaves the database exactly as it was (its error propagates).
    """
    latest = len(migrations)
    if schema.version() == latest:
        return latest
    with schema.changing():
        current = schema.version()  # read again under the lock
        if current > latest:
            raise StoreError(
                f"{schema.tables} are at version {current}, newer than this rolebot knows "
                f"({latest}); upgrade rolebot"
            )
        for migration in migrations[current:]:
            for statement in statements(migration, schema.dialect):
                schema.execute(statement)
        schema.set_version(latest)
    return latest
