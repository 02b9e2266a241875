"""Slack and Discord in one process: both connected before /healthz says ready, both answer,
and both close on stop. Discord's gateway is a fake WebSocket server on loopback
(tests/discord/gateway.py); its HTTP API is the Discord tests' recording fake."""

from __future__ import annotations

import asyncio
import contextlib
import json
from pathlib import Path
from typing import Any

import aiohttp
import discord
import pytest

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
from tests.discord.gateway import FakeGateway
from tests.discord.payloads import message_create
from tests.serve.conftest import SlowSlack
from tests.serve.process import BOT_TOKEN, SIGNING_SECRET


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
