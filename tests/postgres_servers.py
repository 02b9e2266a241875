"""Real PostgreSQL for tests: the machine's server (ROLEBOT_TEST_DATABASE_URL), each test in a
schema of its own that is dropped after it.

Where the server is unreachable the tests that need it are skipped with one line saying why,
except under CI=true, where they fail: CI must exercise them. A test that needs the database
to go away gets a schema owned by a role of its own (`pg_cut_schema`): refusing that role's
logins and terminating its backends cuts rolebot off as a server going down would, without
touching what other tests (or other sessions) do on the same server.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

from bot.store.settings import database_where

TEST_URL_ENV = "ROLEBOT_TEST_DATABASE_URL"
# The `postgres` role exists wherever the server is installed; the machine's server trusts
# local connections.
DEFAULT_TEST_URL = "postgresql://postgres@127.0.0.1:5432/test"
CONNECT_SECONDS = 3
GONE_SECONDS = 10  # for a terminated backend to exit


def unreachable(reason: str) -> None:
    """Skip with `reason`, or fail under CI=true."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the PostgreSQL tests must run)", pytrace=False)
    pytest.skip(reason)


def with_options(url: str, *, user: str | None = None, search_path: str | None = None) -> str:
    """`url` connecting as `user` to `search_path` (libpq's ``options`` query parameter)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    if search_path is not None:
        query["options"] = f"{query.get('options', '')} -csearch_path={search_path}".strip()
    netloc = parts.netloc
    if user is not None:
        netloc = f"{quote(user)}@{netloc.rpartition('@')[2]}"
    return urlunsplit(parts._replace(netloc=netloc, query=urlencode(query, quote_via=quote)))


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The test server's URL, once it accepts a connection."""
    url = os.environ.get(TEST_URL_ENV, DEFAULT_TEST_URL)
    try:
        psycopg.connect(url, connect_timeout=CONNECT_SECONDS).close()
    except psycopg.Error as error:
        said = " ".join(str(error).split())
        unreachable(
            f"PostgreSQL at {database_where(url)} is unreachable ({said}); set {TEST_URL_ENV}"
        )
    return url


@dataclass(frozen=True, slots=True)
class PgSchema:
    """A schema of one test's own on the test server."""

    name: str
    url: str  # connects to the server with this schema as the search path
    admin_url: str  # the test server's own URL, to manage the schema

    @property
    def audit_url(self) -> str:
        """The test server's own account, in this schema: it reads even while rolebot's
        account is cut off."""
        return with_options(self.admin_url, search_path=self.name)

    def rows(self, query: str, *params: object) -> list[tuple[Any, ...]]:
        """The result of `query` in this schema, read as an auditor would."""
        with psycopg.connect(self.audit_url, autocommit=True) as connection:
            return connection.execute(query, params or None).fetchall()

    def dump(self) -> str:
        """Every row of every table in the schema, as text."""
        tables = self.rows(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
            "ORDER BY table_name",
            self.name,
        )
        lines: list[str] = []
        with psycopg.connect(self.audit_url, autocommit=True) as connection:
            for (table,) in tables:
                query = sql.SQL("SELECT t::text FROM {} t").format(sql.Identifier(table))
                lines.extend(f"{table}: {row}" for (row,) in connection.execute(query))
        return "\n".join(lines)


def _admin(url: str, statement: sql.Composed) -> None:
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(statement)


def unique_name() -> str:
    """A name no other test (or session) uses."""
    return f"rolebot_test_{uuid.uuid4().hex[:16]}"


@pytest.fixture
def pg_schema(postgres_url: str) -> Iterator[PgSchema]:
    """A fresh, empty schema; dropped with everything in it afterwards."""
    name = unique_name()
    _admin(postgres_url, sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
    try:
        yield PgSchema(name, with_options(postgres_url, search_path=name), postgres_url)
    finally:
        _admin(postgres_url, sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(name)))


@dataclass(frozen=True, slots=True)
class PgCutSchema(PgSchema):
    """A schema that rolebot reaches as a role of its own, which the test can cut off."""

    role: str

    def cut(self) -> int:
        """Refuse the role's new connections and terminate its open ones: to rolebot the
        server is gone. Returns how many backends were terminated."""
        role = sql.Identifier(self.role)
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(sql.SQL("ALTER ROLE {} NOLOGIN").format(role))
            return self._terminate(connection)

    def terminate(self) -> int:
        """Terminate the role's connections (the server stays up); how many there were."""
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            return self._terminate(connection)

    def _terminate(self, connection: psycopg.Connection[Any]) -> int:
        """Terminate the role's backends and wait until they are gone: a backend signalled but
        not yet exited could still answer one more query."""
        # pg_terminate_backend in the select list: it runs only for the rows WHERE keeps (in a
        # WHERE clause the planner may call it before checking the role, on anyone's backend).
        ended = [
            pid
            for pid, terminated in connection.execute(
                "SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s",
                (self.role,),
            ).fetchall()
            if terminated
        ]
        deadline = time.monotonic() + GONE_SECONDS
        while connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", (ended,)
        ).fetchone() != (0,):
            if time.monotonic() > deadline:
                raise AssertionError(f"backends {ended} did not exit")
            time.sleep(0.01)
        return len(ended)

    def restore(self) -> None:
        """Let the role log in again: the server is back."""
        _admin(self.admin_url, sql.SQL("ALTER ROLE {} LOGIN").format(sql.Identifier(self.role)))


@pytest.fixture
def pg_cut_schema(postgres_url: str) -> Iterator[PgCutSchema]:
    """A fresh schema owned by a fresh login role; both dropped afterwards. Needs a test
    server account that may create roles (the default one may)."""
    name = unique_name()
    role, schema = sql.Identifier(name), sql.Identifier(name)
    try:
        _admin(postgres_url, sql.SQL("CREATE ROLE {} LOGIN").format(role))
    except psycopg.errors.InsufficientPrivilege as error:
        unreachable(f"cannot create a role to cut off on the test server ({error})")
    try:
        _admin(postgres_url, sql.SQL("CREATE SCHEMA {} AUTHORIZATION {}").format(schema, role))
        url = with_options(postgres_url, user=name, search_path=name)
        cut = PgCutSchema(name, url, postgres_url, name)
        yield cut
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as connection:
            connection.execute(sql.SQL("ALTER ROLE {} LOGIN").format(role))
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s",
                (name,),
            )
            connection.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(schema))
            connection.execute(sql.SQL("DROP ROLE {}").format(role))
