"""What an operator chooses about recording, and the defaults.

Kept apart from the store and the service so that reading the configuration imports neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

RETENTION = timedelta(days=90)
LOW_CONFIDENCE = 0.65  # answered, but logged as a miss below this (bot.policy decides answering)
BUSY_TIMEOUT_MS = 5_000  # how long a writer waits for another's lock before the batch is retried


@dataclass(frozen=True, slots=True)
class RecordingSettings:
    """The operator's choices; only the command line reads them (from the environment)."""

    path: Path
    retention_days: int = RETENTION.days
    low_confidence: float = LOW_CONFIDENCE
    keep_user_ids: bool = False  # store raw user and channel ids instead of nothing or a hash
    busy_timeout_ms: int = BUSY_TIMEOUT_MS
