"""Running it: settings from the environment, `rolebot slack` errors and the shipped manifest."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import yaml

from adapters.cli import main
from adapters.settings.errors import SettingsError
from adapters.settings.load import load
from adapters.settings.plan import slack_settings
from adapters.slack_app.app import COMMAND
from adapters.slack_app.manifest import manifest_text
from adapters.slack_app.settings import DEFAULT_API_URL, Mode, SlackSettings
from testkit.fake_slack import FakeSlack
from testkit.slack_harness import SlackRequests, mention, vote_click
from tests.serve.process import wait_until_ready

BOT = "xoxb-1111-2222-abcdef"
APP = "xapp-1-A111-3333-abcdef"
SIGNING = "0123456789abcdef0123456789abcdef"
CLIENT_ID = "1111111111.2222222222"


def read(environ: dict[str, str], mode: Mode) -> SlackSettings:
    """The Slack adapter's settings from `environ`, as `rolebot slack` reads them."""
    return slack_settings(load(environ), mode)


def test_socket_mode_needs_the_bot_and_app_tokens() -> None:
    settings = read({"SLACK_BOT_TOKEN": BOT, "SLACK_APP_TOKEN": APP}, Mode.SOCKET)
    assert settings == SlackSettings(BOT, Mode.SOCKET, app_token=APP, api_url=DEFAULT_API_URL)


def test_http_mode_needs_the_bot_token_and_signing_secret() -> None:
    env = {"SLACK_BOT_TOKEN": BOT, "SLACK_SIGNING_SECRET": f" {SIGNING}\n"}
    settings = read(env, Mode.HTTP)
    assert (settings.signing_secret, settings.app_token) == (SIGNING, "")


@pytest.mark.parametrize(
    ("url", "expected"),
    [("http://127.0.0.1:8080/api", "http://127.0.0.1:8080/api/"), ("https://p.example/api/", None)],
)
def test_the_api_url_can_be_overridden(url: str, expected: str | None) -> None:
    env = {"SLACK_BOT_TOKEN": BOT, "SLACK_APP_TOKEN": APP, "ROLEBOT_SLACK_API_URL": url}
    assert read(env, Mode.SOCKET).api_url == (expected or url)


@pytest.mark.parametrize(
    ("env", "mode", "named"),
    [
        ({}, Mode.SOCKET, "SLACK_BOT_TOKEN is not set"),
        ({"SLACK_BOT_TOKEN": BOT}, Mode.SOCKET, "SLACK_APP_TOKEN is not set"),
        ({"SLACK_BOT_TOKEN": BOT}, Mode.HTTP, "SLACK_SIGNING_SECRET is not set"),
        ({"SLACK_BOT_TOKEN": "xoxp-user-token-s3cr3t"}, Mode.HTTP, "SLACK_BOT_TOKEN is malformed"),
        (
            {"SLACK_BOT_TOKEN": BOT, "SLACK_APP_TOKEN": BOT},
            Mode.SOCKET,
            "SLACK_APP_TOKEN is malformed",
        ),
        (
            {"SLACK_BOT_TOKEN": BOT, "SLACK_SIGNING_SECRET": '"s3cr3t-with-quotes"'},
            Mode.HTTP,
            "SLACK_SIGNING_SECRET is malformed",
        ),
        (
            {"SLACK_BOT_TOKEN": BOT, "SLACK_APP_TOKEN": APP, "ROLEBOT_SLACK_API_URL": "slack.com"},
            Mode.SOCKET,
            "ROLEBOT_SLACK_API_URL is malformed",
        ),
    ],
    ids=["no-bot", "no-app", "no-secret", "user-token", "app-swapped", "quoted", "bad-url"],
)
def test_missing_or_malformed_settings_are_named(
    env: dict[str, str], mode: Mode, named: str
) -> None:
    with pytest.raises(SettingsError) as error:
        read(env, mode)
    assert str(error.value).startswith(named)
    assert "\n" not in str(error.value)
    assert "s3cr3t" not in str(error.value)


