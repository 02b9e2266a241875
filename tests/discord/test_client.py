"""The client as built: not connected, unprivileged, with the /roles commands, and their sync."""

from __future__ import annotations

import logging
from typing import Any

import discord
import pytest
from discord import app_commands

from adapters.discord_bot import DiscordSettings, build_client
from adapters.discord_bot.runner import sync_commands
from adapters.discord_bot.translate import interaction_key
from bot import Bot as Core
from bot.message import ConversationKey
from tests.discord.conftest import Bot
from tests.discord.fake_discord import FakeDiscord
from tests.discord.payloads import BOT_ID, GUILD_ID, MASON_ID, Json, slash

SUBCOMMANDS = ["ask", "compare", "role", "stage", "tour", "onboard", "help", "curate"]


async def test_building_does_not_connect(core: Core) -> None:
    client = build_client(core, DiscordSettings())
    assert client.ws is None and not client.is_ready() and client.user is None
    assert client.allowed_mentions is not None
    assert client.allowed_mentions.to_dict() == {"parse": []}


async def test_no_privileged_intent_is_needed(core: Core) -> None:
    client = build_client(core, DiscordSettings())
    intents = client.intents
    assert not (intents.message_content or intents.members or intents.presences)
    assert intents.guilds and intents.guild_messages and intents.dm_messages


@pytest.mark.parametrize("sharded", [False, True], ids=["single", "sharded"])
async def test_sharding_is_a_setting(core: Core, sharded: bool) -> None:
    client = build_client(core, DiscordSettings(sharded=sharded))
    assert isinstance(client, discord.AutoShardedClient) is sharded
    assert [c.name for c in client.tree.get_commands()] == ["roles"]


def definitions(tree: app_commands.CommandTree[Any]) -> dict[str, Json]:
    """The /roles subcommands as Discord receives them when they are registered."""
    (roles,) = tree.get_commands()
    return {option["name"]: option for option in roles.to_dict(tree)["options"]}


def option_summary(command: Json) -> list[tuple[str, bool, bool]]:
    """Each option's name, whether it is required and whether it autocompletes."""
    return [
        (o["name"], o.get("required", False), o.get("autocomplete", False))
        for o in command.get("options", [])
    ]


async def test_the_roles_commands_and_their_options(bot: Bot) -> None:
    commands = definitions(bot.client.tree)
    assert list(commands) == SUBCOMMANDS
    assert {name: option_summary(c) for name, c in commands.items()} == {
        "ask": [("question", True, False)],
        "compare": [("first", True, True), ("second", True, True), ("third", False, True)],
        "role": [("name", True, True)],
        "stage": [("name", True, True)],
        "tour": [],
        "onboard": [("role", True, True)],
        "help": [],
        "curate": [],
    }
    assert all(0 < len(str(c["description"])) <= 100 for c in commands.values())


@pytest.mark.parametrize(
    ("guild", "path", "sharded"),
    [
        (None, "/applications/{application_id}/commands", False),
        (int(GUILD_ID), "/applications/{application_id}/guilds/{guild_id}/commands", False),
        (None, "/applications/{application_id}/commands", True),
    ],
    ids=["global", "one-server", "sharded"],
)
async def test_sync_registers_the_commands_once(
    core: Core, guild: int | None, path: str, sharded: bool
) -> None:
    client = build_client(core, DiscordSettings(sharded=sharded))
    fake = FakeDiscord()
    client.http.request = fake.request  # type: ignore[method-assign]
    names = await sync_commands(client, "a-token", guild)
    assert names == [f"/roles {name}" for name in SUBCOMMANDS]
    (put,) = [c for c in fake.calls if c.method == "PUT"]
    assert put.path == path
    assert [c["name"] for c in put.json] == ["roles"]
    assert client.is_closed()


async def test_a_thread_is_its_own_conversation_under_its_channel(bot: Bot) -> None:
    event = slash("help", channel_id="1000", thread_of="2000")
    interaction = discord.Interaction(data=event["d"], state=bot.client._connection)
    assert isinstance(interaction.channel, discord.Thread)
    assert interaction_key(interaction) == ConversationKey("discord", "2000", "1000", MASON_ID)


async def test_when_ready_it_logs_where_it_is_and_its_invite(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    bot.client._connection.application_id = int(BOT_ID)
    with caplog.at_level(logging.INFO, logger="adapters.discord_bot"):
        await bot.client.on_ready()
    assert "rolebot is answering in 0 servers as rolebot" in caplog.text
    assert f"client_id={BOT_ID}&scope=bot+applications.commands" in caplog.text
