"""Tour positions and welcomes kept in the store, so they survive a restart.

Writes go through the Recorder like every other row, so moving through the tour never waits
for the disk. Because those writes land a moment later, reads look in memory first, where
every write of this process is already visible, and only ask the store about users this
process has not seen yet (after a restart, say). A read the store cannot answer counts as
"nothing saved" and is tried again next time; these classes never raise.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from bot.onboarding.progress import user_key
from bot.store.base import Store, StoreError
from bot.store.recorder import Recorder
from bot.store.rows import Clock, TourRow, WelcomeRow, utc_now

log = logging.getLogger(__name__)

OpenStore = Callable[[], Store]  # opens a connection for one read; closed straight after
_T = TypeVar("_T")


def _read(open_store: OpenStore, read: Callable[[Store], _T]) -> _T | None:
    """One read on a fresh connection (connections are per thread); None when it fails."""
    try:
        store = open_store()
    except StoreError as error:
        log.warning("cannot read onboarding state: %s", error)
        return None
    try:
        return read(store)
    except StoreError as error:
        log.warning("cannot read onboarding state: %s", error)
        return None
    finally:
        store.close()


class StoredTourProgress:
    """A TourProgress whose positions outlive the process."""

    def __init__(self, recorder: Recorder, open_store: OpenStore, clock: Clock = utc_now) -> None:
        self._recorder = recorder
        self._open_store = open_store
        self._clock = clock
        self._known: dict[str, int | None] = {}  # what this process wrote or read, None included
        self._lock = threading.Lock()

    def get(self, user_key: str) -> int | None:
        """The user's step: from memory, else from the store (then remembered)."""
        with self._lock:  # held across the read, so a concurrent set() cannot be overwritten
            if user_key in self._known:
                return self._known[user_key]
            found = _read(self._open_store, lambda store: (store.tour_step(user_key),))
            if found is None:
                return None  # the store failed: not remembered, so the next call asks again
            self._known[user_key] = found[0]
            return found[0]

    def set(self, user_key: str, step: int | None) -> None:
        """Remember the user's step at once; the store has it a moment later."""
        with self._lock:
            self._known[user_key] = step
        self._recorder.submit(TourRow(user_key, step, self._clock()))


class StoredWelcomes:
    """Welcomes remembered in the store, so nobody is welcomed twice, even across restarts."""

    def __init__(self, recorder: Recorder, open_store: OpenStore, clock: Clock = utc_now) -> None:
        self._recorder = recorder
        self._open_store = open_store
        self._clock = clock
        self._welcomed: set[str] = set()
        self._lock = threading.Lock()

    def claim(self, platform: str, user: str) -> bool:
        """Mark the user welcomed; True only the first time, whatever the process."""
        key = user_key(platform, user)
        with self._lock:
            if self._seen(key):
                return False
            self._mark(key)
            return True

    def _seen(self, key: str) -> bool:
        if key in self._welcomed:
            return True
        # Unreadable store: better to risk a second welcome than to never welcome anyone.
        if _read(self._open_store, lambda store: store.welcomed(key)):
            self._welcomed.add(key)
            return True
        return False

    def _mark(self, key: str) -> None:
        self._welcomed.add(key)
        self._recorder.submit(WelcomeRow(key, self._clock()))
