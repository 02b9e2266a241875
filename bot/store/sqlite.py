"""The default store: one SQLite file in WAL mode, created with its folder on first use."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, assert_never

from bot.kb.taught import Taught, TaughtEntry, TaughtPhrasing
from bot.store.base import StoreError
from bot.store.migrations import migrate
from bot.store.rows import (
    AnswerRow,
    DayCount,
    EntryVotes,
    MissedQuestion,
    MissKind,
    MissRow,
    ReplyCount,
    Row,
    TourRow,
    VoteRow,
    WelcomeRow,
)
from bot.store.settings import BUSY_TIMEOUT_MS

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"  # UTC; SQLite's own format, so datetime('now') works in queries

_INSERT_ANSWER = (
    "INSERT OR IGNORE INTO answers (answer_id, at, platform, kind, intent, entry, score) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_MISS = (
    "INSERT OR IGNORE INTO misses (answer_id, at, platform, kind, question, intent, matched, "
    "score, user_id, channel_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_UPSERT_VOTE = (
    "INSERT INTO votes (answer_id, voter, platform, verdict, at) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (answer_id, voter) DO UPDATE SET verdict = excluded.verdict, at = excluded.at"
)
_UPSERT_TOUR = (
    "INSERT INTO tour_progress (user_key, step, at) VALUES (?, ?, ?) "
    "ON CONFLICT (user_key) DO UPDATE SET step = excluded.step, at = excluded.at"
)
_END_TOUR = "DELETE FROM tour_progress WHERE user_key = ?"
_INSERT_WELCOME = "INSERT OR IGNORE INTO welcomed (user_key, at) VALUES (?, ?)"
# Purged by age. Welcomes are not: forgetting one would welcome that person again.
PURGED_TABLES = ("answers", "misses", "votes", "tour_progress")
_REPLY_COUNTS = (
    "SELECT intent, kind, COUNT(*) FROM answers WHERE at >= ? AND at < ? "
    "GROUP BY intent, kind ORDER BY intent, kind"
)
# A vote whose answer row is missing (purged, or never written) still counts, under "unknown".
_ENTRY_VOTES = """
    SELECT a.entry, COALESCE(a.intent, 'unknown'),
           SUM(v.verdict = 'helpful'), SUM(v.verdict = 'not_helpful'),
           SUM(v.verdict = 'none_of_these')
    FROM votes v LEFT JOIN answers a ON a.answer_id = v.answer_id
    WHERE v.at >= ? AND v.at < ?
    GROUP BY a.entry, a.intent
"""
# Reply kinds as in bot.reply.ReplyKind: a question gets an answer, a clarification or a decline.
_DAILY = """
    SELECT substr(at, 1, 10), SUM(kind IN ('answer', 'clarify', 'decline')),
           SUM(kind IN ('clarify', 'decline'))
    FROM answers WHERE at >= ? AND at < ? GROUP BY 1 ORDER BY 1
"""
_MISSES = """
    SELECT m.question, m.kind, m.intent, m.matched, m.score, m.at,
           EXISTS (SELECT 1 FROM votes v
                   WHERE v.answer_id = m.answer_id AND v.verdict = 'none_of_these')
    FROM misses m WHERE m.at >= ? AND m.at < ? ORDER BY m.at, m.answer_id
