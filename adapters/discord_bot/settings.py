"""What the Discord client is built with; `adapters.settings` reads and checks it."""

from __future__ import annotations

from dataclasses import dataclass, field

from adapters.discord_bot.limits import RESPONSE_DEADLINE_SECONDS
from adapters.settings.sections import WelcomeMode

__all__ = ["DiscordSettings", "WelcomeMode"]


@dataclass(frozen=True, slots=True)
class DiscordSettings:
    """Adapter settings. The token is not one of them: it goes straight to the login call."""

    # AutoShardedClient: one process serving many shards, for bots in thousands of servers.
    sharded: bool = False
    # Shards across processes: the bot's shards in all, and the ones this process runs (empty:
    # all of them). A count implies `sharded`; without one, Discord advises how many.
    shard_count: int | None = None
    shard_ids: tuple[int, ...] = ()

    @property
    def shards(self) -> bool:
        """Whether the client is an AutoShardedClient."""
        return self.sharded or self.shard_count is not None

    # Answers taking longer than this are deferred ("rolebot is thinking..."), so Discord's
    # 3-second deadline for a first response is never missed.
    defer_after: float = RESPONSE_DEADLINE_SECONDS - 1.0
    # Welcomes are opt-in: they need the privileged members intent.
    welcome: WelcomeMode = WelcomeMode.OFF
    # For WelcomeMode.CHANNEL: channel ids, one per server at most; a server without one of
    # them gets no welcome.
    welcome_channels: frozenset[int] = field(default_factory=frozenset)
