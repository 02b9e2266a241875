"""`rolebot curate`: the report's unanswered groups walked with piped answers, in a process."""

from __future__ import annotations

import sqlite3
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.store.rows import MissKind, MissRow
from bot.store.sqlite import SqliteStore
from tests.curation.test_teach import ROLEBOT, asked, environment, rolebot

# Three groups, most asked first: a paraphrase of an existing entry, one to ignore, one to file
# under an entry found by search.
MISSED = {
    "who signs off gpu spend": 3,
    "is it raining in the office": 2,
    "where do i find the team org chart": 1,
}


def seed(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "rolebot.sqlite3")
    at = datetime.now(UTC) - timedelta(hours=1)
    store.write(
        [
            MissRow(f"{question}-{n}", at, "slack", MissKind.DECLINED, question, "decline", "", 0.1)
            for question, times in MISSED.items()
            for n in range(times)
        ]
    )
    store.close()


def rows(tmp_path: Path, query: str) -> list[tuple[object, ...]]:
    db = sqlite3.connect(tmp_path / "rolebot.sqlite3")
    try:
        return db.execute(query).fetchall()
    finally:
        db.close()


def curate(tmp_path: Path, answers: str) -> str:
    result = rolebot_with_input(tmp_path, answers)
    assert result.returncode == 0, result.stderr
    return result.stdout


def rolebot_with_input(tmp_path: Path, answers: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*ROLEBOT, "curate"],
        input=answers,
        capture_output=True,
        text=True,
        env=environment(tmp_path),
        timeout=300,
        cwd=tmp_path,
    )


def test_walking_the_groups_teaches_ignores_and_picks(tmp_path: Path) -> None:
    seed(tmp_path)
    # 1: pick "who-to-ask" by searching; 2: ignore; 3: skip.
    out = curate(tmp_path, "p\nwho to ask\n1\ni\ns\n")
    assert "[1/3] 3x  who signs off gpu spend" in out
    assert "taught: 'who signs off gpu spend' -> entry 'who-to-ask'" in out
    assert "ignored: 'is it raining in the office' will not be reported again" in out
    assert "done: 2 change(s) kept" in out
    assert rows(tmp_path, "SELECT question, by FROM ignored_questions")[0][0] == (
        "is it raining in the office"
    )
    reply = asked(tmp_path, "who signs off gpu spend")
    assert (reply["entry"], reply["fallback"]) == ("who-to-ask", False)

    # The taught and the ignored groups do not come back; the skipped one does.
    again = curate(tmp_path, "q\n")
    assert "[1/1] 1x  where do i find the team org chart" in again
    assert "gpu spend" not in again and "raining" not in again
    report = rolebot(tmp_path, "report")
    assert "raining" not in report.stdout and "org chart" in report.stdout


def test_accepting_the_suggestion_adds_the_question_to_that_entry(tmp_path: Path) -> None:
    seed(tmp_path)
    out = curate(tmp_path, "s\ns\na\n")
    suggested = out.split("[3/3]")[1].split("suggested: ")[1].split(" ")[0]
    assert f"taught: 'where do i find the team org chart' -> entry '{suggested}'" in out
    assert rows(tmp_path, "SELECT entry, text FROM taught") == [
        (suggested, "where do i find the team org chart")
    ]


def test_an_empty_store_has_nothing_to_curate(tmp_path: Path) -> None:
    assert "nothing recorded yet" in curate(tmp_path, "")
