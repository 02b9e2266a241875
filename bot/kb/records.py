"""The knowledge as the engine reads it: plain immutable records, one per knowledge item.

`bot.kb.models` describes the knowledge files and validates them (with pydantic); the loader
turns each validated item into its record (the model's `record()`), and the compiled cache
holds these. So a `rolebot ask` answering from the cache imports neither pydantic nor the
models. They are named tuples rather than dataclasses: a named tuple class is built with one
generated function where a frozen dataclass compiles six (measured with callgrind, importing
this module costs a third of what the same records as frozen dataclasses do), and a record
pickles as its class and its values.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Literal, NamedTuple


class EntityKind(StrEnum):
    """The kinds of thing a question can name; the value is how knowledge files write it."""

    ROLE = "role"
    STAGE = "stage"
    TOOL = "tool"


IntentName = Literal[
    "role_overview",
    "role_tools",
    "role_skills",
    "role_outputs",
    "role_collaborators",
    "role_career",
    "stage_owner",
    "tool_users",
    "compare",
]

TourSection = Literal["roles", "ownership", "tools", "asking", "team", "none"]


class Career(NamedTuple):
    """How people get into and out of a role."""

    entry_level: bool
    entry_note: str
    paths_in: tuple[str, ...]
    paths_out: tuple[str, ...]
    market: str | None


class ComparisonFactors(NamedTuple):
    """One role's value for each comparison factor, rendered side by side with other roles."""

    focus: str
    skills: str
    tools: str
    goal: str
    output: str
    collaboration: str


class Role(NamedTuple):
    """A job role on a data or ML team."""

    id: str
    name: str
    plural: str
    aliases: tuple[str, ...]
    summary: str
    description: str
    responsibilities: tuple[str, ...]
    skills: tuple[str, ...]
    tools: tuple[str, ...]
    outputs: tuple[str, ...]
    collaborates_with: tuple[str, ...]
    works_with_teams: tuple[str, ...]
    career: Career
    factors: ComparisonFactors
    newcomer_questions: tuple[str, ...]
    sources: tuple[str, ...]


class Stage(NamedTuple):
    """A stage of the ML lifecycle, and who owns it."""

    id: str
    name: str
    aliases: tuple[str, ...]
    description: str
    owners: tuple[str, ...]
    contributors: tuple[str, ...]
    part_of: str | None
    tools: tuple[str, ...]
    note: str | None
    sources: tuple[str, ...]


class Tool(NamedTuple):
    """A tool or technology, and which roles use it."""

    id: str
    name: str
    aliases: tuple[str, ...]
    category: str
    description: str
    used_by: tuple[str, ...]


class PairNote(NamedTuple):
    """The one-sentence key difference between two roles, shown under a comparison table."""

    roles: tuple[str, ...]
    difference: str
    sources: tuple[str, ...]


class FaqEntry(NamedTuple):
    """A question people ask, in several phrasings, with an answer in our own words."""

    id: str
    phrasings: tuple[str, ...]
    title: str
    answer: str
    roles: tuple[str, ...]
    stages: tuple[str, ...]
    tools: tuple[str, ...]
    related: tuple[str, ...]
    sources: tuple[str, ...]


class Source(NamedTuple):
    """An article the knowledge is drawn from."""

    id: str
    title: str
    file: str


class Vocabulary(NamedTuple):
    """Domain abbreviations and synonyms, applied to questions before matching."""

    abbreviations: Mapping[str, str]
    synonyms: Mapping[str, str]


class IntentTemplates(NamedTuple):
    """How people phrase one structured question; `{role}`, `{stage}` and `{tool}` are slots."""

    intent: IntentName
    templates: tuple[str, ...]


class TourStep(NamedTuple):
    """One step of the onboarding tour: a short text, then a section built from the knowledge."""

    id: str
    title: str
    text: str
    show: TourSection
    examples: tuple[str, ...]


class Contact(NamedTuple):
    """Where to go on this team for one lifecycle stage or one role."""

    stage: str | None
    role: str | None
    channel: str | None
    people: tuple[str, ...]
    note: str | None

    @property
    def target(self) -> tuple[EntityKind, str]:
        """What the contact is for: a stage or a role, and its id."""
        if self.stage is not None:
            return EntityKind.STAGE, self.stage
        return EntityKind.ROLE, self.role or ""
