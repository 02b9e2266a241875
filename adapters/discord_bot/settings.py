"""What the Discord adapter can be told; the CLI fills it in from the environment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from adapters.config import (
    DISCORD_SHARDED_ENV,
    DISCORD_TOKEN_ENV,
    DISCORD_WELCOME_CHANNELS_ENV,
    DISCORD_WELCOME_ENV,
)
from adapters.discord_bot.limits import RESPONSE_DEADLINE_SECONDS
from adapters.values import SettingsError, flag

WELCOME_ENV = DISCORD_WELCOME_ENV
WELCOME_CHANNELS_ENV = DISCORD_WELCOME_CHANNELS_ENV


class WelcomeMode(Enum):
    """Whether and where a member who joins a server is welcomed."""

    OFF = "off"
    DM = "dm"  # a direct message to the newcomer
    CHANNEL = "channel"  # a message in the server's welcome channel


@dataclass(frozen=True, slots=True)
class DiscordSettings:
    """Adapter settings. The token is not one of them: it goes straight to the login call."""

    # AutoShardedClient: one process serving many shards, for bots in thousands of servers.
    sharded: bool = False
    # Answers taking longer than this are deferred ("rolebot is thinking..."), so Discord's
    # 3-second deadline for a first response is never missed.
    defer_after: float = RESPONSE_DEADLINE_SECONDS - 1.0
    # Welcomes are opt-in: they need the privileged members intent.
    welcome: WelcomeMode = WelcomeMode.OFF
    # For WelcomeMode.CHANNEL: channel ids, one per server at most; a server without one of
    # them gets no welcome.
    welcome_channels: frozenset[int] = field(default_factory=frozenset)


def welcome_from_environ(environ: Mapping[str, str]) -> tuple[WelcomeMode, frozenset[int]]:
    """ROLEBOT_DISCORD_WELCOME (off, dm or channel) and ROLEBOT_DISCORD_WELCOME_CHANNELS (ids
    separated by commas, needed for channel)."""
    text = environ.get(WELCOME_ENV, "").strip().casefold() or WelcomeMode.OFF.value
    try:
        mode = WelcomeMode(text)
    except ValueError:
        raise SettingsError(f"{WELCOME_ENV} must be off, dm or channel, not {text!r}") from None
    raw = [part.strip() for part in environ.get(WELCOME_CHANNELS_ENV, "").split(",")]
    if not all(part.isdigit() for part in raw if part):
        raise SettingsError(f"{WELCOME_CHANNELS_ENV} must be channel ids separated by commas")
    channels = frozenset(int(part) for part in raw if part)
    if mode is WelcomeMode.CHANNEL and not channels:
        raise SettingsError(f"{WELCOME_ENV}=channel needs {WELCOME_CHANNELS_ENV}")
    return mode, channels


def from_environ(environ: Mapping[str, str]) -> DiscordSettings:
    """Settings from ROLEBOT_DISCORD_SHARDED and the welcome variables; raises SettingsError
    naming the variable."""
    welcome, channels = welcome_from_environ(environ)
    return DiscordSettings(
        sharded=flag(environ, DISCORD_SHARDED_ENV), welcome=welcome, welcome_channels=channels
    )


def token(environ: Mapping[str, str]) -> str:
    """The bot token from DISCORD_TOKEN; raises SettingsError naming it when it is not set."""
    value = environ.get(DISCORD_TOKEN_ENV, "").strip()
    if not value:
        raise SettingsError(f"{DISCORD_TOKEN_ENV} is not set (the bot's token)")
    return value
