"""Feedback buttons: which a reply offers, and what they say.

An answer offers "Helpful" and "Not helpful"; a clarification ("which one did you mean?")
offers "None of these", which the report counts as a miss; every other reply offers nothing.
Adapters render each choice as a button carrying the reply's answer id, and hand a click back
to the core's `record_feedback` as the `Feedback` it names.
"""

from __future__ import annotations

from typing import assert_never

from bot.feedback import Feedback
from bot.reply import ReplyKind

THANKS = "Thanks for the feedback."  # the quiet acknowledgement of a click, seen by the clicker


def label(choice: Feedback) -> str:
    """A feedback button's text."""
    match choice:
        case Feedback.HELPFUL:
            return "Helpful"
        case Feedback.NOT_HELPFUL:
            return "Not helpful"
        case Feedback.NONE_OF_THESE:
            return "None of these"
        case _:
            assert_never(choice)


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
