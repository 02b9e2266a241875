"""Structured intents: questions answered from the role model rather than from canned text.

Which intent a question asks is found by matching it against the intent templates in the
knowledge (see `knowledge/intents.yaml`); this module fills the intent's arguments from the
entities the question names, or from the conversation when a follow-up leaves them out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from itertools import pairwise
from typing import TYPE_CHECKING, NamedTuple

from bot.kb.records import EntityKind
from bot.understanding.lexicon import Reading
from bot.understanding.moves import read_move

if TYPE_CHECKING:  # the conversation's context refers back to the intents
    from bot.conversation.context import Context


class Intent(Enum):
    """What a question asks, when it is about the role model itself."""

    ROLE_OVERVIEW = "role_overview"
    ROLE_TOOLS = "role_tools"
    ROLE_SKILLS = "role_skills"
    ROLE_OUTPUTS = "role_outputs"
    ROLE_COLLABORATORS = "role_collaborators"
    ROLE_CAREER = "role_career"
    STAGE_OWNER = "stage_owner"
    TOOL_USERS = "tool_users"
    COMPARE = "compare"


ROLE_INTENTS = frozenset(
    {
        Intent.ROLE_OVERVIEW,
        Intent.ROLE_TOOLS,
        Intent.ROLE_SKILLS,
        Intent.ROLE_OUTPUTS,
        Intent.ROLE_COLLABORATORS,
        Intent.ROLE_CAREER,
    }
)
_FOLLOW_UP_OPENERS = (("and",), ("what", "about"), ("how", "about"), ("same", "for"), ("also",))
FOLLOW_UP_WORDS = 4  # a question this short that leaves something out is read as a follow-up
# Words that point back at what was just discussed: "which tools do *they* use?", "is *it*
# entry level?", "who owns *that stage*?". A question using one continues the conversation
# however long it is.
REFERRING_WORDS = frozenset("they them their theirs it its he she his her one ones".split())
REFERRING_PAIRS = frozenset(
    (first, second)
    for first in ("that", "this", "those", "these", "the", "same")
    for second in ("role", "roles", "stage", "stages", "tool", "tools", "one", "job", "person")
)
# "is that an entry level job?": a question opening on "that" or "this" asks about it.
REFERRING_OPENERS = frozenset(
    (verb, pointer)
    for verb in ("is", "isnt", "was", "are", "does", "do")
    for pointer in ("that", "this", "those", "these")
)
# Words that ask for a comparison of the role a follow-up names with the one before.
COMPARING = frozenset(
    "compare compared comparing comparison vs versus difference differences differ".split()
)
MAX_COMPARED = 3  # roles in one comparison: a table wider than this is no longer read
# "eda - ds job or da job?", "who owns the airflow DAGs, DE or MLE?": a choice between two
# roles over one stage or tool asks who owns the stage or uses the tool. At most this many
# words stand between the two roles ("the DS or the MLEs"); read as sure as a close template.
CHOICE_GAP = 3
CHOICE_CONFIDENCE = 0.9


@dataclass(frozen=True, slots=True)
class Detected:
    """A structured intent with its arguments and how sure we are."""

    intent: Intent
    roles: tuple[str, ...] = ()
    stage: str | None = None
    tool: str | None = None
    confidence: float = 1.0
    from_context: bool = False
    left_out: tuple[str, ...] = ()  # roles named beyond what one comparison takes

    @property
    def entry(self) -> str:
        """The knowledge id the reply is about (used in provenance and evaluation labels)."""
        if self.intent is Intent.COMPARE:
            return "+".join(sorted(self.roles))
        if self.intent is Intent.STAGE_OWNER:
            return self.stage or ""
        if self.intent is Intent.TOOL_USERS:
            return self.tool or ""
        return self.roles[0] if self.roles else ""


class RoleChoice(NamedTuple):
    """A stage or tool offered as a choice between roles: the intent that answers it, and the
    roles offered."""

    detected: Detected
    roles: frozenset[str]


def offers_roles(reading: Reading) -> bool:
    """Whether the question offers a choice between two roles ("A or B", "the DS or the MLEs")."""
    roles = [span for span in reading.spans if span.ref.kind is EntityKind.ROLE]
    return any(
        one.ref.id != other.ref.id
        and "or" in (between := reading.words[one.end : other.start])
        and len(between) <= CHOICE_GAP
        for one, other in pairwise(roles)
    )


def role_choice(reading: Reading) -> RoleChoice | None:
    """Who owns the stage or who uses the tool, when the question names one stage or one tool
    (not both) and offers a choice between two roles ("A or B")."""
    stages, tools = reading.ids(EntityKind.STAGE), reading.ids(EntityKind.TOOL)
    if len(set(stages)) + len(set(tools)) != 1 or not offers_roles(reading):
        return None
    detected = (
        Detected(Intent.STAGE_OWNER, stage=stages[0], confidence=CHOICE_CONFIDENCE)
        if stages
        else Detected(Intent.TOOL_USERS, tool=tools[0], confidence=CHOICE_CONFIDENCE)
    )
    return RoleChoice(detected, frozenset(reading.ids(EntityKind.ROLE)))


def is_follow_up(reading: Reading) -> bool:
    """Whether the question reads as a continuation ("and monitoring?", "what about DS?")."""
    opener = any(reading.words[: len(o)] == o for o in _FOLLOW_UP_OPENERS)
    return opener or len(reading.words) <= FOLLOW_UP_WORDS or refers_back(reading)


def refers_back(reading: Reading) -> bool:
    """Whether the question points at something already said ("they", "that role", "it")."""
    words = reading.unnamed
    return (
        bool(REFERRING_WORDS.intersection(words))
        or tuple(words[:2]) in REFERRING_OPENERS
        or any(pair in REFERRING_PAIRS for pair in pairwise(words))
    )


def resolve(
    intent: Intent, reading: Reading, context: Context, confidence: float
) -> Detected | None:
    """The intent with its arguments filled, or None when the question cannot supply them.

    Missing arguments come from the conversation only for follow-ups.
    """
    roles = tuple(reading.ids(EntityKind.ROLE))
    stages = reading.ids(EntityKind.STAGE)
    tools = reading.ids(EntityKind.TOOL)
    if intent is Intent.COMPARE:
        if len(roles) >= 2:
            return Detected(
                intent,
                roles=roles[:MAX_COMPARED],
                confidence=confidence,
                left_out=roles[MAX_COMPARED:],
            )
        if len(roles) == 1 and context.roles and roles[0] not in context.roles:
            return Detected(intent, (context.roles[0], roles[0]), confidence=confidence)
        return None
    if intent is Intent.STAGE_OWNER:
        # Whether it is a follow-up is asked last, only when it matters: it reads every word.
        stage = stages[0] if stages else None
        if stage is None and context.stage and not roles and _fills_in(context, reading):
            stage = context.stage
        if stage is None:
            return None
        return Detected(intent, stage=stage, confidence=confidence, from_context=not stages)
    if intent is Intent.TOOL_USERS:
        tool = tools[0] if tools else None
        if tool is None and context.tool and not roles and _fills_in(context, reading):
            tool = context.tool
        if tool is None:
            return None
        return Detected(intent, tool=tool, confidence=confidence, from_context=not tools)
    if roles:
        return Detected(intent, roles=(_subject(roles, reading),), confidence=confidence)
    if context.roles and not (stages or tools) and _fills_in(context, reading):
        return Detected(intent, roles=context.roles[:1], confidence=confidence, from_context=True)
    return None


def _subject(roles: tuple[str, ...], reading: Reading) -> str:
    """The role a question about one role asks about: the first it names or, when it names a
    move between roles ("can a data scientist switch to data engineering?"), where it goes."""
    if len(roles) > 1:
        goes = read_move(reading).destination
        return next((role for role in roles if role in goes), roles[0])
    return roles[0]


def _fills_in(context: Context, reading: Reading) -> bool:
    """Whether `context` may supply what the question leaves out: the message's own story
    always, the conversation only for a follow-up."""
    return context.from_story or is_follow_up(reading)


def other_subjects(detected: Detected, reading: Reading) -> list[Detected]:
    """The same question about each other stage or tool the question names: "who decides
    when a deployed model gets retrained?" names deployment first but asks about monitoring,
    so which of them it is about is left to the ranker (the answers' own words tell them
    apart)."""
    if detected.from_context:
        return []
    if detected.intent is Intent.STAGE_OWNER:
        return [
            replace(detected, stage=stage)
            for stage in reading.ids(EntityKind.STAGE)
            if stage != detected.stage
        ]
    return []


def carry_over(reading: Reading, context: Context, confidence: float) -> Detected | None:
    """A follow-up naming only a new entity asks the last question again about it.

    "who owns deployment?" then "and monitoring?"; "what does a DS do?" then "what about MLEs?".
    """
    if context.intent is None or not is_follow_up(reading) or len(reading.entities) != 1:
        return None
    (entity,) = reading.entities
    wanted = {
        EntityKind.ROLE: context.intent in ROLE_INTENTS or context.intent is Intent.COMPARE,
        EntityKind.STAGE: context.intent is Intent.STAGE_OWNER,
        EntityKind.TOOL: context.intent is Intent.TOOL_USERS,
    }
    if not wanted[entity.kind]:
        return None
    if entity.kind is EntityKind.ROLE and COMPARING.intersection(reading.words):
        # "compare them with analysts" after "what does a DS do?" asks for the comparison,
        # not for the analysts' overview.
        return resolve(Intent.COMPARE, reading, context, confidence)
    return resolve(context.intent, reading, context, confidence)
