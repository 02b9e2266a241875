"""Discord under `rolebot serve`: a refused token fails fast in one line; not ready until READY."""

from __future__ import annotations

import discord
import pytest

from adapters.discord_bot import DiscordSettings
from adapters.discord_bot.adapter import DiscordAdapter
from adapters.serving.command import adapters_for
from adapters.serving.runtime import AdapterError
from adapters.settings.plan import DiscordPlan, Plan
from bot import Bot
from bot.kb.compiled import Compiled
from bot.kb.records import EntityKind
from tests.discord.fake_discord import FakeDiscord

TOKEN = "a-discord-test-token"


async def test_a_refused_token_is_one_line_and_nothing_stays_connected(
    core: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(discord.http.HTTPClient, "request", FakeDiscord(fail_next=[401]).request)
    adapter = DiscordAdapter(core, DiscordSettings(), TOKEN)
    with pytest.raises(AdapterError) as refused:
        await adapter.start()
    assert str(refused.value) == "discord: Discord rejected the bot token"
    assert not adapter.connected()
    assert adapter.failure() is None
    await adapter.close()


async def test_both_platforms_are_built_for_one_process(core: Bot) -> None:
    from adapters.slack_app.settings import Mode, SlackSettings

    slack = SlackSettings("xoxb-1-test", Mode.HTTP, signing_secret="0" * 32)
    built = adapters_for(Plan(slack, DiscordPlan(DiscordSettings(sharded=True), TOKEN)), core)
    assert [a.name for a in built] == ["slack", "discord"]
    assert [r.path for a in built for r in a.routes()] == ["/slack/events"]
    discord_adapter = built[1]
    assert isinstance(discord_adapter, DiscordAdapter)
    assert isinstance(discord_adapter.client, discord.AutoShardedClient)
    assert discord_adapter.client.responder.choices(EntityKind.ROLE, "data sci")
    for adapter in built:
        assert not adapter.connected()
        await adapter.close()


def test_autocomplete_reads_the_names_of_the_knowledge_serving_now(
    core: Bot, compiled: Compiled
) -> None:
    assert core.names(EntityKind.ROLE) == compiled.lexicon.names(EntityKind.ROLE)
    core.swap(compiled)
    assert core.recognise("data sci", EntityKind.ROLE) == compiled.lexicon.lookup(
        "data sci", EntityKind.ROLE
    )
