"""What serving the Bolt app needs beyond the app: its HTTP route and a token check at start."""

from __future__ import annotations

import logging

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from adapters.settings.errors import SettingsError
from adapters.settings.sections import SLACK_APP_TOKEN_ENV, SLACK_BOT_TOKEN_ENV
from adapters.slack_app.settings import Mode, SlackSettings

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"  # events, slash commands and interactivity all arrive here


def events_route(app: AsyncApp) -> web.RouteDef:
    """POST /slack/events to Bolt, which checks signatures (on the serving HTTP server)."""

    async def slack_events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    return web.post(EVENTS_PATH, slack_events)


async def check_tokens(app: AsyncApp, settings: SlackSettings) -> None:
    """Try the tokens once before serving; raises SettingsError naming a refused one.

    A wrong token is then one clear error at start rather than failures on every request
    (HTTP) or reconnection attempts forever (Socket Mode).
    """
    variable = SLACK_BOT_TOKEN_ENV
    try:
        identity = await app.client.auth_test()
        if settings.mode is Mode.SOCKET:
            variable = SLACK_APP_TOKEN_ENV
            await app.client.apps_connections_open(app_token=settings.app_token)
    except SlackApiError as error:
        raise SettingsError(
            f"{variable} was refused by Slack ({error.response.get('error')})"
        ) from None
    except (aiohttp.ClientError, OSError) as error:
        raise SettingsError(
            f"cannot reach Slack's Web API at {settings.api_url} ({error})"
        ) from None
    logger.info("signed in to %s as @%s", identity.get("team"), identity.get("user"))
