"""`rolebot teach` and `rolebot curate export`, through the command line, in new processes."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.curation.teaching import check_phrasing
from bot.kb import loader
from bot.kb.base import KnowledgeBase
from bot.kb.problems import KnowledgeError
from bot.kb.taught import Taught, TaughtPhrasing
from tests.postgres_servers import PgSchema

ROLEBOT = [sys.executable, "-m", "adapters.cli"]
QUESTION = "who signs off gpu spend"  # declined by the shipped knowledge
ENTRY = "who-to-ask"


def rolebot(
    tmp_path: Path, *args: str, editor: str | None = None, store: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """A new rolebot process with its own store and knowledge cache under `tmp_path` (or the
    store `store` names, in variables)."""
    env = environment(tmp_path)
    if store is not None:
        env = {k: v for k, v in env.items() if k != "ROLEBOT_DB"} | store
    if editor is not None:
        env["EDITOR"] = editor
    return subprocess.run(
        [*ROLEBOT, *args], capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path
    )


def environment(tmp_path: Path) -> dict[str, str]:
    """The environment of a rolebot process whose store and cache are under `tmp_path`."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROLEBOT_")}
    env |= {
        "ROLEBOT_DB": str(tmp_path / "rolebot.sqlite3"),
        "ROLEBOT_CACHE_DIR": str(tmp_path / "cache"),
        "HOME": str(tmp_path),
    }
    env.pop("VISUAL", None)
    return env


def asked(
    tmp_path: Path, question: str, *args: str, store: dict[str, str] | None = None
) -> dict[str, object]:
    result = rolebot(tmp_path, "ask", question, "--json", *args, store=store)
    assert result.returncode == 0, result.stderr
    reply: dict[str, object] = json.loads(result.stdout)
    return reply


def taught_rows(tmp_path: Path) -> list[tuple[object, ...]]:
    db = sqlite3.connect(tmp_path / "rolebot.sqlite3")
    try:
        return db.execute("SELECT entry, text, by FROM taught WHERE kind = 'phrasing'").fetchall()
    finally:
        db.close()


def test_a_taught_question_is_answered_by_its_entry_in_a_new_process(tmp_path: Path) -> None:
    before = asked(tmp_path, QUESTION)  # also fills the knowledge cache
    assert before["fallback"] is True and before["entry"] is None

    result = rolebot(tmp_path, "teach", QUESTION, "--entry", ENTRY)
    assert result.returncode == 0, result.stderr
    assert f"taught: '{QUESTION}' -> entry '{ENTRY}' (taught:1, by cli:" in result.stdout

    after = asked(tmp_path, QUESTION)
    assert (after["intent"], after["entry"], after["fallback"]) == ("faq", ENTRY, False)
    ((entry, phrasing, by),) = taught_rows(tmp_path)
    assert (entry, phrasing) == (ENTRY, QUESTION) and str(by).startswith("cli:")


def test_what_is_taught_in_postgresql_is_answered_by_every_new_process(
    tmp_path: Path, pg_schema: PgSchema
) -> None:
    store = {"ROLEBOT_DATABASE_URL": pg_schema.url}
    assert asked(tmp_path, QUESTION, store=store)["fallback"] is True

    result = rolebot(tmp_path, "teach", QUESTION, "--entry", ENTRY, store=store)
    assert result.returncode == 0, result.stderr
    assert "(taught:1, by cli:" in result.stdout and "in postgresql://" in result.stdout

    other = tmp_path / "another-machine"  # its own cache and home: only the database is shared
    after = asked(other, QUESTION, store=store)
    assert (after["intent"], after["entry"], after["fallback"]) == ("faq", ENTRY, False)
    assert pg_schema.rows("SELECT entry, text FROM taught") == [(ENTRY, QUESTION)]


def test_validate_covers_what_was_taught(tmp_path: Path) -> None:
    assert rolebot(tmp_path, "teach", QUESTION, "--entry", ENTRY).returncode == 0
    shipped = rolebot(tmp_path / "elsewhere", "validate")
    with_taught = rolebot(tmp_path, "validate")
    assert with_taught.returncode == 0, with_taught.stdout + with_taught.stderr
    count = int(shipped.stdout.split(" phrasings")[0].rsplit(" ", 1)[1])
    assert f" {count + 1} phrasings" in with_taught.stdout


@pytest.mark.parametrize(
    ("question", "entry", "message"),
    [
        (QUESTION, "who-to-askk", "there is no FAQ entry 'who-to-askk'; did you mean who-to-ask"),
        ("who owns deployment", ENTRY, "is answered by stage_owner 'deployment' now"),
        ("how is an ML team structured", ENTRY, "is already a phrasing of entry 'team-structure'"),
        ("   ", ENTRY, "the question has no words"),
    ],
    ids=["unknown-entry", "answered-elsewhere", "another-entrys-phrasing", "no-words"],
)
def test_a_refused_change_says_why_and_changes_nothing(
    tmp_path: Path, question: str, entry: str, message: str
) -> None:
    result = rolebot(tmp_path, "teach", question, "--entry", entry)
    assert result.returncode == 1
    assert message in result.stderr
    assert "rolebot teach: nothing was changed" in result.stderr
    assert not (tmp_path / "rolebot.sqlite3").exists() or taught_rows(tmp_path) == []


