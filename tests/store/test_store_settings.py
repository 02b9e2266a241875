"""Recording settings read from the environment by the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.settings.check import MASK, shown
from adapters.settings.errors import SettingsError
from adapters.settings.load import BY_NAME, Locations, load
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


URL = "postgresql://rolebot:s3cret-pw@db.example:5432/rolebot?sslmode=require"


def test_a_database_url_chooses_postgresql() -> None:
    settings = load({"ROLEBOT_DATABASE_URL": URL}).recording()
    assert settings.database_url == URL
    assert settings.where == "postgresql://rolebot@db.example:5432/rolebot"
    assert "s3cret-pw" not in repr(settings)


def test_unset_it_is_sqlite_as_before() -> None:
    settings = load({"XDG_STATE_HOME": "/state"}).recording()
    assert settings.database_url is None
    assert settings.where == "/state/rolebot/rolebot.sqlite3"


def test_both_stores_at_once_is_one_line_naming_both(tmp_path: Path) -> None:
    environ = {"ROLEBOT_DB": str(tmp_path / "bot.sqlite3"), "ROLEBOT_DATABASE_URL": URL}
    with pytest.raises(SettingsError) as refused:
        load(environ).recording()
    assert str(refused.value) == (
        "ROLEBOT_DB and ROLEBOT_DATABASE_URL are both set: keep one (SQLite or PostgreSQL), "
        "not both"
    )


@pytest.mark.parametrize(
    "value",
    [
        "mysql://rolebot:s3cret-pw@db/rolebot",
        "postgresql://rolebot:s3cret-pw@db:port/x",
        "host=db password=s3cret-pw",
    ],
    ids=["other-database", "bad-port", "key-value-form"],
)
def test_a_malformed_url_is_refused_without_repeating_it(value: str) -> None:
    with pytest.raises(SettingsError) as refused:
        load({"ROLEBOT_DATABASE_URL": value}).recording()
    message = str(refused.value)
    assert message.startswith("ROLEBOT_DATABASE_URL is malformed: expected a URL such as")
    assert "s3cret-pw" not in message


def test_a_command_option_wins_over_the_environment(tmp_path: Path) -> None:
    cfg = load({"ROLEBOT_DATABASE_URL": URL})
    assert cfg.recording(db=tmp_path / "b.sqlite3").database_url is None
    other = "postgresql://report@db.example/rolebot"
    assert cfg.recording(database_url=other).database_url == other


def test_the_url_and_its_password_are_secrets() -> None:
    cfg = load({"ROLEBOT_DATABASE_URL": URL})
    assert set(cfg.secrets()) == {URL, "s3cret-pw"}
    assert shown(cfg, BY_NAME["ROLEBOT_DATABASE_URL"]) == MASK
