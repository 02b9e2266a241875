"""Schema versioning: upgrades keep every row, fail atomically, and released steps never change."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from bot.store.base import StoreError
from bot.store.migrations import MIGRATIONS, Migration, migrate, schema_version
from bot.store.sqlite import SqliteStore
from tests.store.conftest import START, rows

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
INSERT INTO answers VALUES ('a1', '2025-03-01 12:00:00', 'slack', 'answer', 'faq', 'e1', 0.9);
INSERT INTO answers VALUES ('a2', '2025-03-01 12:05:00', 'slack', 'decline', 'decline', NULL, 0);
INSERT INTO misses VALUES ('a2', '2025-03-01 12:05:00', 'slack', 'declined', 'who pays',
    'decline', '', 0, NULL, NULL);
INSERT INTO votes VALUES ('a1', 'v1', 'slack', 'not_helpful', '2025-03-01 12:06:00');
PRAGMA user_version = 1;
"""
# sha256 of each released migration's statements: editing one breaks databases in the field.
RELEASED = ["cada28f6", "ab0bc172"]
TABLES = ("answers", "misses", "votes")


def every_row(path: Path) -> dict[str, list[tuple[object, ...]]]:
    return {table: rows(path, f"SELECT * FROM {table} ORDER BY 1, 2") for table in TABLES}


def make_v1(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    db.executescript(V1_BY_HAND)
    db.close()


def fingerprint(migration: Migration) -> str:
    return hashlib.sha256("\n".join(migration).encode()).hexdigest()[:8]


def test_released_migrations_are_never_edited() -> None:
    assert [fingerprint(m) for m in MIGRATIONS[: len(RELEASED)]] == RELEASED


def columns(path: Path) -> dict[str, list[tuple[object, ...]]]:
    return {table: rows(path, f"PRAGMA table_info({table})") for table in TABLES}


def test_the_hand_made_v1_matches_what_migration_1_creates(tmp_path: Path) -> None:
    make_v1(tmp_path / "by-hand.sqlite3")
    db = sqlite3.connect(tmp_path / "by-code.sqlite3", isolation_level=None)
    migrate(db, MIGRATIONS[:1])
    db.close()
    assert columns(tmp_path / "by-hand.sqlite3") == columns(tmp_path / "by-code.sqlite3")


def test_a_v1_database_opens_with_every_row_kept(db_path: Path) -> None:
    make_v1(db_path)
    before = every_row(db_path)
    store = SqliteStore(db_path)
    window = (START - timedelta(days=1), START + timedelta(days=1))
    assert sum(c.replies for c in store.reply_counts(*window)) == 2
    assert [m.question for m in store.misses(*window)] == ["who pays"]
    store.close()
    assert every_row(db_path) == before
    assert rows(db_path, "PRAGMA user_version") == [(len(MIGRATIONS),)]


def test_a_later_migration_keeps_every_row(db_path: Path) -> None:
    make_v1(db_path)
    before = every_row(db_path)
    later: Migration = (
        "ALTER TABLE misses ADD COLUMN language TEXT",
        "CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    )
    db = sqlite3.connect(db_path, isolation_level=None)
    assert migrate(db, (*MIGRATIONS, later)) == len(MIGRATIONS) + 1
    db.close()
    after = every_row(db_path)
    assert after["answers"] == before["answers"] and after["votes"] == before["votes"]
    assert [row[:-1] for row in after["misses"]] == before["misses"]


def test_a_failing_migration_leaves_the_file_as_it_was(db_path: Path) -> None:
    make_v1(db_path)
    before = every_row(db_path)
    broken: Migration = ("CREATE TABLE extra (x)", "ALTER TABLE nowhere ADD COLUMN y")
    db = sqlite3.connect(db_path, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError):
        migrate(db, (*MIGRATIONS, broken))
    assert schema_version(db) == 1
    assert db.execute("SELECT name FROM sqlite_master WHERE name = 'extra'").fetchall() == []
    db.close()
    assert every_row(db_path) == before


def test_a_database_from_a_newer_rolebot_is_refused_untouched(db_path: Path) -> None:
    make_v1(db_path)
    db = sqlite3.connect(db_path)
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    db.commit()
    db.close()
    before = every_row(db_path)
    with pytest.raises(StoreError, match="newer than this rolebot"):
        SqliteStore(db_path)
    assert every_row(db_path) == before
