"""Serving the Bolt app: HTTP on aiohttp's server (with a health check), or Socket Mode."""

from __future__ import annotations

import asyncio
import logging

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from adapters.slack_app.app import Core, build_app
from adapters.slack_app.settings import APP_TOKEN, BOT_TOKEN, Mode, SettingsError, SlackSettings
from bot.progress import Welcomes

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"  # events, slash commands and interactivity all arrive here
HEALTH_PATH = "/healthz"


def events_route(app: AsyncApp) -> web.RouteDef:
    """POST /slack/events to Bolt, which checks signatures; `rolebot serve` mounts it too."""

    async def slack_events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    return web.post(EVENTS_PATH, slack_events)


def web_application(app: AsyncApp) -> web.Application:
    """The aiohttp application: POST /slack/events to Bolt (it checks signatures), GET /healthz."""

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    application = web.Application()
    application.add_routes([events_route(app), web.get(HEALTH_PATH, healthz)])
    return application


def serve_http(app: AsyncApp, host: str, port: int) -> None:
    """Serve until interrupted; aiohttp handles SIGINT and SIGTERM with a graceful shutdown."""
    web.run_app(web_application(app), host=host, port=port)


async def serve_socket_mode(app: AsyncApp, app_token: str) -> None:
    """Connect to Slack over Socket Mode and serve until cancelled."""
    handler = AsyncSocketModeHandler(app, app_token)
    try:
        await handler.start_async()  # type: ignore[no-untyped-call]
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]


async def check_tokens(app: AsyncApp, settings: SlackSettings) -> None:
    """Try the tokens once before serving; raises SettingsError naming a refused one.

    A wrong token is then one clear error at start rather than failures on every request
    (HTTP) or reconnection attempts forever (Socket Mode).
    """
    variable = BOT_TOKEN
    try:
        identity = await app.client.auth_test()
        if settings.mode is Mode.SOCKET:
            variable = APP_TOKEN
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


def run(
    engine: Core,
    settings: SlackSettings,
    *,
    host: str,
    port: int,
    welcomes: Welcomes | None = None,
) -> int:
    """`rolebot slack`: check the tokens, then serve until interrupted; the exit code.

    Raises SettingsError when Slack refuses a token or cannot be reached. `welcomes`
    remembers who has been welcomed (see `build_app`).
    """
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    app = build_app(engine, settings, welcomes)
    asyncio.run(check_tokens(app, settings))
    if settings.mode is Mode.HTTP:
        serve_http(app, host, port)
    else:
        asyncio.run(serve_socket_mode(app, settings.app_token))
    return 0
