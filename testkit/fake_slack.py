"""A local stand-in for Slack: its Web API and response_urls, recording what rolebot sends.

It runs on 127.0.0.1, port 0, as a real aiohttp server, so rolebot's slack_sdk client and bolt's
response_url client talk HTTP to it exactly as they would to Slack.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import itertools
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

BOT_USER = "W111"  # the bot user in the recorded payloads (their `authorizations` and mentions)
TEAM = "T111"
POLL_SECONDS = 0.01
HTTP_TOO_MANY = 429
DROP = "<drop the connection>"  # a planned failure: close the connection without answering
RESPONSE_URL_USES = 5  # Slack accepts five posts to one response_url


@dataclass(frozen=True)
class Call:
    """One request rolebot made: a Web API method or a response_url post, with its arguments."""

    method: str
    args: dict[str, Any]
    token: str = ""

    @property
    def blocks(self) -> list[dict[str, Any]]:
        """The posted blocks."""
        return list(self.args.get("blocks") or [])

    @property
    def headers(self) -> list[str]:
        """The text of each header block."""
        return [b["text"]["text"] for b in self.blocks if b["type"] == "header"]

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """Every button, in order."""
        return [e for b in self.blocks if b["type"] == "actions" for e in b["elements"]]

    @property
    def suggestions(self) -> list[dict[str, Any]]:
        """The suggestion buttons (each asks its value)."""
        return self._buttons_of("rolebot:suggestions")

    @property
    def votes(self) -> list[dict[str, Any]]:
        """The feedback buttons (each carries the answer id)."""
        return self._buttons_of("rolebot:votes")

    def _buttons_of(self, block_id: str) -> list[dict[str, Any]]:
        return [e for b in self.blocks if b.get("block_id") == block_id for e in b["elements"]]

    def visible_text(self) -> str:
        """All text a user would see in the message: the fallback and every block's text."""
        return "\n".join([str(self.args.get("text", "")), *_texts(self.blocks)])


def _texts(value: Any) -> list[str]:
    """Every string under a "text" key, at any depth (text objects, table cells, buttons)."""
    if isinstance(value, dict):
        own = [v for k, v in value.items() if k == "text" and isinstance(v, str)]
        return own + [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for item in value for t in _texts(item)]
    return []


@dataclass(frozen=True)
class Workspace:
    """A workspace rolebot can be installed in, and the bot token an install there gets."""

    team_id: str
    name: str
    bot_token: str
    bot_user_id: str = BOT_USER
    bot_id: str = "B111"
    enterprise_id: str | None = None  # its Enterprise Grid organisation, if any

    def identity(self) -> dict[str, Any]:
        """What auth.test answers for the workspace's bot token."""
        return {
            "ok": True,
            "url": f"https://{self.name.lower()}.slack.com/",
            "team": self.name,
            "user": "rolebot",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "enterprise_id": self.enterprise_id,
            "is_enterprise_install": False,
        }


DEFAULT_WORKSPACE = Workspace(TEAM, "Test", "")  # auth.test's answer for any other token


