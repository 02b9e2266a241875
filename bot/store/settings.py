"""What an operator chooses about recording, and the defaults.

Kept apart from the store and the service so that reading the configuration imports neither.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

RETENTION = timedelta(days=90)
LOW_CONFIDENCE = 0.65  # answered, but logged as a miss below this (bot.policy decides answering)
BUSY_TIMEOUT_MS = 5_000  # how long a writer waits for another's lock before the batch is retried
POSTGRES_SCHEMES = ("postgresql", "postgres")  # as libpq reads URLs


def database_where(url: str) -> str:
    """A PostgreSQL URL fit for logs and messages: scheme, user, host, port and database, never
    the password or the query (which may hold one)."""
    try:
        parts = urlsplit(url)
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "postgresql://(malformed URL)"
    user = f"{parts.username}@" if parts.username else ""
    return f"{parts.scheme}://{user}{parts.hostname or ''}{port}{parts.path}"


@dataclass(frozen=True, slots=True)
class RecordingSettings:
    """The operator's choices; only the command line reads them (from the environment)."""

    path: Path  # the SQLite store, used when `database_url` is None
    retention_days: int = RETENTION.days
    low_confidence: float = LOW_CONFIDENCE
    keep_user_ids: bool = False  # store raw user and channel ids instead of nothing or a hash
    busy_timeout_ms: int = BUSY_TIMEOUT_MS
    # The PostgreSQL store instead (a postgresql:// URL); kept out of reprs: it may hold a
    # password.
    database_url: str | None = field(default=None, repr=False)

    @property
    def where(self) -> str:
        """The store, as logs and messages name it (no password)."""
        if self.database_url is not None:
            return database_where(self.database_url)
        return str(self.path)

    @property
    def exists(self) -> bool:
        """Whether anything can have been recorded yet: a PostgreSQL database is always there
        (its tables are made on first use); a SQLite file only once created."""
        return self.database_url is not None or self.path.exists()