def test_secrets_stay_out_of_the_settings_repr() -> None:
    settings = SlackSettings(BOT, Mode.HTTP, app_token=APP, signing_secret=SIGNING)
    assert BOT not in repr(settings) and APP not in repr(settings) and SIGNING not in repr(settings)


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["slack"], {}, "rolebot slack: SLACK_BOT_TOKEN is not set"),
        (
            ["slack", "--http"],
            {"SLACK_BOT_TOKEN": BOT},
            "rolebot slack: SLACK_SIGNING_SECRET is not",
        ),
        (["slack", "manifest", "--request-url", "http://x"], {}, "rolebot slack: --request-url"),
        (
            ["slack"],
            {"SLACK_BOT_TOKEN": BOT, "SLACK_APP_TOKEN": APP, "ROLEBOT_RETENTION_DAYS": "0"},
            "rolebot slack: ROLEBOT_RETENTION_DAYS must be at least 1",
        ),
        (
            ["slack", "--http"],
            {"SLACK_CLIENT_ID": CLIENT_ID, "SLACK_SIGNING_SECRET": SIGNING},
            "rolebot slack: SLACK_CLIENT_SECRET is not set: export the app's Client Secret",
        ),
        (
            ["slack", "--http"],
            {"SLACK_CLIENT_SECRET": SIGNING, "SLACK_SIGNING_SECRET": SIGNING},
            "rolebot slack: SLACK_CLIENT_ID is not set: export the app's Client ID",
        ),
        (
            ["slack", "--http"],
            {
                "SLACK_BOT_TOKEN": BOT,
                "SLACK_CLIENT_ID": CLIENT_ID,
                "SLACK_CLIENT_SECRET": SIGNING,
                "SLACK_SIGNING_SECRET": SIGNING,
            },
            "rolebot slack: set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and "
            "SLACK_CLIENT_SECRET (installs to many), not both",
        ),
        (
            ["slack"],
            {"SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": SIGNING},
            "rolebot slack: SLACK_CLIENT_ID and SLACK_CLIENT_SECRET serve installs over HTTP",
        ),
        (
            ["slack", "--http"],
            {"SLACK_CLIENT_ID": "my-app", "SLACK_CLIENT_SECRET": SIGNING},
            "rolebot slack: SLACK_CLIENT_ID is malformed: expected the app's Client ID",
        ),
        (
            ["slack", "--http"],
            {
                "SLACK_CLIENT_ID": CLIENT_ID,
                "SLACK_CLIENT_SECRET": SIGNING,
                "SLACK_REDIRECT_URI": "http://rolebot.example.com/slack/oauth_redirect",
            },
            "rolebot slack: SLACK_REDIRECT_URI is malformed: expected an https URL",
        ),
        (["slack", "manifest", "--oauth"], {}, "rolebot slack: --oauth needs --request-url"),
    ],
    ids=[
        "socket",
        "http",
        "manifest-url",
        "store-setting",
        "installs-no-secret",
        "installs-no-id",
        "installs-and-token",
        "installs-socket-mode",
        "installs-malformed-id",
        "installs-http-redirect",
        "installs-manifest",
    ],
)
def test_rolebot_slack_explains_a_bad_setting_in_one_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    env: dict[str, str],
    message: str,
) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(message) and err.count("\n") == 1


def test_rolebot_slack_without_tokens_exits_2_without_a_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "adapters.cli", "slack", "--http"],
        capture_output=True,
        text=True,
        env={"PATH": "", "SLACK_BOT_TOKEN": "nope"},
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr == (
        "rolebot slack: SLACK_BOT_TOKEN is malformed: "
        "expected the Bot User OAuth Token (xoxb-...)\n"
    )