@dataclass
class FakeSlack:
    """Records calls; `fail` queues error answers per method (an HTTP status, a Slack error, or
    DROP; response_urls take statuses, keyed ``response_url:NAME``); `hold` counts the next calls of
    a method to keep waiting (recorded only once `release` lets them through).

    Installs: `installs` maps each OAuth code Slack would hand a browser to the workspace that
    approved it; oauth.v2.access trades a code (once) for that workspace's bot token when the
    app's `client_id` and `client_secret` come with it, as Slack does.
    """

    calls: list[Call] = field(default_factory=list)
    client_id: str = ""
    client_secret: str = ""
    installs: dict[str, Workspace] = field(default_factory=dict)
    installed: list[Workspace] = field(default_factory=list)  # whose codes were exchanged
    fail: dict[str, list[int | str]] = field(default_factory=dict)
    hold: dict[str, int] = field(default_factory=dict)
    holding: int = 0  # calls being held now
    envelopes: list[dict[str, Any]] = field(default_factory=list)  # Socket Mode deliveries
    url: str = ""
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _uses: Counter[str] = field(default_factory=Counter)  # calls recorded, per method
    _changed: asyncio.Event = field(default_factory=asyncio.Event)
    _released: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def api_url(self) -> str:
        """The Web API base URL, as ROLEBOT_SLACK_API_URL would give it."""
        return f"{self.url}/api/"

    def response_url(self, name: str) -> str:
        """A response_url that records posts under `name`."""
        return f"{self.url}/response/{name}"

    @property
    def posts(self) -> list[Call]:
        """Everything a user could see: messages, ephemeral messages, response_url posts."""
        return [c for c in self.calls if c.method.startswith(("chat.", "response_url"))]

    async def wait_for_posts(self, count: int, timeout: float = 5.0) -> list[Call]:
        """The posts once there are at least `count` of them."""
        await self.wait_until(lambda: len(self.posts) >= count, timeout)
        return self.posts

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until `condition()` holds, or fail after `timeout` seconds.

        Checked after each request the fake receives, and every few milliseconds for conditions
        on other things (logs, for example).
        """
        async with asyncio.timeout(timeout):
            while not condition():
                self._changed.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), POLL_SECONDS)

    def release(self) -> None:
        """Let every held call through (tests end with this, so the server can close)."""
        self._released.set()

    async def _held(self, method: str) -> None:
        if self.hold.get(method, 0) <= 0:
            return
        self.hold[method] -= 1
        self.holding += 1
        self._changed.set()
        try:
            await self._released.wait()
        finally:
            self.holding -= 1

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        self._uses[call.method] += 1
        self._changed.set()

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        raw = await request.text()
        if request.content_type == "application/json":
            args: dict[str, Any] = json.loads(raw) if raw else {}
        else:
            args = dict(parse_qsl(raw))
        args = {**request.query, **args}  # some methods (conversations.open) send query params
        authorization = request.headers.get("Authorization", "")
        token = authorization.removeprefix("Bearer ")
        if authorization.startswith("Basic "):  # oauth.v2.access: the app's own credentials
            args.update(_client_credentials(authorization.removeprefix("Basic ")))
            token = ""
        await self._held(method)
        planned = self.fail.get(method)
        failure = planned.pop(0) if planned else None
        if failure == DROP and request.transport is not None:
            request.transport.close()
            return web.Response()  # never reaches the client: its connection is gone
        if isinstance(failure, int):
            # Retry-After 0: slack_sdk still waits up to a second of jitter before retrying.
            error = "ratelimited" if failure == HTTP_TOO_MANY else "internal_error"
            return web.json_response(
                {"ok": False, "error": error}, status=failure, headers={"Retry-After": "0"}
            )
        self._record(Call(method, args, token))
        if isinstance(failure, str):
            return web.json_response({"ok": False, "error": failure})
        return web.json_response(self._answer(method, args, token))

    def _answer(self, method: str, args: dict[str, Any], token: str) -> dict[str, Any]:
        ts = f"1700000000.{next(self._ts):06d}"
        match method:
            case "auth.test":
                mine = [w for w in self.installed if w.bot_token == token]
                return (mine or [DEFAULT_WORKSPACE])[0].identity()
            case "oauth.v2.access":
                return self._exchange(args)
            case "chat.postMessage":
                return {"ok": True, "channel": args.get("channel"), "ts": ts, "message": args}
            case "chat.postEphemeral":
                return {"ok": True, "message_ts": ts}
            case "conversations.open":  # a direct message's id: D, then the user's
                return {"ok": True, "channel": {"id": "D" + str(args.get("users", ""))[1:]}}
            case "apps.connections.open":
                return {"ok": True, "url": "ws" + self.url.removeprefix("http") + "/socket"}
            case _:
                return {"ok": True}

    def _exchange(self, args: dict[str, Any]) -> dict[str, Any]:
        """oauth.v2.access: the app's credentials and a code, for the workspace's bot token."""
        if (args.get("client_id"), args.get("client_secret")) != (
            self.client_id,
            self.client_secret,
        ):
            return {"ok": False, "error": "invalid_client"}
        workspace = self.installs.pop(str(args.get("code")), None)  # a code works once
        if workspace is None:
            return {"ok": False, "error": "invalid_code"}
        self.installed.append(workspace)
        return {
            "ok": True,
            "app_id": "A111",
            "authed_user": {"id": "W222"},
            "scope": "app_mentions:read,chat:write,commands",
            "token_type": "bot",
            "access_token": workspace.bot_token,
            "bot_user_id": workspace.bot_user_id,
            "team": {"id": workspace.team_id, "name": workspace.name},
            "enterprise": (
                None if workspace.enterprise_id is None else {"id": workspace.enterprise_id}
            ),
            "is_enterprise_install": False,
        }

    async def _response_url(self, request: web.Request) -> web.Response:
        method = f"response_url:{request.match_info['name']}"
        await self._held(method)
        planned = self.fail.get(method)
        failure = planned.pop(0) if planned else None
        if isinstance(failure, int):
            return web.Response(status=failure, text="server_error")
        if self._uses[method] >= RESPONSE_URL_USES:
            return web.Response(status=404, text="used_url")
        self._record(Call(method, await request.json()))
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        """Socket Mode: greet, deliver the queued envelopes, record the client's acks."""
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_json({"type": "hello", "num_connections": 1})
        for envelope in self.envelopes:
            await socket.send_json(envelope)
        async for frame in socket:
            if frame.type is WSMsgType.TEXT:
                self._record(Call("socket_mode_ack", json.loads(frame.data)))
        return socket

    def application(self) -> web.Application:
        """The aiohttp application serving the fake."""
        app = web.Application()
        app.add_routes(
            [
                web.post("/api/{method}", self._api),
                web.post("/response/{name}", self._response_url),
                web.get("/socket", self._socket),
            ]
        )
        return app


def _client_credentials(basic: str) -> dict[str, str]:
    """client_id and client_secret from an HTTP Basic credential (none if it is malformed)."""
    try:
        client_id, _, secret = base64.b64decode(basic, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return {}
    return {"client_id": client_id, "client_secret": secret}
