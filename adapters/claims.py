"""Keys claimed for a while: for answering an event once, and knowing the threads rolebot is in.

`Claims` is what adapters depend on; `LocalClaims` keeps them in this process (the default),
`adapters.shared_state.claims.RedisClaims` in Redis, shared by every replica.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol


class Claims(Protocol):
    """Keys remembered for a while; whoever claims a key first goes ahead."""

    async def claim(self, *keys: str) -> bool:
        """Remember `keys` from now on; True if none of them was remembered before (the
        caller is the first and goes ahead). Atomic: of two claims at once, one wins."""
        ...

    async def holds(self, key: str) -> bool:
        """Whether `key` is remembered."""
        ...


# A namespace ("slack:events"), at most how many keys an in-process store keeps, and for how
# many seconds each is remembered: what adapters are handed to make the claims they need.
ClaimsFactory = Callable[[str, int, float], Claims]


class LocalClaims:
    """Keys claimed in the last `ttl_seconds`, at most `capacity` of them (oldest forgotten
    first). Everything runs on one event loop, so no lock is needed."""

    def __init__(
        self,
        namespace: str,
        capacity: int,
        ttl_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.namespace = namespace
        self._capacity = capacity
        self._ttl = ttl_seconds
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()

    def _forget_old(self, now: float) -> None:
        while self._seen and (
            len(self._seen) > self._capacity or now - next(iter(self._seen.values())) > self._ttl
        ):
            self._seen.popitem(last=False)

    def remembers(self, key: str) -> bool:
        """`holds`, for callers off the event loop."""
        self._forget_old(self._clock())
        return key in self._seen

    def add(self, *keys: str) -> bool:
        """`claim`, for callers off the event loop."""
        now = self._clock()
        self._forget_old(now)
        fresh = not any(key in self._seen for key in keys)
        for key in keys:
            self._seen[key] = now
            self._seen.move_to_end(key)
        self._forget_old(now)
        return fresh

    async def claim(self, *keys: str) -> bool:
        """Remember `keys`; True if none of them was remembered before."""
        return self.add(*keys)

    async def holds(self, key: str) -> bool:
        """Whether `key` is remembered."""
        return self.remembers(key)

    def __len__(self) -> int:
        return len(self._seen)
