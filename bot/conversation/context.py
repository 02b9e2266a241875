"""What a conversation was last about, so follow-ups can leave things out."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.kb.base import KnowledgeBase
from bot.kb.records import FaqEntry
from bot.reply import Provenance
from bot.understanding.intents import Detected, Intent


@dataclass(frozen=True, slots=True)
class Context:
    """What a conversation was last about, so follow-ups can leave things out."""

    intent: Intent | None = None
    roles: tuple[str, ...] = ()
    stage: str | None = None
    tool: str | None = None
    # What the last answer was about (role, stage and tool ids): what "they", "it" and
    # "that stage" in the next turn point at.
    about: frozenset[str] = frozenset()
    # The last answer's provenance (for `why?`) and what its first screen left out (`more`).
    last: Provenance | None = None
    rest_title: str = ""
    rest: str = ""
    # Not the conversation but the message's own story: what a question part naming no role,
    # stage or tool asks about ("first DS job next month. what should I install?"), follow-up
    # or not (see `bot.understanding.candidates.story_context`).
    from_story: bool = False


def remember(context: Context, detected: Detected, owners: tuple[str, ...] = ()) -> Context:
    """The context after answering `detected`; `owners` are the roles owning its stage."""
    roles = detected.roles or owners
    return replace(
        context,
        intent=detected.intent,
        roles=roles or context.roles,
        stage=detected.stage or context.stage,
        tool=detected.tool or context.tool,
        about=frozenset((*roles, *(x for x in (detected.stage, detected.tool) if x is not None))),
    )


def remember_entry(context: Context, entry: FaqEntry) -> Context:
    """The context after answering an FAQ entry: what it is about, no structured intent."""
    return replace(
        context,
        intent=None,
        roles=tuple(entry.roles) or context.roles,
        stage=entry.stages[0] if entry.stages else context.stage,
        tool=entry.tools[0] if entry.tools else context.tool,
        about=frozenset((*entry.roles, *entry.stages, *entry.tools)),
    )


def knows(base: KnowledgeBase, context: Context) -> bool:
    """Whether every role, stage and tool a conversation remembers is still in `base`."""
    return (
        all(role in base.roles for role in context.roles)
        and (context.stage is None or context.stage in base.stages)
        and (context.tool is None or context.tool in base.tools)
    )
