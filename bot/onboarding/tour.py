"""The onboarding tour: a few steps from the knowledge, walked with Next, Back and Stop.

Each user's position is kept in a `TourProgress` under their pseudonymous user key, so a tour
started in one message continues in the next, and (with the store-backed progress) after a
restart. What each step, note and the welcome say is in `bot.answering.wording.tour`.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from bot.answering.wording import tour as wording
from bot.kb.base import KnowledgeBase
from bot.kb.records import TourStep
from bot.onboarding.progress import TourProgress
from bot.reply import Reply
from bot.understanding.text import tokens


class Move(Enum):
    """What a user asks the tour to do."""

    RESUME = "resume"  # `tour`: carry on where the user left off, or start
    START = "start"
    NEXT = "next"
    BACK = "back"
    STOP = "stop"


MOVE_WORDS = {
    **dict.fromkeys(("start", "restart", "begin", "again"), Move.START),
    **dict.fromkeys(("next", "continue", "forward"), Move.NEXT),
    **dict.fromkeys(("back", "previous", "prev"), Move.BACK),
    **dict.fromkeys(("stop", "finish", "done", "end"), Move.STOP),
}
FILLER = frozenset("go the tour step please ok okay".split())
# Typed on its own, only these move a tour that is under way; "start" and the like stay
# questions, since they rarely mean the tour when none was mentioned.
CHAT_MOVES = frozenset({Move.NEXT, Move.BACK, Move.STOP})
# "I'm new here", "it's my first week", "just joined the data team": a newcomer saying hello
# gets the welcome (and its tour button) rather than "I don't know that one". Only short lines
# made of these words count, so questions about new tools or joining tables stay questions.
NEWCOMER_CUES = frozenset("new newcomer newbie joined joining onboarding started first".split())
NEWCOMER_WORDS = NEWCOMER_CUES | frozenset(
    "i im am just here the this team to get getting how do where should help me a an on my "
    "first day week month today hi hello hey hiya all everyone folks it its s as in at of and "
    "data ml analytics platform squad group company starting".split()
)
NEWCOMER_MAX_WORDS = 8


def command_move(rest: str) -> Move | None:
    """The move the words after `tour` ask for: none is RESUME; None when not understood."""
    words = tokens(rest)
    return Move.RESUME if not words else _one_move(words)


def chat_move(text: str) -> Move | None:
    """The move a plain line asks for ("next", "go back", "stop the tour"), if it is one."""
    move = _one_move(tokens(text))
    return move if move in CHAT_MOVES else None


def is_newcomer_hello(words: Sequence[str]) -> bool:
    """Whether a line's words (names of roles left out) are a newcomer introducing themselves."""
    said = set(words)
    return (
        len(words) <= NEWCOMER_MAX_WORDS and said <= NEWCOMER_WORDS and bool(said & NEWCOMER_CUES)
    )


def _one_move(words: list[str]) -> Move | None:
    moves = {MOVE_WORDS.get(word) for word in words if word not in FILLER}
    if len(moves) != 1 or None in moves:
        return None
    return moves.pop()


class TourGuide:
    """Walks users through the tour steps of one knowledge base."""

    def __init__(self, base: KnowledgeBase, progress: TourProgress) -> None:
        self.base = base
        self.progress = progress
        self.steps: tuple[TourStep, ...] = tuple(base.tour.values())

    def in_progress(self, user: str) -> bool:
        """Whether the user has a tour under way (so a plain "next" moves it)."""
        return self.progress.get(user) is not None

    def move(self, move: Move, user: str, platform: str, question: str = "") -> Reply:
        """Apply a move to the user's tour and return the step (or closing note) to show."""
        if not self.steps:
            return wording.no_tour(question)
        at = self._position(user)
        last = len(self.steps) - 1
        resumed = False
        match move:
            case Move.RESUME:
                target, resumed = (0, False) if at is None else (at, at > 0)
            case Move.START:
                target = 0
            case Move.NEXT:
                if at is not None and at >= last:
                    return self._finish(user, platform, question)
                target = 0 if at is None else at + 1
            case Move.BACK:
                target = 0 if at is None else max(at - 1, 0)
            case Move.STOP:
                if at is None:
                    return wording.none_under_way(platform, question)
                if at >= last:
                    return self._finish(user, platform, question)
                self.progress.set(user, None)
                return wording.stopped(at, len(self.steps), platform, question)
        self.progress.set(user, target)
        return self.step(target, platform, question, resumed=resumed)

    def _position(self, user: str) -> int | None:
        """The user's step, kept within the tour (it may have lost steps since it was saved)."""
        at = self.progress.get(user)
        return None if at is None else max(0, min(at, len(self.steps) - 1))

    def step(
        self, index: int, platform: str, question: str = "", *, resumed: bool = False
    ) -> Reply:
        """The reply showing step `index` (0-based) with its Back / Next / Stop buttons."""
        return wording.step(self.base, self.steps, index, platform, question, resumed=resumed)

    def _finish(self, user: str, platform: str, question: str) -> Reply:
        self.progress.set(user, None)
        return wording.finished(self.base, platform, question)

    def welcome(self, platform: str) -> Reply:
        """The short welcome a newcomer gets, with a button that starts the tour."""
        return wording.welcome(self.base, len(self.steps), platform)
