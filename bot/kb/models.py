"""Typed models of the knowledge files; the JSON Schemas in `knowledge/schema/` come from these."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ANSWER_LIMIT = 1200  # characters in an FAQ answer: long enough to explain, short enough for chat
MIN_PHRASINGS = 4

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    """Unknown fields are errors, so a typo in a key is reported rather than ignored."""

    # Schemas are built on first use, which keeps them off the import path of `rolebot ask`.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Career(Strict):
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


class ComparisonFactors(Strict):
    """One role's value for each comparison factor, rendered side by side with other roles."""

    focus: Text
    skills: Text
    tools: Text
    goal: Text
    output: Text
    collaboration: Text


class Role(Strict):
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
    sources: list[Id] = Field(default_factory=list, description="Source ids from sources.yaml.")


class Stage(Strict):
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


class Tool(Strict):
    """A tool or technology, and which roles use it."""

    id: Id
    name: Text
    aliases: list[Text] = Field(default_factory=list)
    category: Text
    description: Text
    used_by: list[Id] = Field(description="Role ids.")


class PairNote(Strict):
    """The one-sentence key difference between two roles, shown under a comparison table."""

    roles: Annotated[list[Id], Field(min_length=2, max_length=2)]
    difference: Text
    sources: list[Id] = Field(default_factory=list)


class FaqEntry(Strict):
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


class Source(Strict):
    """An article the knowledge is drawn from."""

    id: Id
    title: Text
    file: Text = Field(description="The seed file name the facts come from.")


class Vocabulary(Strict):
    """Domain abbreviations and synonyms, applied to questions before matching."""

    abbreviations: dict[str, Text] = Field(
        default_factory=dict, description="Short form to long form, e.g. k8s: kubernetes."
    )
    synonyms: dict[str, Text] = Field(
        default_factory=dict,
        description="A word or phrase to its canonical form, e.g. ship: deploy.",
    )


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


class IntentTemplates(Strict):
    """How people phrase one structured question; `{role}`, `{stage}` and `{tool}` are slots."""

    intent: IntentName
    templates: Annotated[list[Text], Field(min_length=3)]


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


class SourcesFile(Strict):
    """A file of sources."""

    sources: list[Source]


class IntentsFile(Strict):
    """A file of structured-intent templates."""

    intents: list[IntentTemplates]


class VocabularyFile(Strict):
    """A file of abbreviations and synonyms."""

    vocabulary: Vocabulary


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
}
