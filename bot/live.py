"""An engine whose knowledge can be replaced while it serves: hot reload without half states.

The new knowledge is loaded and compiled completely, and a new `Engine` built on it, before
one reference is replaced. `handle` reads that reference once, so every answer comes from one
engine: either all of the old knowledge or all of the new, never a mix.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from bot.answering.engine import Engine
from bot.kb.base import KnowledgeBase
from bot.kb.compiled import Compiled
from bot.kb.problems import KnowledgeError, Problem
from bot.message import Message
from bot.reply import Reply
from bot.understanding.intents import Context
from bot.understanding.lexicon import Lexicon


@dataclass(frozen=True, slots=True)
class Reloaded:
    """The outcome of one reload: `problems` is empty when the new knowledge is serving."""

    problems: tuple[Problem, ...] = ()
    forgotten: int = 0  # conversations whose context named something the new knowledge lacks

    @property
    def ok(self) -> bool:
        """True when the new knowledge replaced the old."""
        return not self.problems


def knows(base: KnowledgeBase, context: Context) -> bool:
    """Whether every role, stage and tool a conversation remembers is still in `base`."""
    return (
        all(role in base.roles for role in context.roles)
        and (context.stage is None or context.stage in base.stages)
        and (context.tool is None or context.tool in base.tools)
    )


class LiveEngine:
    """Answers like `Engine`, from whichever knowledge was swapped in last."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._swapping = threading.Lock()  # two reloads at once would race on the memory

    @property
    def engine(self) -> Engine:
        """The engine answering now (a snapshot: keep it for one turn, not longer)."""
        return self._engine

    @property
    def lexicon(self) -> Lexicon:
        """The names the current knowledge knows (autocomplete)."""
        return self._engine.lexicon

    def handle(self, message: Message) -> Reply:
        """Answer one turn from the current knowledge; never raises on any input."""
        return self._engine.handle(message)

    def welcome(self, platform: str) -> Reply:
        """The current knowledge's welcome for a newcomer."""
        return self._engine.welcome(platform)

    def home(self, platform: str) -> Reply:
        """The current knowledge's start page."""
        return self._engine.home(platform)

    def swap(self, compiled: Compiled) -> int:
        """Serve `compiled` from now on; how many remembered conversations were forgotten.

        Conversation memory and tour positions carry over, so follow-ups keep working across a
        reload, except for conversations about a role, stage or tool the new knowledge no
        longer has.
        """
        with self._swapping:
            old = self._engine
            new = Engine(compiled, old.policy, old.memory, old.tour.progress)
            forgotten = old.memory.retain(lambda context: knows(compiled.base, context))
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
