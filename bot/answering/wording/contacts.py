"""How answers word a team's contacts."""

from __future__ import annotations

from bot.kb.base import KnowledgeBase
from bot.kb.records import Contact, EntityKind

GENERIC_TEAM = "this team"  # when contacts came without a team name


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
