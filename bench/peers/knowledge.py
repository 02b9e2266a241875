"""The phrasings every peer indexes, each labelled the way `rolebot eval` labels an answer."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations

from bench.peers.project import KnowledgeBase

ROLE_SLOT = "{role}"
# Which entities fill a template's slot, and the name of the slot.
ENTITY_SLOTS = (("role", ROLE_SLOT), ("stage", "{stage}"), ("tool", "{tool}"))
COMPARE = "compare"


@dataclass(frozen=True, slots=True)
class Phrasing:
    """One indexed text and the label a peer answers with when it is the nearest."""

    text: str
    label: str


def faq_phrasings(base: KnowledgeBase) -> list[Phrasing]:
    """Every FAQ phrasing, labelled ``faq:<entry id>``."""
    return [
        Phrasing(text, f"faq:{entry.id}") for entry in base.faq.values() for text in entry.phrasings
    ]


def structured_phrasings(base: KnowledgeBase) -> list[Phrasing]:
    """Each intent template with its slot filled by every entity's name.

    A template's slot kind is the one it names (``{role}``, ``{stage}`` or ``{tool}``), labelled
    ``<intent>:<entity id>``. A template with two ``{role}`` slots is filled with each ordered
    pair of different roles and labelled ``compare:<a>+<b>``, ids sorted, as rolebot labels a
    comparison whichever way round it was asked.
    """
    names = {
        "role": {role.id: role.name for role in base.roles.values()},
        "stage": {stage.id: stage.name for stage in base.stages.values()},
        "tool": {tool.id: tool.name for tool in base.tools.values()},
    }
    phrasings: list[Phrasing] = []
    for intents in base.intents.values():
        for template in intents.templates:
            if template.count(ROLE_SLOT) == 2:
                for (a, a_name), (b, b_name) in permutations(names["role"].items(), 2):
                    text = template.replace(ROLE_SLOT, a_name, 1).replace(ROLE_SLOT, b_name, 1)
                    phrasings.append(Phrasing(text, f"{COMPARE}:{'+'.join(sorted((a, b)))}"))
                continue
            for kind, slot in ENTITY_SLOTS:
                if slot in template:
                    phrasings += [
                        Phrasing(template.replace(slot, name), f"{intents.intent}:{entity}")
                        for entity, name in names[kind].items()
                    ]
    return phrasings


def labelled_phrasings(base: KnowledgeBase) -> list[Phrasing]:
    """The FAQ phrasings, then the filled intent templates: what rolebot answers from."""
    return faq_phrasings(base) + structured_phrasings(base)
