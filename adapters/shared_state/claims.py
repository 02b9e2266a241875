"""`Claims` in Redis: an event claimed by one replica is not answered by another, and a thread
one replica answered in is known to all. Each key expires after `ttl_seconds`.

While Redis fails, an in-process `LocalClaims` stands in: every replica then goes ahead on what
it has seen itself, so a retry reaching another replica may be answered twice, but nothing is
left unanswered.
"""

from __future__ import annotations

from adapters.claims import LocalClaims
from adapters.shared_state.connection import AsyncRedis, RedisConnection

# KEYS: the claimed keys. ARGV: their time to live in ms. Checked and set in one step, so of
# two replicas claiming at once exactly one sees none of them taken.
_CLAIM = """
local fresh = redis.call('EXISTS', unpack(KEYS)) == 0
for _, key in ipairs(KEYS) do redis.call('SET', key, '1', 'PX', ARGV[1]) end
if fresh then return 1 end
return 0
"""


class RedisClaims:
    """Claims under one namespace in Redis, for the event loop."""

    def __init__(
        self, connection: RedisConnection, namespace: str, capacity: int, ttl_seconds: float
    ) -> None:
        """`capacity` bounds the in-process stand-in; Redis keys are bounded by their expiry."""
        self._redis = connection
        self._namespace = namespace
        self._ttl_ms = max(1, round(ttl_seconds * 1000))
        self._fallback = LocalClaims(namespace, capacity, ttl_seconds)
        self._claim = connection.loop_client.register_script(_CLAIM)

    def _key(self, key: str) -> str:
        return self._redis.key(self._namespace, key)

    async def claim(self, *keys: str) -> bool:
        """Remember `keys` in Redis; True if none of them was there before."""

        async def claim(_: AsyncRedis) -> bool:
            names = [self._key(key) for key in keys]
            return bool(await self._claim(keys=names, args=[self._ttl_ms]))

        return await self._redis.run_async(claim, lambda: self._fallback.add(*keys))

    async def holds(self, key: str) -> bool:
        """Whether `key` is remembered in Redis."""

        async def holds(r: AsyncRedis) -> bool:
            return bool(await r.exists(self._key(key)))

        return await self._redis.run_async(holds, lambda: self._fallback.remembers(key))
