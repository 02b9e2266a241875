"""Recording what the bot answers: an observer that turns events into rows for the store.

Registered on the bot by the composition root (`bot.observe(recording)`): each answered turn
becomes an answer row, plus a miss row when it declined, asked which was meant or was not sure;
each feedback click becomes a vote. Rows go to a `Recorder`, which writes them off the
answering thread, so recording never slows or breaks an answer.
"""

from __future__ import annotations

import hashlib

from bot.core import Event, FeedbackGiven, TurnAnswered, TurnFailed
from bot.reply import Reply, ReplyKind
from bot.store.recorder import Recorder
from bot.store.rows import AnswerRow, Clock, MissKind, MissRow, Row, VoteRow, utc_now
from bot.store.settings import LOW_CONFIDENCE
from bot.understanding.text import normalize

VOTER_HASH_CHARS = 32


def pseudonym(platform: str, user: str, answer_id: str) -> str:
    """The voter key stored instead of a user id: one user's votes stay one vote per answer.

    Salting with the answer id means two votes by the same person on different answers do not
    share a key, so the table cannot be used to follow one person across answers. Someone who
    holds both the file and a list of user ids can still test guesses: keep the file private.
    """
    digest = hashlib.sha256("\x1f".join((platform, user, answer_id)).encode()).hexdigest()
    return digest[:VOTER_HASH_CHARS]


def miss_kind(reply: Reply, low_confidence: float) -> MissKind | None:
    """Whether and why a reply counts as a miss for the curators."""
    match reply.kind:
        case ReplyKind.DECLINE:
            return MissKind.DECLINED
        case ReplyKind.CLARIFY:
            return MissKind.CLARIFIED
        case ReplyKind.ANSWER if reply.provenance.score < low_confidence:
            return MissKind.LOW_CONFIDENCE
        case _:
            return None


class Recording:
    """Records each shown answer, miss and vote through a Recorder (an `Observer`)."""

    def __init__(
        self,
        recorder: Recorder,
        *,
        low_confidence: float = LOW_CONFIDENCE,
        keep_user_ids: bool = False,
        clock: Clock = utc_now,
    ) -> None:
        self.recorder = recorder
        self._low_confidence = low_confidence
        self._keep_user_ids = keep_user_ids
        self._clock = clock

    def __call__(self, event: Event) -> None:
        """Record one event: turns nobody was shown and failed turns leave no row."""
        match event:
            case TurnAnswered(shown=True):
                self._answer(event)
            case FeedbackGiven():
                self._vote(event)
            case TurnAnswered() | TurnFailed():
                pass

    def close(self, timeout: float | None = 10.0) -> bool:
        """Write what is still queued and close the store; True if that finished in time."""
        return self.recorder.close(timeout)

    def _vote(self, event: FeedbackGiven) -> None:
        """One vote per user and answer: clicking again replaces the earlier vote. "None of
        these" (on a clarification) counts as a miss in the report."""
        user, platform, answer_id = event.user, event.platform, event.answer_id
        voter = user if self._keep_user_ids else pseudonym(platform, user, answer_id)
        self.recorder.submit(VoteRow(answer_id, voter, platform, event.feedback, self._clock()))

    def _answer(self, event: TurnAnswered) -> None:
        now = self._clock()
        reply, message, answer_id = event.reply, event.message, event.answer_id
        provenance = reply.provenance
        platform = message.platform
        rows: list[Row] = [
            AnswerRow(
                answer_id,
                now,
                platform,
                reply.kind.value,
                provenance.intent,
                provenance.entry,
                provenance.score,
            )
        ]
        kind = miss_kind(reply, self._low_confidence)
        question = normalize(reply.question)
        if kind is not None and question:
            conversation = message.conversation
            keep = self._keep_user_ids
            rows.append(
                MissRow(
                    answer_id,
                    now,
                    platform,
                    kind,
                    question,
                    provenance.intent,
                    provenance.matched,
                    provenance.score,
                    user=(conversation.user or None) if keep else None,
                    channel=(conversation.channel or None) if keep else None,
                )
            )
        self.recorder.submit(*rows)  # one submission: the answer and its miss commit together
