"""What the Discord adapter can be told; the CLI fills it in from the environment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from adapters.config import DISCORD_SHARDED_ENV, DISCORD_TOKEN_ENV
from adapters.discord_bot.limits import RESPONSE_DEADLINE_SECONDS
from adapters.values import SettingsError, flag


@dataclass(frozen=True, slots=True)
class DiscordSettings:
    """Adapter settings. The token is not one of them: it goes straight to the login call."""

    # AutoShardedClient: one process serving many shards, for bots in thousands of servers.
    sharded: bool = False
    # Answers taking longer than this are deferred ("rolebot is thinking..."), so Discord's
    # 3-second deadline for a first response is never missed.
    defer_after: float = RESPONSE_DEADLINE_SECONDS - 1.0


def from_environ(environ: Mapping[str, str]) -> DiscordSettings:
    """Settings from ROLEBOT_DISCORD_SHARDED; raises SettingsError if it is not true or false."""
    return DiscordSettings(sharded=flag(environ, DISCORD_SHARDED_ENV))


def token(environ: Mapping[str, str]) -> str:
    """The bot token from DISCORD_TOKEN; raises SettingsError naming it when it is not set."""
    value = environ.get(DISCORD_TOKEN_ENV, "").strip()
    if not value:
        raise SettingsError(f"{DISCORD_TOKEN_ENV} is not set (the bot's token)")
    return value
