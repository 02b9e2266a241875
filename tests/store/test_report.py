"""`rolebot report` on a seeded store: groups, votes, counts, formats and the command line."""

from __future__ import annotations

import csv
import io
import json
import socket
from datetime import timedelta
from pathlib import Path

import pytest

from adapters.cli import main
from adapters.report_command import window_start
from bot.curation.report import (
    Closest,
    EntryFeedback,
    IntentLine,
    QuestionGroup,
    Report,
    build_report,
)
from bot.curation.report_format import ReportFormat, render
from bot.feedback import Feedback
from bot.kb.compiled import Compiled
from bot.store.rows import AnswerRow, VoteRow
from tests.store.conftest import START, Backend
from tests.store.seed import seed_month

UNTIL = START + timedelta(days=30)


@pytest.fixture
def seeded(backend: Backend) -> Backend:
    seed_month(backend.open())
    return backend


@pytest.fixture
def report(seeded: Backend, small_compiled: Compiled) -> Report:
    store = seeded.open()
    made = build_report(store, small_compiled, START, UNTIL)
    store.close()
    return made


def test_totals_and_fallback_rate(report: Report) -> None:
    assert (report.replies, report.questions, report.fallbacks) == (33, 30, 12)
    assert report.fallback_rate == pytest.approx(0.4)
    assert report.none_of_these == 1


def test_similar_wordings_are_grouped_most_frequent_first(report: Report) -> None:
    summary = [(g.question, g.asked, g.wordings) for g in report.unanswered]
    assert summary == [
        (
            "who approves the gpu budget",
            8,
            ("who approves gpu budget", "who approves the gpu budgets"),
        ),
        ("where are the team files", 3, ()),
        ("typical morning remote", 2, ()),
        ("what is the weather", 1, ()),
    ]


def test_each_group_says_how_it_was_missed(report: Report) -> None:
    how = {
        g.question: (g.declined, g.clarified, g.low_confidence, g.none_of_these)
        for g in report.unanswered
    }
    assert how["who approves the gpu budget"] == (8, 0, 0, 0)
    assert how["where are the team files"] == (0, 3, 0, 1)
    assert how["typical morning remote"] == (0, 0, 2, 0)


def test_the_closest_existing_entry_is_suggested(report: Report) -> None:
    closest = {g.question: g.closest for g in report.unanswered}
    low = closest["typical morning remote"]
    assert low is not None
    assert (low.entry, low.title, low.phrasing) == (
        "first-entry",
        "First entry",
        "describe a typical analyst morning",
    )
    assert 0.5 <= low.score < 0.65, "answered, but below the low-confidence setting"
    team_files = closest["where are the team files"]
    assert team_files is not None and team_files.entry in {"dashboards", "notebooks"}
    assert closest["who approves the gpu budget"] is None  # nothing near: a new entry


def test_entries_with_the_most_not_helpful_votes(report: Report) -> None:
    assert report.unhelpful == (
        EntryFeedback("first-entry", "First entry", helpful=1, not_helpful=3),
        EntryFeedback("second-entry", "Second entry", helpful=2, not_helpful=1),
    )


def test_answer_counts_by_intent(report: Report) -> None:
    assert report.intents == (
        IntentLine("faq", 18, 0),
        IntentLine("decline", 9, 9),
        IntentLine("clarify", 3, 3),
        IntentLine("help", 3, 0),
    )


def test_rows_outside_the_window_are_left_out(seeded: Backend, small_compiled: Compiled) -> None:
    store = seeded.open()
    earlier = build_report(store, small_compiled, START - timedelta(days=60), START)
    store.close()
    assert (earlier.replies, [g.question for g in earlier.unanswered]) == (1, ["old"])


def test_the_text_report(report: Report) -> None:
    text = render(report, ReportFormat.TEXT)
    assert "Replies: 33 (30 to questions); fallbacks: 12 (40.0% of questions)" in text
    assert "     8x  who approves the gpu budget" in text
    assert "also asked as: who approves gpu budget | who approves the gpu budgets" in text
    assert 'closest entry: first-entry "First entry"' in text
    assert '1 "none of these"' in text


def test_the_csv_report_is_one_long_table(report: Report) -> None:
    table = list(csv.DictReader(io.StringIO(render(report, ReportFormat.CSV))))
    sections = [row["section"] for row in table]
    assert sections == ["summary"] * 5 + ["unanswered"] * 4 + ["unhelpful"] * 2 + ["intent"] * 4
    first = table[5]
    assert (first["item"], first["count"], first["declined"]) == (
        "who approves the gpu budget",
        "8",
        "8",
    )
    assert table[9]["item"] == "first-entry" and table[9]["not_helpful"] == "3"


