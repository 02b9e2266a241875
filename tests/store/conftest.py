"""Fixtures for the store tests: a real bot on a small knowledge base, a settable clock, and
the store under test, SQLite or PostgreSQL: each test that takes `backend` runs on both."""

from __future__ import annotations

import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psycopg
import pytest

from bot import Bot
from bot.answering.policy import MatchPolicy
from bot.answering.ranking import shipped_model
from bot.kb import loader
from bot.kb.base import KnowledgeBase
from bot.kb.compiled import Compiled, compile_knowledge
from bot.store.dialect import to_second, to_text
from bot.store.postgres import PostgresDatabase
from bot.store.recorder import Recorder
from bot.store.recording import Recording
from bot.store.rows import Clock, utc_now
from bot.store.settings import BUSY_TIMEOUT_MS
from bot.store.sql import PURGED_TABLES, SqlStore
from bot.store.sqlite import SqliteStore
from tests.knowledge_builder import FAQ, write_knowledge

if TYPE_CHECKING:
    # Not imported at run time: tests/conftest.py imports this module before it registers
    # tests.postgres_servers as a plugin (which pytest must import first, to rewrite asserts).
    from tests.postgres_servers import PgSchema

START = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)

# Two near-twin entries, so some questions get a clarification ("Which one did you mean?").
TWIN_ENTRIES = """\
  - id: dashboards
    title: Team dashboards
    phrasings:
      - where are the team dashboards
      - link to the dashboards
      - which dashboards do we have
      - find a dashboard
    answer: In the BI tool.
  - id: notebooks
    title: Team notebooks
    phrasings:
      - where are the team notebooks
      - link to the notebooks
      - which notebooks do we have
      - find a notebook
    answer: In the repository.
"""
DECLINED = "who approves the gpu budget"
CLARIFIED = "where are the team notebooks and dashboards"  # the twins tie: which one?
# Answered from first-entry (above SMALL_POLICY's threshold), but less sure than
# SMALL_LOW_CONFIDENCE.
LOW_CONFIDENCE = "what do analysts do in the morning"
# The shipped ranking model with a fixed threshold, and a fixed low-confidence line for the
# recording, so what the questions above get does not move with each refit of the threshold.
SMALL_POLICY = MatchPolicy(shipped_model(), answer_threshold=0.2)
SMALL_LOW_CONFIDENCE = 0.9
CONFIDENT = "how do test analysts spend a morning"


class FakeClock:
    """A clock tests move by hand."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(scope="session")
def small_base(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    """The test knowledge plus two near-twin FAQ entries, without the shipped knowledge, so
    the questions above keep their outcome whatever ships."""
    directory = write_knowledge(tmp_path_factory.mktemp("kb"), faq_general=FAQ + TWIN_ENTRIES)
    return loader.load([directory], include_shipped=False)


@pytest.fixture(scope="session")
def small_compiled(small_base: KnowledgeBase) -> Compiled:
    """The small knowledge base, built."""
    return compile_knowledge(small_base)


def recording_bot(
    knowledge: KnowledgeBase | Compiled,
    recorder: Recorder,
    *,
    low_confidence: float = SMALL_LOW_CONFIDENCE,
    keep_user_ids: bool = False,
    clock: Clock = utc_now,
) -> tuple[Bot, Recording]:
    """A real bot and the recording observer it reports to, wired as `rolebot serve` does."""
    recording = Recording(
        recorder, low_confidence=low_confidence, keep_user_ids=keep_user_ids, clock=clock
    )
    bot = Bot(knowledge, policy=SMALL_POLICY)
    bot.observe(recording)
    return bot, recording


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's SQLite store lives; the folder does not exist yet (created on first use)."""
    return tmp_path / "state" / "rolebot.sqlite3"


