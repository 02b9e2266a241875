"""`rolebot validate` warns about YAML that parses but silently changes the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.cli import main
from bot.kb.pitfalls import non_text_keys, pitfalls

FAQ = """faq:
  - id: ask-it
    title: Who do I ask about laptops?
    phrasings: [who fixes laptops, laptop broken, who do I ask about my laptop, laptop help]
    answer: {answer}
"""


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (
            "Ask #it-help.",
            "f.yaml:5: warning: the value ends at ' #': YAML reads '#it-help.' as a comment, "
            "so the text is 'Ask'; quote the whole value if '#it-help.' belongs to it",
        ),
        ("no", "f.yaml:5: warning: 'no' reads as a true/false value, not text; quote it: \"no\""),
        (
            "Yes",
            "f.yaml:5: warning: 'Yes' reads as a true/false value, not text; quote it: \"Yes\"",
        ),
        ("3.10", "f.yaml:5: warning: '3.10' reads as a number, not text; quote it: \"3.10\""),
        ("42", "f.yaml:5: warning: '42' reads as a number, not text; quote it: \"42\""),
        (
            "2024-01-01",
            "f.yaml:5: warning: '2024-01-01' reads as a date, not text; quote it: \"2024-01-01\"",
        ),
    ],
    ids=["comment-cut", "no", "yes", "version", "integer", "date"],
)
def test_each_pitfall_is_named_with_file_and_line(answer: str, expected: str) -> None:
    assert [str(p) for p in pitfalls(FAQ.format(answer=answer), "f.yaml")] == [expected]


@pytest.mark.parametrize(
    "answer",
    [
        '"Ask #it-help."',
        "Use C# or F#.",  # a '#' straight after a word is text
        "Ask the helpdesk   # a comment written as one",
        "'no'",
        '"3.10"',
        "version 3.10",
        "|\n      Ask #it-help.",
    ],
    ids=["quoted", "hash-in-word", "real-comment", "quoted-no", "quoted-number", "words", "block"],
)
def test_what_reads_as_written_gets_no_warning(answer: str) -> None:
    assert pitfalls(FAQ.format(answer=answer), "f.yaml") == []


def test_a_tab_is_warned_about_on_its_line() -> None:
    text = FAQ.format(answer="fine") + "  - id: tabbed\n\ttitle: x\n"
    assert [str(p) for p in pitfalls(text, "f.yaml")] == [
        "f.yaml:7: warning: a tab character; indent with spaces and write no tabs"
    ]


def test_fields_that_are_booleans_in_the_models_are_not_warned_about() -> None:
    assert "entry_level" in non_text_keys()
    role = "roles:\n  - id: x\n    career:\n      entry_level: no\n      entry_note: yes\n"
    assert [str(p) for p in pitfalls(role, "r.yaml")] == [
        "r.yaml:5: warning: 'yes' reads as a true/false value, not text; quote it: \"yes\""
    ]


def test_the_shipped_knowledge_has_no_pitfalls(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--strict"]) == 0
    assert "warning" not in capsys.readouterr().out


def write_team(tmp_path: Path, answer: str) -> Path:
    team = tmp_path / "team"
    team.mkdir()
    (team / "faq.yaml").write_text(
        FAQ.format(answer=answer).replace("ask-it", "team-ask-it"), encoding="utf-8"
    )
    return team


def test_validate_prints_warnings_and_passes_unless_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team = write_team(tmp_path, "Ask #it-help.")
    assert main(["validate", "--knowledge", str(team)]) == 0
    out = capsys.readouterr().out
    assert f"{team / 'faq.yaml'}:5: warning: the value ends at ' #'" in out
    assert out.splitlines()[-1].startswith("ok: ")
    assert main(["validate", "--strict", "--knowledge", str(team)]) == 1
    assert f"{team / 'faq.yaml'}:5: warning:" in capsys.readouterr().out


def test_a_warning_explains_the_error_it_causes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team = write_team(tmp_path, "no")
    assert main(["validate", "--knowledge", str(team)]) == 1
    captured = capsys.readouterr()
    assert f"{team / 'faq.yaml'}:5: warning: 'no' reads as a true/false value" in captured.out
    assert f"{team / 'faq.yaml'}:5: faq.0.answer:" in captured.err


def test_text_past_the_loaders_bounds_gets_only_its_tab_warnings() -> None:
    # A value inside itself would be walked forever; the loader reports it, by line.
    text = 'faq: &loop [*loop]\nnote: "a\tb"\n'
    assert [str(p) for p in pitfalls(text, "f.yaml")] == [
        "f.yaml:2: warning: a tab character; indent with spaces and write no tabs"
    ]


def test_a_number_where_entries_belong_is_an_error_not_a_quoting_warning() -> None:
    assert pitfalls("faq: [1, 2]\n", "f.yaml") == []
