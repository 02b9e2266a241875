"""Fixtures for the store tests: a real engine on a small knowledge base, a settable clock."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.answering.engine import Engine
from bot.conversation.memory import ConversationMemory
from bot.kb import loader
from bot.kb.base import KnowledgeBase
from bot.service import AnswerService
from bot.store.recorder import Recorder
from bot.store.sqlite import SqliteStore
from tests.knowledge_builder import FAQ, write_knowledge

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
CLARIFIED = "where are the team files"
LOW_CONFIDENCE = "typical morning remote"  # answered from first-entry, below 0.65 and above 0.5
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


@pytest.fixture
def small_engine(small_base: KnowledgeBase) -> Engine:
    """A fresh real engine on the small knowledge base."""
    return Engine(small_base, memory=ConversationMemory())


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's store lives; the folder does not exist yet (created on first use)."""
    return tmp_path / "state" / "rolebot.sqlite3"


@pytest.fixture
def clock() -> FakeClock:
    """A clock standing at START."""
    return FakeClock()


@pytest.fixture
def service(small_engine: Engine, db_path: Path, clock: FakeClock) -> Iterator[AnswerService]:
    """A real answer service recording into a SQLite store at `db_path`."""
    recorder = Recorder(lambda: SqliteStore(db_path), clock=clock)
    answers = AnswerService(small_engine, recorder, clock=clock)
    yield answers
    answers.close()


def rows(path: Path, query: str) -> list[tuple[object, ...]]:
    """Read a store with plain sqlite3, as an auditor would."""
    db = sqlite3.connect(path)
    try:
        return db.execute(query).fetchall()
    finally:
        db.close()
