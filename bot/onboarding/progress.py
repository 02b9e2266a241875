"""Who is where in the tour, and who has been welcomed: per-user state, keyed by pseudonyms.

The core only ever sees a user key, a hash of the platform and the user (never the raw id), so
what the store keeps cannot be read back as a list of people. The in-memory implementations
here are the defaults; `bot.store.onboarding` keeps the same state in the store so it survives
a restart.
"""

from __future__ import annotations

import hashlib
import threading
from typing import Protocol

from bot.message import ConversationKey

USER_KEY_CHARS = 32


def user_key(platform: str, user: str) -> str:
    """The pseudonym a user's tour position and welcome are kept under.

    Anyone holding the store and a list of user ids could still test guesses, as with the
    feedback voter keys: keep the store file private.
    """
    digest = hashlib.sha256("\x1f".join(("rolebot-user", platform, user)).encode()).hexdigest()
    return digest[:USER_KEY_CHARS]


def conversation_user_key(key: ConversationKey) -> str:
    """The user key of whoever speaks in a conversation.

    Adapters put the user in the key except where a conversation is shared (a Slack thread) or
    has a single user anyway (the console); those fall back to the channel and thread, marked
    so a channel id can never produce the same key as a user id.
    """
    who = key.user or f"#{key.channel}/{key.thread}"
    return user_key(key.platform, who)


class TourProgress(Protocol):
    """Where each user is in the tour: a step index, or None when no tour is under way."""

    def get(self, user_key: str) -> int | None:
        """The step the user is on, or None."""
        ...

    def set(self, user_key: str, step: int | None) -> None:
        """Remember the user's step; None forgets it (the tour was stopped or finished)."""
        ...


class MemoryTourProgress:
    """Tour positions for the life of the process (the default; the console needs no more)."""

    def __init__(self) -> None:
        self._steps: dict[str, int] = {}
        self._lock = threading.Lock()  # adapters may answer from several threads

    def get(self, user_key: str) -> int | None:
        """The step the user is on, or None."""
        with self._lock:
            return self._steps.get(user_key)

    def set(self, user_key: str, step: int | None) -> None:
        """Remember the user's step; None forgets it."""
        with self._lock:
            if step is None:
                self._steps.pop(user_key, None)
            else:
                self._steps[user_key] = step


class Welcomes(Protocol):
    """Who has been welcomed, so nobody is welcomed twice."""

    def claim(self, platform: str, user: str) -> bool:
        """Mark the user welcomed and return True, unless they already were (then False).

        Atomic, because one join can arrive as two events at once (joining a workspace also
        joins its default channels): only one of them gets to send the welcome.
        """
        ...


class MemoryWelcomes:
    """Welcomes remembered for the life of the process."""

    def __init__(self) -> None:
        self._welcomed: set[str] = set()
        self._lock = threading.Lock()

    def claim(self, platform: str, user: str) -> bool:
        """Mark the user welcomed; True only the first time."""
        key = user_key(platform, user)
        with self._lock:
            if key in self._welcomed:
                return False
            self._welcomed.add(key)
            return True
