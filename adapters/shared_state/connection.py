"""One Redis for everything replicas share: a client for answering threads, one for the event
loop, every key under one prefix, and each operation with its in-process fallback.

Timeouts are short and redis-py's own retries are off: a Redis that is gone must cost a turn
milliseconds, not seconds, and the `Outage` decides when to try again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

import redis
import redis.asyncio
from pydantic import SecretStr
from redis.asyncio.retry import Retry as AsyncRetry
from redis.backoff import NoBackoff
from redis.retry import Retry

from adapters.shared_state.outage import Outage

# Loopback or a LAN answers in well under a millisecond; past this, Redis counts as failed.
TIMEOUT_SECONDS = 0.5
DEFAULT_PREFIX = "rolebot:"

T = TypeVar("T")
SyncRedis = redis.Redis
AsyncRedis = redis.asyncio.Redis


class RedisConnection:
    """Clients for one Redis URL, the key prefix, and the outage that both report to."""

    def __init__(
        self,
        url: str,
        prefix: str = DEFAULT_PREFIX,
        *,
        timeout: float = TIMEOUT_SECONDS,
        outage: Outage | None = None,
    ) -> None:
        """Build the clients; nothing connects until the first operation."""
        options: dict[str, Any] = {
            "socket_timeout": timeout,
            "socket_connect_timeout": timeout,
            "client_name": "rolebot",
        }
        self.sync: SyncRedis = redis.Redis.from_url(url, retry=Retry(NoBackoff(), 0), **options)
        self.loop_client: AsyncRedis = redis.asyncio.Redis.from_url(
            url, retry=AsyncRetry(NoBackoff(), 0), **options
        )
        self.prefix = prefix
        self.outage = outage if outage is not None else Outage()
        self.where = where(url)

    def key(self, *parts: str) -> str:
        """A key under this connection's prefix: ``rolebot:ctx:...``."""
        return self.prefix + ":".join(parts)

    def _worth_trying(self) -> bool:
        if self.outage.worth_trying():
            return True
        self.outage.skipped()
        return False

    def run(self, operation: Callable[[SyncRedis], T], fallback: Callable[[], T]) -> T:
        """`operation` on Redis, or `fallback()` when Redis fails or is being left alone."""
        if not self._worth_trying():
            return fallback()
        try:
            found = operation(self.sync)
        except redis.RedisError as error:
            self.outage.failed(error)
            return fallback()
        self.outage.answered()
        return found

    async def run_async(
        self, operation: Callable[[AsyncRedis], Awaitable[T]], fallback: Callable[[], T]
    ) -> T:
        """`run` for the event loop, on the asyncio client."""
        if not self._worth_trying():
            return fallback()
        try:
            found = await operation(self.loop_client)
        except redis.RedisError as error:
            self.outage.failed(error)
            return fallback()
        self.outage.answered()
        return found

    def close(self) -> None:
        """Close the answering threads' connections."""
        self.sync.close()

    async def aclose(self) -> None:
        """Close the event loop's connections (on the loop that used them)."""
        await self.loop_client.aclose()


def url_secrets(url: SecretStr | None) -> list[str]:
    """The password in a Redis URL, if any: log lines must not show it, even on its own."""
    password = urlsplit(url.get_secret_value()).password if url is not None else None
    return [password] if password else []


def where(url: str) -> str:
    """Where a Redis URL points, for logs: ``127.0.0.1:6379, database 0``; never the user or
    password (and never the URL itself, which logs redact as a secret)."""
    parts = urlsplit(url)
    if parts.scheme == "unix":
        return f"socket {parts.path}"
    database = parts.path.strip("/") or "0"
    tls = " over TLS" if parts.scheme == "rediss" else ""
    return f"{parts.hostname or 'localhost'}:{parts.port or 6379}{tls}, database {database}"
