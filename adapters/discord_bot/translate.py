"""Discord events as core messages: which events are questions, and whose conversation they are.

Pure functions over discord.py objects; nothing here sends or answers.
"""

from __future__ import annotations

import discord

from adapters.discord_bot.settings import DiscordSettings, WelcomeMode
from adapters.markup import strip_markup
from bot.message import ConversationKey, Message, MessageKind

PLATFORM = "discord"
# Joins, pins, boosts and thread starters are messages too; only what people type is a question.
TYPED = frozenset({discord.MessageType.default, discord.MessageType.reply})


def conversation_key(channel: object, channel_id: int | None, user_id: int) -> ConversationKey:
    """The conversation of one user in one channel or thread.

    A thread keeps its own context, apart from its parent channel's; `channel` may be None or
    a partial channel when Discord sent only its id.
    """
    if isinstance(channel, discord.Thread):
        return ConversationKey(PLATFORM, str(channel.parent_id), str(channel.id), str(user_id))
    return ConversationKey(PLATFORM, str(channel_id or ""), "", str(user_id))


def to_message(message: discord.Message, me: discord.abc.Snowflake) -> Message | None:
    """A question for rolebot when `message` is a DM or mentions it; None for anything else.

    Messages from bots (rolebot included) and webhooks are never questions, so bots cannot
    talk each other into a loop. Mentions and other markup are removed from the text.
    """
    author = message.author
    if author.bot or author.id == me.id or message.webhook_id is not None:
        return None
    if message.type not in TYPED:
        return None
    direct = isinstance(message.channel, discord.DMChannel)
    if not (direct or _addressed(message, me)):
        return None
    key = conversation_key(message.channel, message.channel.id, author.id)
    return Message(strip_markup(message.content), key, MessageKind.QUESTION)


def _addressed(message: discord.Message, me: discord.abc.Snowflake) -> bool:
    """Whether `message` mentions rolebot, or the role Discord gives it in a server (the @ list
    offers both under the same name, and people pick either).

    Not `me.mentioned_in(message)`: that is also true for @everyone, which is not a question.
    """
    if any(user.id == me.id for user in message.mentions):
        return True
    return any(r.tags is not None and r.tags.bot_id == me.id for r in message.role_mentions)


def command_message(
    interaction: discord.Interaction[discord.Client], verb: str, *words: str | None
) -> Message:
    """An app command as a command message: ``/roles compare first:ds second:mle`` is
    ``compare ds mle``; options left empty are dropped."""
    text = " ".join([verb, *(w.strip() for w in words if w and w.strip())])
    return Message(strip_markup(text), interaction_key(interaction), MessageKind.COMMAND)


def suggestion_message(interaction: discord.Interaction[discord.Client], query: str) -> Message:
    """A clicked suggestion as the turn it asks.

    Sent as a command message: the core runs command-shaped queries (``compare ds mle``, the
    "did you mean" fixes) as commands and answers anything else as a question.
    """
    return Message(strip_markup(query), interaction_key(interaction), MessageKind.COMMAND)


def interaction_key(interaction: discord.Interaction[discord.Client]) -> ConversationKey:
    """The conversation an interaction belongs to."""
    return conversation_key(interaction.channel, interaction.channel_id, interaction.user.id)


def welcome_destination(
    member: discord.Member, settings: DiscordSettings
) -> discord.abc.Messageable | None:
    """Where to welcome a member who just joined a server, or None for no welcome.

    Bots are never welcomed (rolebot included). In channel mode, the server must have one of
    the configured channels; a server without one gets no welcome.
    """
    if member.bot:
        return None
    match settings.welcome:
        case WelcomeMode.OFF:
            return None
        case WelcomeMode.DM:
            return member
        case WelcomeMode.CHANNEL:
            found = (member.guild.get_channel(c) for c in sorted(settings.welcome_channels))
            return next((c for c in found if isinstance(c, discord.abc.Messageable)), None)
