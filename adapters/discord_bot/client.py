"""The discord.py client: the `/roles` commands, mentions and DMs, and suggestion buttons.

`build_client` returns it without connecting, so tests and embedders build it the way the
command line does. The client only routes events to the `Responder`.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from adapters.curating.desk import CurationDesk
from adapters.curating.requests import Request
from adapters.discord_bot.buttons import CurateButton, CurateSelect, SuggestionButton, VoteButton
from adapters.discord_bot.respond import Responder, on_command_error
from adapters.discord_bot.send import NO_MENTIONS
from adapters.discord_bot.settings import DiscordSettings, WelcomeMode
from adapters.discord_bot.slash import RolesGroup
from bot.core import Core

log = logging.getLogger(__name__)
# What the invite asks for: the bot user, and its slash commands.
SCOPES = ("bot", "applications.commands")
# The server permissions rolebot uses, and nothing more.
PERMISSIONS = discord.Permissions(
    view_channel=True,  # see the channels it is asked in
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,  # answers are embeds
    read_message_history=True,  # a reply quotes the message it answers
)


def invite_url(application_id: int) -> str:
    """The link a server admin opens to add rolebot, with its scopes and permissions."""
    return discord.utils.oauth_url(application_id, permissions=PERMISSIONS, scopes=SCOPES)


def intents(settings: DiscordSettings) -> discord.Intents:
    """The gateway intents rolebot needs; none is privileged unless welcomes are on.

    Discord sends the content of DMs and of messages that mention the bot without the
    privileged message-content intent, and those are the only messages rolebot reads.
    Welcoming newcomers needs the privileged members intent, which a server's admin switches
    on in the developer portal (Bot, Server Members Intent).
    """
    wanted = discord.Intents.none()
    wanted.guilds = True  # servers, channels and threads: where commands and mentions happen
    wanted.guild_messages = True  # messages in servers, to see mentions of rolebot
    wanted.dm_messages = True  # direct messages
    wanted.members = settings.welcome is not WelcomeMode.OFF  # members joining: welcomes
    return wanted


class RolebotClient(discord.Client):
    """A client that answers with rolebot."""

    def __init__(
        self,
        core: Core,
        settings: DiscordSettings,
        desk: CurationDesk | None = None,
        **options: Any,
    ) -> None:
        super().__init__(
            intents=intents(settings),
            allowed_mentions=NO_MENTIONS,
            # The members intent is for join events only: never download or keep member lists.
            chunk_guilds_at_startup=False,
            member_cache_flags=discord.MemberCacheFlags.none(),
            **options,
        )
        self.responder = Responder(core, settings, desk)
        self.tree: app_commands.CommandTree[RolebotClient] = app_commands.CommandTree(self)
        self.tree.add_command(RolesGroup(self.responder))
        self.tree.error(on_command_error)
        self.add_dynamic_items(SuggestionButton, VoteButton, CurateButton, CurateSelect)

    async def on_ready(self) -> None:
        """Say where rolebot is, and how to add it to another server."""
        if self.application_id is not None:
            log.info(
                "rolebot is answering in %d servers as %s; invite it with %s",
                len(self.guilds),
                self.user,
                invite_url(self.application_id),
            )

    async def on_message(self, message: discord.Message) -> None:
        """A DM or a mention is a question; every other message is ignored."""
        if self.user is not None:
            await self.responder.on_message(message, self.user)

    async def on_member_join(self, member: discord.Member) -> None:
        """Welcome a newcomer, if welcomes are on (they need the members intent)."""
        await self.responder.on_member_join(member)

    async def answer_suggestion(
        self, interaction: discord.Interaction[Any], query: str, *, in_place: bool = False
    ) -> None:
        """Answer a suggestion button click (see `buttons.AnswersSuggestions`)."""
        await self.responder.on_suggestion(interaction, query, in_place=in_place)

    async def record_vote(self, interaction: discord.Interaction[Any], custom_id: str) -> None:
        """Record a feedback button click (see `buttons.RecordsVotes`)."""
        await self.responder.on_vote(interaction, custom_id)

    async def curate_click(self, interaction: discord.Interaction[Any], request: Request) -> None:
        """Carry out a curating click (see `buttons.Curates`)."""
        await self.responder.on_curate_click(interaction, request)

    async def close(self) -> None:
        """Disconnect, then stop the answering thread."""
        await super().close()
        self.responder.close()


class ShardedRolebotClient(RolebotClient, discord.AutoShardedClient):
    """The same client over `AutoShardedClient`, for bots in very many servers."""


def build_client(
    core: Core, settings: DiscordSettings, desk: CurationDesk | None = None
) -> RolebotClient:
    """The rolebot client answering from `core` (a `bot.Bot`), built but not connected;
    `desk` serves `/roles curate` and the curating controls (without it, everyone is refused).

    Sharded, it runs the shards `settings` names (of `shard_count`), so several processes can
    each run some shards of one bot; none of them registers the app commands (that is
    `rolebot discord sync`, run once), so they never race one another to do it.
    """
    if not settings.shards:
        return RolebotClient(core, settings, desk)
    return ShardedRolebotClient(
        core,
        settings,
        desk,
        shard_count=settings.shard_count,
        shard_ids=list(settings.shard_ids) or None,
    )
