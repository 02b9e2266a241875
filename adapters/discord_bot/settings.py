"""What the Discord adapter can be told; the CLI fills it in from the environment."""

from __future__ import annotations

from dataclasses import dataclass

from adapters.discord_bot.limits import RESPONSE_DEADLINE_SECONDS


@dataclass(frozen=True, slots=True)
class DiscordSettings:
    """Adapter settings. The token is not one of them: it goes straight to the login call."""

    # AutoShardedClient: one process serving many shards, for bots in thousands of servers.
    sharded: bool = False
    # Answers taking longer than this are deferred ("rolebot is thinking..."), so Discord's
    # 3-second deadline for a first response is never missed.
    defer_after: float = RESPONSE_DEADLINE_SECONDS - 1.0
