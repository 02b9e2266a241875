"""Slack under `rolebot serve`: HTTP mode on the shared server, or Socket Mode on its loop."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from adapters.claims import ClaimsFactory, LocalClaims
from adapters.curating.desk import CurationDesk
from adapters.serving.runtime import AdapterError
from adapters.settings.errors import SettingsError
from adapters.slack_app.app import build_app
from adapters.slack_app.installs import Installs, open_installs
from adapters.slack_app.oauth import install_routes
from adapters.slack_app.send import DeliveryFailures
from adapters.slack_app.server import INSTALL_PATH, check_tokens, events_route
from adapters.slack_app.settings import InstallSettings, Mode, SlackSettings
from bot.core import Core
from bot.store.base import StoreError

NAME = "slack"
logger = logging.getLogger(__name__)


class SlackAdapter:
    """The Bolt app `rolebot slack` runs; its tokens are checked before it counts as connected."""

    name = NAME

    def __init__(
        self,
        core: Core,
        settings: SlackSettings,
        claims: ClaimsFactory = LocalClaims,
        desk: CurationDesk | None = None,
    ) -> None:
        """Build the Bolt app; serving installs, open the store that keeps them (raises
        SettingsError naming the database when it cannot be opened)."""
        self.deliveries = DeliveryFailures()
        self.installs = None if settings.installs is None else _open(settings.installs)
        self.app = build_app(core, settings, self.deliveries, claims, self.installs, desk)
        self.settings = settings
        self._socket: AsyncSocketModeHandler | None = None
        self._signed_in = False

    def routes(self) -> Sequence[web.RouteDef]:
        """POST /slack/events in HTTP mode (and, serving installs, GET /slack/install and
        /slack/oauth_redirect); nothing in Socket Mode."""
        if self.settings.mode is not Mode.HTTP:
            return []
        events = events_route(self.app, self.settings.signing_secret)
        return [events, *(install_routes(self.app) if self.installs is not None else [])]

    async def start(self) -> None:
        """Check the tokens with Slack; in Socket Mode, open the WebSocket. Serving installs,
        there is no token to check until a workspace installs rolebot."""
        if self.installs is not None:
            logger.info("serving installs at %s", INSTALL_PATH)
            self._signed_in = True
            return
        try:
            await check_tokens(self.app, self.settings)
        except SettingsError as error:
            raise AdapterError(f"{NAME}: {error}") from None
        if self.settings.mode is Mode.SOCKET:
            self._socket = AsyncSocketModeHandler(self.app, self.settings.app_token)
            await self._socket.connect_async()  # type: ignore[no-untyped-call]
        self._signed_in = True

    def connected(self) -> bool:
        """HTTP mode: the tokens were accepted. Socket Mode: the WebSocket session is open
        (the client reconnects by itself when Slack drops it)."""
        if not self._signed_in:
            return False
        if self._socket is None:
            return True
        client = self._socket.client
        session = client.current_session
        return not client.closed and not client.stale and session is not None and not session.closed

    def failure(self) -> asyncio.Future[None] | None:
        """None: Bolt keeps no connection task that could fail for good."""
        return None

    def delivery_failures(self) -> DeliveryFailures:
        """Answers that could not be posted to Slack, after the delivery policy's retries."""
        return self.deliveries

    async def stop_intake(self) -> None:
        """Socket Mode: disconnect, so Slack delivers nothing more. HTTP mode: the shared server
        stops listening right after this."""
        self._signed_in = False
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[no-untyped-call]

    async def close(self) -> None:
        """Close the install store, if any (the Web API client opens a session per call)."""
        if self.installs is not None:
            self.installs.close()


def _open(settings: InstallSettings) -> Installs:
    try:
        return open_installs(settings.store)
    except StoreError as error:
        raise SettingsError(f"{NAME}: cannot keep installs: {error}") from None
