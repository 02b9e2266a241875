"""`rolebot discord`: the token check, the sharding setting, sync, and a lazy import."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import discord
import pytest

from adapters import cli
from adapters.serving import command
from adapters.settings.load import Configuration
from adapters.settings.plan import Plan
from tests.discord.fake_discord import FakeDiscord
from tests.discord.payloads import BOT_ID, GUILD_ID

# The README gives the same link; the permissions are View Channels, Send Messages, Send
# Messages in Threads, Embed Links and Read Message History.
INVITE = (
    f"https://discord.com/oauth2/authorize?client_id={BOT_ID}"
    "&scope=bot+applications.commands&permissions=274877991936"
)


@pytest.mark.parametrize("token", [None, "", "   "], ids=["unset", "empty", "blank"])
def test_a_missing_token_is_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], token: str | None
) -> None:
    if token is None:
        monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    else:
        monkeypatch.setenv("DISCORD_TOKEN", token)
    assert cli.main(["discord"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and "DISCORD_TOKEN" in err


@pytest.mark.parametrize(("value", "sharded"), [("1", True), ("true", True), ("", False)])
def test_rolebot_discord_serves_discord_alone_with_the_sharding_setting(
    monkeypatch: pytest.MonkeyPatch, value: str, sharded: bool
) -> None:
    planned: list[Plan | None] = []

    def serve(
        cfg: Configuration,
        knowledge_dirs: Sequence[Path],
        *,
        watch: bool = False,
        plan: Plan | None = None,
        host: str | None = None,
        port: int | None = None,
    ) -> int:
        planned.append(plan)
        return 0

    monkeypatch.setattr(command, "serve", serve)
    monkeypatch.setenv("DISCORD_TOKEN", "a-token")
    monkeypatch.setenv("ROLEBOT_DISCORD_SHARDED", value)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1-2-abc")  # `rolebot serve` would start Slack
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-A1-2-abc")
    assert cli.main(["discord"]) == 0
    [plan] = planned
    assert plan is not None and plan.slack is None and plan.discord is not None
    assert (plan.discord.token, plan.discord.settings.sharded) == ("a-token", sharded)


def test_a_bad_store_setting_is_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "a-token")
    monkeypatch.setenv("ROLEBOT_KEEP_USER_IDS", "perhaps")
    assert cli.main(["discord"]) == 2
    assert capsys.readouterr().err == (
        "rolebot discord: ROLEBOT_KEEP_USER_IDS must be true or false, not 'perhaps'\n"
    )


def test_sync_for_one_server_without_the_network(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake = FakeDiscord()
    monkeypatch.setattr(discord.http.HTTPClient, "request", fake.request)
    monkeypatch.setenv("DISCORD_TOKEN", "a-secret-token")
    with caplog.at_level(logging.DEBUG):
        assert cli.main(["discord", "sync", "--guild", GUILD_ID]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"registered for server {GUILD_ID}: /roles ask, /roles compare, /roles role, "
        "/roles stage, /roles tour, /roles onboard, /roles help, /roles curate",
        f"to add rolebot to a server, open {INVITE}",
    ]
    assert "a-secret-token" not in caplog.text + out + err


def test_a_rejected_token_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = FakeDiscord(fail_next=[401])
    monkeypatch.setattr(discord.http.HTTPClient, "request", fake.request)
    monkeypatch.setenv("DISCORD_TOKEN", "a-wrong-token")
    assert cli.main(["discord", "sync"]) == 1
    assert capsys.readouterr().err == "rolebot discord: Discord rejected the bot token\n"


def test_other_commands_do_not_import_discord() -> None:
    code = (
        "import sys; from adapters.cli import main; main(['ask', 'who owns deployment?']); "
        "assert 'discord' not in sys.modules, 'discord was imported'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_help_describes_the_discord_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["discord", "--help"])
    out = capsys.readouterr().out
    assert "{sync}" in out and "--guild ID" in out
