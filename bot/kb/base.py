"""The merged, read-only knowledge base the engine answers from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.kb.problems import Location
from bot.kb.records import (
    Contact,
    EntityKind,
    FaqEntry,
    IntentTemplates,
    PairNote,
    Role,
    Source,
    Stage,
    Tool,
    TourStep,
    Vocabulary,
)

CONTACT = "contact"  # location kind of one team contact, keyed "stage:id" or "role:id"


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """Every kind of knowledge, keyed by id, plus where each item was defined."""

    roles: dict[str, Role] = field(default_factory=dict)
    stages: dict[str, Stage] = field(default_factory=dict)
    tools: dict[str, Tool] = field(default_factory=dict)
    pairs: dict[frozenset[str], PairNote] = field(default_factory=dict)
    faq: Mapping[str, FaqEntry] = field(default_factory=dict)  # cached: a `PackedDict`
    sources: dict[str, Source] = field(default_factory=dict)
    vocabulary: Vocabulary = field(
        default_factory=lambda: Vocabulary(abbreviations={}, synonyms={})
    )
    intents: dict[str, IntentTemplates] = field(default_factory=dict)
    tour: dict[str, TourStep] = field(default_factory=dict)  # in the order the tour shows them
    team_name: str | None = None  # from a team overlay; None when there is none
    contacts: dict[tuple[EntityKind, str], Contact] = field(default_factory=dict)
    locations: dict[tuple[str, str], Location] = field(default_factory=dict)

    def where(self, kind: str, item_id: str) -> Location:
        """Where an item was defined, for problem reports."""
        return self.locations.get((kind, item_id), Location("<knowledge>", 1))

    def contact(self, kind: EntityKind, item_id: str) -> Contact | None:
        """The team's contact for a stage or role , if it has one."""
        return self.contacts.get((kind, item_id))

    @property
    def phrasing_count(self) -> int:
        """How many FAQ phrasings there are in all."""
        return sum(len(entry.phrasings) for entry in self.faq.values())