def _manifest(text: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def test_the_shipped_manifest_matches_what_the_app_listens_to(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["slack", "manifest"]) == 0
    printed = capsys.readouterr().out
    assert printed == manifest_text()
    manifest = _manifest(printed)
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == [COMMAND]
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {
        "app_mentions:read",
        "channels:history",
        "groups:history",
        "im:history",
        "chat:write",
        "commands",
        "channels:read",
        "groups:read",
        "users:read",
        "im:write",
    }
    settings = manifest["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "app_mention",
        "message.channels",
        "message.groups",
        "message.im",
        "member_joined_channel",
        "team_join",
        "app_home_opened",
    }
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is True
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert len(manifest["display_information"]["long_description"]) >= 175  # Slack's minimum


@pytest.mark.parametrize(
    "url", ["https://rolebot.example.com", "https://rolebot.example.com/slack/events"]
)
def test_the_http_manifest_points_everything_at_the_request_url(url: str) -> None:
    manifest = _manifest(manifest_text(url))
    events = "https://rolebot.example.com/slack/events"
    settings = manifest["settings"]
    assert settings["socket_mode_enabled"] is False
    assert settings["event_subscriptions"]["request_url"] == events
    assert settings["interactivity"]["request_url"] == events
    assert manifest["features"]["slash_commands"][0]["url"] == events


def test_rolebot_ask_does_not_import_slack() -> None:
    code = (
        "import sys, adapters.cli as c; c.main(['ask', 'who owns deployment?']); "
        "print(sorted(m for m in sys.modules if m.startswith(('slack', 'aiohttp'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.splitlines()[-1] == "[]"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def _rolebot_slack(
    fake: FakeSlack, db: Path, *args: str, **env: str
) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "adapters.cli",
        "slack",
        *args,
        env={
            "ROLEBOT_SLACK_API_URL": fake.api_url,
            "SLACK_BOT_TOKEN": BOT,
            "ROLEBOT_DB": str(db),  # the test's own store, never the user's
            "ROLEBOT_HOST": "127.0.0.1",  # health and metrics on a free loopback port
            "ROLEBOT_PORT": "0",
            **env,
        },
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


@pytest.mark.parametrize(
    ("args", "env", "method", "named"),
    [
        (["--http"], {"SLACK_SIGNING_SECRET": SIGNING}, "auth.test", "SLACK_BOT_TOKEN"),
        ([], {"SLACK_APP_TOKEN": APP}, "apps.connections.open", "SLACK_APP_TOKEN"),
    ],
    ids=["http-bot-token", "socket-app-token"],
)
async def test_a_token_slack_refuses_stops_rolebot_slack_at_once(
    fake_slack: FakeSlack,
    tmp_path: Path,
    args: list[str],
    env: dict[str, str],
    method: str,
    named: str,
) -> None:
    fake_slack.fail[method] = ["invalid_auth"]
    process = await _rolebot_slack(fake_slack, tmp_path / "rolebot.sqlite3", *args, **env)
    _, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    logs = err.decode()
    errors = [line for line in logs.splitlines() if " ERROR " in line]
    assert len(errors) == 1
    assert errors[0].endswith(f"slack: {named} was refused by Slack (invalid_auth)")
    assert "Traceback" not in logs and BOT not in logs and APP not in logs


async def test_rolebot_slack_http_serves_until_terminated(
    fake_slack: FakeSlack, tmp_path: Path
) -> None:
    port = _free_port()
    db = tmp_path / "rolebot.sqlite3"
    process = await _rolebot_slack(
        fake_slack,
        db,
        "--http",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        SLACK_SIGNING_SECRET=SIGNING,
    )
    try:
        await wait_until_ready(f"http://127.0.0.1:{port}", timeout=30)
        async with aiohttp.ClientSession() as session:
            slack = SlackRequests(session, f"http://127.0.0.1:{port}/slack/events", SIGNING)
            await slack.event(mention("who owns deployment?"))
            [answer] = await fake_slack.wait_for_posts(1)
            helpful = answer.votes[0]
            await slack.action(vote_click(helpful, fake_slack.response_url("vote")))
            await fake_slack.wait_for_posts(2)
    finally:
        process.terminate()
        _, err = await asyncio.wait_for(process.communicate(), 30)
    assert answer.headers == ["Who owns deployment?"]
    assert answer.token == BOT
    assert process.returncode == 0
    # Recorded, and written before the process exited on SIGTERM.
    with contextlib.closing(sqlite3.connect(db)) as store:
        assert store.execute("SELECT answer_id, kind FROM answers").fetchall() == [
            (helpful["value"], "answer")
        ]
        assert store.execute("SELECT verdict FROM votes").fetchall() == [("helpful",)]
    logs = err.decode()
    assert "signed in to Test as @rolebot" in logs
    assert BOT not in logs and SIGNING not in logs
