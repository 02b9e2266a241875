"""Settings in one place: environment over file, every setting documented, secrets masked."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from adapters.cli import main
from adapters.settings.check import MASK, check, markdown_table
from adapters.settings.errors import SettingsError
from adapters.settings.load import BY_KEY, DECLARED, ENVIRONMENT, load
from adapters.settings.names import CURATORS_ENV
from adapters.settings.plan import NO_ADAPTER, plan_adapters
from adapters.settings.sections import (
    CurationSettings,
    LoggingSettings,
    ServingSettings,
    SlackSection,
)
from adapters.slack_app.settings import Mode

README = Path(__file__).resolve().parents[2] / "README.md"
BOT_TOKEN = "xoxb-1111-2222-abcdefghijklmnop"
APP_TOKEN = "xapp-1-A111-3333-qrstuvwxyz"
SIGNING_SECRET = "0123456789abcdef0123456789abcdef"
DISCORD_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.abcdefghijklmnopqrstuvwxyz0123456"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_the_readme_table_lists_every_setting_as_defined() -> None:
    assert markdown_table() in README.read_text(encoding="utf-8")


def test_every_setting_has_a_unique_name_and_file_key() -> None:
    assert len({s.name for s in DECLARED}) == len(DECLARED)
    assert len(BY_KEY) == sum(s.in_file for s in DECLARED)


def test_the_environment_wins_over_the_file(tmp_path: Path) -> None:
    file = write(tmp_path / "rolebot.toml", 'port = 8080\nhost = "127.0.0.1"\n')
    cfg = load({"ROLEBOT_PORT": "9090"}, str(file))
    assert cfg.problems == ()
    serving = cfg.section(ServingSettings)
    assert (serving.port, serving.host) == (9090, "127.0.0.1")
    assert cfg.origins == {"ROLEBOT_PORT": ENVIRONMENT, "ROLEBOT_HOST": str(file)}


def test_the_file_can_come_from_rolebot_config(tmp_path: Path) -> None:
    file = write(tmp_path / "rolebot.toml", "watch = true\nwatch_interval = 0.5\n")
    cfg = load({"ROLEBOT_CONFIG": str(file)})
    settings = cfg.section(ServingSettings)
    assert (settings.watch, settings.watch_interval) == (True, 0.5)


def test_paths_in_the_file_are_relative_to_it(tmp_path: Path) -> None:
    folder = tmp_path / "conf"
    folder.mkdir()
    file = write(
        folder / "rolebot.toml",
        'knowledge = ["team", "/abs/other"]\ndb = "state/rolebot.sqlite3"\ncache_dir = "off"\n',
    )
    (folder / "state").mkdir()
    cfg = load({}, str(file))
    assert cfg.knowledge_dirs() == [folder / "team", Path("/abs/other")]
    assert cfg.recording().path == folder / "state" / "rolebot.sqlite3"
    assert cfg.cache_dir() is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("prot = 1\n", "unknown setting 'prot' (did you mean 'port'?)"),
        ("port = [1]\n", "port has a value of the wrong type ([1])"),
        ("knowledge = [1]\n", "knowledge has a value of the wrong type ([1])"),
        ("config = 'x'\n", "unknown setting 'config'"),
        ("port = \n", "not valid TOML"),
    ],
    ids=["typo", "list-for-number", "list-of-numbers", "config-in-config", "syntax"],
)
def test_file_problems_name_the_file_and_key(tmp_path: Path, text: str, problem: str) -> None:
    file = write(tmp_path / "rolebot.toml", text)
    [found] = load({}, str(file)).problems
    assert found.startswith(f"{file}: {problem}")


def test_a_missing_file_is_a_problem(tmp_path: Path) -> None:
    [found] = load({}, str(tmp_path / "nope.toml")).problems
    assert "cannot read the config file" in found


@pytest.mark.parametrize(
    ("env", "described"),
    [
        ({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": APP_TOKEN}, "slack (socket mode)"),
        (
            {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET},
            "slack (http mode)",
        ),
        ({"DISCORD_TOKEN": DISCORD_TOKEN}, "discord"),
        (
            {
                "SLACK_BOT_TOKEN": BOT_TOKEN,
                "SLACK_APP_TOKEN": APP_TOKEN,
                "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "ROLEBOT_SLACK_MODE": "http",
                "DISCORD_TOKEN": DISCORD_TOKEN,
            },
            "slack (http mode), discord",
        ),
        ({}, "none"),
    ],
    ids=["slack-socket", "slack-http", "discord", "both-http-chosen", "none"],
)
def test_every_adapter_with_settings_is_planned(env: dict[str, str], described: str) -> None:
    assert plan_adapters(load(env)).describe() == described


def test_auto_mode_prefers_socket_mode_when_an_app_token_is_set() -> None:
    both = {"SLACK_APP_TOKEN": APP_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET}
    assert load(both).section(SlackSection).resolved_mode() is Mode.SOCKET
    http = load({"SLACK_SIGNING_SECRET": SIGNING_SECRET})
    assert http.section(SlackSection).resolved_mode() is Mode.HTTP


def test_an_incomplete_adapter_names_the_missing_variable() -> None:
    with pytest.raises(SettingsError, match="SLACK_BOT_TOKEN is not set"):
        plan_adapters(load({"SLACK_APP_TOKEN": APP_TOKEN}))


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ROLEBOT_PORT": "70000"}, "ROLEBOT_PORT must be between 0 and 65535, not 70000"),
        ({"ROLEBOT_LOG_FORMAT": "xml"}, "ROLEBOT_LOG_FORMAT must be one of json, text, not 'xml'"),
        ({"ROLEBOT_LOG_LEVEL": "loud"}, "ROLEBOT_LOG_LEVEL must be one of debug, error, info,"),
        ({"ROLEBOT_WATCH_INTERVAL": "0"}, "ROLEBOT_WATCH_INTERVAL must be above 0, not 0.0"),
        ({"ROLEBOT_SHUTDOWN_GRACE": "-1"}, "ROLEBOT_SHUTDOWN_GRACE must be at least 0, not -1.0"),
        ({"ROLEBOT_WATCH": "maybe"}, "ROLEBOT_WATCH must be true or false, not 'maybe'"),
    ],
    ids=["port", "log-format", "log-level", "interval", "grace", "watch"],
)
def test_serve_settings_errors_name_the_variable(env: dict[str, str], message: str) -> None:
    cfg = load(env)
    [problem] = (*cfg.problems_of(ServingSettings), *cfg.problems_of(LoggingSettings))
    assert problem.startswith(message)


def test_config_check_masks_secrets_and_says_where_each_value_came_from(tmp_path: Path) -> None:
    file = write(tmp_path / "rolebot.toml", f'discord_token = "{DISCORD_TOKEN}"\nport = 8080\n')
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_APP_TOKEN": APP_TOKEN,
        "ROLEBOT_DB": str(tmp_path / "db.sqlite3"),
    }
    out = io.StringIO()
    assert check(load(env, str(file)), [], out) == 0
    text = out.getvalue()
    for secret in (BOT_TOKEN, APP_TOKEN, DISCORD_TOKEN):
        assert secret not in text
    lines = {line.split()[0]: line for line in text.splitlines() if line.startswith("  ")}
    assert lines["SLACK_BOT_TOKEN"].split()[1:] == [MASK, "[environment]"]
    assert lines["DISCORD_TOKEN"].split()[1:] == [MASK, f"[{file}]"]
    assert lines["ROLEBOT_PORT"].split()[1:] == ["8080", f"[{file}]"]
    assert lines["ROLEBOT_LOG_FORMAT"].split()[1:] == ["text", "[default]"]
    assert "adapters: slack (socket mode), discord" in text
    assert text.endswith("no problems found\n")


def test_config_check_lists_every_problem_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    team = tmp_path / "team"
    team.mkdir()
    write(team / "faq.yaml", "faq:\n  - id: x\n")
    file = write(tmp_path / "rolebot.toml", "prot = 1\n")
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "DISCORD_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLACK_APP_TOKEN", APP_TOKEN)
    monkeypatch.setenv("ROLEBOT_RETENTION_DAYS", "0")
    monkeypatch.setenv("ROLEBOT_PORT", "http")
    monkeypatch.setenv("ROLEBOT_KNOWLEDGE", str(team))
    assert main(["config", "check", "--config", str(file)]) == 1
    out = capsys.readouterr().out
    problems = out[out.index("problem(s):") :].splitlines()[1:]
    assert problems[:4] == [
        f"  {file}: unknown setting 'prot' (did you mean 'port'?)",
        "  ROLEBOT_RETENTION_DAYS must be at least 1 (days), not 0",
        "  ROLEBOT_PORT must be a number, not 'http'",
        "  SLACK_BOT_TOKEN is not set: export the Bot User OAuth Token (xoxb-...)",
    ]
    assert problems[4].startswith(f"  {team / 'faq.yaml'}:2: ")
    assert APP_TOKEN not in out


def test_config_check_reports_every_bad_setting_not_the_first_of_each_group(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    bad = {
        "ROLEBOT_RETENTION_DAYS": "0",
        "ROLEBOT_KEEP_USER_IDS": "perhaps",
        "ROLEBOT_PORT": "http",
        "ROLEBOT_LOG_LEVEL": "loud",
        "SLACK_BOT_TOKEN": "xoxp-a-user-token",
        "DISCORD_TOKEN": "a-token",
        "ROLEBOT_DISCORD_WELCOME": "maybe",
    }
    for name, value in bad.items():
        monkeypatch.setenv(name, value)
    assert main(["config", "check"]) == 1
    out = capsys.readouterr().out
    problems = out[out.index("problem(s):") :].splitlines()[1:]
    assert [p.split()[0] for p in problems] == [
        "ROLEBOT_RETENTION_DAYS",
        "ROLEBOT_KEEP_USER_IDS",
        "ROLEBOT_PORT",
        "ROLEBOT_LOG_LEVEL",
        "SLACK_BOT_TOKEN",
        "ROLEBOT_DISCORD_WELCOME",
    ]


def test_config_check_says_no_adapter_is_configured_beside_other_problems(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "DISCORD_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ROLEBOT_PORT", "http")
    assert main(["config", "check"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[-2:] == [
        "  ROLEBOT_PORT must be a number, not 'http'",
        "  rolebot serve would refuse to start: " + NO_ADAPTER,
    ]


def test_other_commands_refuse_an_unreadable_config_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = write(tmp_path / "rolebot.toml", "prot = 1\n")
    assert main(["ask", "--config", str(file), "who owns deployment?"]) == 2
    assert (
        capsys.readouterr().err
        == f"rolebot: {file}: unknown setting 'prot' (did you mean 'port'?)\n"
    )


def test_serve_refuses_in_one_line_naming_the_variables(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for setting in DECLARED:
        monkeypatch.delenv(setting.name, raising=False)
    assert main(["serve"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"rolebot serve: {NO_ADAPTER}\n"
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "DISCORD_TOKEN"):
        assert name in err


@pytest.mark.parametrize(
    ("value", "curators"),
    [
        ("slack:U0123ABCD", {"slack:U0123ABCD"}),
        (
            " slack:W0123ABCD , discord:80351110224678912 ,",
            {"slack:W0123ABCD", "discord:80351110224678912"},
        ),
        ("", set()),
    ],
    ids=["one", "several-spaced", "none"],
)
def test_curators_are_platform_qualified_user_ids(value: str, curators: set[str]) -> None:
    cfg = load({CURATORS_ENV: value})
    assert cfg.section(CurationSettings).curators == curators


@pytest.mark.parametrize(
    ("value", "culprit"),
    [
        ("U0123ABCD", "U0123ABCD"),
        ("slack:U0123ABCD,discord:me", "discord:me"),
        ("teams:U0123ABCD", "teams:U0123ABCD"),
        ("slack:u0123abcd", "slack:u0123abcd"),
    ],
    ids=["no-platform", "discord-name", "other-platform", "lower-case-slack"],
)
def test_serve_refuses_malformed_curators_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], value: str, culprit: str
) -> None:
    for setting in DECLARED:
        monkeypatch.delenv(setting.name, raising=False)
    monkeypatch.setenv("DISCORD_TOKEN", DISCORD_TOKEN)
    monkeypatch.setenv(CURATORS_ENV, value)
    assert main(["serve"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"rolebot serve: {CURATORS_ENV} is malformed: expected platform-qualified user ids such "
        "as slack:U0123ABCD or discord:123456789012345678, separated by commas, "
        f"not {culprit!r}\n"
    )
