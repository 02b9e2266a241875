"""What the store keeps: one frozen row type per table, and the aggregates the report reads.

No row holds a user name or a channel name. `MissRow.user` and `MissRow.channel` stay ``None``
and `VoteRow.voter` is a pseudonym unless the operator turns on keeping user ids; the
onboarding rows (`TourRow`, `WelcomeRow`) always hold pseudonyms.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum

from bot.feedback import Feedback

Clock = Callable[[], datetime]  # returns an aware UTC time; tests inject a fake one


def utc_now() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


class MissKind(Enum):
    """Why a question counts as not (well) answered."""

    DECLINED = "declined"  # the bot said it did not know
    CLARIFIED = "clarified"  # the bot asked which of several entries was meant
    LOW_CONFIDENCE = "low_confidence"  # answered, but with a score below the recording setting


@dataclass(frozen=True, slots=True)
class AnswerRow:
    """One reply the bot sent: what kind, which intent and entry, how sure."""

    answer_id: str
    at: datetime
    platform: str
    kind: str  # bot.reply.ReplyKind value
    intent: str
    entry: str | None
    score: float


@dataclass(frozen=True, slots=True)
class MissRow:
    """A declined, clarified or low-confidence question, normalised (lower-case tokens)."""

    answer_id: str
    at: datetime
    platform: str
    kind: MissKind
    question: str
    intent: str  # the engine's guess: the intent it answered, or decline / clarify
    matched: str  # the nearest phrasing the engine saw, if any
    score: float
    user: str | None = None  # only when keeping user ids is turned on
    channel: str | None = None  # only when keeping user ids is turned on


@dataclass(frozen=True, slots=True)
class VoteRow:
    """A feedback click; one per voter and answer, the latest click wins."""

    answer_id: str
    voter: str  # a pseudonym (hash) unless keeping user ids is turned on
    platform: str
    feedback: Feedback
    at: datetime


@dataclass(frozen=True, slots=True)
class TourRow:
    """A user's step in the onboarding tour; `step` None means the tour ended (the row goes)."""

    user_key: (
        str  # a pseudonym (bot.onboarding.progress.user_key), whatever the user-id setting says
    )
    step: int | None
    at: datetime


@dataclass(frozen=True, slots=True)
class WelcomeRow:
    """A user was welcomed; kept past the retention, so nobody is ever welcomed twice."""

    user_key: str  # a pseudonym, like TourRow's
    at: datetime


Row = AnswerRow | MissRow | VoteRow | TourRow | WelcomeRow


@dataclass(frozen=True, slots=True)
class ReplyCount:
    """How many replies of one kind an intent produced in a window."""

    intent: str
    kind: str  # bot.reply.ReplyKind value
    replies: int


@dataclass(frozen=True, slots=True)
class EntryVotes:
    """Feedback on the answers from one entry (or one intent, when there is no entry)."""

    entry: str | None
    intent: str
    helpful: int
    not_helpful: int
    none_of_these: int


@dataclass(frozen=True, slots=True)
class MissedQuestion:
    """A recorded miss as the report reads it; `rejected` when someone clicked "None of these"."""

    question: str
    kind: MissKind
    intent: str
    matched: str
    score: float
    at: datetime
    rejected: bool


@dataclass(frozen=True, slots=True)
class DayCount:
    """Replies to questions on one UTC day, and how many of them were fallbacks."""

    day: date
    questions: int
    fallbacks: int
