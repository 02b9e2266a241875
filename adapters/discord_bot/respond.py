"""The glue between Discord events and the core: translate, answer, render, send.

Each handler is the same four steps; what differs is where the turn comes from and where the
reply goes. A failure is logged and the user gets a short apology; the client keeps running.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Sequence
from typing import Any

import discord
from discord import app_commands

from adapters.answering import Answering
from adapters.curating.desk import REFUSAL, CurationDesk, Outcome, Pending
from adapters.curating.requests import Request
from adapters.discord_bot import curate
from adapters.discord_bot.autocomplete import choices
from adapters.discord_bot.buttons import parse_vote
from adapters.discord_bot.limits import SELECT_OPTIONS_LIMIT
from adapters.discord_bot.render import addressed, render
from adapters.discord_bot.send import (
    acknowledge,
    apologise,
    apologise_in_channel,
    send_reply,
    send_response,
    send_to,
    send_update,
    thank,
)
from adapters.discord_bot.settings import DiscordSettings
from adapters.discord_bot.translate import (
    PLATFORM,
    suggestion_message,
    to_message,
    welcome_destination,
)
from bot.core import Answered, Core
from bot.kb.records import EntityKind
from bot.message import Message
from bot.reply import Reply, ReplyKind, Visibility

log = logging.getLogger(__name__)
# Turns answered at once: one, in the order they came (a quick follow-up finds its context).
ANSWERING_AT_ONCE = 1


class Responder:
    """Answers mentions, DMs, app commands and suggestion clicks, and records feedback clicks,
    with one core."""

    def __init__(
        self, core: Core, settings: DiscordSettings, desk: CurationDesk | None = None
    ) -> None:
        self.core = core
        self.settings = settings
        self.desk = desk  # `/roles curate` and the curating controls; none: everyone is refused
        # The core is synchronous: it runs on an answering thread, one turn at a time, so the
        # event loop (gateway heartbeats, other users) never waits for it.
        self.answering = Answering(ANSWERING_AT_ONCE, "rolebot-discord")

    def close(self) -> None:
        """Stop the answering thread."""
        self.answering.close()

    async def answer(self, message: Message) -> Answered:
        """The core's reply to one turn and its answer id, computed off the event loop."""
        return await self.answering.run(self.core.respond, message)

    def choices(self, kind: EntityKind, current: str) -> list[app_commands.Choice[str]]:
        """Autocomplete choices for a role or stage option."""
        return choices(self.core.names(kind), current, self.core.recognise(current, kind))

    async def on_message(self, message: discord.Message, me: discord.abc.Snowflake) -> None:
        """Answer a DM or a mention of rolebot; ignore every other message."""
        question = to_message(message, me)
        if question is None:
            return
        try:
            answered = await self.answer(question)
            teach = self._teaches(answered.reply, message.author.id)
            pieces = render(answered.reply, answer_id=answered.answer_id, teach=teach)
            await send_reply(message, pieces)
        except Exception:
            log.exception("answering message %s failed", message.id)
            await apologise_in_channel(message)

    async def on_command(
        self, interaction: discord.Interaction[Any], message: Message, *, echo: str = ""
    ) -> None:
        """Answer an app command; `echo` is the user's question, quoted above the answer."""
        await self._respond(interaction, message, echo)

    async def on_suggestion(
        self, interaction: discord.Interaction[Any], query: str, *, in_place: bool = False
    ) -> None:
        """Answer a clicked suggestion button as the user who clicked it.

        `in_place` (the tour's Back, Next and Stop) shows the answer in place of the message
        the button is on, so a tour stays one message.
        """
        message = suggestion_message(interaction, query)
        if in_place:
            await self._update(interaction, message)
        else:
            await self._respond(interaction, message, query)

    async def on_member_join(self, member: discord.Member) -> None:
        """Welcome a newcomer once, by DM or in the server's welcome channel (a setting)."""
        destination = welcome_destination(member, self.settings)
        if destination is None:
            return
        # The store may be read: off the event loop, on the answering thread.
        welcome = await self.answering.run(self.core.welcome, PLATFORM, str(member.id))
        if welcome is None:
            return
        pieces = render(welcome)
        if destination is not member:  # in a channel: say whom it is for
            pieces = addressed(pieces, member.mention)
        try:
            await send_to(destination, pieces)
        except discord.HTTPException as error:
            # Typically a member who accepts no DMs; they are not asked again.
            log.warning("could not welcome member %s: %s", member.id, error)

    async def on_vote(self, interaction: discord.Interaction[Any], custom_id: str) -> None:
        """Record a feedback click (clicking again changes the vote) and thank the clicker
        privately; a forged or mangled custom_id is logged and acknowledged without a word."""
        vote = parse_vote(custom_id)
        if vote is None:
            log.warning("ignored a malformed feedback click %s: %.100r", interaction.id, custom_id)
            await acknowledge(interaction)
            return
        user = str(interaction.user.id)
        self.core.record_feedback(vote.answer_id, user, vote.choice, PLATFORM)
        await thank(interaction)

    async def on_curate(self, interaction: discord.Interaction[Any]) -> None:
        """`/roles curate`: the waiting questions, each with its controls, to a curator alone
        (a polite refusal to anyone else)."""
        user = str(interaction.user.id)
        await self._curating(
            interaction,
            self.desk.queue(PLATFORM, user, SELECT_OPTIONS_LIMIT) if self.desk else None,
        )

    async def on_curate_click(
        self, interaction: discord.Interaction[Any], request: Request
    ) -> None:
        """A curating button or select: the desk checks who clicked and carries it out; the
        clicker alone sees the outcome."""
        user = str(interaction.user.id)
        await self._curating(
            interaction,
            self.desk.handle(PLATFORM, user, request, SELECT_OPTIONS_LIMIT) if self.desk else None,
        )

    async def _curating(
        self,
        interaction: discord.Interaction[Any],
        work: Awaitable[Sequence[Pending] | Pending | Outcome] | None,
    ) -> None:
        try:
            # Reading the store, a teach and the reload it starts take longer than Discord's 3 s.
            await interaction.response.defer(ephemeral=True, thinking=True)
            result = await work if work is not None else Outcome(REFUSAL, refused=True)
            await send_response(interaction, curate.shown(result), private=True)
        except Exception:
            log.exception("curating interaction %s failed", interaction.id)
            await apologise(interaction)

    def _teaches(self, reply: Reply, user: int) -> bool:
        """Whether `reply` gets a Teach button: an "I don't know" to a curator."""
        return (
            reply.kind is ReplyKind.DECLINE
            and self.desk is not None
            and self.desk.is_curator(PLATFORM, str(user))
        )

    async def _respond(
        self, interaction: discord.Interaction[Any], message: Message, echo: str
    ) -> None:
        try:
            answered = await self._within_deadline(interaction, self.answer(message))
            reply = answered.reply
            teach = self._teaches(reply, interaction.user.id)
            pieces = render(reply, echo=echo, answer_id=answered.answer_id, teach=teach)
            await send_response(interaction, pieces, private=_private(reply, interaction))
        except Exception:
            log.exception("answering interaction %s failed", interaction.id)
            await apologise(interaction)

    async def _update(self, interaction: discord.Interaction[Any], message: Message) -> None:
        try:
            answered = await self._within_deadline(interaction, self.answer(message), update=True)
            reply = answered.reply
            pieces = render(reply, answer_id=answered.answer_id)
            if len(pieces) == 1:
                await send_update(interaction, pieces[0])
            else:  # too long to fit in place: answer below instead
                await send_response(interaction, pieces, private=_private(reply, interaction))
        except Exception:
            log.exception("answering interaction %s failed", interaction.id)
            await apologise(interaction)

    async def _within_deadline(
        self,
        interaction: discord.Interaction[Any],
        work: Awaitable[Answered],
        *,
        update: bool = False,
    ) -> Answered:
        task = asyncio.ensure_future(work)
        try:
            return await asyncio.wait_for(asyncio.shield(task), self.settings.defer_after)
        except TimeoutError:
            # Public, since the reply's visibility is not known yet; the answer follows up.
            # An update defers without "thinking": the clicked message is edited later.
            await interaction.response.defer(thinking=not update)
            return await task


def _private(reply: Reply, interaction: discord.Interaction[Any]) -> bool:
    """Whether only the user should see the reply: private replies in a server. In a direct
    message nobody else can see it anyway, and an ephemeral message would vanish on reload
    (a tour started from the welcome DM must stay)."""
    return reply.visibility is Visibility.PRIVATE and interaction.guild_id is not None


async def on_command_error(
    interaction: discord.Interaction[Any], error: app_commands.AppCommandError
) -> None:
    """Errors the command tree caught (option conversion, checks): logged, and an apology."""
    name = interaction.command.qualified_name if interaction.command else "unknown"
    log.error("/%s failed", name, exc_info=error)
    await apologise(interaction)
