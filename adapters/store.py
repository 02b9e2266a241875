"""The SQLite store, wired up by the composition root: recording and onboarding state.

The core only knows the store's interface (`bot.store.base.Store`); which store is opened,
where and with which settings is decided here, on the adapters' side.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from bot.kb.taught import Taught
from bot.store.base import Store
from bot.store.onboarding import StoredTourProgress, StoredWelcomes
from bot.store.recorder import Recorder
from bot.store.recording import Recording
from bot.store.settings import RecordingSettings
from bot.store.sqlite import SqliteStore


def open_store(settings: RecordingSettings) -> SqliteStore:
    """The SQLite store at `settings.path`, created on first use; raises StoreError."""
    return SqliteStore(settings.path, busy_timeout_ms=settings.busy_timeout_ms)


def read_taught(settings: RecordingSettings) -> Taught:
    """What curators taught, from the store; nothing when there is no store yet (reading must
    not create one). Raises StoreError when the store cannot be read."""
    if not settings.path.exists():
        return Taught()
    store = open_store(settings)
    try:
        return store.taught()
    finally:
        store.close()


def _store_opener(settings: RecordingSettings) -> Callable[[], Store]:
    return lambda: SqliteStore(settings.path, busy_timeout_ms=settings.busy_timeout_ms)


def _recorder(settings: RecordingSettings, open_store: Callable[[], Store]) -> Recorder:
    return Recorder(open_store, retention=timedelta(days=settings.retention_days))


def open_recording(settings: RecordingSettings) -> Recording:
    """The recording observer on a SQLite store at `settings.path` (created on first use)."""
    return Recording(
        _recorder(settings, _store_opener(settings)),
        low_confidence=settings.low_confidence,
        keep_user_ids=settings.keep_user_ids,
    )


@dataclass(frozen=True, slots=True)
class Onboarding:
    """Tour positions and welcomes kept in the store, and the recorder that writes them."""

    progress: StoredTourProgress
    welcomes: StoredWelcomes
    recorder: Recorder

    def close(self, timeout: float | None = 10.0) -> bool:
        """Write what is still queued and close the store; True if that finished in time."""
        return self.recorder.close(timeout)


def open_onboarding(settings: RecordingSettings) -> Onboarding:
    """Tour positions and welcomes in the SQLite store at `settings.path`.

    Whatever the user-id setting, these are kept under pseudonyms (see
    `bot.onboarding.progress`).
    """
    open_store = _store_opener(settings)
    recorder = _recorder(settings, open_store)
    return Onboarding(
        StoredTourProgress(recorder, open_store), StoredWelcomes(recorder, open_store), recorder
    )