"""


_PHRASING, _ENTRY = "phrasing", "entry"  # the kinds of taught row
_TAUGHT = "SELECT number, entry, text, by, at FROM taught WHERE kind = ? ORDER BY number"
_INSERT_TAUGHT = "INSERT INTO taught (kind, entry, text, by, at) VALUES (?, ?, ?, ?, ?)"


def to_text(at: datetime) -> str:
    """A time as stored: UTC, to the second."""
    return at.astimezone(UTC).strftime(TIME_FORMAT)


def until_text(until: datetime) -> str:
    """The exclusive end of a window, rounded up to the second: rows are stored to the second,
    so a report ending "now" (12:00:00.4) must still include a row stored as 12:00:00."""
    return to_text(until + timedelta(microseconds=999_999))


def from_text(text: str) -> datetime:
    """A stored time back as an aware UTC datetime."""
    return datetime.strptime(text, TIME_FORMAT).replace(tzinfo=UTC)


class SqliteStore:
    """A Store on one SQLite file; use one instance per thread (connections are not shared)."""

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
            mode = self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode != "wal":
                raise StoreError(f"{path}: cannot use WAL mode (journal mode is {mode})")
            # FULL: a commit is on disk before it is acknowledged, even across a power cut.
            self._db.execute("PRAGMA synchronous = FULL")
            migrate(self._db)
        except sqlite3.Error as error:
            self._db.close()
            raise StoreError(f"{path}: {error}") from error
        except StoreError:
            self._db.close()
            raise

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; sqlite3 errors become StoreError naming the file."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            raise StoreError(f"{self.path}: {error}") from error

    def _read(self, query: str, *params: object) -> list[Any]:
        try:
            return self._db.execute(query, params).fetchall()
        except sqlite3.Error as error:
            raise StoreError(f"{self.path}: {error}") from error

    def write(self, rows: Sequence[Row]) -> None:
        """Commit all rows in one transaction (see Store.write)."""
        with self._transaction() as db:
            for row in rows:
                match row:
                    case AnswerRow():
                        db.execute(
                            _INSERT_ANSWER,
                            (
                                row.answer_id,
                                to_text(row.at),
                                row.platform,
                                row.kind,
                                row.intent,
                                row.entry,
                                row.score,
                            ),
                        )
                    case MissRow():
                        db.execute(
                            _INSERT_MISS,
                            (
                                row.answer_id,
                                to_text(row.at),
                                row.platform,
                                row.kind.value,
                                row.question,
                                row.intent,
                                row.matched,
                                row.score,
                                row.user,
                                row.channel,
                            ),
                        )
                    case VoteRow():
                        db.execute(
                            _UPSERT_VOTE,
                            (
                                row.answer_id,
                                row.voter,
                                row.platform,
                                row.feedback.value,
                                to_text(row.at),
                            ),
                        )
                    case TourRow(step=None):
                        db.execute(_END_TOUR, (row.user_key,))
                    case TourRow():
                        db.execute(_UPSERT_TOUR, (row.user_key, row.step, to_text(row.at)))
                    case WelcomeRow():
                        db.execute(_INSERT_WELCOME, (row.user_key, to_text(row.at)))
                    case _:
                        assert_never(row)

    def purge(self, before: datetime) -> int:
        """Delete rows recorded before `before` from every table."""
        cutoff = to_text(before)
        with self._transaction() as db:
            return sum(
                db.execute(f"DELETE FROM {table} WHERE at < ?", (cutoff,)).rowcount
                for table in PURGED_TABLES
            )

    def reply_counts(self, since: datetime, until: datetime) -> list[ReplyCount]:
        """Replies in the window, counted by intent and kind."""
        rows = self._read(_REPLY_COUNTS, to_text(since), until_text(until))
        return [ReplyCount(intent, kind, n) for intent, kind, n in rows]

    def entry_votes(self, since: datetime, until: datetime) -> list[EntryVotes]:
        """Votes in the window, tallied by the entry of the answer they judged."""
        rows = self._read(_ENTRY_VOTES, to_text(since), until_text(until))
        return [EntryVotes(*row) for row in rows]

    def daily_counts(self, since: datetime, until: datetime) -> list[DayCount]:
        """Replies to questions per UTC day, with their fallbacks."""
        rows = self._read(_DAILY, to_text(since), until_text(until))
        return [DayCount(date.fromisoformat(day), n, fallbacks) for day, n, fallbacks in rows]

    def misses(self, since: datetime, until: datetime) -> list[MissedQuestion]:
        """Missed questions in the window, oldest first."""
        rows = self._read(_MISSES, to_text(since), until_text(until))
        return [
            MissedQuestion(
                question=question,
                kind=MissKind(kind),
                intent=intent,
                matched=matched,
                score=score,
                at=from_text(at),
                rejected=bool(rejected),
            )
            for question, kind, intent, matched, score, at, rejected in rows
        ]

    def tour_step(self, user_key: str) -> int | None:
        """The tour step last saved for a user, or None."""
        found = self._read("SELECT step FROM tour_progress WHERE user_key = ?", user_key)
        return int(found[0][0]) if found else None

    def welcomed(self, user_key: str) -> bool:
        """Whether a user has been welcomed."""
        return bool(self._read("SELECT 1 FROM welcomed WHERE user_key = ?", user_key))

    def taught(self) -> Taught:
        """Everything curators taught, oldest first."""
        phrasings = self._read(_TAUGHT, _PHRASING)
        entries = self._read(_TAUGHT, _ENTRY)
        return Taught(
            tuple(TaughtPhrasing(n, e, p, by, from_text(at)) for n, e, p, by, at in phrasings),
            tuple(TaughtEntry(n, e, text, by, from_text(at)) for n, e, text, by, at in entries),
        )

    def teach_phrasing(self, entry: str, phrasing: str, by: str, at: datetime) -> int:
        """Add a phrasing to an entry; returns its number (the row id problems cite)."""
        with self._transaction() as db:
            cursor = db.execute(_INSERT_TAUGHT, (_PHRASING, entry, phrasing, by, to_text(at)))
        return int(cursor.lastrowid or 0)

    def teach_entry(self, entry: str, text: str, by: str, at: datetime) -> int:
        """Keep a new entry (the YAML text of a one-entry `faq` file), replacing an earlier
        one with the same id; returns its number."""
        with self._transaction() as db:
            db.execute("DELETE FROM taught WHERE kind = ? AND entry = ?", (_ENTRY, entry))
            cursor = db.execute(_INSERT_TAUGHT, (_ENTRY, entry, text, by, to_text(at)))
        return int(cursor.lastrowid or 0)

    def ignore_question(self, question: str, by: str, at: datetime) -> None:
        """Stop reporting a (normalised) missed question."""
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO ignored_questions (question, by, at) VALUES (?, ?, ?)",
                (question, by, to_text(at)),
            )

    def ignored_questions(self) -> frozenset[str]:
        """The missed questions curators chose to ignore."""
        return frozenset(row[0] for row in self._read("SELECT question FROM ignored_questions"))

    def close(self) -> None:
        """Close the connection (uncommitted work, if any, is rolled back by SQLite)."""
        self._db.close()
