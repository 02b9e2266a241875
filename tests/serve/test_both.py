"""Slack and Discord in one process: both connected before /healthz says ready, both answer,
and both close on stop. Discord's gateway is a fake WebSocket server on loopback; its HTTP API
is the Discord tests' recording fake."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import discord
import pytest
import yarl
from aiohttp import WSMsgType, web
from discord.gateway import DiscordWebSocket

from adapters.serving.command import adapters_for
from adapters.serving.metrics import Metrics
from adapters.serving.reload import Reloader
from adapters.serving.runtime import Server
from adapters.settings.load import load
from adapters.settings.plan import plan_adapters
from adapters.settings.sections import ServingSettings
from adapters.store import Storage
from bot import Bot
from bot.kb.compiled import load_compiled
from bot.store.settings import RecordingSettings
from testkit.slack_harness import SlackRequests, slash_command
from tests.discord.fake_discord import FakeDiscord
from tests.discord.payloads import BOT_ID, BOT_USER, message_create
from tests.serve.conftest import SlowSlack
from tests.serve.process import BOT_TOKEN, SIGNING_SECRET

HEARTBEAT_MS = 45_000  # long enough that no heartbeat is due during a test
HELLO, IDENTIFY, HEARTBEAT, HEARTBEAT_ACK, DISPATCH = 10, 2, 1, 11, 0


@dataclass
class FakeGateway:
    """Discord's gateway: HELLO, READY after IDENTIFY, heartbeat acks, and pushed events."""

    url: str = ""
    socket: web.WebSocketResponse | None = None
    identified: asyncio.Event = field(default_factory=asyncio.Event)
    _sequence: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def push(self, event: dict[str, Any]) -> None:
        """Send a dispatch event to the connected client."""
        assert self.socket is not None
        await self.socket.send_json(event | {"s": next(self._sequence)})

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_json({"op": HELLO, "d": {"heartbeat_interval": HEARTBEAT_MS}})
        async for frame in socket:
            if frame.type is not WSMsgType.TEXT:
                continue
            sent = json.loads(frame.data)
            if sent["op"] == HEARTBEAT:
                await socket.send_json({"op": HEARTBEAT_ACK})
            elif sent["op"] == IDENTIFY:
                self.socket = socket
                ready = {
                    "v": 10,
                    "user": BOT_USER,
                    "guilds": [],
                    "session_id": "fake-session",
                    "resume_gateway_url": self.url,
                    "application": {"id": BOT_ID, "flags": 0},
                }
                await socket.send_json(
                    {"op": DISPATCH, "t": "READY", "s": next(self._sequence), "d": ready}
                )
                self.identified.set()
        return socket

    def application(self) -> web.Application:
        app = web.Application()
        app.add_routes([web.get("/", self._gateway)])
        return app


@pytest.fixture
async def gateway(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeGateway]:
    """The fake gateway, with discord.py pointed at it."""
    fake = FakeGateway()
    runner = web.AppRunner(fake.application(), shutdown_timeout=0.5)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    fake.url = f"ws://127.0.0.1:{runner.addresses[0][1]}/"
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.url))
    yield fake
    await runner.cleanup()


async def test_slack_and_discord_serve_from_one_process(
    fake_slack: SlowSlack,
    gateway: FakeGateway,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    discord_api = FakeDiscord()
    monkeypatch.setattr(discord.http.HTTPClient, "request", discord_api.request)
    environ = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "ROLEBOT_SLACK_API_URL": fake_slack.api_url,
        "DISCORD_TOKEN": "a-discord-test-token",
    }
    bot = Bot(load_compiled())
    recording = Storage(RecordingSettings(tmp_path / "rolebot.sqlite3")).recording()
    bot.observe(recording)
    metrics = Metrics()
    metrics.watch(bot)
    server = Server(
        adapters_for(plan_adapters(load(environ)), bot),
        Reloader(bot, load_compiled, metrics),
        metrics,
        # The fake gateway's connection is a task on this loop too, which the shutdown would
        # wait for as if it were a turn in flight: keep that wait short.
        ServingSettings(host="127.0.0.1", port=0, shutdown_grace=0.5),
    )
    running = asyncio.ensure_future(server.run())
    try:
        async with aiohttp.ClientSession() as session:
            body = await ready(session, server, running)
            assert body["checks"] == {"knowledge": True, "slack": True, "discord": True}
            slack = SlackRequests(session, f"{server.urls[0]}/slack/events", SIGNING_SECRET)
            form = slash_command("ask who owns deployment?", fake_slack.response_url("q"))
            assert (await slack.command(form))[0] == 200
            await gateway.push(message_create("who owns monitoring?", in_guild=False))
            [slack_answer] = await fake_slack.wait_for_posts(1)
            discord_answer = await posted(discord_api)
    finally:
        server.stop()
        code = await asyncio.wait_for(running, 30)
        recording.close()
    assert code == 0
    assert "Owner: ML engineer" in slack_answer.visible_text()
    assert "monitoring" in json.dumps(discord_answer).casefold()
    served = {
        platform: metrics.registry.get_sample_value(
            "rolebot_answer_seconds_count", {"platform": platform}
        )
        for platform in ("slack", "discord")
    }
    assert served == {"slack": 1, "discord": 1}


async def ready(
    session: aiohttp.ClientSession, server: Server, running: asyncio.Future[int]
) -> dict[str, Any]:
    """The /healthz body once it says ready (discord.py waits 2 s for servers after READY)."""
    async with asyncio.timeout(20):
        while True:
            assert not running.done(), "the server stopped"
            if server.urls:
                with contextlib.suppress(aiohttp.ClientConnectionError):
                    async with session.get(f"{server.urls[0]}/healthz") as response:
                        if response.status == 200:
                            body: dict[str, Any] = await response.json()
                            return body
            await asyncio.sleep(0.05)


async def posted(api: FakeDiscord) -> Any:
    """The first message rolebot posted on Discord, once it has."""
    async with asyncio.timeout(10):
        while True:
            for call in api.calls:
                if (call.method, call.path) == ("POST", "/channels/{channel_id}/messages"):
                    return call.json
            await asyncio.sleep(0.05)
