"""Conversation memory in Redis, so a thread's follow-up is understood by whichever replica
gets it; the same idle expiry and bound as the in-process memory (`bot.conversation.memory`).

Each conversation's context is one JSON value that expires after `idle_seconds` without a
write, as in-process. A sorted set indexes them by when they were last written (Redis's own
clock, the same for every replica), so beyond `capacity` the least recently written go first.
Conversation keys are hashed: Redis holds no user or channel ids.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from pydantic import TypeAdapter, ValidationError

from adapters.shared_state.connection import RedisConnection, SyncRedis
from bot.conversation.context import Context
from bot.conversation.memory import IDLE_SECONDS, MAX_CONVERSATIONS, ConversationMemory, Memory
from bot.message import ConversationKey

log = logging.getLogger(__name__)

KEY_CHARS = 32
READ_BATCH = 500  # contexts read per round trip when a reload checks them all
CONTEXT = TypeAdapter(Context)

# KEYS: the context, the index. ARGV: the context as JSON, idle ms, capacity, its index member,
# the prefix of context keys. Atomic, so two replicas writing at once keep the bound exact.
_PUT = """
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local idle = tonumber(ARGV[2])
redis.call('SET', KEYS[1], ARGV[1], 'PX', idle)
redis.call('ZADD', KEYS[2], now, ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - idle * 1000)
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[3])
if over > 0 then
  local gone = redis.call('ZPOPMIN', KEYS[2], over)
  for i = 1, #gone, 2 do redis.call('DEL', ARGV[5] .. gone[i]) end
end
redis.call('PEXPIRE', KEYS[2], idle)
return over
"""


def conversation_hash(key: ConversationKey) -> str:
    """The name a conversation's context is kept under: a hash of its key."""
    parts = (key.platform, key.space, key.channel, key.thread, key.user)
    text = "\x1f".join(("rolebot-conversation", *parts))
    return hashlib.sha256(text.encode()).hexdigest()[:KEY_CHARS]


class RedisMemory:
    """A `Memory` in Redis; while Redis fails, an in-process one stands in."""

    def __init__(
        self,
        connection: RedisConnection,
        idle_seconds: float = IDLE_SECONDS,
        capacity: int = MAX_CONVERSATIONS,
        fallback: Memory | None = None,
    ) -> None:
        self._redis = connection
        self._idle_ms = max(1, round(idle_seconds * 1000))
        self._capacity = capacity
        self._fallback = (
            fallback if fallback is not None else ConversationMemory(idle_seconds, capacity)
        )
        self._index = connection.key("ctx", "index")
        self._put = connection.sync.register_script(_PUT)

    def _key(self, member: str) -> str:
        return self._redis.key("ctx", member)

    def get(self, key: ConversationKey) -> Context:
        """The context of a conversation, or an empty one if new or expired."""
        name = self._key(conversation_hash(key))
        return self._redis.run(lambda r: _decode(r.get(name)), lambda: self._fallback.get(key))

    def put(self, key: ConversationKey, context: Context) -> None:
        """Remember a conversation's context for the idle time; beyond capacity, the least
        recently written conversations are forgotten."""
        member = conversation_hash(key)
        value = CONTEXT.dump_json(context)

        def put(_: SyncRedis) -> None:
            args: list[bytes | str | int] = [
                value,
                self._idle_ms,
                self._capacity,
                member,
                self._key(""),
            ]
            self._put(keys=[self._key(member), self._index], args=args)

        self._redis.run(put, lambda: self._fallback.put(key, context))

    def retain(self, keep: Callable[[Context], bool]) -> int:
        """Forget every conversation whose context `keep` rejects; how many were forgotten.
        Every replica's conversations are checked (a reload on one is a reload on all)."""
        forgotten_here = self._fallback.retain(keep)
        return self._redis.run(lambda r: self._retain(r, keep), lambda: 0) + forgotten_here

    def _retain(self, r: SyncRedis, keep: Callable[[Context], bool]) -> int:
        members = [_text(m) for m in r.zrange(self._index, 0, -1)]
        forgotten = 0
        for start in range(0, len(members), READ_BATCH):
            batch = members[start : start + READ_BATCH]
            values = r.mget([self._key(m) for m in batch])
            gone = [m for m, v in zip(batch, values, strict=True) if v is None]
            rejected = [
                m
                for m, v in zip(batch, values, strict=True)
                if v is not None and not keep(_decode(v))
            ]
            if gone or rejected:
                pipe = r.pipeline()
                pipe.zrem(self._index, *gone, *rejected)
                if rejected:
                    pipe.delete(*(self._key(m) for m in rejected))
                pipe.execute()
            forgotten += len(rejected)
        return forgotten


def _text(member: object) -> str:
    return member.decode() if isinstance(member, bytes) else str(member)


def _decode(value: bytes | str | None) -> Context:
    """A stored context (empty when there is none); one this version cannot read (written by
    another version) counts as empty too."""
    if value is None:
        return Context()
    try:
        return CONTEXT.validate_json(value)
    except ValidationError as error:
        log.warning("ignored a conversation context that cannot be read: %s", error.title)
        return Context()
