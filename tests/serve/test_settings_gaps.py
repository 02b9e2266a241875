"""`rolebot config check` passes exactly when the command would start: each setting it refuses
is the same one line at the command that uses it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from adapters.cli import main
from adapters.settings.load import DECLARED

BOT_TOKEN = "xoxb-1111-2222-abcdefghijklmnop"
SIGNING_SECRET = "0123456789abcdef0123456789abcdef"


@dataclass(frozen=True, slots=True)
class Gap:
    """A setting that used to pass one command and fail another."""

    name: str
    environ: dict[str, str]
    problem: str  # as `config check` lists it
    commands: tuple[tuple[str, ...], ...]  # each refuses with exactly `problem`
    exit_code: int = 2  # settings refuse with 2; knowledge with 1, as `validate` does


def gaps(tmp_path: Path) -> list[Gap]:
    missing = tmp_path / "no-such-folder"
    return [
        Gap(
            "knowledge-missing",
            {"ROLEBOT_KNOWLEDGE": str(missing)},
            f"{missing}:1: not a knowledge directory",
            (("ask", "who owns deployment?"), ("serve",)),
            exit_code=1,
        ),
        Gap(
            "slack-mode",
            {"ROLEBOT_SLACK_MODE": "carrier-pigeon"},
            "ROLEBOT_SLACK_MODE must be one of auto, http, socket, not 'carrier-pigeon'",
            (("slack", "--http"), ("serve",)),
        ),
        Gap(
            "watch-interval-inf",
            {"ROLEBOT_WATCH_INTERVAL": "inf"},
            "ROLEBOT_WATCH_INTERVAL must be a finite number, not 'inf'",
            (("serve",), ("slack", "--http")),
        ),
        Gap(
            "db-is-a-folder",
            {"ROLEBOT_DB": str(tmp_path)},
            f"ROLEBOT_DB is a folder, not a database file: {tmp_path}",
            (("serve",), ("report",)),
        ),
        Gap(
            "db-folder-missing",
            {"ROLEBOT_DB": str(missing / "rolebot.sqlite3")},
            f"ROLEBOT_DB is in a folder that does not exist: {missing}",
            (("serve",), ("report",)),
        ),
    ]


GAP_NAMES = [gap.name for gap in gaps(Path("/"))]


@pytest.fixture
def valid(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An environment `rolebot serve` starts with: Slack in HTTP mode. Its Web API is a closed
    port, so a server that wrongly starts stops at once instead of serving."""
    for declared in DECLARED:
        monkeypatch.delenv(declared.name, raising=False)
    settings = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "ROLEBOT_SLACK_API_URL": "http://127.0.0.1:9/api/",
        "ROLEBOT_PORT": "0",
        "ROLEBOT_CACHE_DIR": "off",
        "ROLEBOT_DB": str(tmp_path / "rolebot.sqlite3"),
    }
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    return tmp_path


def problems_listed(out: str) -> list[str]:
    return [line.strip() for line in out[out.index("problem(s):") :].splitlines()[1:]]


def test_the_valid_environment_passes_config_check(
    valid: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config", "check"]) == 0
    assert capsys.readouterr().out.endswith("no problems found\n")


@pytest.fixture(params=GAP_NAMES)
def gap(valid: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Gap:
    """The valid environment with one gap's setting added."""
    [found] = [gap for gap in gaps(valid) if gap.name == request.param]
    for variable, value in found.environ.items():
        monkeypatch.setenv(variable, value)
    return found


def test_config_check_lists_the_problem(gap: Gap, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "check"]) == 1
    assert problems_listed(capsys.readouterr().out) == [gap.problem]


def test_each_command_refuses_in_the_same_one_line(
    gap: Gap, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in gap.commands:
        assert main(list(command)) == gap.exit_code, command
        out, err = capsys.readouterr()
        prefix = f"rolebot {command[0]}: " if gap.exit_code == 2 else ""
        assert (out, err) == ("", f"{prefix}{gap.problem}\n"), command


def test_an_undecodable_config_file_is_one_line_naming_it(
    valid: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = valid / "rolebot.toml"
    file.write_bytes(b"port = 1\n\xff\xfe\x00binary")
    problem = f"{file}: cannot read the config file (not UTF-8 text)"
    assert main(["config", "check", "--config", str(file)]) == 1
    assert problems_listed(capsys.readouterr().out) == [problem]
    assert main(["ask", "--config", str(file), "who owns deployment?"]) == 2
    assert capsys.readouterr() == ("", f"rolebot: {problem}\n")
