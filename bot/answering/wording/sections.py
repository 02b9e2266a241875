"""The generated parts of the tour: each one built from the knowledge, never written by hand."""

from __future__ import annotations

from collections.abc import Sequence

from bot import commands
from bot.answering.wording.answers import bullets, in_sentence, join_names
from bot.answering.wording.contacts import contact_line, team_label
from bot.commands import Verb
from bot.kb.base import KnowledgeBase
from bot.kb.records import TourStep
from bot.onboarding.contacts import ordered_contacts

# The commands a newcomer needs first; the rest are in `help`.
TOUR_COMMANDS = (Verb.ROLE, Verb.STAGE, Verb.COMPARE, Verb.ONBOARD, Verb.HELP)
OVERLAY_HINT = (
    "Your team has not listed its own channels and people yet. Whoever looks after rolebot can "
    "add them in a `team.yaml` in the team's knowledge directory (see the README, Onboarding), "
    "and they will show up here and in answers such as who owns deployment."
)


def section(base: KnowledgeBase, step: TourStep, platform: str) -> str:
    """The generated text a step shows under its own text ("" for `none`)."""
    match step.show:
        case "roles":
            return roles(base)
        case "ownership":
            return ownership(base)
        case "tools":
            return tools(base)
        case "asking":
            return asking(step.examples, platform)
        case "team":
            return team(base)
        case "none":
            return ""


def roles(base: KnowledgeBase) -> str:
    """Each role and its one-line summary."""
    return bullets([f"**{role.name}:** {role.summary}" for role in base.roles.values()])


def ownership(base: KnowledgeBase) -> str:
    """A compact map of the lifecycle: each broad stage, its owners and who helps.

    Narrower stages (the parts of deployment) are named under their broad stage rather than
    given lines of their own, so the map stays short enough to read at a glance.
    """
    lines = []
    for stage in base.stages.values():
        if stage.part_of is not None:
            continue
        line = f"**{stage.name}:** " + join_names([base.roles[r].name for r in stage.owners])
        if stage.contributors:
            helpers = join_names([in_sentence(base.roles[r].name) for r in stage.contributors])
            line += f", helped by {helpers}"
        parts = [in_sentence(s.name) for s in base.stages.values() if s.part_of == stage.id]
        if parts:
            line += f" (includes {join_names(parts)})"
        lines.append(line)
    return bullets(lines)


def tools(base: KnowledgeBase) -> str:
    """Each role and its main tools, as the role model summarises them."""
    return bullets([f"**{role.name}:** {role.factors.tools}" for role in base.roles.values()])


def asking(examples: Sequence[str], platform: str) -> str:
    """Questions to try, and the commands as they are typed on `platform`."""
    parts = []
    if examples:
        parts.append("**Try asking:**\n" + bullets(examples))
    usages = [commands.usage(verb, platform) for verb in TOUR_COMMANDS]
    parts.append("**Or use a command:**\n" + bullets(usages))
    return "\n".join(parts)


def team(base: KnowledgeBase) -> str:
    """The team's own contacts for stages and roles, or how to add them."""
    contacts = ordered_contacts(base)
    if not contacts:
        return OVERLAY_HINT
    lines = [contact_line(base, kind, item_id, contact) for kind, item_id, contact in contacts]
    return f"**On {team_label(base)}:**\n" + bullets(lines)
