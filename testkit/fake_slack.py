"""A local stand-in for Slack: its Web API and response_urls, recording what rolebot sends.

It runs on 127.0.0.1, port 0, as a real aiohttp server, so rolebot's slack_sdk client and bolt's
response_url client talk HTTP to it exactly as they would to Slack.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
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


@dataclass
class FakeSlack:
    """Records calls; `fail` queues error answers per method (an HTTP status, a Slack error, or
    DROP; response_urls take statuses, keyed ``response_url:NAME``); `hold` counts the next calls of
    a method to keep waiting (recorded only once `release` lets them through)."""

    calls: list[Call] = field(default_factory=list)
    fail: dict[str, list[int | str]] = field(default_factory=dict)
    hold: dict[str, int] = field(default_factory=dict)
    holding: int = 0  # calls being held now
    envelopes: list[dict[str, Any]] = field(default_factory=list)  # Socket Mode deliveries
    url: str = ""
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
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
        self._changed.set()

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        raw = await request.text()
        if request.content_type == "application/json":
            args: dict[str, Any] = json.loads(raw) if raw else {}
        else:
            args = dict(parse_qsl(raw))
        args = {**request.query, **args}  # some methods (conversations.open) send query params
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
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
        return web.json_response(self._answer(method, args))

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        ts = f"1700000000.{next(self._ts):06d}"
        match method:
            case "auth.test":
                return {
                    "ok": True,
                    "url": "https://test.slack.com/",
                    "team": "Test",
                    "user": "rolebot",
                    "team_id": TEAM,
                    "user_id": BOT_USER,
                    "bot_id": "B111",
                    "is_enterprise_install": False,
                }
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

    async def _response_url(self, request: web.Request) -> web.Response:
        method = f"response_url:{request.match_info['name']}"
        await self._held(method)
        planned = self.fail.get(method)
        failure = planned.pop(0) if planned else None
        if isinstance(failure, int):
            return web.Response(status=failure, text="server_error")
        if sum(c.method == method for c in self.calls) >= RESPONSE_URL_USES:
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
