"""`AnswerService`: the engine plus recording, behind the same `handle(Message) -> Reply`.

Adapters that show feedback buttons call `respond` to get the reply with its answer id, put the
id on the buttons, and pass it back to `record_feedback` when someone clicks. Recording happens
after the answer is computed and never raises: a broken store costs rows, not answers. The chat
adapters take anything `Answering`, so tests and embedders can hand them another implementation.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from bot.core import Core
from bot.message import Message
from bot.reply import Reply, ReplyKind
from bot.store.base import Store
from bot.store.onboarding import StoredTourProgress, StoredWelcomes
from bot.store.recorder import Recorder
from bot.store.rows import (
    AnswerRow,
    Clock,
    MissKind,
    MissRow,
    Row,
    Verdict,
    VoteRow,
    utc_now,
)
from bot.store.settings import LOW_CONFIDENCE, RecordingSettings
from bot.store.sqlite import SqliteStore
from bot.understanding.text import normalize

log = logging.getLogger(__name__)

ANSWER_ID_BYTES = 8  # 16 hex characters: fits a Discord custom_id (100) or Slack value with room
_ANSWER_ID = re.compile(rf"[0-9a-f]{{{2 * ANSWER_ID_BYTES}}}")
VOTER_HASH_CHARS = 32


@dataclass(frozen=True, slots=True)
class Answered:
    """A reply and the id its feedback buttons carry."""

    reply: Reply
    answer_id: str


class Answering(Protocol):
    """What the chat adapters need of the core: replies with answer ids, and votes on them."""

    def respond(self, message: Message, *, addressed: bool = True) -> Answered:
        """Answer one turn; never raises. `addressed=False`: see `AnswerService.respond`."""
        ...

    def record_feedback(
        self, answer_id: str, user: str, helpful: bool | None, platform: str
    ) -> None:
        """Record a click on a reply's feedback buttons; returns at once and never raises."""
        ...


def new_answer_id() -> str:
    """A fresh random answer id (16 lower-case hex characters)."""
    return secrets.token_hex(ANSWER_ID_BYTES)


def is_answer_id(text: str) -> bool:
    """Whether `text` has the shape of an answer id, so adapters can reject forged payloads."""
    return _ANSWER_ID.fullmatch(text) is not None


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


class AnswerService:
    """Answers like the engine, and records each answer, miss and vote through a Recorder."""

    def __init__(
        self,
        engine: Core,
        recorder: Recorder,
        *,
        low_confidence: float = LOW_CONFIDENCE,
        keep_user_ids: bool = False,
        clock: Clock = utc_now,
    ) -> None:
        self.engine = engine
        self.recorder = recorder
        self._low_confidence = low_confidence
        self._keep_user_ids = keep_user_ids
        self._clock = clock

    def handle(self, message: Message) -> Reply:
        """Answer one turn and record it; a drop-in for `Engine.handle`."""
        return self.respond(message).reply

    def respond(self, message: Message, *, addressed: bool = True) -> Answered:
        """Answer one turn and record it; the answer id goes on the reply's feedback buttons.

        `addressed=False` is for a turn nobody put to rolebot (chatter in a thread it answered
        in), which adapters show only when it gets an answer: anything else said there was not
        a question to rolebot, so it is neither shown nor recorded.
        """
        reply = self.engine.handle(message)
        answer_id = new_answer_id()
        if addressed or reply.kind is ReplyKind.ANSWER:
            try:
                self._record(message, reply, answer_id)
            except Exception:  # recording is best effort: the answer goes out regardless
                log.exception("could not record an answer")
        return Answered(reply, answer_id)

    def welcome(self, platform: str) -> Reply:
        """The engine's welcome for a newcomer (not recorded: nobody asked anything)."""
        return self.engine.welcome(platform)

    def home(self, platform: str) -> Reply:
        """The engine's start page (not recorded)."""
        return self.engine.home(platform)

    def record_feedback(
        self, answer_id: str, user: str, helpful: bool | None, platform: str
    ) -> None:
        """Record a click on an answer's buttons: True helpful, False not, None "None of these".

        One vote per user and answer: clicking again replaces the earlier vote. "None of these"
        (on a clarification) counts as a miss in the report. Never raises.
        """
        try:
            if not is_answer_id(answer_id):
                log.warning("ignored feedback for a malformed answer id %r", answer_id[:40])
                return
            verdict = (
                Verdict.NONE_OF_THESE
                if helpful is None
                else Verdict.HELPFUL
                if helpful
                else Verdict.NOT_HELPFUL
            )
            voter = user if self._keep_user_ids else pseudonym(platform, user, answer_id)
            self.recorder.submit(VoteRow(answer_id, voter, platform, verdict, self._clock()))
        except Exception:
            log.exception("could not record feedback")

    def close(self, timeout: float | None = 10.0) -> bool:
        """Write what is still queued and close the store; True if that finished in time."""
        return self.recorder.close(timeout)

    def _record(self, message: Message, reply: Reply, answer_id: str) -> None:
        now = self._clock()
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


def open_service(engine: Core, settings: RecordingSettings) -> AnswerService:
    """The service with a SQLite store at `settings.path` (created on first use)."""
    recorder = Recorder(
        lambda: SqliteStore(settings.path, busy_timeout_ms=settings.busy_timeout_ms),
        retention=timedelta(days=settings.retention_days),
    )
    return AnswerService(
        engine,
        recorder,
        low_confidence=settings.low_confidence,
        keep_user_ids=settings.keep_user_ids,
    )


@dataclass(frozen=True, slots=True)
class Onboarding:
    """Tour positions and welcomes kept in the store, and the recorder that writes them."""

    progress: StoredTourProgress
    welcomes: StoredWelcomes
    recorder: Recorder

    def close(self, timeout: float | None = 10.0) -> bool:
        """Write what is still queued and close the store; True if that finished in time."""
        return self.recorder.close(timeout)


def open_onboarding(settings: RecordingSettings) -> Onboarding:
    """Tour positions and welcomes in the SQLite store at `settings.path`.

    Whatever the user-id setting, these are kept under pseudonyms (see `bot.onboarding.progress`).
    """

    def open_store() -> Store:
        return SqliteStore(settings.path, busy_timeout_ms=settings.busy_timeout_ms)

    recorder = Recorder(open_store, retention=timedelta(days=settings.retention_days))
    return Onboarding(
        StoredTourProgress(recorder, open_store), StoredWelcomes(recorder, open_store), recorder
    )
