"""The SQLite schema, as ordered migrations numbered by ``PRAGMA user_version``.

A migration, once released, is never edited (tests/store/test_migrations.py pins each one):
a schema change is a new migration appended to MIGRATIONS. Migrations only add tables, columns
and indexes or copy rows, so an upgrade never loses recorded rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from bot.store.base import StoreError

Migration = tuple[str, ...]  # SQL statements, run in order inside one transaction

V1_RECORDS: Migration = (
    """CREATE TABLE answers (
        answer_id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        platform TEXT NOT NULL,
        kind TEXT NOT NULL,
        intent TEXT NOT NULL,
        entry TEXT,
        score REAL NOT NULL
    )""",
    "CREATE INDEX answers_at ON answers (at)",
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
    "CREATE INDEX misses_at ON misses (at)",
    """CREATE TABLE votes (
        answer_id TEXT NOT NULL,
        voter TEXT NOT NULL,
        platform TEXT NOT NULL,
        verdict TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (answer_id, voter)
    ) WITHOUT ROWID""",
    "CREATE INDEX votes_at ON votes (at)",
)

# The onboarding tour: where each user is, and who has been welcomed. Both are keyed by a
# pseudonym (bot.onboarding.progress.user_key), never a raw user id.
V2_ONBOARDING: Migration = (
    """CREATE TABLE tour_progress (
        user_key TEXT PRIMARY KEY,
        step INTEGER NOT NULL,
        at TEXT NOT NULL
    ) WITHOUT ROWID""",
    "CREATE INDEX tour_progress_at ON tour_progress (at)",
    """CREATE TABLE welcomed (
        user_key TEXT PRIMARY KEY,
        at TEXT NOT NULL
    ) WITHOUT ROWID""",
)

# What curators taught (bot.kb.taught): one row per phrasing added to an entry (kind 'phrasing',
# text the phrasing) or new entry (kind 'entry', text its YAML), and the questions they chose to
# ignore. Kept for good (never purged) and read as a layer of knowledge. Two small tables: a
# store on a nearly full disk still opens.
V3_TAUGHT: Migration = (
    """CREATE TABLE taught (
        number INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        entry TEXT NOT NULL,
        text TEXT NOT NULL,
        by TEXT NOT NULL,
        at TEXT NOT NULL
    )""",
    """CREATE TABLE ignored_questions (
        question TEXT PRIMARY KEY,
        by TEXT NOT NULL,
        at TEXT NOT NULL
    ) WITHOUT ROWID""",
)

MIGRATIONS: tuple[Migration, ...] = (V1_RECORDS, V2_ONBOARDING, V3_TAUGHT)


def schema_version(db: sqlite3.Connection) -> int:
    """The version a database is at (0 for a new, empty file)."""
    version: int = db.execute("PRAGMA user_version").fetchone()[0]
    return version


def migrate(db: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring a database (in autocommit mode) up to the latest version; return that version.

    All pending migrations and the version bump run in one immediate transaction: another
    process migrating the same file at the same time waits, then finds nothing left to do, and
    a migration that fails leaves the file exactly as it was.
    """
    latest = len(migrations)
    if schema_version(db) == latest:
        return latest
    db.execute("BEGIN IMMEDIATE")
    try:
        current = schema_version(db)  # re-read under the write lock
        if current > latest:
            raise StoreError(
                f"schema version {current} is newer than this rolebot knows ({latest}); "
                "upgrade rolebot"
            )
        for migration in migrations[current:]:
            for statement in migration:
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {latest}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return latest
