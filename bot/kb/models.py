"""Typed models of the knowledge files; the JSON Schemas in `knowledge/schema/` come from these.

They validate what the files hold; each item is then kept as its record (`bot.kb.records`),
which is what the engine answers from and the compiled cache holds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from bot.kb import records
from bot.kb.records import EntityKind, IntentName, TourSection

ANSWER_LIMIT = 1200  # characters in an FAQ answer: long enough to explain, short enough for chat
MIN_PHRASINGS = 4
TOUR_TITLE_LIMIT = 60  # "Tour 5/5: " plus this stays well inside a reply title (150)
TOUR_TEXT_LIMIT = 600  # a step is read in a few seconds; the generated section follows it

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
RecordT = TypeVar("RecordT")


class Strict(BaseModel):
    """Unknown fields are errors, so a typo in a key is reported rather than ignored."""

    # Schemas are built on first use, which keeps them off the import path of `rolebot ask`.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Item(Strict):
    """One knowledge item, kept as its record once validated (`bot.kb.records`)."""

    def record(self) -> object:
        """The record the engine reads (and the compiled cache holds) for this item."""
        raise NotImplementedError  # each item names its record type

    def _as(self, kind: Callable[..., RecordT]) -> RecordT:
        """This item as `kind`, a record with the same fields (tests/test_records.py holds
        them equal): lists as tuples, nested items as their records, the rest as they are."""
        return kind(**{name: _held(getattr(self, name)) for name in type(self).model_fields})


def _held(value: object) -> object:
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, Item):
        return value.record()
    return value


class Career(Item):
    """How people get into and out of a role."""

    entry_level: bool = Field(
        description="Whether the role is commonly open to people starting out."
    )
    entry_note: Text = Field(description="Why it is or is not an entry-level role.")
    paths_in: list[Text] = Field(
        default_factory=list, description="Typical previous roles or backgrounds."
    )
    paths_out: list[Text] = Field(default_factory=list, description="Typical next steps.")
    market: Text | None = Field(default=None, description="Notes on demand and where the jobs are.")

    def record(self) -> records.Career:
        """The record the engine reads (and the compiled cache holds) for this item."""
        return self._as(records.Career)


class ComparisonFactors(Item):
    """One role's value for each comparison factor, rendered side by side with other roles."""

    focus: Text
    skills: Text
    tools: Text
    goal: Text
    output: Text
    collaboration: Text

    def record(self) -> records.ComparisonFactors:
        """The record the engine reads (and the compiled cache holds) for this item."""
        return self._as(records.ComparisonFactors)


class Role(Item):
    """A job role on a data or ML team."""

    id: Id
    name: Text
    plural: Text
    aliases: list[Text] = Field(description="Other names and abbreviations: DS, MLE, ML eng ...")
    summary: Text = Field(description="One line.")
    description: Text
    responsibilities: list[Text]
    skills: list[Text]
    tools: list[Id] = Field(description="Tool ids from tools.yaml.")
    outputs: list[Text]
    collaborates_with: list[Id] = Field(description="Role ids from roles.yaml.")
    works_with_teams: list[Text] = Field(
        default_factory=list, description="Teams outside the five roles."
    )
    career: Career
    factors: ComparisonFactors
    newcomer_questions: list[Id] = Field(
        default_factory=list,
        description="FAQ entry ids a new member of this role should read first, most useful "
        "first; `onboard <role>` lists them (without them it picks FAQ entries naming the role).",
    )
    sources: list[Id] = Field(default_factory=list, description="Source ids from sources.yaml.")

    def record(self) -> records.Role:
        """The record the engine reads (and the compiled cache holds) for this item."""
        return self._as(records.Role)


class Stage(Item):
    """A stage of the ML lifecycle, and who owns it."""

    id: Id
    name: Text
    aliases: list[Text]
    description: Text
    owners: list[Id] = Field(description="Role ids that own the stage.")
    contributors: list[Id] = Field(default_factory=list, description="Role ids that help.")
    part_of: Id | None = Field(default=None, description="The broader stage this one belongs to.")
    tools: list[Id] = Field(default_factory=list)
    note: Text | None = Field(default=None, description="Nuance, e.g. where roles overlap.")
    sources: list[Id] = Field(default_factory=list)

    def record(self) -> records.Stage:
        """The record the engine reads (and the compiled cache holds) for this item."""
        return self._as(records.Stage)


class Tool(Item):
    """A tool or technology, and which roles use it."""

    id: Id
    name: Text
    aliases: list[Text] = Field(default_factory=list)
    category: Text
    description: Text
    used_by: list[Id] = Field(description="Role ids.")

    def record(self) -> records.Tool:
        """The record the engine reads (and the compiled cache holds) for this item."""
        return self._as(records.Tool)


class PairNote(Item):
    """The one-sentence key difference between two roles, shown under a comparison table."""

    roles: Annotated[list[Id], Field(min_length=2, max_length=2)]
    difference: Text
    sources: list[Id] = Field(default_factory=list)

    def record(self) -> records.PairNote:
        """The record the engine reads (and the compiled cache holds) for this item."""
        return self._as(records.PairNote)


class FaqEntry(Item):
    """A question people ask, in several phrasings, with an answer in our own words."""

    id: Id
    phrasings: Annotated[list[Text], Field(min_length=MIN_PHRASINGS)]
    title: Text
    answer: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=ANSWER_LIMIT)
    ]
    roles: list[Id] = Field(default_factory=list)
    stages: list[Id] = Field(default_factory=list)
    tools: list[Id] = Field(default_factory=list)
    related: list[Id] = Field(default_factory=list, description="Other FAQ entry ids.")
    sources: list[Id] = Field(default_factory=list)

    def record(self) -> records.FaqEntry:
        """The record the engine reads (and the compiled cache holds) for this item."""
        return self._as(records.FaqEntry)


