"""Per-conversation context: bounded in size, forgotten after a while of silence."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

from bot.conversation.context import Context
from bot.message import ConversationKey

IDLE_SECONDS = 15 * 60
MAX_CONVERSATIONS = 10_000


class Memory(Protocol):
    """What the front door keeps per conversation: its last context."""

    def get(self, key: ConversationKey) -> Context:
        """The context of a conversation, or an empty one if new or forgotten."""
        ...

    def put(self, key: ConversationKey, context: Context) -> None:
        """Remember a conversation's context."""
        ...

    def retain(self, keep: Callable[[Context], bool]) -> int:
        """Forget every conversation whose context `keep` rejects; how many were forgotten."""
        ...


class ConversationMemory:
    """Least-recently-used map of conversation to context, with idle expiry."""

    def __init__(
        self,
        idle_seconds: float = IDLE_SECONDS,
        capacity: int = MAX_CONVERSATIONS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._idle = idle_seconds
        self._capacity = capacity
        self._clock = clock
        self._items: OrderedDict[ConversationKey, tuple[float, Context]] = OrderedDict()
        self._lock = threading.Lock()  # adapters may answer from several threads

    def get(self, key: ConversationKey) -> Context:
        """The context of a conversation, or an empty one if new or expired."""
        with self._lock:
            stored = self._items.get(key)
            if stored is None:
                return Context()
            seen, context = stored
            if self._clock() - seen > self._idle:
                del self._items[key]
                return Context()
            return context

    def put(self, key: ConversationKey, context: Context) -> None:
        """Remember a conversation's context, evicting the least recently used beyond capacity."""
        with self._lock:
            self._items[key] = (self._clock(), context)
            self._items.move_to_end(key)
            while len(self._items) > self._capacity:
                self._items.popitem(last=False)

    def retain(self, keep: Callable[[Context], bool]) -> int:
        """Forget every conversation whose context `keep` rejects; how many were forgotten."""
        with self._lock:
            gone = [key for key, (_, context) in self._items.items() if not keep(context)]
            for key in gone:
                del self._items[key]
            return len(gone)

    def __len__(self) -> int:
        return len(self._items)
