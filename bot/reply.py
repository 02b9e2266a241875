"""The neutral reply: what the core answers, before any adapter renders it.

Body text uses a tiny markup every adapter converts: ``**bold**``, lines starting with ``- ``
for bullets, backticks for inline code and ``[label](https://url)`` for links. Nothing else is
special, so adapters can escape everything and then convert just these. Nothing inside a code
span is markup: that is how the core quotes what a user typed
(`bot.understanding.text.verbatim`), and adapters show it as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum
from textwrap import wrap

TITLE_LIMIT = 150  # short enough for a Slack header (150) and a Discord embed title (256)
BODY_LIMIT = 12_000  # the core never produces more; adapters split further for their platform
SUGGESTION_LIMIT = 5
SUGGESTION_LABEL_LIMIT = 75  # Slack button text, the tighter of the two platforms


class ReplyKind(Enum):
    """The closed set of reply variants; renderers match them exhaustively."""

    ANSWER = "answer"  # a confident answer from the knowledge
    CLARIFY = "clarify"  # two or more candidates were close: ask which one
    DECLINE = "decline"  # off-topic or not known: say so and offer suggestions
    HELP = "help"  # how to use rolebot
    USAGE = "usage"  # a malformed command, with its usage line
    TOUR = "tour"  # a step of the onboarding tour


class Visibility(Enum):
    """Where the reply should be seen, where the platform can choose."""

    PUBLIC = "public"
    PRIVATE = "private"  # only the asker (Slack ephemeral, Discord ephemeral)


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A follow-up the user can pick: `label` is shown, `query` is sent when clicked.

    Adapters send `query` back as a COMMAND message: it may be a command of the shared
    grammar (``role ml-engineer``), and any other text is still read as a question.

    `in_place` marks a move within what the message shows (the tour's Back, Next and Stop):
    a platform that can edit the clicked message shows the result there instead of below it.
    """

    label: str
    query: str
    in_place: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A small table, used for comparisons: a header row and rows of the same width."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def table_lines(table: Table, max_cell: int = 40) -> list[str]:
    """A table as aligned text lines, each cell wrapped between words at `max_cell` characters
    (a cell is never cut: a row takes as many lines as its longest cell needs)."""
    rows = [table.header, *table.rows]
    wrapped = [[wrap(c, max_cell, break_long_words=False) or [""] for c in row] for row in rows]
    widths = [max(len(line) for row in wrapped for line in row[i]) for i in range(len(rows[0]))]
    lines: list[str] = []
    for number, row in enumerate(wrapped):
        for height in range(max(len(cell) for cell in row)):
            cells = [cell[height] if height < len(cell) else "" for cell in row]
            lines.append(" | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)))
        if number == 0:
            lines.append("-+-".join("-" * w for w in widths))
    return [line.rstrip() for line in lines]


class Label(StrEnum):
    """What a reply answered, in provenance, JSON, metrics and the store: a closed set.

    The structured intents (`bot.understanding.intents.Intent`) share their values with the
    first nine labels; the rest name the other things rolebot replies with.
    """

    ROLE_OVERVIEW = "role_overview"
    ROLE_TOOLS = "role_tools"
    ROLE_SKILLS = "role_skills"
    ROLE_OUTPUTS = "role_outputs"
    ROLE_COLLABORATORS = "role_collaborators"
    ROLE_CAREER = "role_career"
    STAGE_OWNER = "stage_owner"
    TOOL_USERS = "tool_users"
    COMPARE = "compare"
    FAQ = "faq"  # a curated FAQ entry
    CLARIFY = "clarify"  # which of several entries was meant?
    DECLINE = "decline"  # not known, or off-topic
    EMPTY = "empty"  # nothing to answer was said
    SMALLTALK = "smalltalk"  # thanks and the like
    GREETING = "greeting"
    HELP = "help"
    USAGE = "usage"  # a malformed command
    TOUR = "tour"
    WELCOME = "welcome"
    HOME = "home"  # Slack's App Home page
    ONBOARD = "onboard"  # a role's onboarding checklist
    MORE = "more"  # the rest of the last answer, asked for with `more`
    WHY = "why"  # where the last answer came from, asked for with `why?`


@dataclass(frozen=True, slots=True)
class Provenance:
    """Why this reply: the knowledge entry or intent, what matched and how well."""

    intent: Label
    entry: str | None = None
    matched: str = ""
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class Reply:
    """A platform-neutral reply."""

    kind: ReplyKind
    title: str
    body: str
    provenance: Provenance
    table: Table | None = None
    suggestions: tuple[Suggestion, ...] = ()
    visibility: Visibility = Visibility.PUBLIC
    question: str = ""

    @property
    def fallback(self) -> bool:
        """True when the bot declined or was not sure enough to answer."""
        return self.kind in (ReplyKind.DECLINE, ReplyKind.CLARIFY)
