"""The real Bolt app served over HTTP on loopback, talking to a fake Slack on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from typing import Protocol

import aiohttp
import pytest
from aiohttp import web

from adapters.claims import ClaimsFactory, LocalClaims
from adapters.curating.desk import CurationDesk
from adapters.slack_app.app import build_app
from adapters.slack_app.server import EVENTS_PATH, events_route
from adapters.slack_app.settings import Mode, SlackSettings
from bot import Bot
from testkit.fake_slack import FakeSlack
from testkit.slack_harness import SECRET, SlackRequests
from tests.recording import Recording

BOT_TOKEN = "xoxb-0000-test-token"


async def _serve(application: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(application)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    return runner, f"http://127.0.0.1:{port}"


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    """Slack's Web API and response_urls, recording every call."""
    fake = FakeSlack()
    runner, fake.url = await _serve(fake.application())
    yield fake
    fake.release()
    await runner.cleanup()


class Connect(Protocol):
    """Starts rolebot on a bot (optionally welcoming, optionally keeping its claims elsewhere,
    as replicas sharing Redis do, optionally with a curation desk); returns Slack's side of it."""

    def __call__(
        self,
        bot: Bot,
        *,
        welcome_channels: frozenset[str] = frozenset(),
        welcome_workspace: bool = False,
        claims: ClaimsFactory = LocalClaims,
        desk: CurationDesk | None = None,
    ) -> Awaitable[SlackRequests]: ...


@pytest.fixture
async def connect(fake_slack: FakeSlack, recording: Recording) -> AsyncIterator[Connect]:
    """Starts rolebot's HTTP server for a bot, recording as `rolebot slack` does; returns
    Slack's side, ready to send requests."""
    runners: list[web.AppRunner] = []
    session = aiohttp.ClientSession()

    async def start(
        bot: Bot,
        *,
        welcome_channels: frozenset[str] = frozenset(),
        welcome_workspace: bool = False,
        claims: ClaimsFactory = LocalClaims,
        desk: CurationDesk | None = None,
    ) -> SlackRequests:
        settings = SlackSettings(
            BOT_TOKEN,
            Mode.HTTP,
            signing_secret=SECRET,
            api_url=fake_slack.api_url,
            welcome_channels=welcome_channels,
            welcome_workspace=welcome_workspace,
        )
        app = build_app(recording.attach(bot), settings, claims=claims, desk=desk)
        application = web.Application()
        application.add_routes([events_route(app, SECRET)])
        runner, url = await _serve(application)
        runners.append(runner)
        return SlackRequests(session, url + EVENTS_PATH)

    yield start
    await session.close()
    for runner in runners:
        await runner.cleanup()


@pytest.fixture
async def slack(connect: Connect, core: Bot) -> SlackRequests:
    """Slack's side of a rolebot running on the shipped knowledge."""
    return await connect(core)
