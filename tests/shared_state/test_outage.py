"""Redis gone (never there, killed mid-run, a connection cut): every piece keeps working on
in-process state, each operation done without Redis is counted, the outage has a reason, and
Redis is used again once it is back. Real servers only: a port where nothing listens, a
private redis-server killed with SIGKILL, CLIENT KILL."""

from __future__ import annotations

import asyncio
import time

import redis

from adapters.shared_state.outage import Outage
from adapters.shared_state.state import SharedState
from bot import Bot
from bot.conversation.context import Context
from bot.kb.compiled import Compiled
from bot.message import ConversationKey, Message
from bot.onboarding.progress import MemoryWelcomes
from bot.reply import ReplyKind
from tests.redis_servers import RedisServer, free_port, opened

THREAD = ConversationKey("slack", "C111", "1726133700.000001")
RETRY = 0.2  # seconds before a failed Redis is asked again, short for the tests


def ask(bot: Bot, text: str) -> str:
    """The title of the answer to `text` in THREAD, which must be an answer."""
    reply = bot.respond(Message(text, THREAD)).reply
    assert reply.kind is ReplyKind.ANSWER, reply
    return reply.title


async def test_with_nothing_listening_everything_works_in_process() -> None:
    url = f"redis://127.0.0.1:{free_port()}/0"
    async with opened(url, "rolebot-test:", Outage(retry_seconds=60)) as state:
        assert not state.check()
        memory = state.memory()
        memory.put(THREAD, Context(roles=("data-scientist",)))
        assert memory.get(THREAD).roles == ("data-scientist",)  # this replica remembers
        claims = state.claims("slack:events", 100, 60)
        assert await claims.claim("Ev1")
        assert not await claims.claim("Ev1")
        welcomes = state.welcomes(MemoryWelcomes())
        assert welcomes.claim("slack", "U0NEW")
        assert not welcomes.claim("slack", "U0NEW")
        assert state.outage.fallbacks == 7  # the check and six operations
        trouble = state.trouble()
    assert trouble is not None
    assert trouble.startswith("redis unavailable for 0 s, state kept in this process meanwhile")
    assert "ConnectionError" in trouble and "Connection refused" in trouble


async def test_a_redis_killed_mid_run_costs_shared_state_not_answers(
    redis_server: RedisServer, compiled: Compiled
) -> None:
    async with opened(redis_server.url, "rolebot-test:", Outage(RETRY)) as state:
        bot = Bot(compiled, memory=state.memory())
        claims = state.claims("slack:events", 100, 60)
        assert ask(bot, "what does a data scientist do?") == "Data scientist"
        assert await claims.claim("Ev1")
        assert state.trouble() is None and state.outage.fallbacks == 0

        redis_server.kill()
        assert ask(bot, "who owns deployment?") == "Who owns deployment?"
        assert ask(bot, "and monitoring?") == "Who owns maintenance and monitoring?"
        assert await claims.claim("Ev2")  # claimed in this process meanwhile
        assert not await claims.claim("Ev2")
        failed = state.outage.fallbacks
        assert failed > 0
        assert "ConnectionError" in (state.trouble() or "")

        redis_server.start()  # back, empty, on the same port
        time.sleep(RETRY)
        assert ask(bot, "what does an ML engineer do?") == "ML engineer"
        assert state.trouble() is None
        assert ask(bot, "and which tools?") == "Tools ML engineers use"  # shared again
        assert state.outage.fallbacks == failed


async def test_a_connection_cut_by_redis_is_replaced_without_a_failure(
    redis_server: RedisServer,
) -> None:
    async with opened(redis_server.url, "rolebot-test:", Outage(RETRY)) as state:
        memory = state.memory()
        memory.put(THREAD, Context(roles=("data-scientist",)))
        admin = redis.Redis(port=redis_server.port)
        try:
            assert admin.client_kill_filter(skipme=True) >= 1  # every connection but its own
        finally:
            admin.close()
        assert memory.get(THREAD).roles == ("data-scientist",)  # on a new connection
        assert state.outage.fallbacks == 0 and state.trouble() is None


async def test_healthz_probes_clear_the_outage_without_any_turn(
    redis_server: RedisServer,
) -> None:
    async with opened(redis_server.url, "rolebot-test:", Outage(RETRY)) as state:
        redis_server.kill()
        assert not state.check()
        redis_server.start()
        time.sleep(RETRY)
        assert state.trouble() is not None  # this probe asks Redis in the background...
        await _probing_done(state)
        assert state.trouble() is None  # ...and the next one finds it back


async def _probing_done(state: SharedState) -> None:
    for _ in range(100):
        if state.outage.down is None:
            return
        await asyncio.sleep(0.01)


def test_after_a_failure_redis_is_left_alone_until_its_retry_time() -> None:
    now = [100.0]
    outage = Outage(retry_seconds=2, clock=lambda: now[0])
    assert outage.worth_trying() and outage.trouble() is None
    outage.failed(redis.ConnectionError("Error 111 connecting to 127.0.0.1:1. Refused."))
    assert not outage.worth_trying()
    outage.skipped()
    now[0] = 103.0
    assert outage.worth_trying()
    assert outage.trouble() == (
        "redis unavailable for 3 s, state kept in this process meanwhile: "
        "ConnectionError: Error 111 connecting to 127.0.0.1:1. Refused."
    )
    outage.answered()
    assert outage.trouble() is None and outage.fallbacks == 2
