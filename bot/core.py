"""The core's contract with adapters and observers: the `Core` protocol and what it reports.

Adapters depend on `Core` alone (`bot.Bot` is the implementation). Whatever watches the core
(recording to the store, metrics) registers an `Observer` with `Bot.observe` and hears one
typed event per answered turn, failed turn and feedback click.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.feedback import Feedback
from bot.kb.records import EntityKind
from bot.message import Message
from bot.reply import Reply
from bot.understanding.lexicon import EntityRef

ANSWER_ID_BYTES = 8  # 16 hex characters: fits a Discord custom_id (100) or Slack value with room
_ANSWER_ID = re.compile(rf"[0-9a-f]{{{2 * ANSWER_ID_BYTES}}}")


def new_answer_id() -> str:
    """A fresh random answer id (16 lower-case hex characters)."""
    return secrets.token_hex(ANSWER_ID_BYTES)


def is_answer_id(text: str) -> bool:
    """Whether `text` has the shape of an answer id, so adapters can reject forged payloads."""
    return _ANSWER_ID.fullmatch(text) is not None


@dataclass(frozen=True, slots=True)
class Answered:
    """A reply and the id its feedback buttons carry."""

    reply: Reply
    answer_id: str


@dataclass(frozen=True, slots=True)
class TurnAnswered:
    """One turn answered. `shown`: the reply goes to the user (always, unless nobody put the
    turn to rolebot and it found no answer); turns not shown are neither recorded nor counted."""

    message: Message
    reply: Reply
    answer_id: str
    shown: bool
    seconds: float  # time to compute the reply


@dataclass(frozen=True, slots=True)
class TurnFailed:
    """One turn the core failed to answer (the exception goes on to the adapter)."""

    message: Message
    error: Exception
    seconds: float


@dataclass(frozen=True, slots=True)
class FeedbackGiven:
    """A click on a reply's feedback buttons, with a well-formed answer id."""

    answer_id: str
    user: str
    feedback: Feedback
    platform: str


Event = TurnAnswered | TurnFailed | FeedbackGiven
Observer = Callable[[Event], None]


class Core(Protocol):
    """What every adapter needs of the core; `bot.Bot` is the one implementation."""

    def respond(self, message: Message, *, addressed: bool = True) -> Answered:
        """Answer one turn; the answer id goes on the reply's feedback buttons.

        `addressed=False` is for a turn nobody put to rolebot (chatter in a thread it answered
        in), which adapters show only when it gets an answer.
        """
        ...

    def record_feedback(self, answer_id: str, user: str, feedback: Feedback, platform: str) -> None:
        """Record a click on a reply's feedback buttons; returns at once and never raises."""
        ...

    def welcome(self, platform: str, user: str) -> Reply | None:
        """The welcome for a newcomer, or None when they were welcomed before (once per person,
        however many join events arrive at once)."""
        ...

    def home(self, platform: str) -> Reply:
        """The start page (Slack's App Home)."""
        ...

    def names(self, kind: EntityKind) -> Sequence[EntityRef]:
        """Every name and alias of one kind, each entity's name before its aliases."""
        ...

    def recognise(self, text: str, kind: EntityKind) -> EntityRef | None:
        """The entity of one kind that `text` names (abbreviations, misspellings), if any."""
        ...
