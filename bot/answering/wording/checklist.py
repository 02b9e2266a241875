"""`onboard <role>`: a newcomer's checklist for one role, generated from the knowledge."""

from __future__ import annotations

from bot.answering.wording.answers import bullets, in_sentence, join_names, suggestion, with_article
from bot.answering.wording.contacts import team_label, where_to_go
from bot.answering.wording.tour import START_QUERY
from bot.kb.base import KnowledgeBase
from bot.kb.records import EntityKind, FaqEntry, Role, Stage
from bot.onboarding.contacts import stage_contact
from bot.reply import SUGGESTION_LIMIT, Label, Provenance, Reply, ReplyKind, Suggestion

NEWCOMER_QUESTIONS = 4  # questions listed; more would bury the rest of the checklist
SETUP_TOOLS = 6  # a role's tools are listed most used first; these few are set up in week one


def newcomer_questions(base: KnowledgeBase, role: Role) -> list[FaqEntry]:
    """The questions people new to a role ask first.

    The role's own curated list when it has one; otherwise FAQ entries that name the role,
    those about the role first (it is named first) and the most specific (fewest roles) next.
    """
    if role.newcomer_questions:
        picked = [base.faq[i] for i in role.newcomer_questions if i in base.faq]
    else:
        naming = [entry for entry in base.faq.values() if role.id in entry.roles]
        picked = sorted(naming, key=lambda e: (e.roles[0] != role.id, len(e.roles)))
    return picked[:NEWCOMER_QUESTIONS]


def _stage_names(stages: list[Stage]) -> str:
    """Stage names, narrower stages folded into their broader stage when both are listed.

    Separated by semicolons: several names have an "and" of their own.
    """
    ids = {stage.id for stage in stages}
    return "; ".join(in_sentence(s.name) for s in stages if s.part_of not in ids)


def checklist(base: KnowledgeBase, role: Role, question: str, matched: str) -> Reply:
    """The onboarding checklist for a new member of `role`."""
    owned = [s for s in base.stages.values() if role.id in s.owners]
    helped = [s for s in base.stages.values() if role.id in s.contributors]
    lines = []
    if owned:
        lines.append(f"**Learn the stages you own:** {_stage_names(owned)}.")
    if helped:
        lines.append(f"**Know where you help:** {_stage_names(helped)}.")
    if role.tools:
        names = [base.tools[t].name for t in role.tools]
        tools = f"**Get set up with:** {join_names(names[:SETUP_TOOLS])}"
        if names[SETUP_TOOLS:]:
            tools += f"; you will also meet {join_names(names[SETUP_TOOLS:])}"
        lines.append(tools + ".")
    if role.collaborates_with or role.works_with_teams:
        groups = []
        if role.collaborates_with:
            groups.append(join_names([base.roles[r].plural for r in role.collaborates_with]))
        if role.works_with_teams:
            groups.append(f"beyond the data team, {join_names(role.works_with_teams)}")
        lines.append(f"**Meet the people you work with:** {'; '.join(groups)}.")
    questions = newcomer_questions(base, role)
    body = (
        f"Welcome aboard! Here is a checklist for your first weeks as {with_article(role.name)}.\n"
        + bullets(lines)
    )
    if questions:
        body += f"\n**Questions new {role.plural} ask first:**\n" + bullets(
            [entry.title for entry in questions]
        )
    contacts = _contacts(base, role, [*owned, *helped])
    if contacts:
        body += f"\n**On {team_label(base)}:**\n" + bullets(contacts)
    more: list[Suggestion] = [suggestion("Start the tour", START_QUERY)]
    more += [suggestion(entry.title, entry.phrasings[0]) for entry in questions]
    return Reply(
        ReplyKind.ANSWER,
        f"Onboarding checklist: {role.name}",
        body,
        Provenance(intent=Label.ONBOARD, entry=role.id, matched=matched, score=1.0),
        suggestions=tuple(more[:SUGGESTION_LIMIT]),
        question=question,
    )


def _contacts(base: KnowledgeBase, role: Role, stages: list[Stage]) -> list[str]:
    """The team's contacts for the role, the stages it works on and its peers, once each."""
    lines = []
    own = base.contact(EntityKind.ROLE, role.id)
    if own is not None:
        lines.append(f"**Fellow {role.plural}:** {where_to_go(own)}")
    seen: set[str] = set()
    for stage in stages:
        found = stage_contact(base, stage)
        if found is None or found[0].id in seen:
            continue
        covering, contact = found
        seen.add(covering.id)
        lines.append(f"**{covering.name}:** {where_to_go(contact)}")
    for peer_id in role.collaborates_with:
        peer = base.contact(EntityKind.ROLE, peer_id)
        if peer is not None:
            plural = base.roles[peer_id].plural
            lines.append(f"**{plural[:1].upper() + plural[1:]}:** {where_to_go(peer)}")
    return lines
