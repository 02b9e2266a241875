"""A bounded memory of recently seen keys: for not answering an event twice, and active threads."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable


class RecentKeys:
    """Keys seen in the last `ttl_seconds`, at most `capacity` of them (oldest forgotten first).

    Everything runs on the event loop, so no lock is needed.
    """

    def __init__(
        self,
        capacity: int,
        ttl_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._capacity = capacity
        self._ttl = ttl_seconds
        self._clock = clock
        self._seen: OrderedDict[Hashable, float] = OrderedDict()

    def _forget_old(self, now: float) -> None:
        while self._seen and (
            len(self._seen) > self._capacity or now - next(iter(self._seen.values())) > self._ttl
        ):
            self._seen.popitem(last=False)

    def __contains__(self, key: Hashable) -> bool:
        self._forget_old(self._clock())
        return key in self._seen

    def add(self, *keys: Hashable) -> bool:
        """Remember `keys`; True if none of them was seen before (the caller goes ahead)."""
        now = self._clock()
        self._forget_old(now)
        fresh = not any(key in self._seen for key in keys)
        for key in keys:
            self._seen[key] = now
            self._seen.move_to_end(key)
        self._forget_old(now)
        return fresh

    def __len__(self) -> int:
        return len(self._seen)
