"""rolebot on Discord: app commands with autocomplete, mentions, DMs, embeds and buttons.

`build_client(core, settings)` returns a discord.py client without connecting; `translate`
and `render` are the pure halves (Discord event to `Message`, `Reply` to messages) and
`respond` and `send` the glue between them.
"""

from adapters.discord_bot.client import RolebotClient, build_client
from adapters.discord_bot.settings import DiscordSettings

__all__ = ["DiscordSettings", "RolebotClient", "build_client"]
