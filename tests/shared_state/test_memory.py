"""Conversation memory, in-process and in Redis: the same context back, separate
conversations, forgotten after the idle time or beyond capacity, and checked on reload."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import redis

from adapters.shared_state.memory import conversation_hash
from adapters.shared_state.state import SharedState
from bot import Bot
from bot.conversation.context import Context
from bot.conversation.memory import IDLE_SECONDS
from bot.kb.compiled import Compiled
from bot.message import ConversationKey, Message
from bot.reply import Label, Provenance
from bot.understanding.intents import Intent
from tests.redis_servers import opened
from tests.shared_state.conftest import MakeMemory

THREAD = ConversationKey("slack", "C111", "1726133700.000001")
EVERYTHING = Context(
    intent=Intent.STAGE_OWNER,
    roles=("ml-engineer", "mlops-engineer"),
    stage="deployment",
    tool="mlflow",
    about=frozenset({"ml-engineer", "deployment"}),
    last=Provenance(Label.STAGE_OWNER, "deployment-owner", "who owns {stage}", 0.93),
    rest_title="Who owns deployment?",
    rest="**More:** the rest of the answer, with `code` and a [link](https://example.com).",
)


def key(n: int) -> ConversationKey:
    return ConversationKey("discord", f"channel-{n}", "", f"user-{n}")


def test_a_context_comes_back_as_it_was_put(make_memory: MakeMemory) -> None:
    memory = make_memory()
    assert memory.get(THREAD) == Context()
    memory.put(THREAD, EVERYTHING)
    assert memory.get(THREAD) == EVERYTHING


def test_conversations_are_kept_apart(make_memory: MakeMemory) -> None:
    memory = make_memory()
    memory.put(THREAD, EVERYTHING)
    other_thread = ConversationKey("slack", "C111", "1726133700.000002")
    other_user = ConversationKey("discord", "C111", "", "U1")
    other_workspace = replace(THREAD, space="T222")  # same channel id and ts, another workspace
    assert memory.get(other_thread) == Context()
    assert memory.get(other_workspace) == Context()
    assert memory.get(other_user) == Context()
    memory.put(other_user, Context(roles=("data-scientist",)))
    assert memory.get(THREAD) == EVERYTHING
    assert memory.get(other_user).roles == ("data-scientist",)


def test_a_context_is_forgotten_after_the_idle_time_since_it_was_last_written(
    make_memory: MakeMemory,
) -> None:
    memory = make_memory(idle_seconds=0.5)
    memory.put(THREAD, EVERYTHING)
    time.sleep(0.3)
    memory.put(THREAD, EVERYTHING)  # a turn: idle again from now
    time.sleep(0.3)
    assert memory.get(THREAD) == EVERYTHING
    time.sleep(0.35)
    assert memory.get(THREAD) == Context()


def test_beyond_capacity_the_least_recently_written_go_first(make_memory: MakeMemory) -> None:
    memory = make_memory(capacity=2)
    for n in (1, 2, 3):
        memory.put(key(n), Context(roles=(f"role-{n}",)))
    assert [memory.get(key(n)).roles for n in (1, 2, 3)] == [(), ("role-2",), ("role-3",)]
    memory.put(key(2), Context(roles=("role-2",)))  # written again: now the newest
    memory.put(key(4), Context(roles=("role-4",)))
    assert [bool(memory.get(key(n)).roles) for n in (2, 3, 4)] == [True, False, True]


def test_the_bound_holds_when_many_threads_write_at_once(make_memory: MakeMemory) -> None:
    memory = make_memory(capacity=5)
    start = threading.Barrier(8)

    def write(worker: int) -> None:
        start.wait()
        for n in range(10):
            memory.put(key(worker * 100 + n), Context(roles=("r",)))

    threads = [threading.Thread(target=write, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    kept = [n for w in range(8) for n in range(w * 100, w * 100 + 10) if memory.get(key(n)).roles]
    assert len(kept) == 5


def test_a_reload_forgets_conversations_about_what_is_gone(make_memory: MakeMemory) -> None:
    memory = make_memory()
    memory.put(key(1), Context(roles=("data-scientist",)))
    memory.put(key(2), Context(roles=("retired-role",)))
    memory.put(key(3), Context(stage="deployment"))
    forgotten = memory.retain(lambda context: "retired-role" not in context.roles)
    assert forgotten == 1
    assert memory.get(key(1)).roles == ("data-scientist",)
    assert memory.get(key(2)) == Context()
    assert memory.get(key(3)).stage == "deployment"


def test_follow_ups_keep_their_context(make_memory: MakeMemory, compiled: Compiled) -> None:
    bot = Bot(compiled, memory=make_memory())
    bot.respond(Message("what does a data scientist do?", THREAD))
    assert bot.respond(Message("and which tools?", THREAD)).reply.title == (
        "Tools data scientists use"
    )


def test_in_redis_a_context_lives_fifteen_idle_minutes_under_a_hashed_name(
    shared: SharedState, redis_prefix: str, redis_url: str
) -> None:
    shared.memory().put(THREAD, EVERYTHING)
    client = redis.Redis.from_url(redis_url)
    try:
        name = f"{redis_prefix}ctx:{conversation_hash(THREAD)}"
        assert IDLE_SECONDS * 1000 - 5_000 < client.pttl(name) <= IDLE_SECONDS * 1000
        keys = b" ".join(client.scan_iter(match=f"{redis_prefix}*"))
    finally:
        client.close()
    assert b"C111" not in keys and b"1726133700" not in keys  # no channel or thread ids


def test_a_context_redis_cannot_read_is_an_empty_one(
    shared: SharedState, redis_prefix: str, redis_url: str
) -> None:
    client = redis.Redis.from_url(redis_url)
    try:
        client.set(f"{redis_prefix}ctx:{conversation_hash(THREAD)}", b'{"roles": 7}')
    finally:
        client.close()
    assert shared.memory().get(THREAD) == Context()


async def test_two_replicas_share_a_conversation(
    redis_url: str, redis_prefix: str, compiled: Compiled
) -> None:
    async with opened(redis_url, redis_prefix) as a, opened(redis_url, redis_prefix) as b:
        first, second = Bot(compiled, memory=a.memory()), Bot(compiled, memory=b.memory())
        first.respond(Message("what does a data scientist do?", THREAD))
        follow_up = second.respond(Message("and which tools?", THREAD))
        assert follow_up.reply.title == "Tools data scientists use"
        why = first.respond(Message("why?", THREAD)).reply  # about the other replica's answer
        assert "role_tools `data-scientist`" in why.body
