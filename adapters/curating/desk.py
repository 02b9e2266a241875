"""The curation desk: curating from chat, the same on every platform.

Curators (``ROLEBOT_CURATORS``, platform-qualified user ids) get the top unanswered questions
from the store (`queue`) and change what rolebot knows with a click (`handle`): add a question
to an entry, or ignore it. Every change goes through the one teach path `rolebot teach` uses
(`adapters.teaching.keep_phrasing`: checked with the runtime matcher, kept in the store with
who and when), then the running bot reloads, so the next ask is answered with the entry.
Anyone else is refused politely, and nothing is read or changed for them.

The desk is platform-neutral: Slack and Discord render what it returns (`Pending`, `Outcome`)
and translate their clicks into `requests.Request`s.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from adapters.curating.requests import (
    ANSWER,
    Act,
    Request,
    Subject,
    group_subject,
)
from adapters.teaching import keep_phrasing
from bot import Bot
from bot.answering.deciding import Engine
from bot.curation.report import QuestionGroup, build_report, closest_entry
from bot.curation.teaching import already_taught, entry_choices
from bot.kb.compiled import Compiled
from bot.message import ConversationKey, Message
from bot.reply import Label
from bot.store.base import StoreError
from bot.store.sql import SqlStore

log = logging.getLogger(__name__)

CURATE = "curate"  # `/roles curate`
TOP = 5  # groups shown by `/roles curate`
LOOK_FURTHER = 4  # groups read per group shown, for those taught since they were recorded
WINDOW = timedelta(days=30)  # the window `rolebot report` summarises by default
FINDABLE = 500  # groups searched for the one a click names (it may have dropped out of the top)

REFUSAL = (
    "Sorry, only rolebot's curators can change what it knows. If you should be one, ask "
    "whoever runs rolebot to add you."
)
NOTHING_WAITING = (
    "Nothing is waiting: every question people asked in the last 30 days was answered, "
    "taught or ignored."
)
GONE = "That question is no longer waiting: someone dealt with it already, or it is too old."
NOT_FOUND = (
    "I cannot find that question any more: rolebot keeps unanswered questions only for a while, "
    "and only where it records them."
)
STORE_DOWN = "The store cannot be reached just now, so nothing changed. Please try again soon."


@dataclass(frozen=True, slots=True)
class Choice:
    """An entry a curator can add a question to."""

    entry: str
    title: str


@dataclass(frozen=True, slots=True)
class Pending:
    """A question waiting for a curator: a group of unanswered wordings, or the question of
    one "I don't know". `choices` are entries to choose from, closest first."""

    subject: Subject
    question: str
    asked: int
    wordings: tuple[str, ...]
    suggested: Choice | None
    score: float | None  # how close the suggested entry is (the report's score)
    choices: tuple[Choice, ...]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a curator (or someone refused) is told; `changed` when the knowledge changed."""

    text: str
    changed: bool = False
    refused: bool = False


