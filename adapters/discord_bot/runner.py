"""`rolebot discord sync` (a one-off command registration), and the failures both it and
serving report in one line."""

from __future__ import annotations

import asyncio
import sys

import aiohttp
import discord

from adapters.discord_bot.client import RolebotClient, build_client, invite_url
from adapters.discord_bot.settings import DiscordSettings
from bot.core import Core

FAILURES = (discord.LoginFailure, discord.HTTPException, aiohttp.ClientError, OSError)


def failure_reason(error: BaseException) -> str:
    """One line saying why connecting failed, for one of `FAILURES`."""
    if isinstance(error, discord.LoginFailure):
        return "Discord rejected the bot token"
    return f"cannot reach Discord ({type(error).__name__}: {error})"


def _fail(error: BaseException) -> int:
    print(f"rolebot discord: {failure_reason(error)}", file=sys.stderr)
    return 1


def quiet_voice() -> None:
    """rolebot never joins voice channels: spare admins discord.py's warnings about voice
    libraries."""
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False


async def sync_commands(client: RolebotClient, token: str, guild_id: int | None) -> list[str]:
    """Register the app commands for one server, or globally; returns them as ``/roles ask``."""
    async with client:
        await client.login(token)
        guild = discord.Object(guild_id) if guild_id is not None else None
        if guild is not None:
            client.tree.copy_global_to(guild=guild)
        synced = await client.tree.sync(guild=guild)
    return [f"/{group.name} {option.name}" for group in synced for option in group.options]


def sync(core: Core, settings: DiscordSettings, token: str, guild_id: int | None) -> int:
    """`rolebot discord sync`: register the commands once rather than at every start."""
    quiet_voice()
    client = build_client(core, settings)
    try:
        names = asyncio.run(sync_commands(client, token, guild_id))
    except FAILURES as error:
        return _fail(error)
    where = f"server {guild_id}" if guild_id is not None else "every server (global)"
    print(f"registered for {where}: {', '.join(names)}")
    if client.application_id is not None:
        print(f"to add rolebot to a server, open {invite_url(client.application_id)}")
    return 0
