"""Discord under `rolebot serve`: the same client `rolebot discord` runs, on the shared loop."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence

from aiohttp import web

from adapters.curating.desk import CurationDesk
from adapters.discord_bot import DiscordSettings, build_client
from adapters.discord_bot.runner import FAILURES, failure_reason, quiet_voice
from adapters.serving.runtime import AdapterError
from bot.core import Core

NAME = "discord"


class DiscordAdapter:
    """Logs in at start (a refused token fails fast), then holds the gateway in a task."""

    name = NAME

    def __init__(
        self,
        core: Core,
        settings: DiscordSettings,
        token: str,
        desk: CurationDesk | None = None,
    ) -> None:
        quiet_voice()
        self.client = build_client(core, settings, desk)
        self._token = token
        self._connection: asyncio.Future[None] | None = None
        self._opened = False

    def routes(self) -> Sequence[web.RouteDef]:
        """None: Discord is reached over its gateway, not by HTTP requests to rolebot."""
        return ()

    async def start(self) -> None:
        """Log in, then connect to the gateway in the background (with discord.py's retries)."""
        self._opened = True  # login opens the HTTP session, even when the token is refused
        try:
            await self.client.login(self._token)
        except FAILURES as error:
            raise AdapterError(f"{NAME}: {failure_reason(error)}") from None
        self._connection = asyncio.ensure_future(self.client.connect())

    def connected(self) -> bool:
        """Whether the gateway session is ready."""
        return self.client.is_ready() and not self.client.is_closed()

    def failure(self) -> asyncio.Future[None] | None:
        """The gateway task: it ends only if the connection fails for good, or at close."""
        return self._connection

    def delivery_failures(self) -> None:
        """Not counted: discord.py retries server errors itself and logs what still fails."""
        return None

    async def stop_intake(self) -> None:
        """Nothing to do: discord.py cannot pause events without leaving the gateway, so the
        client stays connected (and answering) while the answers in flight finish."""

    async def close(self) -> None:
        """Leave the gateway and close the HTTP session, if `start` opened them.

        (An AutoShardedClient that never started cannot be closed: discord.py raises.)
        """
        if not self._opened:
            return
        await self.client.close()
        if self._connection is not None:
            with contextlib.suppress(Exception):
                await self._connection
