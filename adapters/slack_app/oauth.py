"""Installs to many workspaces: Bolt's own OAuth flow, on rolebot's stores, and its two routes.

GET /slack/install sends the browser to Slack's consent page (with a state that Slack hands
back, kept in the configured database); GET /slack/oauth_redirect exchanges Slack's code for the
workspace's bot token (`oauth.v2.access`) and keeps it. Every request from Slack is then
answered with the token of the workspace it came from, which Bolt looks up in the store.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack_app.installs import Installs
from adapters.slack_app.installs.stores import STATE_SECONDS, InstallationStore, StateStore
from adapters.slack_app.manifest import bot_scopes
from adapters.slack_app.server import INSTALL_PATH, REDIRECT_PATH
from adapters.slack_app.settings import InstallSettings

logger = logging.getLogger(__name__)


def oauth_flow(
    settings: InstallSettings, installs: Installs, client: AsyncWebClient
) -> AsyncOAuthFlow:
    """Bolt's OAuth flow asking for the manifest's bot scopes, keeping installs and states in
    `installs`; `client` reaches Slack's Web API (oauth.v2.access, auth.test)."""
    store = InstallationStore(installs)
    oauth = AsyncOAuthSettings(
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        scopes=bot_scopes(),
        user_scopes=[],  # rolebot acts as its bot only
        redirect_uri=settings.redirect_uri,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        install_page_rendering_enabled=False,  # /slack/install goes straight to Slack
        installation_store=store,
        installation_store_bot_only=True,
        state_store=StateStore(installs, STATE_SECONDS),
        state_expiration_seconds=STATE_SECONDS,
    )
    # Bolt checks a token with auth.test before using it; caching that result saves one call to
    # Slack per request. The token itself is still read from the store for every request, so an
    # uninstall takes effect at once, on every replica.
    oauth.authorize = AsyncInstallationStoreAuthorize(
        logger=logger,
        installation_store=store,
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        bot_only=True,
        cache_enabled=True,
        client=client,
    )
    return AsyncOAuthFlow(client=client, logger=logger, settings=oauth)


def install_routes(app: AsyncApp) -> list[web.RouteDef]:
    """GET /slack/install and GET /slack/oauth_redirect, handled by the app's OAuth flow."""
    flow = app.oauth_flow
    if flow is None:
        raise ValueError("the Bolt app serves one workspace: it has no install flow")

    def route(
        handle: Callable[[AsyncBoltRequest], Awaitable[BoltResponse]],
    ) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def handler(request: web.Request) -> web.Response:
            return await to_aiohttp_response(await handle(await to_bolt_request(request)))

        return handler

    return [
        web.get(flow.install_path, route(flow.handle_installation)),
        web.get(flow.redirect_uri_path, route(flow.handle_callback)),
    ]
