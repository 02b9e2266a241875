"""A team's own contacts (from its overlay): which one answers about a stage, in what order.

How answers word them is in `bot.answering.wording.contacts`.
"""

from __future__ import annotations

from bot.kb.base import KnowledgeBase
from bot.kb.records import Contact, EntityKind, Stage


def stage_contact(base: KnowledgeBase, stage: Stage) -> tuple[Stage, Contact] | None:
    """The team's contact for a stage, or for the broader stage it is part of.

    Returns the stage the contact is actually for, so an answer about containerisation can say
    it is the deployment contact.
    """
    seen: set[str] = set()
    current: Stage | None = stage
    while current is not None and current.id not in seen:
        seen.add(current.id)
        contact = base.contact(EntityKind.STAGE, current.id)
        if contact is not None:
            return current, contact
        current = base.stages.get(current.part_of) if current.part_of else None
    return None


def ordered_contacts(base: KnowledgeBase) -> list[tuple[EntityKind, str, Contact]]:
    """Every contact, stages in lifecycle order first, then roles in their order."""
    ordered = [(EntityKind.STAGE, s) for s in base.stages] + [
        (EntityKind.ROLE, r) for r in base.roles
    ]
    return [
        (kind, item_id, base.contacts[(kind, item_id)])
        for kind, item_id in ordered
        if (kind, item_id) in base.contacts
    ]
