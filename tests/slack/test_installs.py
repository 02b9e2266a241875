"""Where installs are kept: every implementation of the seam (`Installs`) keeps one bot per
workspace and single-use OAuth states; Bolt's stores carry Bolt's objects through it whole."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import psycopg
import pytest
from slack_sdk.oauth.installation_store import Bot, Installation

from adapters.slack_app.installs import BotInstall, Installs, open_installs
from adapters.slack_app.installs.postgres import PostgresInstalls
from adapters.slack_app.installs.sqlite import SqliteInstalls
from adapters.slack_app.installs.stores import InstallationStore, StateStore, to_bot, to_record
from bot.store.base import StoreError, StoreUnavailable
from bot.store.settings import RecordingSettings
from tests.postgres_servers import PgSchema

ACME = BotInstall(
    enterprise_id="E111",
    team_id="T111",
    bot_token="xoxb-acme-token",
    bot_id="B111",
    bot_user_id="W111",
    bot_scopes=("app_mentions:read", "chat:write"),
    installed_at=1_700_000_000.5,
    app_id="A111",
    enterprise_name="Org",
    team_name="Acme",
)
BETA = replace(ACME, enterprise_id=None, team_id="T222", bot_token="xoxb-beta", team_name="Beta")
ORG_WIDE = replace(ACME, team_id=None, is_enterprise_install=True, bot_token="xoxb-org")


class Database:
    """One database the installs can live in, as the settings name it, and how to look in it."""

    def __init__(self, settings: RecordingSettings, schema: PgSchema | None = None) -> None:
        self.settings = settings
        self.schema = schema

    def open(self) -> Installs:
        """Installs on this database, as `rolebot serve` opens them."""
        return open_installs(self.settings)

    def rows(self, query: str) -> list[tuple[Any, ...]]:
        """`query`'s rows, read behind rolebot's back."""
        if self.schema is not None:
            return self.schema.rows(query)
        with sqlite3.connect(self.settings.path) as db:
            return db.execute(query).fetchall()


def sqlite_database(request: pytest.FixtureRequest, folder: Path) -> Database:
    return Database(RecordingSettings(folder / "state" / "rolebot.sqlite3"))


def postgres_database(request: pytest.FixtureRequest, folder: Path) -> Database:
    schema: PgSchema = request.getfixturevalue("pg_schema")  # the real local server
    return Database(RecordingSettings(folder / "unused.db", database_url=schema.url), schema)


# Each database the installs can live in; every test taking `database` or `installs` runs on
# each of them.
Opener = Callable[[pytest.FixtureRequest, Path], Database]
OPENERS: dict[str, Opener] = {"sqlite": sqlite_database, "postgres": postgres_database}


@pytest.fixture(params=list(OPENERS))
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Database:
    """An empty database of each kind."""
    return OPENERS[request.param](request, tmp_path)


@pytest.fixture
def installs(database: Database) -> Iterator[Installs]:
    """An empty install store in each kind of database."""
    opened = database.open()
    yield opened
    opened.close()


def test_one_bot_per_workspace_found_by_its_keys(installs: Installs) -> None:
    for bot in (ACME, BETA, ORG_WIDE):
        installs.save_bot(bot)
    assert installs.find_bot("E111", "T111") == ACME
    assert installs.find_bot(None, "T222") == BETA
    assert installs.find_bot("E111", None) == ORG_WIDE
    assert installs.find_bot(None, "T111") is None  # another organisation's workspace T111


def test_a_new_install_replaces_the_old_and_deleting_forgets_it(installs: Installs) -> None:
    installs.save_bot(ACME)
    installs.save_bot(BETA)
    again = replace(ACME, bot_token="xoxb-acme-new", installed_at=1_800_000_000.0)
    installs.save_bot(again)
    assert installs.find_bot("E111", "T111") == again
    installs.delete_bot("E111", "T111")
    assert installs.find_bot("E111", "T111") is None
    assert installs.find_bot(None, "T222") == BETA, "other workspaces keep their tokens"
    installs.delete_bot("E111", "T111")  # deleting twice (a retried event) is no error


def test_a_state_is_consumed_once_and_only_before_it_expires(installs: Installs) -> None:
    installs.issue_state("fresh", now=100.0, expires_at=700.0)
    installs.issue_state("stale", now=100.0, expires_at=200.0)
    assert installs.consume_state("fresh", now=150.0)
    assert not installs.consume_state("fresh", now=151.0), "a state works once"
    assert not installs.consume_state("stale", now=200.0), "expired"
    assert not installs.consume_state("never-issued", now=150.0)


def test_issuing_forgets_states_that_expired_unused(database: Database) -> None:
    installs = database.open()
    installs.issue_state("old", now=0.0, expires_at=10.0)
    installs.issue_state("new", now=20.0, expires_at=620.0)
    installs.close()
    assert database.rows("SELECT state FROM slack_oauth_states") == [("new",)]


def test_installs_outlive_a_restart_and_share_the_store(database: Database) -> None:
    first = database.open()
    first.save_bot(ACME)
    first.issue_state("begun-on-a", now=0.0, expires_at=1e12)
    second = database.open()  # another replica, or the next start
    try:
        assert second.find_bot("E111", "T111") == ACME
        assert second.consume_state("begun-on-a", now=1.0)
        assert not first.consume_state("begun-on-a", now=1.0)
    finally:
        first.close()
        second.close()


def test_the_installs_are_where_the_settings_say(database: Database) -> None:
    installs = database.open()
    installs.save_bot(BETA)
    installs.close()
    kind = PostgresInstalls if database.schema is not None else SqliteInstalls
    assert isinstance(installs, kind)
    assert database.rows("SELECT team_id, bot_token FROM slack_bots") == [("T222", "xoxb-beta")]


def test_tables_newer_than_this_rolebot_are_refused(database: Database) -> None:
    database.open().close()
    if database.schema is not None:
        with psycopg.connect(database.schema.audit_url, autocommit=True) as connection:
            connection.execute("UPDATE slack_schema SET version = 99")
    else:
        with sqlite3.connect(database.settings.path) as db:
            db.execute("UPDATE slack_schema SET version = 99")
    with pytest.raises(StoreError, match="version 99, newer than this rolebot knows"):
        database.open()


def test_postgres_unreachable_at_start_is_tried_again_at_each_call() -> None:
    installs = PostgresInstalls("postgresql://nobody@127.0.0.1:9/none?connect_timeout=1")
    try:
        with pytest.raises(StoreUnavailable, match=r"127\.0\.0\.1:9"):
            installs.find_bot(None, "T111")
    finally:
        installs.close()


def test_a_store_that_cannot_be_opened_is_a_store_error(tmp_path: Path) -> None:
    (tmp_path / "rolebot.db").mkdir()
    with pytest.raises(StoreError, match=r"rolebot\.db: cannot open"):
        SqliteInstalls(tmp_path / "rolebot.db")


def test_bolt_bots_cross_the_seam_whole() -> None:
    bot = Bot(
        app_id="A111",
        enterprise_id="E111",
        enterprise_name="Org",
        team_id="T111",
        team_name="Acme",
        bot_token="xoxb-acme-token",
        bot_id="B111",
        bot_user_id="W111",
        bot_scopes="app_mentions:read,chat:write",
        bot_refresh_token="xoxe-1-refresh",
        bot_token_expires_at=1_800_000_000,
        installed_at=1_700_000_000.5,
    )
    assert to_bot(to_record(bot)).to_dict() == bot.to_dict()


async def test_bolt_stores_save_find_and_delete_through_the_seam(installs: Installs) -> None:
    store = InstallationStore(installs)
    installation = Installation(
        app_id="A111",
        enterprise_id=None,
        team_id="T222",
        team_name="Beta",
        bot_token="xoxb-beta",
        bot_id="B222",
        bot_user_id="W333",
        bot_scopes="chat:write",
        user_id="W222",
        installed_at=1_700_000_000.0,
    )
    await store.async_save(installation)
    found = await store.async_find_bot(enterprise_id=None, team_id="T222")
    assert found is not None and (found.bot_token, found.bot_user_id) == ("xoxb-beta", "W333")
    await store.async_delete_all(enterprise_id=None, team_id="T222")
    assert await store.async_find_bot(enterprise_id=None, team_id="T222") is None


async def test_the_state_store_issues_unguessable_single_use_states(installs: Installs) -> None:
    now = [1_000.0]
    states = StateStore(installs, expiration_seconds=600, clock=lambda: now[0])
    first, second = await states.async_issue(), await states.async_issue()
    assert first != second and len(first) >= 40
    assert await states.async_consume(first)
    assert not await states.async_consume(first)
    now[0] += 601
    assert not await states.async_consume(second), "expired after ten minutes"
