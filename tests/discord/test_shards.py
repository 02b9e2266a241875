"""Discord across processes: each runs the shards its settings name, of one shard count.

Two adapters stand for two processes: each is built from its own environment the way `rolebot
serve` builds it, connects to the fake gateway, and IDENTIFYs with its own shards only.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping

import discord
import pytest

from adapters.discord_bot import DiscordSettings, build_client
from adapters.discord_bot.adapter import DiscordAdapter
from adapters.serving.command import adapters_for
from adapters.settings.errors import SettingsError
from adapters.settings.load import load
from adapters.settings.plan import plan_adapters
from adapters.settings.sections import DiscordSection
from bot import Bot
from tests.discord.fake_discord import FakeDiscord
from tests.discord.gateway import FakeGateway
from tests.discord.payloads import BOT_ID, BOT_USER, message_create

TOKEN = "a-discord-test-token"
COUNT = "3"
# A non-initial shard waits 5 s before it IDENTIFYs (discord.py's before_identify_hook).
READY_SECONDS = 30


def adapter(core: Bot, environ: Mapping[str, str]) -> DiscordAdapter:
    """The Discord adapter `rolebot serve` would run with `environ`."""
    [built] = adapters_for(plan_adapters(load({"DISCORD_TOKEN": TOKEN, **environ})), core)
    assert isinstance(built, DiscordAdapter)
    return built


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> FakeDiscord:
    """Discord's HTTP API for every client in the test."""
    fake = FakeDiscord()
    monkeypatch.setattr(discord.http.HTTPClient, "request", fake.request)
    return fake


@pytest.fixture
async def processes(
    core: Bot, api: FakeDiscord, gateway: FakeGateway
) -> AsyncIterator[list[DiscordAdapter]]:
    """Two processes of one bot, one running shards 0 and 2 of 3, the other shard 1, connected
    to the fake gateway."""
    started = [
        adapter(core, {"ROLEBOT_DISCORD_SHARD_COUNT": COUNT, "ROLEBOT_DISCORD_SHARD_IDS": ids})
        for ids in ("0,2", "1")
    ]
    try:
        for process in started:
            await process.start()
        async with asyncio.timeout(READY_SECONDS):
            while not all(process.connected() for process in started):
                await asyncio.sleep(0.05)
        yield started
    finally:
        for process in started:
            await process.close()


async def test_two_processes_each_identify_with_their_own_shards(
    processes: list[DiscordAdapter], gateway: FakeGateway, api: FakeDiscord
) -> None:
    first, second = (process.client for process in processes)
    assert isinstance(first, discord.AutoShardedClient)
    assert isinstance(second, discord.AutoShardedClient)
    assert sorted(first.shards) == [0, 2] and sorted(second.shards) == [1]
    assert first.shard_count == second.shard_count == 3
    # Every shard of the bot identified exactly once, each by the process that runs it.
    assert sorted(gateway.shards) == [(0, 3), (1, 3), (2, 3)]
    assert all(sent["token"] == TOKEN for sent in gateway.identifies)
    # A mention in a server on shard 1 reaches the process running it, which answers.
    event = message_create(f"<@{BOT_ID}> who owns monitoring?", mentions=(BOT_USER,))
    await gateway.push(event, shard=1)
    async with asyncio.timeout(10):
        while not (answers := [c for c in api.calls if c.path.endswith("/messages")]):
            await asyncio.sleep(0.05)
    assert "monitoring" in str(answers[0].json).casefold()
    assert [m.id for m in second.cached_messages] == [int(event["d"]["id"])]
    assert not first.cached_messages
    # The app commands are registered once, by `rolebot discord sync`: serving never does.
    assert not [c for c in api.calls if c.path.endswith("/commands")]


@pytest.mark.parametrize(
    ("environ", "sharded", "count", "ids", "described"),
    [
        ({}, False, None, None, "discord"),
        ({"ROLEBOT_DISCORD_SHARDED": "true"}, True, None, None, "discord (sharded)"),
        ({"ROLEBOT_DISCORD_SHARD_COUNT": "4"}, True, 4, None, "discord (shards 0,1,2,3 of 4)"),
        (
            {"ROLEBOT_DISCORD_SHARD_COUNT": "4", "ROLEBOT_DISCORD_SHARD_IDS": "3, 1"},
            True,
            4,
            [1, 3],
            "discord (shards 1,3 of 4)",
        ),
    ],
    ids=["single", "one-process-all-shards", "count-all-here", "some-of-count"],
)
async def test_the_shard_settings_make_the_client(
    core: Bot,
    environ: dict[str, str],
    sharded: bool,
    count: int | None,
    ids: list[int] | None,
    described: str,
) -> None:
    plan = plan_adapters(load({"DISCORD_TOKEN": TOKEN, **environ}))
    assert plan.describe() == described
    assert plan.discord is not None
    client = build_client(core, plan.discord.settings)
    assert isinstance(client, discord.AutoShardedClient) is sharded
    if isinstance(client, discord.AutoShardedClient):
        assert (client.shard_count, client.shard_ids) == (count, ids)


@pytest.mark.parametrize(
    ("environ", "problem"),
    [
        (
            {"ROLEBOT_DISCORD_SHARD_IDS": "0,1"},
            "ROLEBOT_DISCORD_SHARD_IDS needs ROLEBOT_DISCORD_SHARD_COUNT",
        ),
        (
            {"ROLEBOT_DISCORD_SHARD_COUNT": "2", "ROLEBOT_DISCORD_SHARD_IDS": "1,2"},
            "ROLEBOT_DISCORD_SHARD_IDS names shard 2, but with ROLEBOT_DISCORD_SHARD_COUNT=2 "
            "shards go from 0 to 1",
        ),
        (
            {"ROLEBOT_DISCORD_SHARD_COUNT": "2", "ROLEBOT_DISCORD_SHARD_IDS": "0,one"},
            "ROLEBOT_DISCORD_SHARD_IDS must be shard numbers separated by commas, such as 0,1",
        ),
        (
            {"ROLEBOT_DISCORD_SHARD_COUNT": "2", "ROLEBOT_DISCORD_SHARD_IDS": "1,1"},
            "ROLEBOT_DISCORD_SHARD_IDS names a shard twice",
        ),
        ({"ROLEBOT_DISCORD_SHARD_COUNT": "0"}, "ROLEBOT_DISCORD_SHARD_COUNT must be at least 1"),
    ],
    ids=["ids-without-count", "id-beyond-count", "not-numbers", "twice", "no-shards"],
)
def test_a_shard_setting_discord_cannot_use_is_one_line_naming_it(
    environ: dict[str, str], problem: str
) -> None:
    cfg = load({"DISCORD_TOKEN": TOKEN, **environ})
    [found] = cfg.problems_of(DiscordSection)
    assert found.startswith(problem)
    with pytest.raises(SettingsError, match=problem):
        plan_adapters(cfg)


def test_settings_built_directly_shard_the_same_way(core: Bot) -> None:
    client = build_client(core, DiscordSettings(shard_count=2, shard_ids=(1,)))
    assert isinstance(client, discord.AutoShardedClient)
    assert (client.shard_count, client.shard_ids) == (2, [1])
