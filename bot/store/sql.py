"""The store's SQL, written once for every database, and the store built on it.

`SqlStore` does everything a store does in SQL that SQLite and PostgreSQL both speak (``ON
CONFLICT``, ``RETURNING``, ``FILTER``); its subclasses only connect, hold transactions and turn
their driver's errors into `StoreError`. Queries use ``?`` placeholders, which the dialect turns
into its driver's.
"""

from __future__ import annotations

import itertools
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime, timedelta
from typing import Any, ClassVar, Protocol, assert_never

from bot.kb.taught import Taught, TaughtEntry, TaughtPhrasing
from bot.store.dialect import Dialect
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

_INSERT_ANSWER = (
    "INSERT INTO answers (answer_id, at, platform, kind, intent, entry, score) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
)
_INSERT_MISS = (
    "INSERT INTO misses (answer_id, at, platform, kind, question, intent, matched, score, "
    "user_id, channel_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
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
_INSERT_WELCOME = "INSERT INTO welcomed (user_key, at) VALUES (?, ?) ON CONFLICT DO NOTHING"
# The table each write statement goes to, in the order batches write them.
_TABLE_ORDER = {
    _INSERT_ANSWER: 0,
    _INSERT_MISS: 1,
    _UPSERT_VOTE: 2,
    _UPSERT_TOUR: 3,
    _END_TOUR: 3,
    _INSERT_WELCOME: 4,
}
# Purged by age. Welcomes are not: forgetting one would welcome that person again.
PURGED_TABLES = ("answers", "misses", "votes", "tour_progress")
_REPLY_COUNTS = (
    "SELECT intent, kind, COUNT(*) FROM answers WHERE at >= ? AND at < ? "
    "GROUP BY intent, kind ORDER BY intent, kind"
)
# A vote whose answer row is missing (purged, or never written) still counts, under "unknown".
_ENTRY_VOTES = """
    SELECT a.entry, COALESCE(a.intent, 'unknown'),
           COUNT(*) FILTER (WHERE v.verdict = 'helpful'),
           COUNT(*) FILTER (WHERE v.verdict = 'not_helpful'),
           COUNT(*) FILTER (WHERE v.verdict = 'none_of_these')
    FROM votes v LEFT JOIN answers a ON a.answer_id = v.answer_id
    WHERE v.at >= ? AND v.at < ?
    GROUP BY a.entry, a.intent
"""
# Reply kinds as in bot.reply.ReplyKind: a question gets an answer, a clarification or a decline.
# `{day}` is the dialect's UTC day of `at`.
_DAILY = """
    SELECT {day}, COUNT(*) FILTER (WHERE kind IN ('answer', 'clarify', 'decline')),
           COUNT(*) FILTER (WHERE kind IN ('clarify', 'decline'))
    FROM answers WHERE at >= ? AND at < ? GROUP BY 1 ORDER BY 1
"""
_MISSES = """
    SELECT m.question, m.kind, m.intent, m.matched, m.score, m.at,
           EXISTS (SELECT 1 FROM votes v
                   WHERE v.answer_id = m.answer_id AND v.verdict = 'none_of_these')
    FROM misses m WHERE m.at >= ? AND m.at < ? ORDER BY m.at, m.answer_id
"""
_MISSED = "SELECT question FROM misses WHERE answer_id = ?"
_TOUR_STEP = "SELECT step FROM tour_progress WHERE user_key = ?"
_WELCOMED = "SELECT 1 FROM welcomed WHERE user_key = ?"

_PHRASING, _ENTRY = "phrasing", "entry"  # the kinds of taught row
_TAUGHT = "SELECT number, entry, text, by, at FROM taught WHERE kind = ? ORDER BY number"
_INSERT_TAUGHT = (
    "INSERT INTO taught (kind, entry, text, by, at) VALUES (?, ?, ?, ?, ?) RETURNING number"
)
_FORGET_ENTRY = "DELETE FROM taught WHERE kind = ? AND entry = ?"
_IGNORE = (
    "INSERT INTO ignored_questions (question, by, at) VALUES (?, ?, ?) "
    "ON CONFLICT (question) DO UPDATE SET by = excluded.by, at = excluded.at"
)
_IGNORED = "SELECT question FROM ignored_questions"
# Stored to the second: a window ending "now" (12:00:00.4) must still include 12:00:00.
_UNTIL_ROUNDING = timedelta(microseconds=999_999)


class Cursor(Protocol):
    """What a store asks of a driver's cursor inside a transaction."""

    @property
    def rowcount(self) -> int:
        """Rows the last statement changed."""
        ...

    def execute(self, query: Any, params: Sequence[Any], /) -> Any:
        """Run one statement."""
        ...

    def executemany(self, query: Any, params: Iterable[Sequence[Any]], /) -> Any:
        """Run one statement for each set of parameters."""
        ...

    def fetchone(self) -> Any:
        """The next row of the last statement's result, or None."""
        ...


class SqlStore(ABC):
    """A Store (and the curators' taught layer) in SQL; subclasses connect."""

    dialect: ClassVar[Dialect]

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[Cursor]:
        """One write transaction: committed when the block ends, rolled back if it raises;
        driver errors leave it as StoreError (StoreUnavailable when worth retrying later)."""

    @abstractmethod
    def _read(self, query: str, *params: object) -> list[Any]:
        """The rows of one query (in the dialect's words), errors as for `_transaction`."""

    @abstractmethod
    def ping(self) -> None:
        """Raise StoreError when the store cannot be reached now."""

    @abstractmethod
    def close(self) -> None:
        """Release what this store holds."""

    def _query(self, text: str, *params: object) -> list[Any]:
        return self._read(self.dialect.sql(text), *params)

    def _window(self, since: datetime, until: datetime) -> tuple[Any, Any]:
        """A half-open window's ends as stored; the end rounded up to the second (rows are
        stored to the second)."""
        store_time = self.dialect.store_time
        return store_time(since), store_time(until + _UNTIL_ROUNDING)

    def _statement(self, row: Row) -> tuple[str, tuple[Any, ...]]:
        """The statement that writes one row, and its parameters."""
        at = self.dialect.store_time(row.at)
        match row:
            case AnswerRow():
                fields = (row.platform, row.kind, row.intent, row.entry, row.score)
                return _INSERT_ANSWER, (row.answer_id, at, *fields)
            case MissRow():
                return _INSERT_MISS, (
                    row.answer_id,
                    at,
                    row.platform,
                    row.kind.value,
                    row.question,
                    row.intent,
                    row.matched,
                    row.score,
                    row.user,
                    row.channel,
                )
            case VoteRow():
                return _UPSERT_VOTE, (
                    row.answer_id,
                    row.voter,
                    row.platform,
                    row.feedback.value,
                    at,
                )
            case TourRow(step=None):
                return _END_TOUR, (row.user_key,)
            case TourRow():
                return _UPSERT_TOUR, (row.user_key, row.step, at)
            case WelcomeRow():
                return _INSERT_WELCOME, (row.user_key, at)
            case _:
                assert_never(row)

    def write(self, rows: Sequence[Row]) -> None:
        """Commit all rows in one transaction (see Store.write)."""
        # Rows go table by table, each run of one statement as one executemany (one round trip
        # on PostgreSQL). The sort is stable and tables are independent, so within a table the
        # order is kept: the latest vote wins, and a tour step set after one ended stays.
        statements = sorted(map(self._statement, rows), key=lambda made: _TABLE_ORDER[made[0]])
        with self._transaction() as db:
            for sql, run in itertools.groupby(statements, key=lambda made: made[0]):
                db.executemany(self.dialect.sql(sql), [params for _, params in run])

    def purge(self, before: datetime) -> int:
        """Delete rows recorded before `before` from every table."""
        cutoff = self.dialect.store_time(before)
        with self._transaction() as db:
            return sum(
                db.execute(
                    self.dialect.sql(f"DELETE FROM {table} WHERE at < ?"), (cutoff,)
                ).rowcount
                for table in PURGED_TABLES
            )

    def reply_counts(self, since: datetime, until: datetime) -> list[ReplyCount]:
        """Replies in the window, counted by intent and kind."""
        rows = self._query(_REPLY_COUNTS, *self._window(since, until))
        return [ReplyCount(intent, kind, n) for intent, kind, n in rows]

    def entry_votes(self, since: datetime, until: datetime) -> list[EntryVotes]:
        """Votes in the window, tallied by the entry of the answer they judged."""
        rows = self._query(_ENTRY_VOTES, *self._window(since, until))
        return [EntryVotes(*row) for row in rows]

    def daily_counts(self, since: datetime, until: datetime) -> list[DayCount]:
        """Replies to questions per UTC day, with their fallbacks."""
        query = _DAILY.format(day=self.dialect.day)
        rows = self._query(query, *self._window(since, until))
        return [DayCount(date.fromisoformat(day), n, fallbacks) for day, n, fallbacks in rows]

    def misses(self, since: datetime, until: datetime) -> list[MissedQuestion]:
        """Missed questions in the window, oldest first."""
        rows = self._query(_MISSES, *self._window(since, until))
        read_time = self.dialect.read_time
        return [
            MissedQuestion(
                question=question,
                kind=MissKind(kind),
                intent=intent,
                matched=matched,
                score=score,
                at=read_time(at),
                rejected=bool(rejected),
            )
            for question, kind, intent, matched, score, at, rejected in rows
        ]

    def missed_question(self, answer_id: str) -> str | None:
        """The (normalised) question of the miss recorded with an answer, if there is one."""
        found = self._query(_MISSED, answer_id)
        return str(found[0][0]) if found else None

    def tour_step(self, user_key: str) -> int | None:
        """The tour step last saved for a user, or None."""
        found = self._query(_TOUR_STEP, user_key)
        return int(found[0][0]) if found else None

    def welcomed(self, user_key: str) -> bool:
        """Whether a user has been welcomed."""
        return bool(self._query(_WELCOMED, user_key))

    def taught(self) -> Taught:
        """Everything curators taught, oldest first."""
        read_time = self.dialect.read_time
        phrasings = self._query(_TAUGHT, _PHRASING)
        entries = self._query(_TAUGHT, _ENTRY)
        return Taught(
            tuple(TaughtPhrasing(n, e, p, by, read_time(at)) for n, e, p, by, at in phrasings),
            tuple(TaughtEntry(n, e, text, by, read_time(at)) for n, e, text, by, at in entries),
        )

    def teach_phrasing(self, entry: str, phrasing: str, by: str, at: datetime) -> int:
        """Add a phrasing to an entry; returns its number (the row id problems cite)."""
        params = (_PHRASING, entry, phrasing, by, self.dialect.store_time(at))
        with self._transaction() as db:
            db.execute(self.dialect.sql(_INSERT_TAUGHT), params)
            return int(db.fetchone()[0])

    def teach_entry(self, entry: str, text: str, by: str, at: datetime) -> int:
        """Keep a new entry (the YAML text of a one-entry `faq` file), replacing an earlier
        one with the same id; returns its number."""
        params = (_ENTRY, entry, text, by, self.dialect.store_time(at))
        with self._transaction() as db:
            db.execute(self.dialect.sql(_FORGET_ENTRY), (_ENTRY, entry))
            db.execute(self.dialect.sql(_INSERT_TAUGHT), params)
            return int(db.fetchone()[0])

    def ignore_question(self, question: str, by: str, at: datetime) -> None:
        """Stop reporting a (normalised) missed question."""
        with self._transaction() as db:
            db.execute(self.dialect.sql(_IGNORE), (question, by, self.dialect.store_time(at)))

    def ignored_questions(self) -> frozenset[str]:
        """The missed questions curators chose to ignore."""
        return frozenset(row[0] for row in self._query(_IGNORED))
