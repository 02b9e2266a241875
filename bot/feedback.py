"""Feedback buttons: which a reply offers, what they say, and what a click on each records.

An answer offers "Helpful" and "Not helpful"; a clarification ("which one did you mean?")
offers "None of these", which the report counts as a miss; every other reply offers nothing.
Adapters render each choice as a button carrying the reply's answer id, and hand a click back
to `Answering.record_feedback` with the choice's `helpful`.
"""

from __future__ import annotations

from enum import Enum
from typing import assert_never

from bot.reply import ReplyKind

THANKS = "Thanks for the feedback."  # the quiet acknowledgement of a click, seen by the clicker


class Feedback(Enum):
    """One feedback button; the value is its stable code in action ids and custom_ids."""

    HELPFUL = "helpful"
    NOT_HELPFUL = "not_helpful"
    NONE_OF_THESE = "none_of_these"

    @property
    def label(self) -> str:
        """The button's text."""
        match self:
            case Feedback.HELPFUL:
                return "Helpful"
            case Feedback.NOT_HELPFUL:
                return "Not helpful"
            case Feedback.NONE_OF_THESE:
                return "None of these"
            case _:
                assert_never(self)

    @property
    def helpful(self) -> bool | None:
        """What `record_feedback` takes: True helpful, False not, None "none of these"."""
        match self:
            case Feedback.HELPFUL:
                return True
            case Feedback.NOT_HELPFUL:
                return False
            case Feedback.NONE_OF_THESE:
                return None
            case _:
                assert_never(self)

    @classmethod
    def from_code(cls, code: str) -> Feedback | None:
        """The choice a button code names, or None for a code rolebot never made."""
        try:
            return cls(code)
        except ValueError:
            return None


def offered(kind: ReplyKind) -> tuple[Feedback, ...]:
    """The feedback buttons a reply of `kind` shows, in order."""
    match kind:
        case ReplyKind.ANSWER:
            return (Feedback.HELPFUL, Feedback.NOT_HELPFUL)
        case ReplyKind.CLARIFY:
            return (Feedback.NONE_OF_THESE,)  # the candidates are the other buttons
        case ReplyKind.DECLINE | ReplyKind.HELP | ReplyKind.USAGE | ReplyKind.TOUR:
            return ()  # nothing was answered, so there is nothing to judge
        case _:
            assert_never(kind)