class Source(Item):
    """An article the knowledge is drawn from."""

    id: Id
    title: Text
    file: Text = Field(description="The seed file name the facts come from.")

    def record(self) -> records.Source:
        """The record the engine reads (and the compiled cache holds) for this item."""
        return self._as(records.Source)


class Vocabulary(Item):
    """Domain abbreviations and synonyms, applied to questions before matching."""

    abbreviations: dict[str, Text] = Field(
        default_factory=dict, description="Short form to long form, e.g. k8s: kubernetes."
    )
    synonyms: dict[str, Text] = Field(
        default_factory=dict,
        description="A word or phrase to its canonical form, e.g. ship: deploy.",
    )

    def record(self) -> records.Vocabulary:
        """The record the engine reads (and the compiled cache holds) for this item."""
        return self._as(records.Vocabulary)


class IntentTemplates(Item):
    """How people phrase one structured question; `{role}`, `{stage}` and `{tool}` are slots."""

    intent: IntentName
    templates: Annotated[list[Text], Field(min_length=3)]

    def record(self) -> records.IntentTemplates:
        """The record the engine reads (and the compiled cache holds) for this item."""
        return self._as(records.IntentTemplates)


class TourStep(Item):
    """One step of the onboarding tour: a short text, then a section built from the knowledge."""

    id: Id
    title: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TOUR_TITLE_LIMIT)
    ]
    text: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TOUR_TEXT_LIMIT)
    ]
    show: TourSection = Field(
        description="The section generated under the text: roles (each role's summary), "
        "ownership (stage owners and contributors), tools (each role's main tools), asking "
        "(commands and the examples below), team (the team's contacts), or none."
    )
    examples: list[Text] = Field(
        default_factory=list, description="Questions to try, listed by an `asking` step."
    )

    def record(self) -> records.TourStep:
        """The record the engine reads (and the compiled cache holds) for this item."""
        return self._as(records.TourStep)


class Contact(Item):
    """Where to go on this team for one lifecycle stage or one role."""

    stage: Id | None = Field(default=None, description="A stage id from stages.yaml.")
    role: Id | None = Field(default=None, description="A role id from roles.yaml.")
    channel: Text | None = Field(
        default=None, description='The team\'s channel, e.g. "#ml-platform".'
    )
    people: list[Text] = Field(default_factory=list, description='Whom to ask, e.g. "@alice".')
    note: Text | None = Field(default=None, description="Anything else worth knowing.")

    @model_validator(mode="after")
    def _one_target_and_somewhere_to_go(self) -> Contact:
        if (self.stage is None) == (self.role is None):
            raise ValueError("a contact names exactly one of stage or role")
        if self.channel is None and not self.people:
            raise ValueError("a contact needs a channel or people")
        return self

    @property
    def target(self) -> tuple[EntityKind, str]:
        """What the contact is for: a stage or a role, and its id."""
        return self.record().target

    def record(self) -> records.Contact:
        """The record the engine reads (and the compiled cache holds) for this item."""
        return self._as(records.Contact)


class Team(Strict):
    """A team's own name and contacts, from its knowledge directory (an overlay)."""

    name: Text
    contacts: list[Contact] = Field(default_factory=list)


class RolesFile(Strict):
    """A file of roles."""

    roles: list[Role]


class StagesFile(Strict):
    """A file of lifecycle stages."""

    stages: list[Stage]


class ToolsFile(Strict):
    """A file of tools."""

    tools: list[Tool]


class PairsFile(Strict):
    """A file of role-pair key differences."""

    pairs: list[PairNote]


class FaqFile(Strict):
    """A file of FAQ entries."""

    faq: list[FaqEntry]


class AddedPhrasings(Strict):
    """More phrasings for an FAQ entry defined anywhere (shipped or team), without copying it."""

    entry: Id = Field(description="The FAQ entry id the phrasings are added to.")
    add: Annotated[list[Text], Field(min_length=1)] = Field(
        description="Questions that entry answers, as people ask them."
    )


class PhrasingsFile(Strict):
    """A file of phrasings added to existing entries (what `rolebot curate export` writes)."""

    phrasings: list[AddedPhrasings]


class SourcesFile(Strict):
    """A file of sources."""

    sources: list[Source]


class IntentsFile(Strict):
    """A file of structured-intent templates."""

    intents: list[IntentTemplates]


class VocabularyFile(Strict):
    """A file of abbreviations and synonyms."""

    vocabulary: Vocabulary


class TourFile(Strict):
    """A file of onboarding tour steps, shown in file order."""

    tour: list[TourStep]


class TeamFile(Strict):
    """A team overlay: the team's name and its own contacts for stages and roles."""

    team: Team


# The top-level key of a knowledge file says its kind.
FILE_KINDS: dict[str, type[Strict]] = {
    "roles": RolesFile,
    "stages": StagesFile,
    "tools": ToolsFile,
    "pairs": PairsFile,
    "faq": FaqFile,
    "sources": SourcesFile,
    "vocabulary": VocabularyFile,
    "intents": IntentsFile,
    "tour": TourFile,
    "team": TeamFile,
    "phrasings": PhrasingsFile,
}
