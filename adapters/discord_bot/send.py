"""Sending rendered pieces: as a reply in a channel, or as an interaction's response.

Sending never builds: everything a user sees comes from `render`. Nothing rolebot sends may
mention anyone, so every call passes `AllowedMentions.none()` (the client default is the same).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import discord
from discord.utils import MISSING

from adapters.discord_bot.render import Piece
from adapters.feedback import THANKS

log = logging.getLogger(__name__)
NO_MENTIONS = discord.AllowedMentions.none()
APOLOGY = "Sorry, something went wrong on my side. Please try again in a moment."


async def send_reply(message: discord.Message, pieces: Sequence[Piece]) -> None:
    """Send `pieces` in `message`'s channel, each as a reply to it.

    Every part of a long answer replies to the question, so it stays attached to it when
    other people talk in between.
    """
    # A reply to a message deleted meanwhile is still sent, just without the reference.
    reference = message.to_reference(fail_if_not_exists=False)
    for piece in pieces:
        await message.channel.send(
            content=piece.content,
            embeds=list(piece.embeds),
            view=piece.view if piece.view is not None else MISSING,
            reference=reference,
            allowed_mentions=NO_MENTIONS,
        )


async def send_response(
    interaction: discord.Interaction[Any], pieces: Sequence[Piece], *, private: bool
) -> None:
    """Send `pieces` as the interaction's response and followups; `private` makes them ephemeral."""
    for piece in pieces:
        view = piece.view if piece.view is not None else MISSING
        if interaction.response.is_done():
            await interaction.followup.send(
                content=piece.content or MISSING,
                embeds=list(piece.embeds),
                view=view,
                ephemeral=private,
                allowed_mentions=NO_MENTIONS,
            )
        else:
            await interaction.response.send_message(
                content=piece.content,
                embeds=list(piece.embeds),
                view=view,
                ephemeral=private,
                allowed_mentions=NO_MENTIONS,
            )


async def send_update(interaction: discord.Interaction[Any], piece: Piece) -> None:
    """Show `piece` in place of the message whose button was clicked (its buttons too)."""
    if interaction.response.is_done():  # deferred: the original response is that message
        await interaction.edit_original_response(
            content=piece.content,
            embeds=list(piece.embeds),
            view=piece.view,
            allowed_mentions=NO_MENTIONS,
        )
    else:
        await interaction.response.edit_message(
            content=piece.content,
            embeds=list(piece.embeds),
            view=piece.view,
            allowed_mentions=NO_MENTIONS,
        )


async def send_to(destination: discord.abc.Messageable, pieces: Sequence[Piece]) -> None:
    """Send `pieces` to a channel, or to a user as a direct message."""
    for piece in pieces:
        await destination.send(
            content=piece.content,
            embeds=list(piece.embeds),
            view=piece.view if piece.view is not None else MISSING,
            allowed_mentions=NO_MENTIONS,
        )


async def apologise(interaction: discord.Interaction[Any]) -> None:
    """Tell the user, and only them, that their request failed."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(APOLOGY, ephemeral=True, allowed_mentions=NO_MENTIONS)
        else:
            await interaction.response.send_message(
                APOLOGY, ephemeral=True, allowed_mentions=NO_MENTIONS
            )
    except discord.HTTPException:
        log.exception("could not apologise for interaction %s", interaction.id)


async def thank(interaction: discord.Interaction[Any]) -> None:
    """Acknowledge a feedback click with a thank-you only the clicker sees."""
    try:
        await interaction.response.send_message(
            THANKS, ephemeral=True, allowed_mentions=NO_MENTIONS
        )
    except discord.HTTPException:
        log.exception("could not thank for interaction %s", interaction.id)


async def acknowledge(interaction: discord.Interaction[Any]) -> None:
    """Answer a click without showing anything, so Discord does not report a failure."""
    try:
        await interaction.response.defer()
    except discord.HTTPException:
        log.exception("could not acknowledge interaction %s", interaction.id)


async def apologise_in_channel(message: discord.Message) -> None:
    """Tell the asker, in a reply, that their question could not be answered."""
    try:
        await message.channel.send(
            APOLOGY,
            reference=message.to_reference(fail_if_not_exists=False),
            allowed_mentions=NO_MENTIONS,
        )
    except discord.HTTPException:
        log.exception("could not apologise for message %s", message.id)
