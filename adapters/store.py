"""The store, wired up by the composition root: recording and onboarding state.

The core only knows the store's interface (`bot.store.base.Store`); which store is opened (a
SQLite file, or PostgreSQL when ROLEBOT_DATABASE_URL is set), where and with which settings is
decided here, on the adapters' side. psycopg is imported only when PostgreSQL is chosen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from types import TracebackType
from typing import TYPE_CHECKING

from bot.kb.taught import Taught
from bot.store.onboarding import StoredTourProgress, StoredWelcomes
from bot.store.recorder import Recorder
from bot.store.recording import Recording
from bot.store.settings import RecordingSettings
from bot.store.sql import SqlStore
from bot.store.sqlite import SqliteStore

if TYPE_CHECKING:
    from bot.store.postgres import PostgresDatabase


def open_store(settings: RecordingSettings) -> SqlStore:
    """The configured store on a connection of its own, for a command that runs and exits
    (the SQLite file is created on first use); raises StoreError."""
    if settings.database_url is not None:
        from bot.store.postgres import PostgresStore

        _quiet_pool()
        return PostgresStore.open(settings.database_url)
    return SqliteStore(settings.path, busy_timeout_ms=settings.busy_timeout_ms)


def _quiet_pool() -> None:
    """Say why the database cannot be reached once, where it matters (the writer logs that
    writing fails and that it works again; a command says why it failed), rather than have the
    pool log every attempt to reconnect."""
    logging.getLogger("psycopg.pool").setLevel(logging.ERROR)


def store_exists(settings: RecordingSettings) -> bool:
    """Whether anything can have been recorded yet (see `RecordingSettings.exists`)."""
    return settings.exists


def read_taught(settings: RecordingSettings) -> Taught:
    """What curators taught, from the store; nothing when there is no store yet (reading must
    not create one). Raises StoreError when the store cannot be read."""
    return _taught(settings, lambda: open_store(settings))


def _taught(settings: RecordingSettings, opened: Callable[[], SqlStore]) -> Taught:
    if not store_exists(settings):
        return Taught()
    store = opened()
    try:
        return store.taught()
    finally:
        store.close()


class Storage:
    """The store a long-running process writes to and reads from: for PostgreSQL, one pool of
    connections that the recorders and onboarding reads share; for SQLite, a connection per
    thread (each opens the file). Close it after everything made from it."""

    def __init__(self, settings: RecordingSettings) -> None:
        """Start connecting to PostgreSQL in the background (nothing waits for the server:
        rolebot answers while the database is down); SQLite is opened by each user."""
        self.settings = settings
        self._database: PostgresDatabase | None = None
        if settings.database_url is not None:
            from bot.store.postgres import PostgresDatabase

            _quiet_pool()
            self._database = PostgresDatabase(
                settings.database_url, busy_timeout_ms=settings.busy_timeout_ms
            )

    def open(self) -> SqlStore:
        """A store for one thread or one read; raises StoreError (StoreUnavailable while a
        database server cannot be reached)."""
        if self._database is not None:
            return self._database.store()
        return SqliteStore(self.settings.path, busy_timeout_ms=self.settings.busy_timeout_ms)

    def open_for_reading(self) -> SqlStore:
        """A store for one read an answer waits on: while a database server cannot be reached,
        it says so within about a second rather than the writer's few."""
        if self._database is not None:
            return self._database.store(reading=True)
        return self.open()

    def taught(self) -> Taught:
        """What curators taught (see `read_taught`), through this process' connections."""
        return _taught(self.settings, self.open)

    def recorder(self) -> Recorder:
        """A writer of rows to this store, on a thread of its own."""
        return Recorder(self.open, retention=timedelta(days=self.settings.retention_days))

    def recording(self) -> Recording:
        """The recording observer (answers, misses, votes) on this store."""
        return Recording(
            self.recorder(),
            low_confidence=self.settings.low_confidence,
            keep_user_ids=self.settings.keep_user_ids,
        )

    def onboarding(self) -> Onboarding:
        """Tour positions and welcomes in this store.

        Whatever the user-id setting, these are kept under pseudonyms (see
        `bot.onboarding.progress`).
        """
        recorder = self.recorder()
        return Onboarding(
            StoredTourProgress(recorder, self.open_for_reading),
            StoredWelcomes(recorder, self.open_for_reading),
            recorder,
        )

    def close(self) -> None:
        """Close the connections (after the recorders made from it have closed)."""
        if self._database is not None:
            self._database.close()

    def __enter__(self) -> Storage:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


@dataclass(frozen=True, slots=True)
class Onboarding:
    """Tour positions and welcomes kept in the store, and the recorder that writes them."""

    progress: StoredTourProgress
    welcomes: StoredWelcomes
    recorder: Recorder

    def close(self, timeout: float | None = 10.0) -> bool:
        """Write what is still queued and close the store; True if that finished in time."""
        return self.recorder.close(timeout)
