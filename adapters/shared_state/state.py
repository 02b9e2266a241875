"""`SharedState`: what replicas share through Redis, built from ROLEBOT_REDIS_URL.

The composition root opens one and takes from it the conversation memory and welcomes the core
uses, and the claims the Slack adapter makes; /healthz and /metrics read its outage.
"""

from __future__ import annotations

import asyncio
import contextlib

import redis

from adapters.claims import Claims
from adapters.shared_state.claims import RedisClaims
from adapters.shared_state.connection import DEFAULT_PREFIX, RedisConnection
from adapters.shared_state.memory import RedisMemory
from adapters.shared_state.outage import Outage
from adapters.shared_state.welcomes import RedisWelcomes
from bot.onboarding.progress import Welcomes


class SharedState:
    """Shared short-lived state in one Redis, each piece with an in-process fallback."""

    def __init__(self, url: str, prefix: str = DEFAULT_PREFIX, outage: Outage | None = None):
        """Nothing connects until the first operation (see `check`)."""
        self.connection = RedisConnection(url, prefix, outage=outage)
        self._probing: asyncio.Task[None] | None = None

    @property
    def where(self) -> str:
        """Where Redis is, for logs (no password)."""
        return self.connection.where

    @property
    def outage(self) -> Outage:
        """Whether Redis answers, and how many operations were done without it."""
        return self.connection.outage

    def check(self) -> bool:
        """Ask Redis once (at start-up); False, with the outage recorded, when it fails."""
        return self.connection.run(lambda r: bool(r.ping()), lambda: False)

    def trouble(self) -> str | None:
        """For /healthz: why shared state is degraded, or None while Redis answers.

        While Redis is failing, a probe also asks it again in the background once its retry
        time has come, so /healthz clears when Redis is back even if no turn comes to find out.
        """
        if self.outage.down is not None and self._probing is None and self.outage.worth_trying():
            with contextlib.suppress(RuntimeError):  # no running loop: a turn will find out
                self._probing = asyncio.get_running_loop().create_task(self._probe())
        return self.outage.trouble()

    async def _probe(self) -> None:
        try:
            await self.connection.loop_client.ping()
        except redis.RedisError as error:
            self.outage.failed(error)
        else:
            self.outage.answered()
        finally:
            self._probing = None

    def memory(self) -> RedisMemory:
        """Conversation memory shared by every replica."""
        return RedisMemory(self.connection)

    def welcomes(self, durable: Welcomes) -> RedisWelcomes:
        """Welcome claims shared by every replica, in front of the store's record."""
        return RedisWelcomes(self.connection, durable)

    def claims(self, namespace: str, capacity: int, ttl_seconds: float) -> Claims:
        """Claims shared by every replica (an `adapters.claims.ClaimsFactory`)."""
        return RedisClaims(self.connection, namespace, capacity, ttl_seconds)

    def close(self) -> None:
        """Close the answering threads' connections."""
        self.connection.close()

    async def aclose(self) -> None:
        """Close the event loop's connections, on that loop."""
        await self.connection.aclose()
