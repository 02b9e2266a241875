"""Structured intents: questions answered from the role model rather than from canned text."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from bot.lexicon import Reading, light_stem


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


CUE_WORDS: set[str] = set()  # every cue word as written, so spelling correction leaves them be


def _stems(words: str) -> frozenset[str]:
    """Cue words as stems, so they meet questions after the same stemming."""
    CUE_WORDS.update(words.split())
    return frozenset(light_stem(w) for w in words.split())


# Cue words are looked for outside entity names ("learning" in "machine learning engineer" is
# not a cue); order matters: the first cue set found decides the intent.
_ROLE_CUES: tuple[tuple[Intent, frozenset[str]], ...] = (
    (
        Intent.ROLE_CAREER,
        _stems(
            "entry junior career graduate grad beginner fresher newcomer become becoming path "
            "transition switch senior promotion progression"
        ),
    ),
    (
        Intent.ROLE_TOOLS,
        _stems("tools tech technologies stack frameworks software languages libraries platforms"),
    ),
    (
        Intent.ROLE_SKILLS,
        _stems(
            "skills skillset expertise learn background qualifications requirements "
            "competencies good"
        ),
    ),
    (
        Intent.ROLE_OUTPUTS,
        _stems("outputs deliverables produce produces deliver delivers artifacts artefacts"),
    ),
    (
        Intent.ROLE_COLLABORATORS,
        _stems("collaborate collaborates collaborating partner interact alongside teammates"),
    ),
)
_COMPARE_CUES = _stems(
    "vs versus v differ differs difference differences different compare compared comparing "
    "comparison contrast distinguish distinction"
)
_OVERVIEW_CUES = _stems(
    "what do does role job responsibilities duties day describe explain mean definition about"
)
_WORK_WITH = ("work", "with")
_FOLLOW_UP_OPENERS = (("and",), ("what", "about"), ("how", "about"), ("same", "for"), ("also",))
_NUANCE_CUES = _stems("why should when how hire worth better")

EXPLICIT = 0.9  # an entity and a cue word that says what is asked
DEFAULTED = 0.62  # an entity alone: we guess the usual question about it
FOLLOW_UP = 0.85  # a follow-up that borrows the missing half from the conversation


@dataclass(frozen=True, slots=True)
class Detected:
    """A structured intent with its arguments and how sure we are."""

    intent: Intent
    roles: tuple[str, ...] = ()
    stage: str | None = None
    tool: str | None = None
    confidence: float = EXPLICIT
    cue: str = ""

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


@dataclass(frozen=True, slots=True)
class Context:
    """What a conversation was last about, so follow-ups can leave things out."""

    intent: Intent | None = None
    roles: tuple[str, ...] = ()
    stage: str | None = None
    tool: str | None = None


def _role_cue(reading: Reading) -> tuple[Intent, str] | None:
    stems = set(reading.free)
    for intent, cues in _ROLE_CUES:
        hit = stems & cues
        if hit:
            return intent, sorted(hit)[0]
    if _contains(reading.free, _WORK_WITH):
        return Intent.ROLE_COLLABORATORS, "work with"
    return None


def _contains(stems: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(stems[i : i + n] == phrase for i in range(len(stems) - n + 1))


def is_follow_up(reading: Reading) -> bool:
    """Whether the question reads as a continuation ("and monitoring?", "what about DS?")."""
    return any(reading.words[: len(o)] == o for o in _FOLLOW_UP_OPENERS) or len(reading.words) <= 3


def detect(reading: Reading, context: Context) -> Detected | None:
    """The structured intent of a question, using the conversation to fill gaps."""
    roles = tuple(reading.ids("role"))
    stages = reading.ids("stage")
    tools = reading.ids("tool")
    stems = set(reading.free)
    compare_cue = stems & _COMPARE_CUES
    role_cue = _role_cue(reading)

    if len(roles) >= 2 and (compare_cue or (role_cue and role_cue[0] is Intent.ROLE_TOOLS)):
        return Detected(Intent.COMPARE, roles=roles[:3], cue=sorted(compare_cue or {"tools"})[0])
    if stages and not (roles and role_cue):
        return Detected(Intent.STAGE_OWNER, stage=stages[0], roles=roles, confidence=_sure(reading))
    if tools and not roles:
        return Detected(Intent.TOOL_USERS, tool=tools[0], confidence=_sure(reading))
    if roles:
        if role_cue:
            return Detected(role_cue[0], roles=roles[:1], cue=role_cue[1])
        if compare_cue and context.roles and roles[0] not in context.roles:
            return Detected(Intent.COMPARE, roles=(context.roles[0], roles[0]), cue="vs")
        if is_follow_up(reading) and context.intent in ROLE_INTENTS:
            return Detected(
                context.intent or Intent.ROLE_OVERVIEW, roles=roles[:1], confidence=FOLLOW_UP
            )
        if len(roles) >= 2:
            return Detected(Intent.COMPARE, roles=roles[:3], confidence=DEFAULTED)
        overview = stems & _OVERVIEW_CUES
        nuanced = stems & _NUANCE_CUES
        confident = overview and not nuanced
        return Detected(
            Intent.ROLE_OVERVIEW,
            roles=roles[:1],
            confidence=EXPLICIT if confident else DEFAULTED,
            cue=sorted(overview)[0] if overview else "",
        )
    # No entity: a follow-up that only says what to ask about ("and which tools?").
    if role_cue and context.roles:
        return Detected(role_cue[0], roles=context.roles[:1], confidence=FOLLOW_UP, cue=role_cue[1])
    if compare_cue and len(context.roles) >= 2:
        return Detected(Intent.COMPARE, roles=context.roles, confidence=FOLLOW_UP, cue="vs")
    return None


def _sure(reading: Reading) -> float:
    nuanced = set(reading.free) & _NUANCE_CUES
    return DEFAULTED if nuanced and len(reading.words) > 4 else EXPLICIT


def remember(context: Context, detected: Detected) -> Context:
    """The context after answering `detected`."""
    return replace(
        context,
        intent=detected.intent,
        roles=detected.roles or context.roles,
        stage=detected.stage or context.stage,
        tool=detected.tool or context.tool,
    )
