"""Installs to many workspaces, end to end: two `rolebot serve` replicas sharing one database
(the store file, or PostgreSQL), Slack's OAuth flow through them against the fake Slack, each
workspace answered with its own bot token, and an uninstall (or a revoked token) taking a
workspace's token away."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest
import yaml

from adapters.settings.errors import SettingsError
from adapters.settings.load import load
from adapters.settings.plan import plan_adapters, slack_settings
from adapters.slack_app.adapter import SlackAdapter
from adapters.slack_app.manifest import bot_scopes, manifest_text
from adapters.slack_app.settings import InstallSettings, Mode, SlackSettings
from bot import Bot
from bot.store.settings import RecordingSettings
from testkit.fake_slack import BOT_USER, Call, Workspace
from testkit.slack_harness import (
    SlackRequests,
    app_uninstalled,
    in_workspace,
    mention,
    new_ts,
    tokens_revoked,
)
from tests.postgres_servers import PgSchema
from tests.serve.conftest import SlowSlack
from tests.serve.process import Serving, serve_environment, serving

CLIENT_ID = "1111111111.2222222222"
CLIENT_SECRET = "abcdef0123456789abcdef0123456789"
COOKIE = "slack-app-oauth-state"  # Bolt's state cookie
REINSTALL = "Please reinstall this app into your workspace"  # Bolt's answer without a token
ACME = Workspace("T111", "Acme", "xoxb-1111-acme-token", enterprise_id="E111")
BETA = Workspace("T222", "Beta", "xoxb-2222-beta-token", bot_user_id="W999", bot_id="B222")


@pytest.fixture
def oauth_slack(fake_slack: SlowSlack) -> SlowSlack:
    """The fake Slack knowing the app's credentials, with two workspaces ready to approve it."""
    fake_slack.client_id, fake_slack.client_secret = CLIENT_ID, CLIENT_SECRET
    fake_slack.installs.update({"code-acme": ACME, "code-beta": BETA})
    return fake_slack


def installs_environment(home: Path, fake: SlowSlack) -> dict[str, str]:
    """HTTP mode with the app's client id and secret instead of a bot token."""
    env = serve_environment(home, fake, SLACK_CLIENT_ID=CLIENT_ID)
    del env["SLACK_BOT_TOKEN"]
    return env | {"SLACK_CLIENT_SECRET": CLIENT_SECRET}


@dataclass(frozen=True)
class Database:
    """Where the replicas keep installs: the settings that say so, and a look inside."""

    settings: dict[str, str]
    rows: Callable[[str], list[tuple[Any, ...]]]


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Database:
    """The store file the environment names, or a schema on the real local PostgreSQL."""
    if request.param == "postgres":
        schema: PgSchema = request.getfixturevalue("pg_schema")
        return Database({"ROLEBOT_DATABASE_URL": schema.url}, schema.rows)

    def rows(query: str) -> list[tuple[Any, ...]]:
        with sqlite3.connect(tmp_path / "rolebot.sqlite3") as db:
            return db.execute(query).fetchall()

    return Database({}, rows)


@pytest.fixture
async def replicas(
    oauth_slack: SlowSlack, tmp_path: Path, database: Database
) -> AsyncIterator[list[Serving]]:
    """Two replicas of rolebot behind one public URL: one database, one fake Slack."""
    env = installs_environment(tmp_path, oauth_slack)
    if database.settings:
        del env["ROLEBOT_DB"]  # one store or the other, never both
    env |= database.settings
    async with serving(env) as first, serving(env) as second:
        yield [first, second]
        assert await first.stop() == 0 and await second.stop() == 0


async def begin(session: aiohttp.ClientSession, server: Serving) -> tuple[str, str]:
    """GET /slack/install as a browser: the Slack page it is sent to, and its state cookie."""
    async with session.get(f"{server.url}/slack/install", allow_redirects=False) as response:
        assert response.status == 302
        cookie = SimpleCookie(response.headers["Set-Cookie"])[COOKIE]
        return response.headers["Location"], cookie.value


async def finish(
    session: aiohttp.ClientSession, server: Serving, code: str, state: str, cookie: str | None
) -> tuple[int, str]:
    """The browser back from Slack at /slack/oauth_redirect with `code` and `state`."""
    headers = {"Cookie": f"{COOKIE}={cookie}"} if cookie is not None else {}
    url = f"{server.url}/slack/oauth_redirect"
    params = {"code": code, "state": state}
    async with session.get(url, params=params, headers=headers, allow_redirects=False) as got:
        return got.status, await got.text()


async def install(
    session: aiohttp.ClientSession, start_on: Serving, finish_on: Serving, code: str
) -> None:
    """A whole install: begun through one replica, finished through (maybe) another."""
    _, state = await begin(session, start_on)
    status, page = await finish(session, finish_on, code, state, cookie=state)
    assert status == 200, page


def answers(fake: SlowSlack) -> list[Call]:
    """The answers posted in channels, in order."""
    return [c for c in fake.calls if c.method == "chat.postMessage"]


async def ask(slack: SlackRequests, workspace: Workspace, question: str) -> tuple[str, str]:
    """A mention of rolebot in a channel of `workspace`: the message's ts (the thread rolebot
    answers in) and what rolebot said back to Slack's request."""
    ts = new_ts()
    event = in_workspace(mention(question, ts=ts), workspace.team_id, workspace.enterprise_id)
    status, body = await slack.event(event)
    assert status == 200
    return ts, body


