"""Real Redis for tests: the machine's (ROLEBOT_TEST_REDIS_URL), each test under a key prefix
of its own that is deleted after it, and private `redis-server`s a test may kill.

Where the machine's Redis is unreachable the tests that need it are skipped with one line
saying why, except under CI=true, where they fail: CI must exercise them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field

import pytest
import redis

from adapters.shared_state.connection import where
from adapters.shared_state.outage import Outage
from adapters.shared_state.state import SharedState

TEST_URL_ENV = "ROLEBOT_TEST_REDIS_URL"
DEFAULT_TEST_URL = "redis://127.0.0.1:6379/0"
START_SECONDS = 10.0


def unreachable(reason: str) -> None:
    """Skip with `reason`, or fail under CI=true."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the Redis tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The test Redis's URL, once it answers a PING."""
    url = os.environ.get(TEST_URL_ENV, DEFAULT_TEST_URL)
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        unreachable(f"Redis at {where(url)} is unreachable ({error}); set {TEST_URL_ENV}")
    finally:
        client.close()
    return url


@pytest.fixture
def redis_prefix(redis_url: str) -> Iterator[str]:
    """A key prefix of this test's own; every key under it is deleted afterwards."""
    prefix = f"rolebot-test:{uuid.uuid4().hex}:"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


@pytest.fixture
async def shared(redis_url: str, redis_prefix: str) -> AsyncIterator[SharedState]:
    """Shared state on the test Redis, under this test's prefix."""
    async with opened(redis_url, redis_prefix) as state:
        yield state


@contextlib.asynccontextmanager
async def opened(url: str, prefix: str, outage: Outage | None = None) -> AsyncIterator[SharedState]:
    """A `SharedState` (one replica's), closed on the running loop afterwards."""
    state = SharedState(url, prefix, outage)
    try:
        yield state
    finally:
        await state.aclose()
        state.close()


def free_port() -> int:
    """A loopback port nothing listens on (now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class RedisServer:
    """A private `redis-server` on a free port, keeping nothing on disk, that a test may kill
    and start again (empty) on the same port."""

    port: int = field(default_factory=free_port)
    password: str = ""  # required of clients when set
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Its URL (with the password, if any)."""
        auth = f":{self.password}@" if self.password else ""
        return f"redis://{auth}127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start it and wait until it answers."""
        binary = shutil.which("redis-server")
        if binary is None:
            unreachable("redis-server is not installed")
            return
        # Nothing on disk: no snapshots, no append-only file.
        options = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        if self.password:
            options += ["--requirepass", self.password]
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), *options],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)
        deadline = time.monotonic() + START_SECONDS
        try:
            while True:
                with contextlib.suppress(redis.ConnectionError):
                    if client.ping():
                        return
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise AssertionError(f"redis-server did not start on port {self.port}")
                time.sleep(0.02)
        finally:
            client.close()

    def kill(self) -> None:
        """SIGKILL: gone at once, as a crashed or unplugged Redis."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    """A private Redis of this test's own, started; killed afterwards if still running."""
    server = RedisServer()
    server.start()
    yield server
    server.kill()
