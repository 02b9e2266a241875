"""The command-line contract: chat (piped), ask, --json fields, validate exit codes, --help."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from adapters.cli import build_parser, main
from tests.knowledge_builder import STAGES, write_knowledge

CONTRACT_FIELDS = {"question", "intent", "confidence", "fallback", "text", "entry", "suggestions"}
ROLEBOT = [sys.executable, "-m", "adapters.cli"]


def run(
    args: list[str], stdin: str = "", cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*ROLEBOT, *args], input=stdin, capture_output=True, text=True, cwd=cwd, timeout=60
    )


def json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_piped_chat_keeps_context_across_lines(tmp_path: Path) -> None:
    result = run(["chat", "--json"], "what does a data scientist do?\nand which tools?\n", tmp_path)
    assert result.returncode == 0, result.stderr
    first, second = json_lines(result.stdout)
    assert (first["intent"], first["entry"]) == ("role_overview", "data-scientist")
    assert (second["intent"], second["entry"]) == ("role_tools", "data-scientist")


def test_ask_dash_answers_each_line_on_its_own(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        sys, "stdin", io.StringIO("what does a data scientist do?\nand which tools?\n")
    )
    assert main(["ask", "-", "--json"]) == 0
    first, second = json_lines(capsys.readouterr().out)
    assert first["intent"] == "role_overview"
    assert second["fallback"] is True, "without shared context the follow-up is declined"


@pytest.mark.parametrize(
    "question",
    ["who owns deployment?", "ds vs mle", "what's the weather", "", "/compare ds", "help"],
    ids=["answer", "compare", "decline", "empty", "slash-text", "help-word"],
)
def test_json_has_the_contract_fields(question: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", question, "--json"]) == 0
    (reply,) = json_lines(capsys.readouterr().out)
    assert set(reply) >= CONTRACT_FIELDS
    assert 0.0 <= float(reply["confidence"]) <= 1.0  # type: ignore[arg-type]
    assert isinstance(reply["fallback"], bool)
    assert reply["text"]


def test_comparison_text_includes_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    main(["ask", "ds vs mle", "--json"])
    (reply,) = json_lines(capsys.readouterr().out)
    assert "Data scientist" in str(reply["text"]) and "| ML engineer" in str(reply["text"])


def test_console_commands_and_numbered_suggestions(tmp_path: Path) -> None:
    result = run(["chat"], "/compare ds mle\n1\n/compare ds\nquit\n", tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Data scientist vs ML engineer" in out
    assert "[1] What does a data scientist do?" in out
    assert "Turns business questions into analyses" in out, "typing 1 asks the first suggestion"
    assert "Usage: /compare <role> <role> [role]" in out


def test_console_more_continues_the_last_answer_and_why_explains_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    question = "what does a data scientist do"
    main(["ask", question, "--json"])
    (answered,) = json_lines(capsys.readouterr().out)
    score = float(str(answered["confidence"]))
    result = run(["chat"], f"{question}\nmore\nwhy?\nquit\n", tmp_path)
    assert result.returncode == 0, result.stderr
    first, rest = result.stdout.split("Data scientist (continued)", 1)
    assert "[1] More" in first and "Responsibilities:" not in first
    assert "Responsibilities:" in rest
    assert "Answer: role_overview data-scientist" in rest
    # "why?" after "more" gives the score of the answer it continues, not of the "more".
    assert score > 0.9 and f"Score: {score:.0%}" in rest


def test_validate_passes_on_shipped_knowledge_from_another_directory(tmp_path: Path) -> None:
    result = run(["validate"], cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok: 5 roles")


def test_validate_reports_file_and_line_and_exits_1(tmp_path: Path) -> None:
    team = write_knowledge(
        tmp_path / "team", stages=STAGES.replace("owners: [builder]", "owners: [x]")
    )
    result = run(["validate", str(team)])
    assert result.returncode == 1
    assert f"{team / 'stages.yaml'}:2: owners: role 'x' is unknown" in result.stdout + result.stderr


def test_team_knowledge_from_environment(tmp_path: Path) -> None:
    team = tmp_path / "team"
    team.mkdir()
    (team / "faq.yaml").write_text(
        """faq:
  - id: our-standup
    title: When is stand-up?
    phrasings: [when is standup, what time is the daily standup, standup time, daily sync time]
    answer: Every day at 9:30 in #ml-team.
""",
        encoding="utf-8",
    )
    result = subprocess.run(
        [*ROLEBOT, "ask", "what time is standup?", "--json"],
        capture_output=True,
        text=True,
        env={"ROLEBOT_KNOWLEDGE": str(team), "ROLEBOT_CACHE_DIR": "off", "PATH": ""},
        timeout=60,
    )
    reply = json.loads(result.stdout)
    assert (reply["intent"], reply["entry"]) == ("faq", "our-standup")


@pytest.mark.parametrize("command", ["chat", "ask", "validate", "eval"])
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        build_parser().parse_args([command, "--help"])
    assert done.value.code == 0
    assert f"usage: rolebot {command}" in capsys.readouterr().out


def test_a_closed_pipe_is_not_a_traceback(tmp_path: Path) -> None:
    questions = "who owns deployment?\n" * 2000
    with subprocess.Popen(
        [*ROLEBOT, "ask", "-", "--json"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    ) as process:
        assert process.stdin and process.stdout and process.stderr
        process.stdin.write(questions.encode())
        process.stdin.close()
        process.stdout.readline()
        process.stdout.close()  # the reader goes away, like `| head -1`
        stderr = process.stderr.read().decode()
        process.wait(timeout=60)
    assert "Traceback" not in stderr
    assert process.returncode in (0, 141)


def test_one_shot_ask_gives_the_whole_answer_with_no_more_button(tmp_path: Path) -> None:
    result = run(["ask", "what does a data scientist do", "--json"], "", tmp_path)
    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout)
    assert "Responsibilities:" in reply["text"] and "Contributes to:" in reply["text"]
    assert "More" not in reply["suggestions"]
