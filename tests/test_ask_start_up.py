"""What `rolebot ask` does at start-up: only the modules its answer needs; the collector back on
before answering, with what start-up made frozen out of it (until the command exits, or until
an in-process call returns); one subcommand's parser that reads and helps as the full one."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest

from adapters.cli import SUBCOMMANDS, build_parser, main

# Modules a warm `rolebot ask` with nothing taught has no use for: the YAML parser, the loader
# and the models that validate the files with pydantic (the cache holds the compiled knowledge,
# as plain records), the taught layer's types, the full settings loader, the store, and every
# platform library.
NOT_ON_THE_ASK_PATH = (
    "yaml",
    "bot.kb.loader",
    "bot.kb.models",
    "pydantic",
    "pydantic_core",
    "bot.kb.taught",
    "pydantic_settings",
    "adapters.store",
    "bot.store.sql",
    "bot.store.recorder",
    "sqlite3",
    "psycopg",
    "redis",
    "slack_bolt",
    "slack_sdk",
    "discord",
    "aiohttp",
    "prompt_toolkit",
    "adapters.slack_app",
    "adapters.discord_bot",
    "adapters.serving",
)

# Runs `main()` as the `rolebot` script does (its arguments from sys.argv), then reports.
PROBE = """
import contextlib, gc, io, json, sys
from adapters.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main()
reply = json.loads(out.getvalue())
print(json.dumps({
    "code": code,
    "entry": reply["entry"],
    "collecting": gc.isenabled(),
    "frozen": gc.get_freeze_count(),
    "modules": sorted(sys.modules),
}))
"""


def _ask(tmp_path: Path, *args: str) -> dict[str, object]:
    environ = {
        "HOME": str(tmp_path),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "PATH": "",
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "ask", *args, "--json"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


@pytest.fixture(scope="module")
def warm_ask(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A second `rolebot ask` in a fresh home: its knowledge comes from a cache (the one the
    first filled, or the one compiled at install)."""
    home = tmp_path_factory.mktemp("home")
    _ask(home, "who owns deployment?")
    return _ask(home, "who owns deployment?")


def test_a_warm_ask_answers(warm_ask: dict[str, object]) -> None:
    assert (warm_ask["code"], warm_ask["entry"]) == (0, "deployment")


@pytest.mark.parametrize("module", NOT_ON_THE_ASK_PATH, ids=NOT_ON_THE_ASK_PATH)
def test_a_warm_ask_does_not_import(module: str, warm_ask: dict[str, object]) -> None:
    modules = warm_ask["modules"]
    assert isinstance(modules, list)
    assert not [m for m in modules if m == module or m.startswith(f"{module}.")]


def test_the_collector_is_back_on_when_the_answer_is_given(warm_ask: dict[str, object]) -> None:
    assert warm_ask["collecting"] is True


def test_what_start_up_made_stays_frozen_until_the_command_exits(
    warm_ask: dict[str, object],
) -> None:
    frozen = warm_ask["frozen"]
    assert isinstance(frozen, int)
    assert frozen > 0


def test_an_in_process_ask_leaves_the_collector_as_it_was(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (gc.get_freeze_count(), gc.isenabled()) == (0, True)
    assert main(["ask", "who owns deployment?", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["entry"] == "deployment"
    assert (gc.get_freeze_count(), gc.isenabled()) == (0, True)


@pytest.mark.parametrize("command", list(SUBCOMMANDS), ids=list(SUBCOMMANDS))
def test_one_subcommands_parser_helps_as_the_full_one(
    command: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    texts = []
    for parser in (build_parser(), build_parser(command)):
        with pytest.raises(SystemExit) as done:
            parser.parse_args([command, "--help"])
        assert done.value.code == 0
        texts.append(capsys.readouterr().out)
    full, alone = texts
    assert f"usage: rolebot {command}" in alone
    assert alone == full


@pytest.mark.parametrize(
    "argv",
    [
        ["ask", "who owns deployment?", "--json", "--knowledge", "team"],
        ["chat", "--why", "--no-color"],
        ["report", "--days", "7", "--format", "csv", "--db", "x.sqlite3"],
        ["curate", "export", "out", "--top", "3"],
        ["slack", "manifest", "--request-url", "https://example.org"],
    ],
    ids=["ask", "chat", "report", "curate", "slack"],
)
def test_one_subcommands_parser_reads_as_the_full_one(argv: list[str]) -> None:
    assert build_parser(argv[0]).parse_args(argv) == build_parser().parse_args(argv)


@pytest.mark.parametrize(
    "argv",
    [["ask"], ["ask", "q", "--bogus"], ["report", "--days", "0"]],
    ids=["missing-question", "unknown-option", "bad-value"],
)
def test_one_subcommands_parser_refuses_as_the_full_one(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    errors = []
    for parser in (build_parser(), build_parser(argv[0])):
        with pytest.raises(SystemExit) as done:
            parser.parse_args(argv)
        assert done.value.code == 2
        errors.append(capsys.readouterr().err)
    full, alone = errors
    assert "error:" in alone
    assert alone == full