class CurationDesk:
    """Lists what waits, applies curators' changes, refuses everyone else."""

    def __init__(
        self,
        curators: frozenset[str],
        bot: Bot,
        opened: Callable[[], SqlStore],
        reload: Callable[[str], Awaitable[bool]],
    ) -> None:
        """`curators`: ``platform:user`` ids; `opened` opens the store for one use (raising
        StoreError); `reload` reloads the bot's knowledge (`Reloader.reload`), given why."""
        self.curators = curators
        self.bot = bot
        self._opened = opened
        self._reload = reload
        self._changing = asyncio.Lock()  # one change at a time: each is checked on the last

    def is_curator(self, platform: str, user: str) -> bool:
        """Whether `user` on `platform` may curate."""
        return bool(user) and f"{platform}:{user}" in self.curators

    async def queue(self, platform: str, user: str, choices: int) -> tuple[Pending, ...] | Outcome:
        """The top unanswered questions, each with up to `choices` entries to choose from; an
        Outcome instead when there are none, the store cannot be read, or `user` may not."""
        if not self.is_curator(platform, user):
            return Outcome(REFUSAL, refused=True)
        try:
            return await asyncio.to_thread(self._queue, choices) or Outcome(NOTHING_WAITING)
        except StoreError as error:
            log.warning("curate: cannot read the store: %s", error)
            return Outcome(STORE_DOWN)

    async def handle(
        self, platform: str, user: str, request: Request, choices: int
    ) -> Pending | Outcome:
        """Carry out a click: show a declined question (OPEN), or teach or ignore one."""
        if not self.is_curator(platform, user):
            log.info("curate: refused %s:%s (not a curator)", platform, user)
            return Outcome(REFUSAL, refused=True)
        try:
            if request.act is Act.OPEN:
                return await asyncio.to_thread(self._open, request.subject, choices)
            async with self._changing:
                return await self._change(f"{platform}:{user}", request)
        except StoreError as error:
            log.warning("curate: cannot use the store: %s", error)
            return Outcome(STORE_DOWN)

    def _queue(self, choices: int) -> tuple[Pending, ...]:
        knowledge = self.bot.compiled
        # Some of the most asked may have been taught since: look a little further than TOP.
        waiting = self._waiting(knowledge, TOP * LOOK_FURTHER)[:TOP]
        return tuple(self._pending(knowledge, group, choices) for group in waiting)

    def _waiting(self, knowledge: Compiled, top: int) -> list[QuestionGroup]:
        """Unanswered groups of the window, most asked first, without those ignored or taught."""
        store = self._opened()
        try:
            now = datetime.now(UTC)
            ignored = store.ignored_questions()
            report = build_report(store, knowledge, now - WINDOW, now, top, ignored)
        finally:
            store.close()
        return [g for g in report.unanswered if not already_taught(knowledge.base, g.question)]

    def _pending(self, knowledge: Compiled, group: QuestionGroup, choices: int) -> Pending:
        faq = knowledge.base.faq
        closest = group.closest
        return Pending(
            subject=group_subject(group.question),
            question=group.question,
            asked=group.asked,
            wordings=group.wordings,
            suggested=Choice(closest.entry, closest.title) if closest is not None else None,
            score=closest.score if closest is not None else None,
            choices=tuple(
                Choice(entry, faq[entry].title)
                for entry in entry_choices(knowledge, group.question, choices)
            ),
        )

    def _open(self, subject: Subject, choices: int) -> Pending | Outcome:
        """The question of a declined answer, with entries to add it to."""
        knowledge = self.bot.compiled
        question = self._question_of(knowledge, subject)
        if isinstance(question, Outcome):
            return question
        if already_taught(knowledge.base, question[0]):
            return Outcome(GONE)
        asked, wordings = question
        group = QuestionGroup(
            question=asked,
            asked=1,
            declined=1,
            clarified=0,
            low_confidence=0,
            none_of_these=0,
            wordings=wordings,
            closest=closest_entry(knowledge, asked),
        )
        return self._pending(knowledge, group, choices)

    def _question_of(
        self, knowledge: Compiled, subject: Subject
    ) -> tuple[str, tuple[str, ...]] | Outcome:
        """The question a subject names and its other wordings, if it still waits."""
        if subject.kind == ANSWER:
            store = self._opened()
            try:
                question = store.missed_question(subject.key)
            finally:
                store.close()
            return (question, ()) if question is not None else Outcome(NOT_FOUND)
        for group in self._waiting(knowledge, FINDABLE):
            if group_subject(group.question) == subject:
                return group.question, group.wordings
        return Outcome(GONE)

    async def _change(self, who: str, request: Request) -> Outcome:
        found = await asyncio.to_thread(self._question_of, self.bot.compiled, request.subject)
        if isinstance(found, Outcome):
            return found
        question, wordings = found
        if request.act is Act.IGNORE:
            await asyncio.to_thread(self._ignore, (question, *wordings), who)
            log.info("curate: %s ignored '%s'", who, question)
            others = f" and {len(wordings)} other wording(s)" if wordings else ""
            return Outcome(
                f"Ignored: \u201c{question}\u201d{others} will not come back in "
                "/roles curate or the report.",
                changed=True,
            )
        assert request.entry is not None, "parse gives TEACH and PICK an entry"
        return await self._teach(who, question, request.entry)

    def _ignore(self, wordings: tuple[str, ...], who: str) -> None:
        store = self._opened()
        try:
            for wording in wordings:
                store.ignore_question(wording, who, datetime.now(UTC))
        finally:
            store.close()

    async def _teach(self, who: str, question: str, entry: str) -> Outcome:
        """The one teach path, then a reload, then the question asked again to show it."""
        base = self.bot.knowledge
        teaching = await asyncio.to_thread(
            keep_phrasing, self._opened, base, question, entry, by=who
        )
        if teaching.verdict.already_there:
            return Outcome(f"\u201c{question}\u201d is already a phrasing of {entry}.")
        if not teaching.verdict.ok:
            return Outcome(f"Not taught: {'; '.join(teaching.verdict.problems)}.")
        if teaching.error is not None:
            log.warning("curate: %s could not teach '%s': %s", who, question, teaching.error)
            return Outcome(STORE_DOWN)
        log.info("curate: %s taught '%s' -> %s (taught:%s)", who, question, entry, teaching.number)
        title = base.faq[entry].title
        taught = f"Taught: \u201c{question}\u201d goes to {entry} ({title})."
        if not await self._reload(f"{who} taught a phrasing"):
            return Outcome(
                f"{taught} It is kept; rolebot answers with it after its next reload.",
                changed=True,
            )
        got, score = await asyncio.to_thread(self._asked, question)
        if got != entry:
            return Outcome(
                f"{taught} It is kept, but asked now it gets {got or 'no entry'}.", changed=True
            )
        confidence = max(0.0, min(1.0, score))  # as `rolebot ask --json` reports it
        return Outcome(
            f"{taught} Asked now, it is answered with that entry (confidence {confidence:.2f}).",
            changed=True,
        )

    def _asked(self, question: str) -> tuple[str | None, float]:
        """What the knowledge serving now answers `question` with, and how sure it is
        (asked of an engine of its own: nothing is recorded and no conversation is touched)."""
        reply = Engine(self.bot.compiled).handle(Message(question, ConversationKey(CURATE)))
        got = reply.provenance
        return (got.entry if got.intent is Label.FAQ else None), got.score
