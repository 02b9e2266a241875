"""Answer wording: turns the role model and FAQ entries into neutral replies."""

from __future__ import annotations

from collections.abc import Sequence

from bot.answering.wording.contacts import team_label, where_to_go
from bot.kb.base import KnowledgeBase
from bot.kb.records import EntityKind, FaqEntry, Role, Stage
from bot.onboarding.contacts import stage_contact
from bot.reply import (
    SUGGESTION_LABEL_LIMIT,
    SUGGESTION_LIMIT,
    Label,
    Provenance,
    Reply,
    ReplyKind,
    Suggestion,
    Table,
)
from bot.understanding.intents import MAX_COMPARED, Detected, Intent

FACTOR_LABELS = (
    ("focus", "Focus"),
    ("skills", "Main skills"),
    ("tools", "Tools"),
    ("goal", "Goal"),
    ("output", "Output"),
    ("collaboration", "Works closely with"),
)


def suggestion(label: str, query: str | None = None, *, in_place: bool = False) -> Suggestion:
    """A suggestion whose label fits every platform's button."""
    if len(label) > SUGGESTION_LABEL_LIMIT:
        label = label[: SUGGESTION_LABEL_LIMIT - 1].rstrip() + "…"
    return Suggestion(label=label, query=query or label, in_place=in_place)


def bullets(items: Sequence[str]) -> str:
    """Lines of the neutral markup's bullet list."""
    return "\n".join(f"- {item}" for item in items)


def in_sentence(name: str) -> str:
    """A name as it reads mid-sentence: "Data scientist" -> "data scientist", "ML engineer" kept."""
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


def with_article(name: str) -> str:
    """A name with its indefinite article: "a data scientist", "an ML engineer"."""
    word = in_sentence(name)
    vowel_sound = word[:1] in "aeiou" or (word[:2].isupper() and word[0] in "AEFHILMNORSX")
    return ("an " if vowel_sound else "a ") + word


