"""A team's own contacts (from its overlay) and how answers word them."""

from __future__ import annotations

from bot.kb.base import KnowledgeBase
from bot.kb.models import Contact, EntityKind, Stage

GENERIC_TEAM = "this team"  # when contacts came without a team name


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


def team_label(base: KnowledgeBase) -> str:
    """The team's name as answers show it."""
    return base.team_name or GENERIC_TEAM


def where_to_go(contact: Contact) -> str:
    """A contact as a sentence, then its note: "#ml-platform, ask @alice or @bob. Note"."""
    parts = []
    if contact.channel:
        parts.append(contact.channel)
    if contact.people:
        people = contact.people
        asked = people[0] if len(people) == 1 else ", ".join(people[:-1]) + " or " + people[-1]
        parts.append(f"ask {asked}")
    line = ", ".join(parts) + "."
    return f"{line} {contact.note}" if contact.note else line


def contact_line(base: KnowledgeBase, kind: EntityKind, item_id: str, contact: Contact) -> str:
    """A contact with what it is for: "**Deployment:** #ml-platform, ask @alice"."""
    name = base.stages[item_id].name if kind is EntityKind.STAGE else base.roles[item_id].name
    return f"**{name}:** {where_to_go(contact)}"


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
