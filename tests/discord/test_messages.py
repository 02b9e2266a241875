"""Mentions and DMs as MESSAGE_CREATE gateway payloads: which are answered, and how."""

from __future__ import annotations

import logging

import pytest

from adapters.discord_bot.send import APOLOGY
from tests.discord.conftest import Bot
from tests.discord.payloads import (
    BOT_ID,
    BOT_USER,
    ROLEBOT_ROLE_ID,
    TEAM_ROLE_ID,
    Json,
    guild_create,
    message_create,
)

MENTION = {"id": BOT_ID, "username": "rolebot", "discriminator": "0", "avatar": None, "bot": True}
OTHER_BOT = {
    "id": "111111111111111111",
    "username": "helper",
    "discriminator": "0",
    "avatar": None,
    "bot": True,
}


async def test_a_mention_is_answered_with_a_reply(bot: Bot) -> None:
    event = message_create(f"<@{BOT_ID}> who owns deployment?", mentions=(MENTION,))
    await bot.push(event)
    (call,) = bot.discord.calls
    assert (call.method, call.path) == ("POST", "/channels/{channel_id}/messages")
    assert call.json["message_reference"] == {
        "type": 0,  # a reply (message.mdx, Message Reference Types)
        "message_id": int(event["d"]["id"]),
        "channel_id": int(event["d"]["channel_id"]),
        "fail_if_not_exists": False,
    }
    # Nobody, and not the asker either: replied_user is false when absent (message.mdx).
    assert call.json["allowed_mentions"] == {"parse": []}
    shown = bot.discord.only()
    assert shown.content is None
    assert shown.embeds[0].title == "Who owns deployment?"
    assert "What does an ML engineer do?" in shown.labels


async def test_a_dm_is_answered_without_a_mention(bot: Bot) -> None:
    await bot.push(message_create("which tools does a data scientist use?", in_guild=False))
    assert bot.discord.only().embeds[0].title == "Tools data scientists use"


async def test_a_mention_of_rolebots_own_role_is_a_question(bot: Bot) -> None:
    await bot.push(guild_create())
    asked = f"<@&{ROLEBOT_ROLE_ID}> who owns deployment?"
    await bot.push(message_create(asked, mention_roles=[ROLEBOT_ROLE_ID]))
    assert bot.discord.only().embeds[0].title == "Who owns deployment?"


async def test_a_mention_of_another_role_is_not_a_question(bot: Bot) -> None:
    await bot.push(guild_create())
    asked = f"<@&{TEAM_ROLE_ID}> who owns deployment?"
    await bot.push(message_create(asked, mention_roles=[TEAM_ROLE_ID]))
    assert bot.discord.calls == []


IGNORED: dict[str, Json] = {
    "no-mention": message_create("who owns deployment?"),
    "everyone-only": message_create("@everyone who owns deployment?", mention_everyone=True),
    "another-bot": message_create(f"<@{BOT_ID}> hi", mentions=(MENTION,), author=OTHER_BOT),
    "itself": message_create(f"<@{BOT_ID}> hi", mentions=(MENTION,), author=BOT_USER),
    "a-webhook": message_create(
        f"<@{BOT_ID}> hi", mentions=(MENTION,), webhook_id="222222222222222222"
    ),
    "a-system-message": message_create(f"<@{BOT_ID}>", mentions=(MENTION,), type=7),
    "a-bot-in-a-dm": message_create("who owns deployment?", author=OTHER_BOT, in_guild=False),
}


@pytest.mark.parametrize("event", list(IGNORED.values()), ids=list(IGNORED))
async def test_what_is_not_a_question_is_ignored(bot: Bot, event: Json) -> None:
    await bot.push(event)
    assert bot.discord.calls == []


async def test_a_failure_gets_an_apology_and_the_bot_carries_on(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    bot.discord.fail_next.append(403)  # e.g. rolebot may not embed links in this channel
    with caplog.at_level(logging.ERROR):
        await bot.push(message_create(f"<@{BOT_ID}> who owns deployment?", mentions=(MENTION,)))
    apology = bot.discord.only()
    assert apology.content == APOLOGY
    assert apology.reference is not None
    assert "answering message" in caplog.text
    await bot.push(message_create("who owns monitoring?", in_guild=False))
    assert bot.discord.shown()[-1].embeds[0].title == "Who owns maintenance and monitoring?"