def join_names(names: Sequence[str]) -> str:
    """Names as a sentence list: "a", "a and b", "a, b and c"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


class Answerer:
    """Composes replies from one knowledge base."""

    def __init__(self, base: KnowledgeBase) -> None:
        self.base = base

    def role_name(self, role_id: str) -> str:
        """A role's display name."""
        return self.base.roles[role_id].name

    def _stages_of(self, role_id: str) -> tuple[list[Stage], list[Stage]]:
        stages = self.base.stages.values()
        owned = [s for s in stages if role_id in s.owners]
        helped = [s for s in stages if role_id in s.contributors]
        return owned, helped

    def structured(self, detected: Detected, question: str, matched: str) -> Reply:
        """The reply to a structured intent."""
        provenance = Provenance(
            intent=Label(detected.intent.value),
            entry=detected.entry,
            matched=matched,
            score=detected.confidence,
        )
        match detected.intent:
            case Intent.COMPARE:
                title, body, table, more = self._compare(list(detected.roles), detected.left_out)
                return Reply(
                    ReplyKind.ANSWER, title, body, provenance, table, more, question=question
                )
            case Intent.STAGE_OWNER:
                title, body, more = self._stage(self.base.stages[detected.stage or ""])
            case Intent.TOOL_USERS:
                title, body, more = self._tool(detected.tool or "")
            case _:
                title, body, more = self._role(detected.intent, self.base.roles[detected.roles[0]])
        return Reply(ReplyKind.ANSWER, title, body, provenance, None, more, question=question)

    def _role(self, intent: Intent, role: Role) -> tuple[str, str, tuple[Suggestion, ...]]:
        name, plural = role.name, role.plural
        owned, helped = self._stages_of(role.id)
        match intent:
            case Intent.ROLE_TOOLS:
                tools = [self.base.tools[t] for t in role.tools]
                lines = [f"**{t.name}** ({t.category})" for t in tools]
                title = f"Tools {plural} use"
                body = f"What {with_article(name)} typically works with:\n{bullets(lines)}"
            case Intent.ROLE_SKILLS:
                title = f"Skills {with_article(name)} needs"
                body = f"{role.factors.skills}.\n{bullets(role.skills)}"
            case Intent.ROLE_OUTPUTS:
                title = f"What {plural} produce"
                body = f"{role.factors.output}.\n{bullets(role.outputs)}"
            case Intent.ROLE_COLLABORATORS:
                peers = [self.role_name(r) for r in role.collaborates_with]
                title = f"Who {plural} work with"
                body = f"**Roles:** {join_names(peers)}."
                if role.works_with_teams:
                    body += f"\n**Beyond the data team:** {join_names(role.works_with_teams)}."
                body += f"\n{role.factors.collaboration}."
            case Intent.ROLE_CAREER:
                career = role.career
                level = (
                    "Often open to people starting out"
                    if career.entry_level
                    else ("Not usually an entry-level job")
                )
                title = f"Becoming {with_article(name)}"
                body = f"**{level}.** {career.entry_note}"
                if career.paths_in:
                    body += f"\n**Common ways in:**\n{bullets(career.paths_in)}"
                if career.paths_out:
                    body += f"\n**Where it leads:**\n{bullets(career.paths_out)}"
                if career.market:
                    body += f"\n{career.market}"
            case _:
                title = name
                # What fits a chat screen comes first (what the role is, what it owns, whom
                # to ask); the description and responsibilities follow, behind More in chat.
                body = f"**{role.summary}**"
                if owned:
                    body += f"\n**Owns:** {join_names([s.name for s in owned])}."
                contact = self.base.contact(EntityKind.ROLE, role.id)
                if contact is not None:
                    body += f"\n**On {team_label(self.base)}:** {where_to_go(contact)}"
                body += f"\n{role.description}\n**Responsibilities:**\n"
                body += bullets(role.responsibilities)
                if helped:
                    body += f"\n**Contributes to:** {join_names([s.name for s in helped])}."
        return title, body, self._role_suggestions(intent, role)

    def _role_suggestions(self, intent: Intent, role: Role) -> tuple[Suggestion, ...]:
        one = with_article(role.name)
        options = {
            Intent.ROLE_OVERVIEW: suggestion(f"What does {one} do?"),
            Intent.ROLE_TOOLS: suggestion(f"Which tools does {one} use?"),
            Intent.ROLE_SKILLS: suggestion(f"What skills does {one} need?"),
            Intent.ROLE_CAREER: suggestion(f"Is {in_sentence(role.name)} an entry-level job?"),
            Intent.ROLE_COLLABORATORS: suggestion(f"Who does {one} work with?"),
        }
        picks = [s for i, s in options.items() if i is not intent][:3]
        if role.collaborates_with:
            other = self.base.roles[role.collaborates_with[0]]
            picks.append(
                suggestion(
                    f"{role.name} vs {in_sentence(other.name)}", f"compare {role.id} {other.id}"
                )
            )
        return tuple(picks[:SUGGESTION_LIMIT])

    def _stage(self, stage: Stage) -> tuple[str, str, tuple[Suggestion, ...]]:
        owners = [self.role_name(r) for r in stage.owners]
        title = f"Who owns {in_sentence(stage.name)}?"
        body = f"**Owner{'s' if len(owners) > 1 else ''}:** {join_names(owners)}."
        if stage.contributors:
            body += (
                f"\n**Contributes:** {join_names([self.role_name(r) for r in stage.contributors])}."
            )
        # The team's own contact goes right under the general owners: it is what a newcomer
        # acts on.
        found = stage_contact(self.base, stage)
        if found is not None:
            covering, contact = found
            whole = "" if covering.id == stage.id else f" ({in_sentence(covering.name)} as a whole)"
            body += f"\n**On {team_label(self.base)}{whole}:** {where_to_go(contact)}"
        body += f"\n{stage.description}"
        if stage.note:
            body += f"\n{stage.note}"
        parts = [s for s in self.base.stages.values() if s.part_of == stage.id]
        if parts:
            body += f"\n**Includes:** {join_names([s.name for s in parts])}."
        if stage.part_of:
            body += f"\n**Part of:** {self.base.stages[stage.part_of].name}."
        more = [suggestion(f"Who owns {in_sentence(s.name)}?") for s in parts[:2]]
        more += [
            suggestion(f"What does {with_article(self.role_name(r))} do?") for r in stage.owners[:2]
        ]
        return title, body, tuple(more[:SUGGESTION_LIMIT])

    def _tool(self, tool_id: str) -> tuple[str, str, tuple[Suggestion, ...]]:
        tool = self.base.tools[tool_id]
        users = [self.role_name(r) for r in tool.used_by]
        title = f"Who uses {tool.name}?"
        body = (
            f"**{tool.name}** ({tool.category}): {tool.description}\n"
            f"**Used by:** {join_names(users)}."
        )
        more = [suggestion(f"Which tools does {with_article(u)} use?") for u in users[:3]]
        return title, body, tuple(more)

    def _compare(
        self, role_ids: list[str], left_out: Sequence[str] = ()
    ) -> tuple[str, str, Table, tuple[Suggestion, ...]]:
        roles = [self.base.roles[r] for r in role_ids]
        header = ("", *(r.name for r in roles))
        rows = [
            (label, *(str(getattr(r.factors, attr)) for r in roles))
            for attr, label in FACTOR_LABELS
        ]
        rows.append(
            (
                "Owns",
                *(join_names([s.name for s in self._stages_of(r.id)[0]]) or "—" for r in roles),
            )
        )
        notes = []
        for i, first in enumerate(role_ids):
            for second in role_ids[i + 1 :]:
                pair = self.base.pairs.get(frozenset((first, second)))
                if pair is not None:
                    notes.append(pair.difference)
        if left_out:
            names = join_names([in_sentence(self.base.roles[r].name) for r in left_out])
            verb = "is" if len(left_out) == 1 else "are"
            limit = f"One comparison takes up to {MAX_COMPARED} roles"
            notes.append(f"{limit}, so {names} {verb} left out.")
        title = " vs ".join(r.name for r in roles)
        body = "\n".join(notes) or "Here is how they compare."
        more = tuple(suggestion(f"What does {with_article(r.name)} do?") for r in roles)
        return title, body, Table(header, tuple(rows)), more

    def faq(self, entry: FaqEntry, question: str, matched: str, score: float) -> Reply:
        """The reply for an FAQ entry."""
        related = [self.base.faq[r] for r in entry.related if r in self.base.faq]
        more = tuple(suggestion(e.title, e.phrasings[0]) for e in related[:SUGGESTION_LIMIT])
        return Reply(
            ReplyKind.ANSWER,
            entry.title,
            entry.answer,
            Provenance(intent=Label.FAQ, entry=entry.id, matched=matched, score=score),
            suggestions=more,
            question=question,
        )
