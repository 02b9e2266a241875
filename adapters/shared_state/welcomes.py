"""Welcome claims in Redis: when a newcomer's join reaches two replicas at once (or as two
events, one on each), only the replica that claims them first sends the welcome.

The lasting record of who was welcomed stays in the store (`durable`, which every claim won
here goes on to ask): the claim in Redis only has to outlive the moment it takes the store to
have it, so it expires after `ttl_seconds`. While Redis fails, the store alone decides, as it
does without Redis.
"""

from __future__ import annotations

from adapters.shared_state.connection import RedisConnection, SyncRedis
from bot.onboarding.progress import Welcomes, user_key

# The store has a welcome within a second or two; a day leaves room for a store that is down.
CLAIM_SECONDS = 24 * 60 * 60


class RedisWelcomes:
    """A `Welcomes` that claims each newcomer in Redis before asking the store."""

    def __init__(
        self, connection: RedisConnection, durable: Welcomes, ttl_seconds: float = CLAIM_SECONDS
    ) -> None:
        self._redis = connection
        self._durable = durable
        self._ttl_ms = max(1, round(ttl_seconds * 1000))

    def claim(self, platform: str, user: str) -> bool:
        """Mark the user welcomed and return True, unless any replica already did (False)."""
        key = self._redis.key("welcome", user_key(platform, user))

        def first(r: SyncRedis) -> bool:
            return bool(r.set(key, b"1", nx=True, px=self._ttl_ms))

        return self._redis.run(first, lambda: True) and self._durable.claim(platform, user)
