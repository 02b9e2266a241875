"""Answer services recording into a test's own SQLite file, read back as an auditor would."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.answering.engine import Engine
from bot.curation.report import Report, build_report
from bot.service import AnswerService, open_service
from bot.store.settings import RecordingSettings
from bot.store.sqlite import SqliteStore

FLUSH_SECONDS = 10.0


@dataclass
class Recording:
    """Every service a test opens records into `path`; `close` closes them all."""

    path: Path
    services: list[AnswerService] = field(default_factory=list)

    def service(self, engine: Engine) -> AnswerService:
        """A real answer service on `engine`, as `rolebot slack` and `rolebot discord` open it."""
        service = open_service(engine, RecordingSettings(self.path))
        self.services.append(service)
        return service

    def flush(self) -> None:
        """Wait until every row submitted so far is committed."""
        for service in self.services:
            assert service.recorder.flush(FLUSH_SECONDS), "the store did not catch up"

    def rows(self, query: str) -> list[tuple[object, ...]]:
        """The result of `query` on the store once everything submitted is written."""
        self.flush()
        db = sqlite3.connect(self.path)
        try:
            return db.execute(query).fetchall()
        finally:
            db.close()

    def report(self, engine: Engine) -> Report:
        """What `rolebot report` would summarise for the day around now."""
        self.flush()
        store = SqliteStore(self.path)
        try:
            now = datetime.now(UTC)
            return build_report(store, engine, now - timedelta(days=1), now + timedelta(days=1))
        finally:
            store.close()

    def close(self) -> None:
        """Close every service, writing what is queued."""
        for service in self.services:
            assert service.close(FLUSH_SECONDS), "a service did not close in time"
