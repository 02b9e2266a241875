"""Bots recording into a test's own SQLite file, read back as an auditor would."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from adapters.store import Storage
from bot import Bot
from bot.curation.report import Report, build_report
from bot.kb.compiled import Compiled
from bot.store.recording import Recording as RecordingObserver
from bot.store.settings import RecordingSettings
from bot.store.sqlite import SqliteStore

FLUSH_SECONDS = 10.0


@dataclass
class Recording:
    """Every bot a test attaches records into `path`; `close` closes them all."""

    path: Path
    observers: list[RecordingObserver] = field(default_factory=list)

    def attach(self, bot: Bot) -> Bot:
        """Record what `bot` answers, as `rolebot slack` and `rolebot discord` do."""
        observer = Storage(RecordingSettings(self.path)).recording()
        bot.observe(observer)
        self.observers.append(observer)
        return bot

    def flush(self) -> None:
        """Wait until every row submitted so far is committed."""
        for observer in self.observers:
            assert observer.recorder.flush(FLUSH_SECONDS), "the store did not catch up"

    def rows(self, query: str) -> list[tuple[object, ...]]:
        """The result of `query` on the store once everything submitted is written."""
        self.flush()
        db = sqlite3.connect(self.path)
        try:
            return db.execute(query).fetchall()
        finally:
            db.close()

    def report(self, knowledge: Compiled) -> Report:
        """What `rolebot report` would summarise for the day around now."""
        self.flush()
        store = SqliteStore(self.path)
        try:
            now = datetime.now(UTC)
            return build_report(store, knowledge, now - timedelta(days=1), now + timedelta(days=1))
        finally:
            store.close()

    def close(self) -> None:
        """Close every recording, writing what is queued."""
        for observer in self.observers:
            assert observer.close(FLUSH_SECONDS), "a recording did not close in time"
