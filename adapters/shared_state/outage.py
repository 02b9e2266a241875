"""Whether Redis is answering, and what was done without it: for fallbacks, metrics and health.

After a failure, Redis is left alone for `retry_seconds` (operations go straight to their
in-process fallback), so a Redis that hangs costs one timeout now and then, not one per turn.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

RETRY_SECONDS = 2.0  # a restarted Redis is used again within a couple of seconds


@dataclass(frozen=True, slots=True)
class Down:
    """Since when Redis has been failing, and the latest reason."""

    since: float
    reason: str


class Outage:
    """Counts operations Redis could not serve and remembers whether it is failing now.

    Thread-safe: answering threads and the event loop both report here.
    """

    def __init__(
        self, retry_seconds: float = RETRY_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._retry = retry_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._down: Down | None = None
        self._next_try = 0.0
        self._fallbacks = 0

    @property
    def fallbacks(self) -> int:
        """Operations done in-process because Redis failed or was being left alone."""
        return self._fallbacks

    @property
    def down(self) -> Down | None:
        """The current outage, or None while Redis answers."""
        return self._down

    def worth_trying(self) -> bool:
        """Whether to ask Redis now: it answers, or its retry time has come."""
        with self._lock:
            return self._down is None or self._clock() >= self._next_try

    def failed(self, error: Exception) -> None:
        """Redis failed an operation (which then falls back): count it, and wait before
        trying again. The first failure of an outage is logged; the rest are counted."""
        reason = _reason(error)
        with self._lock:
            now = self._clock()
            first = self._down is None
            self._down = Down(now if self._down is None else self._down.since, reason)
            self._next_try = now + self._retry
            self._fallbacks += 1
        if first:
            log.warning("redis failed, sharing nothing until it answers again: %s", reason)

    def skipped(self) -> None:
        """An operation went straight to its fallback while Redis is being left alone."""
        with self._lock:
            self._fallbacks += 1

    def answered(self) -> None:
        """Redis answered: the outage, if any, is over."""
        if self._down is None:  # the common case, without taking the lock
            return
        with self._lock:
            was, self._down = self._down, None
        if was is not None:
            log.info("redis answers again after %.0f s", self._clock() - was.since)

    def trouble(self) -> str | None:
        """For /healthz: why shared state is degraded, or None while Redis answers."""
        down = self._down
        if down is None:
            return None
        return (
            f"redis unavailable for {self._clock() - down.since:.0f} s, state kept in this "
            f"process meanwhile: {down.reason}"
        )


def _reason(error: Exception) -> str:
    """One line: the error's type and message (redis-py's never include the password)."""
    text = " ".join(str(error).split()) or "no message"
    return f"{type(error).__name__}: {text}"[:300]