class Backend(ABC):
    """A store under test, and how an auditor, the command line and `rolebot serve` reach it."""

    name: str

    @abstractmethod
    def open(self, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> SqlStore:
        """A store on this test's database, as a process opens it (one per thread), giving up
        on another's lock after `busy_timeout_ms`."""

    @abstractmethod
    def locked(self) -> AbstractContextManager[None]:
        """Another process holding the write lock on the (migrated) store meanwhile."""

    @abstractmethod
    def rows(self, query: str) -> list[tuple[Any, ...]]:
        """The result of `query`, read with the database's own driver, as an auditor would."""

    @abstractmethod
    def stored_time(self, at: datetime) -> object:
        """`at` as `rows` reads it back from a time column."""

    @abstractmethod
    def dump(self) -> str:
        """Everything the store holds, as text, to search for what must not be there."""

    @abstractmethod
    def options(self) -> list[str]:
        """The command-line options that choose this store."""

    @abstractmethod
    def environment(self) -> dict[str, str]:
        """The environment variables that choose this store."""

    @abstractmethod
    def close(self) -> None:
        """Release what the backend holds (the stores it opened are closed already)."""


class SqliteBackend(Backend):
    """A SQLite file of the test's own."""

    name = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path

    def open(self, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> SqlStore:
        return SqliteStore(self.path, busy_timeout_ms=busy_timeout_ms)

    @contextmanager
    def locked(self) -> Iterator[None]:
        SqliteStore(self.path).close()
        holder = sqlite3.connect(self.path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()

    def rows(self, query: str) -> list[tuple[Any, ...]]:
        return rows(self.path, query)

    def stored_time(self, at: datetime) -> object:
        return to_text(at)

    def dump(self) -> str:
        """Every byte the store holds, as text (WAL folded in)."""
        db = sqlite3.connect(self.path)
        try:
            return "\n".join(db.iterdump())
        finally:
            db.close()

    def options(self) -> list[str]:
        return ["--db", str(self.path)]

    def environment(self) -> dict[str, str]:
        return {"ROLEBOT_DB": str(self.path)}

    def close(self) -> None:
        """Nothing to release: each store holds its own connection to the file."""


class PostgresBackend(Backend):
    """A schema of the test's own on the test server, reached through one pool, as
    `rolebot serve` does."""

    name = "postgres"

    def __init__(self, schema: PgSchema) -> None:
        self.schema = schema
        self._databases: dict[int, PostgresDatabase] = {}  # by busy timeout

    def open(self, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> SqlStore:
        database = self._databases.get(busy_timeout_ms)
        if database is None:
            database = PostgresDatabase(self.schema.url, busy_timeout_ms=busy_timeout_ms)
            self._databases[busy_timeout_ms] = database
        return database.store()

    @contextmanager
    def locked(self) -> Iterator[None]:
        self.open().close()
        with psycopg.connect(self.schema.url) as holder, holder.transaction():
            tables = ", ".join(PURGED_TABLES)
            holder.execute(f"LOCK TABLE {tables}, welcomed IN ACCESS EXCLUSIVE MODE")
            yield

    def rows(self, query: str) -> list[tuple[Any, ...]]:
        return self.schema.rows(query)

    def stored_time(self, at: datetime) -> object:
        return to_second(at)

    def dump(self) -> str:
        return self.schema.dump()

    def options(self) -> list[str]:
        return ["--database-url", self.schema.url]

    def environment(self) -> dict[str, str]:
        return {"ROLEBOT_DATABASE_URL": self.schema.url}

    def close(self) -> None:
        for database in self._databases.values():
            database.close()


@pytest.fixture(params=[SqliteBackend.name, PostgresBackend.name])
def backend(request: pytest.FixtureRequest, db_path: Path) -> Iterator[Backend]:
    """The store under test: each test taking it runs on SQLite and on PostgreSQL (skipped
    when the test server is unreachable, a failure under CI=true)."""
    made: Backend
    if request.param == SqliteBackend.name:
        made = SqliteBackend(db_path)
    else:
        # Asked for only here, so the SQLite runs need no server.
        made = PostgresBackend(request.getfixturevalue("pg_schema"))
    yield made
    made.close()


@pytest.fixture
def clock() -> FakeClock:
    """A clock standing at START."""
    return FakeClock()


@pytest.fixture
def served(
    small_compiled: Compiled, backend: Backend, clock: FakeClock
) -> Iterator[tuple[Bot, Recording]]:
    """A fresh real bot recording into the store under test, and its recording."""
    recorder = Recorder(backend.open, clock=clock)
    bot, recording = recording_bot(small_compiled, recorder, clock=clock)
    yield bot, recording
    recording.close()


@pytest.fixture
def bot(served: tuple[Bot, Recording]) -> Bot:
    """The recording bot (see `served`)."""
    return served[0]


@pytest.fixture
def recorded(served: tuple[Bot, Recording]) -> Recording:
    """What the bot's recording observer has written (see `served`)."""
    return served[1]


def rows(path: Path, query: str) -> list[tuple[Any, ...]]:
    """Read a SQLite store with plain sqlite3, as an auditor would."""
    db = sqlite3.connect(path)
    try:
        return db.execute(query).fetchall()
    finally:
        db.close()
