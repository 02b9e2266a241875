"""Recording settings from the environment (the CLI passes `os.environ`; tests pass a dict)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from adapters.values import Reader, SettingsError, flag, number
from bot.store.settings import LOW_CONFIDENCE, RETENTION, RecordingSettings

DB_ENV = "ROLEBOT_DB"
RETENTION_ENV = "ROLEBOT_RETENTION_DAYS"
LOW_CONFIDENCE_ENV = "ROLEBOT_LOW_CONFIDENCE"
KEEP_USER_IDS_ENV = "ROLEBOT_KEEP_USER_IDS"
DB_NAME = "rolebot.sqlite3"

__all__ = ["SettingsError", "default_db_path", "recording_settings"]


def default_db_path(environ: Mapping[str, str]) -> Path:
    """``$XDG_STATE_HOME/rolebot/rolebot.sqlite3``, else ``~/.local/state/rolebot/...``."""
    state = environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "rolebot" / DB_NAME


def recording_settings(environ: Mapping[str, str], db: str | None = None) -> RecordingSettings:
    """Settings from ROLEBOT_DB, ROLEBOT_RETENTION_DAYS, ROLEBOT_LOW_CONFIDENCE and
    ROLEBOT_KEEP_USER_IDS; `db` (from ``--db``) wins over ROLEBOT_DB."""
    path = Path(db or environ.get(DB_ENV) or default_db_path(environ)).expanduser()
    return RecordingSettings(
        path=path,
        retention_days=_retention_days(environ),
        low_confidence=_low_confidence(environ),
        keep_user_ids=_keep_user_ids(environ),
    )


def _retention_days(environ: Mapping[str, str]) -> int:
    retention = number(environ, RETENTION_ENV, int, RETENTION.days)
    if retention < 1:
        raise SettingsError(f"{RETENTION_ENV} must be at least 1 (days), not {retention}")
    return retention


def _low_confidence(environ: Mapping[str, str]) -> float:
    low = number(environ, LOW_CONFIDENCE_ENV, float, LOW_CONFIDENCE)
    if not 0.0 <= low <= 1.0:
        raise SettingsError(f"{LOW_CONFIDENCE_ENV} must be between 0 and 1, not {low}")
    return low


def _keep_user_ids(environ: Mapping[str, str]) -> bool:
    return flag(environ, KEEP_USER_IDS_ENV)


# Each setting on its own, for `rolebot config check` to report every bad one.
READERS: tuple[Reader, ...] = (_retention_days, _low_confidence, _keep_user_ids)