def test_the_json_report(report: Report) -> None:
    data = json.loads(render(report, ReportFormat.JSON))
    assert data["fallback_rate"] == 0.4
    assert data["unanswered"][2]["closest"]["entry"] == "first-entry"
    assert data["unhelpful"][0] == {
        "entry": "first-entry",
        "title": "First entry",
        "helpful": 1,
        "not_helpful": 3,
    }
    assert data["since"].startswith("2025-03-01T12:00")


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No rolebot settings from the real environment; the shipped knowledge only."""
    for name in (
        "ROLEBOT_DB",
        "ROLEBOT_DATABASE_URL",
        "ROLEBOT_KNOWLEDGE",
        "ROLEBOT_RETENTION_DAYS",
        "ROLEBOT_LOW_CONFIDENCE",
        "ROLEBOT_KEEP_USER_IDS",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))


@pytest.mark.parametrize("form", ["text", "csv", "json"])
def test_the_command_line(
    seeded: Backend, clean_env: None, form: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["report", *seeded.options(), "--since", "2025-03-01", "--format", form])
    out = capsys.readouterr().out
    assert code == 0
    assert "who approves the gpu budget" in out and "first-entry" in out


def test_the_database_comes_from_the_environment(
    seeded: Backend,
    clean_env: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name, value in seeded.environment().items():
        monkeypatch.setenv(name, value)
    assert main(["report", "--since", "2025-03-01", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["replies"] == 33


def test_no_store_yet_is_an_empty_report_and_nothing_is_created(
    clean_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["replies"] == 0
    assert "nothing recorded yet" in captured.err
    assert not (tmp_path / "xdg").exists()


def test_a_corrupt_store_is_an_error_naming_the_file(
    clean_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"garbage" * 1000)
    assert main(["report", "--db", str(broken)]) == 1
    assert f"{broken}: file is not a database" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("since", "days", "start"),
    [
        (None, 30, UNTIL - timedelta(days=30)),
        ("7", 30, UNTIL - timedelta(days=7)),
        ("2025-03-15", 30, START.replace(day=15, hour=0)),
    ],
    ids=["days", "since-days", "since-date"],
)
def test_the_window(since: str | None, days: int, start: object) -> None:
    assert window_start(since, days, UNTIL) == start


def test_a_bad_since_is_a_usage_error(clean_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--since", "last week"]) == 2
    assert "--since wants YYYY-MM-DD" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--days", "-3"], "argument --days: must be at least 1, not -3"),
        (["--days", "0"], "argument --days: must be at least 1, not 0"),
        (["--days", "a week"], "argument --days: expected a whole number, not 'a week'"),
        (["--top", "0"], "argument --top: must be at least 1, not 0"),
    ],
    ids=["negative-days", "no-days", "words", "no-rows"],
)
def test_a_window_or_size_that_makes_no_sense_is_a_usage_error(
    clean_env: None, capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["report", *args])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"rolebot report: error: {said}"


def test_a_window_starting_in_the_future_is_a_usage_error(
    clean_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--since", "2999-01-01"]) == 2
    assert capsys.readouterr().err == "rolebot report: --since 2999-01-01 is in the future\n"


def test_a_bad_setting_is_a_usage_error(
    clean_env: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ROLEBOT_RETENTION_DAYS", "ninety")
    assert main(["report"]) == 2
    assert "ROLEBOT_RETENTION_DAYS must be a number" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("entry", "intent", "title"),
    [
        ("analyst+builder", "compare", "Test analyst vs Test builder (compare)"),
        ("shipping", "stage_owner", "Shipping (stage_owner)"),
        ("retired-entry", "faq", "retired-entry (faq)"),
        (None, "decline", "(decline)"),
    ],
    ids=["comparison", "stage", "unknown-id", "no-entry"],
)
def test_structured_answers_are_named_from_the_knowledge(
    backend: Backend, small_compiled: Compiled, entry: str | None, intent: str, title: str
) -> None:
    store = backend.open()
    store.write(
        [
            AnswerRow("a" * 16, START, "slack", "answer", intent, entry, 0.9),
            VoteRow("a" * 16, "voter", "slack", Feedback.NOT_HELPFUL, START),
        ]
    )
    made = build_report(store, small_compiled, START, UNTIL)
    store.close()
    assert [f.title for f in made.unhelpful] == [title]


@pytest.mark.parametrize(
    ("closest", "line"),
    [
        (None, "closest entry: none; consider a new entry"),
        (Closest("e", "E", "p", 0.3), "closest entry: none close (nearest e, score 0.30)"),
        (Closest("e", "E", "p", 0.5), 'closest entry: e "E" (score 0.50, nearest phrasing "p")'),
    ],
    ids=["nothing-near", "too-far", "close-enough"],
)
def test_a_weak_nearest_entry_is_not_offered_as_the_place(
    closest: Closest | None, line: str
) -> None:
    group = QuestionGroup("q", 1, 1, 0, 0, 0, (), closest)
    made = Report(START, UNTIL, 1, 1, 1, 0, (group,), (), ())
    assert line in render(made, ReportFormat.TEXT)


def test_one_store_or_the_other_on_the_command_line(
    clean_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "postgresql://rolebot@127.0.0.1/rolebot"
    with pytest.raises(SystemExit) as stopped:
        main(["report", "--db", str(tmp_path / "a.sqlite3"), "--database-url", url])
    assert stopped.value.code == 2
    assert "argument --database-url: not allowed with argument --db" in capsys.readouterr().err


def test_an_unreachable_database_is_an_error_naming_it_without_its_password(
    clean_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql://rolebot:s3cret-pw@127.0.0.1:{port}/rolebot"
    assert main(["report", "--database-url", url]) == 1
    err = capsys.readouterr().err
    said = err.splitlines()[-1]
    assert said.startswith(f"rolebot report: postgresql://rolebot@127.0.0.1:{port}/rolebot: ")
    assert "Connection refused" in said and "s3cret-pw" not in err
