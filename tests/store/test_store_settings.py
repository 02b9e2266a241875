"""Recording settings read from the environment by the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.store_settings import SettingsError, default_db_path, recording_settings
from bot.store.settings import RecordingSettings


def test_defaults_follow_xdg() -> None:
    assert default_db_path({"XDG_STATE_HOME": "/state"}) == Path("/state/rolebot/rolebot.sqlite3")
    assert default_db_path({}) == Path.home() / ".local/state/rolebot/rolebot.sqlite3"
    assert recording_settings({"XDG_STATE_HOME": "/state"}) == RecordingSettings(
        Path("/state/rolebot/rolebot.sqlite3")
    )


def test_every_setting_from_the_environment() -> None:
    environ = {
        "ROLEBOT_DB": "/data/bot.sqlite3",
        "ROLEBOT_RETENTION_DAYS": "30",
        "ROLEBOT_LOW_CONFIDENCE": "0.7",
        "ROLEBOT_KEEP_USER_IDS": "yes",
    }
    assert recording_settings(environ) == RecordingSettings(
        Path("/data/bot.sqlite3"), retention_days=30, low_confidence=0.7, keep_user_ids=True
    )


def test_the_db_option_wins_over_the_environment() -> None:
    settings = recording_settings({"ROLEBOT_DB": "/data/a.sqlite3"}, "/tmp/b.sqlite3")
    assert settings.path == Path("/tmp/b.sqlite3")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ROLEBOT_RETENTION_DAYS", "ninety", "must be a number"),
        ("ROLEBOT_RETENTION_DAYS", "0", "must be at least 1"),
        ("ROLEBOT_LOW_CONFIDENCE", "1.5", "must be between 0 and 1"),
        ("ROLEBOT_KEEP_USER_IDS", "maybe", "must be true or false"),
    ],
    ids=["retention-text", "retention-zero", "confidence-range", "keep-ids-word"],
)
def test_bad_values_name_the_variable(name: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError, match=f"{name} {message}"):
        recording_settings({name: value})