async def test_install_redirects_to_slack_with_the_manifest_scopes_and_a_state(
    replicas: list[Serving],
) -> None:
    async with aiohttp.ClientSession() as session:
        location, state = await begin(session, replicas[0])
    page = urlsplit(location)
    assert f"{page.scheme}://{page.netloc}{page.path}" == "https://slack.com/oauth/v2/authorize"
    query = parse_qs(page.query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["scope"] == [",".join(bot_scopes())]
    assert query["state"] == [state] and len(state) >= 40


async def test_two_workspaces_each_answered_with_their_own_token_until_uninstalled(
    replicas: list[Serving], oauth_slack: SlowSlack, database: Database
) -> None:
    a, b = replicas
    async with aiohttp.ClientSession() as session:
        await install(session, a, b, "code-acme")  # the state is shared through the store
        await install(session, b, a, "code-beta")
        exchanged = [c for c in oauth_slack.calls if c.method == "oauth.v2.access"]
        assert [(c.args["code"], c.args["client_id"]) for c in exchanged] == [
            ("code-acme", CLIENT_ID),
            ("code-beta", CLIENT_ID),
        ]
        assert {c.args["client_secret"] for c in exchanged} == {CLIENT_SECRET}

        acme, _ = await ask(a.slack(session), ACME, "who owns deployment?")
        beta, _ = await ask(b.slack(session), BETA, "who owns monitoring?")
        posted = await oauth_slack.wait_for_posts(2)
        tokens = {c.args["thread_ts"]: c.token for c in posted}
        assert tokens == {acme: ACME.bot_token, beta: BETA.bot_token}

        # Beta removes rolebot (Slack tells one replica): neither replica answers Beta now.
        # Bolt turns such a request away before any listener runs, saying why in its answer.
        assert (await a.slack(session).event(in_workspace(app_uninstalled(), "T222")))[0] == 200
        await a.wait_for_log("removed the bot token of T222")  # after the ack, as Bolt runs it
        for replica in (a, b):
            _, refused = await ask(replica.slack(session), BETA, "who owns deployment?")
            assert REINSTALL in refused
        still, _ = await ask(b.slack(session), ACME, "who owns monitoring?")
        posted = await oauth_slack.wait_for_posts(3)
        assert (posted[-1].args["thread_ts"], posted[-1].token) == (still, ACME.bot_token)

        # Acme's bot token is revoked: Acme is forgotten too.
        assert (await b.slack(session).event(tokens_revoked(BOT_USER)))[0] == 200
        await b.wait_for_log("removed the bot token of T111")
        _, refused = await ask(a.slack(session), ACME, "who owns deployment?")
        assert REINSTALL in refused
    assert len(answers(oauth_slack)) == 3
    logged = a.log + b.log
    assert "installed in T111 (Acme)" in logged and "installed in T222 (Beta)" in logged
    for secret in (CLIENT_SECRET, ACME.bot_token, BETA.bot_token):
        assert secret not in logged
    assert database.rows("SELECT team_id FROM slack_bots") == []


async def test_a_state_works_once_and_only_from_the_browser_it_was_given_to(
    replicas: list[Serving], oauth_slack: SlowSlack
) -> None:
    a, b = replicas
    async with aiohttp.ClientSession() as session:
        _, state = await begin(session, a)
        assert (await finish(session, b, "code-acme", state, cookie=None))[0] == 400
        assert (await finish(session, b, "code-acme", state, cookie=state))[0] == 200
        assert (await finish(session, a, "code-beta", state, cookie=state))[0] == 401
        _, forged = await begin(session, a)
        assert (await finish(session, a, "code-beta", "made-up", cookie="made-up"))[0] == 401
        assert (await finish(session, a, "code-unknown", forged, cookie=forged))[0] == 401
    assert [c.args["code"] for c in oauth_slack.calls if c.method == "oauth.v2.access"] == [
        "code-acme",
        "code-unknown",
    ]


def test_installs_are_kept_in_the_configured_database(tmp_path: Path) -> None:
    environ = {
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "SLACK_SIGNING_SECRET": CLIENT_SECRET,
        "ROLEBOT_DB": str(tmp_path / "rolebot.sqlite3"),
    }
    settings = slack_settings(load(environ))
    assert settings.mode is Mode.HTTP and settings.bot_token == ""
    assert settings.installs is not None
    assert settings.installs.client_id == CLIENT_ID
    assert settings.installs.store.path == tmp_path / "rolebot.sqlite3"
    assert CLIENT_SECRET not in repr(settings)
    described = plan_adapters(load(environ)).describe()
    assert described == "slack (http mode, installs to many workspaces)"


def _manifest(text: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def test_the_install_manifest_adds_the_redirect_url_to_the_http_one() -> None:
    url = "https://rolebot.example.com"
    text = manifest_text(url, installs=True)
    manifest, http = _manifest(text), _manifest(manifest_text(url))
    assert manifest["oauth_config"].pop("redirect_urls") == [f"{url}/slack/oauth_redirect"]
    assert manifest == http
    assert "Activate Public Distribution" in text
    assert f"{url}/slack/install" in text


def test_a_database_that_cannot_keep_installs_stops_the_adapter_in_one_line(
    core: Bot, tmp_path: Path
) -> None:
    store = tmp_path / "rolebot.sqlite3"
    store.write_bytes(b"not a database, but a file someone left here" * 100)
    installs = InstallSettings(CLIENT_ID, CLIENT_SECRET, RecordingSettings(store))
    settings = SlackSettings("", Mode.HTTP, signing_secret=CLIENT_SECRET, installs=installs)
    with pytest.raises(SettingsError, match=rf"^slack: cannot keep installs: {store}: file is not"):
        SlackAdapter(core, settings)