def test_force_teaches_a_question_another_answer_takes(shipped: KnowledgeBase) -> None:
    assert not check_phrasing(shipped, ENTRY, "who owns deployment").ok
    assert check_phrasing(shipped, ENTRY, "who owns deployment", force=True).ok


def test_a_taught_phrasing_for_a_missing_entry_is_a_problem_at_its_row() -> None:
    taught = Taught(
        (TaughtPhrasing(7, "gone-entry", "anything at all", "cli:x", datetime.now(UTC)),)
    )
    with pytest.raises(KnowledgeError) as raised:
        loader.load(taught=taught)
    assert [str(p) for p in raised.value.problems] == [
        "taught:7: entry: entry 'gone-entry' is unknown"
    ]


def test_export_round_trips_through_validate(tmp_path: Path) -> None:
    assert rolebot(tmp_path, "teach", QUESTION, "--entry", ENTRY).returncode == 0
    exported = rolebot(tmp_path, "curate", "export", str(tmp_path / "team"))
    assert exported.returncode == 0, exported.stderr
    assert "exported 1 phrasing and 0 new entries" in exported.stdout
    fresh = tmp_path / "fresh"  # no store: only the exported files teach it
    check = rolebot(fresh, "validate", "--strict", "--knowledge", str(tmp_path / "team"))
    assert check.returncode == 0, check.stdout + check.stderr
    reply = asked(fresh, QUESTION, "--knowledge", str(tmp_path / "team"))
    assert (reply["entry"], reply["fallback"]) == (ENTRY, False)
    # Loaded beside the store it came from, the phrasing is not added twice.
    both = rolebot(tmp_path, "validate", "--knowledge", str(tmp_path / "team"))
    assert (
        both.returncode == 0
        and both.stdout.split(" phrasings")[0] == check.stdout.split(" phrasings")[0]
    )


NEW_ENTRY = """\
faq:
  - id: gpu-budget
    title: Who signs off GPU spend?
    phrasings:
      - who signs off gpu spend
      - who approves the GPU budget
      - can I rent more GPUs for training
      - who do I ask for GPU quota
    answer: The team lead approves GPU spend over the monthly budget.
"""


def write_editor(tmp_path: Path, content: str) -> str:
    """An $EDITOR that checks it got the template, then saves `content` over it."""
    script = tmp_path / "editor.py"
    script.write_text(
        textwrap.dedent(
            f"""\
            import sys
            from pathlib import Path
            draft = Path(sys.argv[1])
            assert "{QUESTION}" in draft.read_text(), "the template starts with the question"
            draft.write_text({content!r})
            """
        ),
        encoding="utf-8",
    )
    return f"{sys.executable} {script}"


def test_new_opens_the_template_in_the_editor_and_keeps_a_sound_entry(tmp_path: Path) -> None:
    result = rolebot(tmp_path, "teach", QUESTION, "--new", editor=write_editor(tmp_path, NEW_ENTRY))
    assert result.returncode == 0, result.stderr
    assert "taught: new entry 'gpu-budget'" in result.stdout
    reply = asked(tmp_path, "who approves the GPU budget")
    assert (reply["entry"], reply["title"]) == ("gpu-budget", "Who signs off GPU spend?")
    exported = rolebot(tmp_path, "curate", "export", str(tmp_path / "team"))
    assert "exported 0 phrasings and 1 new entry" in exported.stdout
    fresh = tmp_path / "fresh"
    check = rolebot(fresh, "validate", "--knowledge", str(tmp_path / "team"))
    assert check.returncode == 0, check.stdout + check.stderr


def test_new_refuses_an_unfinished_template(tmp_path: Path) -> None:
    unfinished = NEW_ENTRY.split("      - who approves")[0] + "    answer: soon\n"
    result = rolebot(
        tmp_path, "teach", QUESTION, "--new", editor=write_editor(tmp_path, unfinished)
    )
    assert result.returncode == 1
    assert "faq.0.phrasings: List should have at least 4 items" in result.stderr
    assert "not kept; fix the draft in" in result.stderr
    assert not (tmp_path / "rolebot.sqlite3").exists()


def test_new_refuses_a_draft_over_the_knowledge_file_bound(tmp_path: Path) -> None:
    huge = NEW_ENTRY + "# padding\n" * 120_000  # 1.2 MB: over the 1 MiB every knowledge read has
    result = rolebot(tmp_path, "teach", QUESTION, "--new", editor=write_editor(tmp_path, huge))
    assert result.returncode == 1
    assert "over the limit of 1048576 for one knowledge file" in result.stderr
    assert "not kept; fix the draft in" in result.stderr
    assert not (tmp_path / "rolebot.sqlite3").exists()


def test_teach_needs_entry_or_new(tmp_path: Path) -> None:
    result = rolebot(tmp_path, "teach", QUESTION)
    assert result.returncode == 2
    assert result.stderr == "rolebot teach: give --entry ENTRY_ID or --new (one of the two)\n"
