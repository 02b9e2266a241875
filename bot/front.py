"""`Bot`: the core's one front door, everything adapters and the command line ask of it.

It owns what outlives one turn: the knowledge serving now (swapped whole on reload), the
conversation memory, tour progress and welcomes (each behind a small interface, in memory by
default), and the observers that hear about every turn. Answering itself is plain,
synchronous and deterministic: `bot.answering` decides and words each reply.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.answering.deciding import Engine
from bot.answering.policy import MatchPolicy
from bot.conversation.context import knows
from bot.conversation.memory import ConversationMemory, Memory
from bot.core import (
    Answered,
    Event,
    FeedbackGiven,
    Observer,
    TurnAnswered,
    TurnFailed,
    is_answer_id,
    new_answer_id,
)
from bot.feedback import Feedback
from bot.kb.base import KnowledgeBase
from bot.kb.compiled import Compiled, load_compiled
from bot.kb.problems import KnowledgeError, Problem
from bot.kb.records import EntityKind
from bot.message import Message
from bot.onboarding.progress import MemoryTourProgress, MemoryWelcomes, TourProgress, Welcomes
from bot.reply import Reply, ReplyKind
from bot.understanding.lexicon import EntityRef

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Reloaded:
    """The outcome of one reload: `problems` is empty when the new knowledge is serving."""

    problems: tuple[Problem, ...] = ()
    forgotten: int = 0  # conversations whose context named something the new knowledge lacks

    @property
    def ok(self) -> bool:
        """True when the new knowledge replaced the old."""
        return not self.problems


class Bot:
    """Answers questions and commands from one knowledge base, swappable while it serves."""

    def __init__(
        self,
        knowledge: KnowledgeBase | Compiled,
        *,
        policy: MatchPolicy | None = None,
        memory: Memory | None = None,
        progress: TourProgress | None = None,
        welcomes: Welcomes | None = None,
        whole_answers: bool = False,
    ) -> None:
        """Build on the knowledge; `memory`, `progress` and `welcomes` default to in-memory
        state for the life of the process (the store keeps the last two across restarts).
        `whole_answers`: no answer is cut to a chat screen (for one-shot questions)."""
        self._whole_answers = whole_answers
        self._policy = policy
        self._memory = memory if memory is not None else ConversationMemory()
        self._progress = progress if progress is not None else MemoryTourProgress()
        self._welcomes = welcomes if welcomes is not None else MemoryWelcomes()
        self._engine = self._engine_on(knowledge)
        self._observers: list[Observer] = []
        self._swapping = threading.Lock()  # two reloads at once would race on the memory
        self._counting = threading.Lock()
        self._in_flight = 0

    @classmethod
    def from_directories(
        cls,
        directories: Sequence[Path] = (),
        cache_dir: Path | None = None,
        *,
        progress: TourProgress | None = None,
        welcomes: Welcomes | None = None,
    ) -> Bot:
        """Load the shipped knowledge plus team directories and build a bot on it.

        With `cache_dir`, the built knowledge is cached there, keyed by the files it came from.
        """
        return cls(load_compiled(directories, cache_dir), progress=progress, welcomes=welcomes)

    def _engine_on(self, knowledge: KnowledgeBase | Compiled) -> Engine:
        return Engine(
            knowledge,
            self._policy,
            self._memory,
            self._progress,
            whole_answers=self._whole_answers,
        )

    def observe(self, observer: Observer) -> None:
        """Call `observer` with every event from now on: answered and failed turns, feedback.

        Observers run on the answering thread right after the reply is computed; one that
        raises is logged and costs nothing else (a broken store costs rows, not answers).
        """
        self._observers.append(observer)

    @property
    def knowledge(self) -> KnowledgeBase:
        """The knowledge serving now."""
        return self._engine.base

    @property
    def compiled(self) -> Compiled:
        """The knowledge serving now, with its indexes (what a curator's change is checked on)."""
        return self._engine.compiled

    @property
    def in_flight(self) -> int:
        """How many turns are being answered right now."""
        return self._in_flight

    def respond(self, message: Message, *, addressed: bool = True) -> Answered:
        """Answer one turn; never raises on any input. The answer id goes on the reply's
        feedback buttons. `addressed=False`: see `bot.core.Core.respond`."""
        engine = self._engine  # read once: the whole turn comes from one knowledge base
        start = time.perf_counter()
        with self._counting:
            self._in_flight += 1
        try:
            reply = engine.handle(message)
        except Exception as error:
            self._notify(TurnFailed(message, error, time.perf_counter() - start))
            raise
        finally:
            with self._counting:
                self._in_flight -= 1
        seconds = time.perf_counter() - start
        answered = Answered(reply, new_answer_id())
        shown = addressed or reply.kind is ReplyKind.ANSWER
        self._notify(TurnAnswered(message, reply, answered.answer_id, shown, seconds))
        return answered

    def record_feedback(self, answer_id: str, user: str, feedback: Feedback, platform: str) -> None:
        """Pass a click on a reply's feedback buttons to the observers; never raises.

        A malformed answer id (a forged or mangled payload) is logged and dropped.
        """
        if not is_answer_id(answer_id):
            log.warning("ignored feedback for a malformed answer id %r", answer_id[:40])
            return
        self._notify(FeedbackGiven(answer_id, user, feedback, platform))

    def welcome(self, platform: str, user: str) -> Reply | None:
        """The welcome for a newcomer, with a button that starts the tour; None when they were
        welcomed before. May read the store: adapters call it off their event loop."""
        if not self._welcomes.claim(platform, user):
            return None
        return self._engine.welcome(platform)

    def home(self, platform: str) -> Reply:
        """A start page (Slack's App Home): the welcome, with quick questions beside the tour."""
        return self._engine.home(platform)

    def names(self, kind: EntityKind) -> Sequence[EntityRef]:
        """Every name and alias of one kind in the knowledge serving now."""
        return self._engine.lexicon.names(kind)

    def recognise(self, text: str, kind: EntityKind) -> EntityRef | None:
        """The entity of one kind that `text` names, if any ("mle", "montoring")."""
        return self._engine.lexicon.lookup(text, kind) if text.strip() else None

    def swap(self, compiled: Compiled) -> int:
        """Serve `compiled` from now on; how many remembered conversations were forgotten.

        The new engine is built completely before one reference is replaced, so every answer
        comes from either the old knowledge or the new, never a mix. Conversation memory and
        tour positions carry over, except conversations about a role, stage or tool the new
        knowledge no longer has.
        """
        with self._swapping:
            new = self._engine_on(compiled)
            forgotten = self._memory.retain(lambda context: knows(compiled.base, context))
            self._engine = new  # the one switch-over: a single reference assignment
        return forgotten

    def reload(self, load: Callable[[], Compiled]) -> Reloaded:
        """Load new knowledge with `load` and swap it in; on KnowledgeError keep the old one.

        Other exceptions from `load` propagate, with the old knowledge still serving.
        """
        try:
            compiled = load()
        except KnowledgeError as error:
            return Reloaded(problems=tuple(error.problems))
        return Reloaded(forgotten=self.swap(compiled))

    def _notify(self, event: Event) -> None:
        for observer in self._observers:
            try:
                observer(event)
            except Exception:  # an observer is best effort: the answer goes out regardless
                log.exception("an observer failed on %s", type(event).__name__)
