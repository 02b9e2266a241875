"""Recording settings from the environment (the CLI passes `os.environ`; tests pass a dict)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TypeVar

from bot.service import LOW_CONFIDENCE, RecordingSettings
from bot.store.recorder import RETENTION

DB_ENV = "ROLEBOT_DB"
RETENTION_ENV = "ROLEBOT_RETENTION_DAYS"
LOW_CONFIDENCE_ENV = "ROLEBOT_LOW_CONFIDENCE"
KEEP_USER_IDS_ENV = "ROLEBOT_KEEP_USER_IDS"
DB_NAME = "rolebot.sqlite3"
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})
_N = TypeVar("_N", int, float)


class SettingsError(ValueError):
    """An environment variable has a value rolebot cannot use; the message names it."""


def default_db_path(environ: Mapping[str, str]) -> Path:
    """``$XDG_STATE_HOME/rolebot/rolebot.sqlite3``, else ``~/.local/state/rolebot/...``."""
    state = environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "rolebot" / DB_NAME


def recording_settings(environ: Mapping[str, str], db: str | None = None) -> RecordingSettings:
    """Settings from ROLEBOT_DB, ROLEBOT_RETENTION_DAYS, ROLEBOT_LOW_CONFIDENCE and
    ROLEBOT_KEEP_USER_IDS; `db` (from ``--db``) wins over ROLEBOT_DB."""
    path = Path(db or environ.get(DB_ENV) or default_db_path(environ)).expanduser()
    retention = _number(environ, RETENTION_ENV, int, RETENTION.days)
    if retention < 1:
        raise SettingsError(f"{RETENTION_ENV} must be at least 1 (days), not {retention}")
    low = _number(environ, LOW_CONFIDENCE_ENV, float, LOW_CONFIDENCE)
    if not 0.0 <= low <= 1.0:
        raise SettingsError(f"{LOW_CONFIDENCE_ENV} must be between 0 and 1, not {low}")
    keep = environ.get(KEEP_USER_IDS_ENV, "").strip().casefold()
    if keep not in _TRUE | _FALSE:
        raise SettingsError(f"{KEEP_USER_IDS_ENV} must be true or false, not {keep!r}")
    return RecordingSettings(
        path=path, retention_days=retention, low_confidence=low, keep_user_ids=keep in _TRUE
    )


def _number(environ: Mapping[str, str], name: str, kind: type[_N], default: _N) -> _N:
    text = environ.get(name, "").strip()
    if not text:
        return default
    try:
        return kind(text)
    except ValueError:
        raise SettingsError(f"{name} must be a number, not {text!r}") from None
