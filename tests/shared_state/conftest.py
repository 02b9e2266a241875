"""Each piece of shared state, in-process and in Redis: the same tests run against both."""

from __future__ import annotations

from typing import Protocol

import pytest

from adapters.claims import Claims, LocalClaims
from adapters.shared_state.memory import RedisMemory
from adapters.shared_state.state import SharedState
from adapters.shared_state.welcomes import RedisWelcomes
from bot.conversation.memory import IDLE_SECONDS, MAX_CONVERSATIONS, ConversationMemory, Memory
from bot.onboarding.progress import MemoryWelcomes, Welcomes

IN_PROCESS = "in-process"
REDIS = "redis"


class MakeMemory(Protocol):
    """Builds a conversation memory of the backend under test."""

    def __call__(
        self, idle_seconds: float = IDLE_SECONDS, capacity: int = MAX_CONVERSATIONS
    ) -> Memory: ...


class MakeClaims(Protocol):
    """Builds claims of the backend under test (an `adapters.claims.ClaimsFactory`)."""

    def __call__(self, namespace: str, capacity: int, ttl_seconds: float) -> Claims: ...


@pytest.fixture(params=[IN_PROCESS, REDIS])
def backend(request: pytest.FixtureRequest) -> str:
    """Which implementation the test runs against."""
    return str(request.param)


def _shared(request: pytest.FixtureRequest) -> SharedState:
    # Only the Redis variant asks for Redis, so the in-process one runs without it.
    state = request.getfixturevalue("shared")
    assert isinstance(state, SharedState)
    return state


@pytest.fixture
def make_memory(backend: str, request: pytest.FixtureRequest) -> MakeMemory:
    """Conversation memories of the backend under test (Redis ones share this test's prefix)."""
    if backend == IN_PROCESS:
        return lambda idle_seconds=IDLE_SECONDS, capacity=MAX_CONVERSATIONS: ConversationMemory(
            idle_seconds, capacity
        )
    connection = _shared(request).connection
    return lambda idle_seconds=IDLE_SECONDS, capacity=MAX_CONVERSATIONS: RedisMemory(
        connection, idle_seconds, capacity
    )


@pytest.fixture
def make_claims(backend: str, request: pytest.FixtureRequest) -> MakeClaims:
    """Claims of the backend under test."""
    return LocalClaims if backend == IN_PROCESS else _shared(request).claims


@pytest.fixture
def welcomes(backend: str, request: pytest.FixtureRequest) -> Welcomes:
    """Welcomes of the backend under test (Redis in front of an in-process record)."""
    if backend == IN_PROCESS:
        return MemoryWelcomes()
    return RedisWelcomes(_shared(request).connection, MemoryWelcomes())
