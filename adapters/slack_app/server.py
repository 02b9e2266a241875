"""What serving the Bolt app needs beyond the app: its HTTP route and a token check at start."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError

from adapters.settings.errors import SettingsError
from adapters.settings.names import SLACK_APP_TOKEN_ENV, SLACK_BOT_TOKEN_ENV
from adapters.slack_app.intake import (
    HTTP_BAD_REQUEST,
    Refusal,
    RefusalLog,
    readable,
    signed,
    ssl_check,
)
from adapters.slack_app.settings import Mode, SlackSettings

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"  # events, slash commands and interactivity all arrive here
INSTALL_PATH = "/slack/install"  # installs to many workspaces: where an install begins
REDIRECT_PATH = "/slack/oauth_redirect"  # and where Slack sends the browser back


def events_route(app: AsyncApp, signing_secret: str) -> web.RouteDef:
    """POST /slack/events to Bolt (on the serving HTTP server), once the request is known to
    be signed with `signing_secret` and readable; anything else is a 4xx and a short line."""
    refusals = RefusalLog(logger)

    def refuse(refusal: Refusal) -> web.Response:
        refusals.refused(refusal)
        return web.Response(
            status=refusal.status, text=refusal.body, content_type="application/json"
        )

    async def slack_events(request: web.Request) -> web.Response:
        raw = await request.read()
        if ssl_check(raw):
            return web.Response()  # as Bolt answers it: nothing to verify, nothing to run
        # One view of the headers for the checks and for Bolt: lower-case names, one value each.
        headers = {name.lower(): value for name, value in request.headers.items()}
        outcome = signed(signing_secret, raw, headers) or readable(raw, headers)
        if isinstance(outcome, Refusal):
            return refuse(outcome)
        try:
            bolt_request = AsyncBoltRequest(
                body=outcome,
                query=request.query_string,
                headers=dict[str, str | Sequence[str]](headers),
            )
        except (AttributeError, TypeError, KeyError, IndexError, ValueError):
            # Signed, but shaped so that Bolt cannot read it (`"authorizations": "x"`).
            return refuse(Refusal(HTTP_BAD_REQUEST, "Bolt cannot read the payload's shape"))
        return await to_aiohttp_response(await app.async_dispatch(bolt_request))

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
