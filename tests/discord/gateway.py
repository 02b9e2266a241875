"""A fake of Discord's gateway: a WebSocket server on loopback that discord.py connects to.

It says HELLO, answers IDENTIFY with READY and heartbeats with acks, records every IDENTIFY
(with the shard it names), and pushes dispatch events to the connection of one shard.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import yarl
from aiohttp import WSMsgType, web
from discord.gateway import DiscordWebSocket

from tests.discord.payloads import BOT_ID, BOT_USER, Json

HEARTBEAT_MS = 45_000  # long enough that no heartbeat is due during a test
HELLO, IDENTIFY, HEARTBEAT, HEARTBEAT_ACK, DISPATCH = 10, 2, 1, 11, 0
UNSHARDED = (0, 1)  # what a connection without a `shard` field is: shard 0 of 1


@dataclass
class FakeGateway:
    """Discord's gateway: HELLO, READY after IDENTIFY, heartbeat acks, and pushed events."""

    url: str = ""
    identifies: list[Json] = field(default_factory=list)  # each IDENTIFY's data, in order
    sockets: dict[int, web.WebSocketResponse] = field(default_factory=dict)  # by shard id
    identified: asyncio.Event = field(default_factory=asyncio.Event)
    _sequence: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def shards(self) -> list[tuple[int, int]]:
        """The (shard id, shard count) each IDENTIFY named, in order."""
        named = (sent.get("shard", UNSHARDED) for sent in self.identifies)
        return [(shard, count) for shard, count in named]

    async def push(self, event: dict[str, Any], shard: int = 0) -> None:
        """Send a dispatch event to the client holding `shard`."""
        await self.sockets[shard].send_json(event | {"s": next(self._sequence)})

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_json({"op": HELLO, "d": {"heartbeat_interval": HEARTBEAT_MS}})
        async for frame in socket:
            if frame.type is not WSMsgType.TEXT:
                continue
            sent = json.loads(frame.data)
            if sent["op"] == HEARTBEAT:
                await socket.send_json({"op": HEARTBEAT_ACK})
            elif sent["op"] == IDENTIFY:
                await self._ready(socket, sent["d"])
        return socket

    async def _ready(self, socket: web.WebSocketResponse, identify: Json) -> None:
        shard = identify.get("shard", list(UNSHARDED))
        self.identifies.append(identify)
        self.sockets[shard[0]] = socket
        ready = {
            "v": 10,
            "user": BOT_USER,
            "guilds": [],
            "session_id": f"fake-session-{len(self.identifies)}",
            "resume_gateway_url": self.url,
            "application": {"id": BOT_ID, "flags": 0},
            "shard": shard,
        }
        sequence = next(self._sequence)
        await socket.send_json({"op": DISPATCH, "t": "READY", "s": sequence, "d": ready})
        self.identified.set()

    def application(self) -> web.Application:
        """The aiohttp application serving the gateway."""
        app = web.Application()
        app.add_routes([web.get("/", self._gateway)])
        return app


@contextlib.asynccontextmanager
async def running_gateway(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeGateway]:
    """The fake gateway on a free loopback port, with discord.py pointed at it."""
    fake = FakeGateway()
    runner = web.AppRunner(fake.application(), shutdown_timeout=0.5)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    fake.url = f"ws://127.0.0.1:{runner.addresses[0][1]}/"
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.url))
    yield fake
    await runner.cleanup()
