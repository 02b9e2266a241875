"""The store, on SQLite and on PostgreSQL alike: idempotent batches, one vote per voter, windows
cut the same way; and what only SQLite has (a file created on first use, WAL, corruption)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.feedback import Feedback
from bot.store.base import StoreError
from bot.store.dialect import from_text, to_text
from bot.store.migrations import MIGRATIONS
from bot.store.rows import (
    AnswerRow,
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
from bot.store.sqlite import SqliteStore
from tests.store.conftest import START, Backend, rows

LATER = START + timedelta(hours=1)
WINDOW = (START - timedelta(days=1), START + timedelta(days=1))


def answer(answer_id: str, kind: str = "answer", entry: str | None = "first-entry") -> AnswerRow:
    return AnswerRow(answer_id, START, "slack", kind, "faq" if entry else kind, entry, 0.9)


def vote(answer_id: str, voter: str, verdict: Feedback, at: datetime = START) -> VoteRow:
    return VoteRow(answer_id, voter, "slack", verdict, at)


def test_created_on_first_use_with_wal_and_latest_schema(db_path: Path) -> None:
    assert not db_path.parent.exists()
    SqliteStore(db_path).close()
    assert db_path.is_file()
    assert rows(db_path, "PRAGMA journal_mode") == [("wal",)]
    assert rows(db_path, "PRAGMA user_version") == [(len(MIGRATIONS),)]


def test_rows_round_trip(backend: Backend) -> None:
    store = backend.open()
    miss = MissRow("a2", START, "discord", MissKind.DECLINED, "who pays", "decline", "", 0.1)
    store.write([answer("a1"), answer("a2", "decline", None), miss])
    store.write([vote("a1", "v1", Feedback.NOT_HELPFUL)])
    assert store.reply_counts(*WINDOW) == [
        ReplyCount("decline", "decline", 1),
        ReplyCount("faq", "answer", 1),
    ]
    assert store.entry_votes(*WINDOW) == [EntryVotes("first-entry", "faq", 0, 1, 0)]
    assert store.misses(*WINDOW) == [
        MissedQuestion("who pays", MissKind.DECLINED, "decline", "", 0.1, START, False)
    ]
    store.close()


def test_writing_a_batch_twice_changes_nothing(backend: Backend) -> None:
    store = backend.open()
    miss = MissRow("a1", START, "slack", MissKind.DECLINED, "q", "decline", "", 0.0)
    batch: list[Row] = [answer("a1"), miss, vote("a1", "v1", Feedback.HELPFUL)]
    store.write(batch)
    store.write(batch)  # a retry after an unclear outcome
    store.close()
    assert backend.rows("SELECT COUNT(*) FROM answers") == [(1,)]
    assert backend.rows("SELECT COUNT(*) FROM misses") == [(1,)]
    assert backend.rows("SELECT COUNT(*) FROM votes") == [(1,)]


def test_a_second_click_changes_the_vote_and_never_double_counts(backend: Backend) -> None:
    store = backend.open()
    store.write([answer("a1"), vote("a1", "alice", Feedback.HELPFUL)])
    store.write([vote("a1", "alice", Feedback.NOT_HELPFUL, LATER)])
    store.write([vote("a1", "bob", Feedback.NOT_HELPFUL)])
    assert store.entry_votes(*WINDOW) == [EntryVotes("first-entry", "faq", 0, 2, 0)]
    store.close()
    assert backend.rows("SELECT voter, verdict, at FROM votes ORDER BY voter") == [
        ("alice", "not_helpful", backend.stored_time(LATER)),
        ("bob", "not_helpful", backend.stored_time(START)),
    ]


def test_the_latest_click_in_one_batch_wins(backend: Backend) -> None:
    store = backend.open()
    clicks = [vote("a1", "alice", verdict) for verdict in (*Feedback, Feedback.HELPFUL)]
    store.write([answer("a1"), *clicks])
    assert store.entry_votes(*WINDOW) == [EntryVotes("first-entry", "faq", 1, 0, 0)]
    store.close()


def test_votes_without_their_answer_still_count(backend: Backend) -> None:
    store = backend.open()
    store.write([vote("gone", "v1", Feedback.NOT_HELPFUL)])
    assert store.entry_votes(*WINDOW) == [EntryVotes(None, "unknown", 0, 1, 0)]
    store.close()


def test_none_of_these_marks_the_miss_as_rejected(backend: Backend) -> None:
    store = backend.open()
    miss = MissRow("a1", START, "slack", MissKind.CLARIFIED, "where", "clarify", "x", 0.6)
    store.write([answer("a1", "clarify", None), miss, vote("a1", "v", Feedback.NONE_OF_THESE)])
    assert [m.rejected for m in store.misses(*WINDOW)] == [True]
    assert store.entry_votes(*WINDOW) == [EntryVotes(None, "clarify", 0, 0, 1)]
    store.close()


def test_the_window_is_half_open(backend: Backend) -> None:
    store = backend.open()
    store.write([answer("a1")])
    assert store.reply_counts(START, LATER) != []
    assert store.reply_counts(START - timedelta(hours=1), START) == []
    store.close()


def test_times_are_stored_in_utc_to_the_second() -> None:
    assert to_text(START) == "2025-03-01 12:00:00"
    assert from_text(to_text(START)) == START


def test_two_stores_on_one_database_see_each_others_rows(backend: Backend) -> None:
    first, second = backend.open(), backend.open()
    first.write([answer("a1")])
    second.write([answer("a2")])
    assert sum(c.replies for c in first.reply_counts(*WINDOW)) == 2
    first.close()
    second.close()


@pytest.mark.parametrize(
    "content",
    [b"this is not a database" * 100, b"SQLite format 3\x00" + b"\xff" * 4000],
    ids=["text-file", "mangled-header"],
)
def test_a_corrupt_file_is_a_store_error_naming_it(db_path: Path, content: bytes) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(content)
    with pytest.raises(StoreError, match=str(db_path)):
        SqliteStore(db_path)


def test_a_folder_that_cannot_be_created_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(StoreError, match="cannot open"):
        SqliteStore(blocker / "rolebot.sqlite3")


def test_a_window_ending_now_includes_rows_stored_this_second(backend: Backend) -> None:
    store = backend.open()
    store.write([replace(answer("a1"), at=START + timedelta(milliseconds=700))])
    assert store.reply_counts(START, START + timedelta(milliseconds=900)) != []
    assert store.reply_counts(START - timedelta(seconds=1), START) == []
    store.close()


def test_what_curators_taught_is_kept_in_order_and_a_new_entry_replaces_its_namesake(
    backend: Backend,
) -> None:
    store = backend.open()
    first = store.teach_phrasing("who-to-ask", "who signs off gpu spend", "cli:ana", START)
    entry = store.teach_entry("gpu-budget", "faq: [v1]", "cli:ana", START)
    second = store.teach_phrasing("who-to-ask", "who pays for gpus", "slack:U1", LATER)
    again = store.teach_entry("gpu-budget", "faq: [v2]", "cli:bo", LATER)  # edited: replaced
    taught = store.taught()
    store.close()
    assert first < entry < second < again
    assert [(p.number, p.entry, p.phrasing, p.by, p.at) for p in taught.phrasings] == [
        (first, "who-to-ask", "who signs off gpu spend", "cli:ana", START),
        (second, "who-to-ask", "who pays for gpus", "slack:U1", LATER),
    ]
    assert [(e.number, e.entry, e.text, e.by, e.at) for e in taught.entries] == [
        (again, "gpu-budget", "faq: [v2]", "cli:bo", LATER)
    ]


def test_an_ignored_question_is_kept_once_with_who_ignored_it_last(backend: Backend) -> None:
    store = backend.open()
    store.ignore_question("what is the weather", "cli:ana", START)
    store.ignore_question("what is the weather", "cli:bo", LATER)
    store.ignore_question("who pays", "cli:ana", START)
    assert store.ignored_questions() == {"what is the weather", "who pays"}
    store.close()
    assert backend.rows("SELECT question, by, at FROM ignored_questions ORDER BY question") == [
        ("what is the weather", "cli:bo", backend.stored_time(LATER)),
        ("who pays", "cli:ana", backend.stored_time(START)),
    ]


def test_purging_deletes_old_rows_but_never_a_welcome_or_what_was_taught(
    backend: Backend,
) -> None:
    store = backend.open()
    old = START - timedelta(days=100)
    store.write(
        [
            replace(answer("old"), at=old),
            answer("new"),
            vote("old", "v", Feedback.HELPFUL, old),
            TourRow("someone", 2, old),
            WelcomeRow("someone", old),
        ]
    )
    store.teach_phrasing("who-to-ask", "who pays", "cli:ana", old)
    assert store.purge(START - timedelta(days=90)) == 3
    assert store.tour_step("someone") is None and store.welcomed("someone")
    assert len(store.taught().phrasings) == 1
    store.close()
    assert backend.rows("SELECT answer_id FROM answers") == [("new",)]


def test_a_batch_mixing_tables_keeps_each_tables_order(backend: Backend) -> None:
    store = backend.open()
    store.write(
        [
            TourRow("someone", 1, START),
            answer("a1"),
            TourRow("someone", None, START),  # ended...
            vote("a1", "alice", Feedback.HELPFUL),
            TourRow("someone", 0, LATER),  # ...and started again: the last word
            TourRow("other", 3, START),
            TourRow("other", None, LATER),
            vote("a1", "alice", Feedback.NOT_HELPFUL, LATER),
        ]
    )
    assert (store.tour_step("someone"), store.tour_step("other")) == (0, None)
    assert store.entry_votes(*WINDOW) == [EntryVotes("first-entry", "faq", 0, 1, 0)]
    store.close()
