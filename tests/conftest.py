"""Shared fixtures: one engine on the shipped knowledge, built once per test session."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot import Bot
from bot.answering.deciding import Engine
from bot.conversation.memory import ConversationMemory
from bot.kb import loader
from bot.kb.base import KnowledgeBase
from bot.kb.compiled import Compiled, compile_knowledge
from tests.knowledge_builder import FAQ, write_knowledge
from tests.recording import Recording
from tests.store.conftest import TWIN_ENTRIES

# The real PostgreSQL and Redis fixtures for every test folder.
pytest_plugins = ["tests.postgres_servers", "tests.redis_servers"]
if TYPE_CHECKING:
    from tests.discord.gateway import FakeGateway


@pytest.fixture(scope="session")
def compiled() -> Compiled:
    """The knowledge that ships with rolebot, built once per test session."""
    return compile_knowledge(loader.load())


@pytest.fixture(scope="session")
def unrelated_answers(compiled: Compiled) -> tuple[int, int]:
    """Two answers that are not related to each other (`bot.understanding.targets.related`)."""
    return (
        compiled.target_ids["faq:scikit-learn-enough"],
        compiled.target_ids["stage_owner:deployment"],
    )


@pytest.fixture(scope="session")
def shipped(compiled: Compiled) -> KnowledgeBase:
    """The knowledge that ships with rolebot."""
    return compiled.base


@pytest.fixture
def engine(compiled: Compiled) -> Engine:
    """A fresh engine (empty conversation memory) on the shipped knowledge."""
    return Engine(compiled, memory=ConversationMemory())


@pytest.fixture
def core(compiled: Compiled) -> Bot:
    """A fresh bot (empty conversation memory, nobody welcomed) on the shipped knowledge."""
    return Bot(compiled)


@pytest.fixture(scope="session")
def twins(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    """Small test knowledge without the shipped one, with two near-twin entries: the questions
    in tests/store/conftest.py get an answer, a decline and a clarification whatever ships."""
    directory = write_knowledge(tmp_path_factory.mktemp("twins"), faq_general=FAQ + TWIN_ENTRIES)
    return compile_knowledge(loader.load([directory], include_shipped=False))


@pytest.fixture
def recording(tmp_path: Path) -> Iterator[Recording]:
    """Where a test's answer services record (a fresh store, created on first use)."""
    services = Recording(tmp_path / "state" / "rolebot.sqlite3")
    yield services
    services.close()


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Commands run by tests cache built knowledge in a temporary folder, not the user's."""
    monkeypatch.setenv("ROLEBOT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "rolebot-cache"))


@pytest.fixture(autouse=True)
def private_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands run by tests keep their store (tour positions, welcomes) in a temporary
    folder, never the user's."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state-home"))
    monkeypatch.delenv("ROLEBOT_DB", raising=False)
    monkeypatch.delenv("ROLEBOT_DATABASE_URL", raising=False)


@pytest.fixture
async def gateway(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeGateway]:
    """Discord's gateway, faked on loopback (tests/discord/gateway.py), with discord.py pointed
    at it; imported here only when a test asks for it, so other tests never import discord."""
    from tests.discord.gateway import running_gateway

    async with running_gateway(monkeypatch) as fake:
        yield fake
