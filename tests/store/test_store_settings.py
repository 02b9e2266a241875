"""Recording settings read from the environment by the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.settings.errors import SettingsError
from adapters.settings.load import Locations, load
from bot.store.settings import RecordingSettings


def test_defaults_follow_xdg() -> None:
    assert Locations.from_environ({"XDG_STATE_HOME": "/state"}).db == Path(
        "/state/rolebot/rolebot.sqlite3"
    )
    assert Locations.from_environ({}).db == Path.home() / ".local/state/rolebot/rolebot.sqlite3"
    assert load({"XDG_STATE_HOME": "/state"}).recording() == RecordingSettings(
        Path("/state/rolebot/rolebot.sqlite3")
    )


def test_every_setting_from_the_environment(tmp_path: Path) -> None:
    environ = {
        "ROLEBOT_DB": str(tmp_path / "bot.sqlite3"),
        "ROLEBOT_RETENTION_DAYS": "30",
        "ROLEBOT_LOW_CONFIDENCE": "0.7",
        "ROLEBOT_KEEP_USER_IDS": "yes",
    }
    assert load(environ).recording() == RecordingSettings(
        tmp_path / "bot.sqlite3", retention_days=30, low_confidence=0.7, keep_user_ids=True
    )


def test_the_db_option_wins_over_the_environment(tmp_path: Path) -> None:
    settings = load({"ROLEBOT_DB": str(tmp_path / "a.sqlite3")}).recording(Path("/tmp/b.sqlite3"))
    assert settings.path == Path("/tmp/b.sqlite3")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ROLEBOT_RETENTION_DAYS", "ninety", "must be a number"),
        ("ROLEBOT_RETENTION_DAYS", "0", "must be at least 1"),
        ("ROLEBOT_LOW_CONFIDENCE", "1.5", "must be between 0 and 1"),
        ("ROLEBOT_LOW_CONFIDENCE", "nan", "must be a finite number"),
        ("ROLEBOT_KEEP_USER_IDS", "maybe", "must be true or false"),
        ("ROLEBOT_DB", "/", "is a folder, not a database file: /"),
        ("ROLEBOT_DB", "/no/such/folder/rolebot.sqlite3", "is in a folder that does not exist"),
    ],
    ids=[
        "retention-text",
        "retention-zero",
        "confidence-range",
        "confidence-nan",
        "keep-ids-word",
        "db-folder",
        "db-folder-missing",
    ],
)
def test_bad_values_name_the_variable(name: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError, match=f"^{name} {message}"):
        load({name: value}).recording()
