"""Conversations through dpytest: its fake server sends rolebot mentions and DMs from members.

dpytest 0.7.0 works with discord.py 2.7 given one adjustment: it resolves mentions through
the member cache, which discord.py keeps only with the members intent. rolebot does not need
that intent, so the fixture turns it on for the test client only.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import discord
import discord.ext.test as dpytest
import pytest

from adapters.discord_bot import DiscordSettings, RolebotClient, build_client
from bot import Bot as Core


@pytest.fixture
async def client(core: Core) -> AsyncIterator[RolebotClient]:
    """rolebot in dpytest's fake server: one guild, one text channel, two members."""
    rolebot = build_client(core, DiscordSettings())
    await rolebot._async_setup_hook()  # what dpytest's own conftest does instead of logging in
    rolebot._connection._intents.members = True
    rolebot._connection.member_cache_flags = discord.MemberCacheFlags.from_intents(
        rolebot._connection._intents
    )
    dpytest.configure(rolebot, members=2)
    yield rolebot
    await dpytest.empty_queue()
    rolebot.responder.close()


def mention(client: RolebotClient, text: str) -> str:
    """`text` addressed to rolebot."""
    assert client.user is not None
    return f"<@{client.user.id}> {text}"


async def test_a_mention_is_answered_in_its_channel(client: RolebotClient) -> None:
    asked = await dpytest.message(mention(client, "who owns deployment?"))
    answer = dpytest.get_message()
    assert answer.channel == asked.channel
    assert answer.author == client.user
    assert answer.embeds[0].title == "Who owns deployment?"
    assert dpytest.verify().message().nothing()


async def test_chatter_without_a_mention_is_ignored(client: RolebotClient) -> None:
    await dpytest.message("who owns deployment?")
    assert dpytest.verify().message().nothing()


async def test_a_dm_is_answered_in_the_dm(client: RolebotClient) -> None:
    member = dpytest.get_config().members[0]
    dm = await member.create_dm()
    await dpytest.message("who owns monitoring?", channel=dm, member=member)
    answer = dpytest.get_message()
    assert isinstance(answer.channel, discord.DMChannel)
    assert answer.embeds[0].title == "Who owns maintenance and monitoring?"


async def test_each_member_has_their_own_conversation(client: RolebotClient) -> None:
    first, second = dpytest.get_config().members
    await dpytest.message(mention(client, "which tools does a data scientist use?"), member=first)
    await dpytest.message(mention(client, "and an ml engineer?"), member=first)
    await dpytest.message(mention(client, "and an ml engineer?"), member=second)
    titles = [dpytest.get_message().embeds[0].title for _ in range(3)]
    assert titles == ["Tools data scientists use", "Tools ML engineers use", "ML engineer"]
