"""Fixtures for the store tests: a real bot on a small knowledge base, a settable clock."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot import Bot
from bot.answering.policy import MatchPolicy
from bot.answering.ranking import shipped_model
from bot.kb import loader
from bot.kb.base import KnowledgeBase
from bot.kb.compiled import Compiled, compile_knowledge
from bot.store.recorder import Recorder
from bot.store.recording import Recording
from bot.store.rows import Clock, utc_now
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
CLARIFIED = "where are the team notebooks and dashboards"  # the twins tie: which one?
# Answered from first-entry (above SMALL_POLICY's threshold), but less sure than
# SMALL_LOW_CONFIDENCE.
LOW_CONFIDENCE = "morning remote typical"
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
    """Where a test's store lives; the folder does not exist yet (created on first use)."""
    return tmp_path / "state" / "rolebot.sqlite3"


@pytest.fixture
def clock() -> FakeClock:
    """A clock standing at START."""
    return FakeClock()


@pytest.fixture
def served(
    small_compiled: Compiled, db_path: Path, clock: FakeClock
) -> Iterator[tuple[Bot, Recording]]:
    """A fresh real bot recording into a SQLite store at `db_path`, and its recording."""
    recorder = Recorder(lambda: SqliteStore(db_path), clock=clock)
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


def rows(path: Path, query: str) -> list[tuple[object, ...]]:
    """Read a store with plain sqlite3, as an auditor would."""
    db = sqlite3.connect(path)
    try:
        return db.execute(query).fetchall()
    finally:
        db.close()
