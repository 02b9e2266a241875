"""Checks that span files: references, unique aliases and phrasings, template slots."""

from __future__ import annotations

from collections.abc import Container, Sequence

from bot.kb.base import CONTACT, KnowledgeBase
from bot.kb.problems import Problem
from bot.kb.records import EntityKind
from bot.understanding.text import normalize


def check(base: KnowledgeBase) -> list[Problem]:
    """Every cross-file problem in a merged knowledge base."""
    return [
        *_references(base),
        *_aliases(base),
        *_phrasings(base),
        *_templates(base),
    ]


def _templates(base: KnowledgeBase) -> list[Problem]:
    """Each template names the slots its intent needs, so the engine can fill them."""
    problems: list[Problem] = []
    for name, intents in base.intents.items():
        slot, needed = {"stage_owner": ("{stage}", 1), "tool_users": ("{tool}", 1)}.get(
            name, ("{role}", 2 if name == "compare" else 1)
        )
        for template in intents.templates:
            if template.count(slot) < needed:
                problems.append(
                    Problem(
                        base.where("intents", name),
                        f"template '{template}' needs {slot} at least {needed}x",
                    )
                )
    return problems


def _references(base: KnowledgeBase) -> list[Problem]:
    problems: list[Problem] = []

    def expect(
        kind: str, item_id: str, field: str, ids: Sequence[str], known: Container[str]
    ) -> None:
        for ref in ids:
            if ref not in known:
                problems.append(
                    Problem(
                        base.where(kind, item_id), f"{field}: {_singular(field)} '{ref}' is unknown"
                    )
                )

    for role in base.roles.values():
        expect("roles", role.id, "tools", role.tools, base.tools)
        expect("roles", role.id, "collaborates_with", role.collaborates_with, base.roles)
        expect("roles", role.id, "sources", role.sources, base.sources)
        expect("roles", role.id, "newcomer_questions", role.newcomer_questions, base.faq)
    for stage in base.stages.values():
        expect("stages", stage.id, "owners", stage.owners, base.roles)
        expect("stages", stage.id, "contributors", stage.contributors, base.roles)
        expect("stages", stage.id, "tools", stage.tools, base.tools)
        expect("stages", stage.id, "part_of", [stage.part_of] if stage.part_of else [], base.stages)
        expect("stages", stage.id, "sources", stage.sources, base.sources)
    for tool in base.tools.values():
        expect("tools", tool.id, "used_by", tool.used_by, base.roles)
    for pair_key, pair in base.pairs.items():
        pair_id = "+".join(sorted(pair_key))
        expect("pairs", pair_id, "roles", pair.roles, base.roles)
        expect("pairs", pair_id, "sources", pair.sources, base.sources)
    for entry in base.faq.values():
        expect("faq", entry.id, "roles", entry.roles, base.roles)
        expect("faq", entry.id, "stages", entry.stages, base.stages)
        expect("faq", entry.id, "tools", entry.tools, base.tools)
        expect("faq", entry.id, "related", entry.related, base.faq)
        expect("faq", entry.id, "sources", entry.sources, base.sources)
    known: dict[EntityKind, Container[str]] = {
        EntityKind.STAGE: base.stages,
        EntityKind.ROLE: base.roles,
    }
    for kind, item_id in base.contacts:
        if item_id not in known[kind]:
            problems.append(
                Problem(
                    base.where(CONTACT, f"{kind}:{item_id}"),
                    f"{kind}: {kind} '{item_id}' is unknown",
                )
            )
    return problems


def _singular(field: str) -> str:
    names = {
        "owners": "role",
        "contributors": "role",
        "collaborates_with": "role",
        "used_by": "role",
    }
    names |= {"roles": "role", "stages": "stage", "tools": "tool", "related": "entry"}
    names |= {"sources": "source", "part_of": "stage", "newcomer_questions": "entry"}
    return names.get(field, field)


def _aliases(base: KnowledgeBase) -> list[Problem]:
    """A name or alias must mean one thing: one role, one stage or one tool."""
    problems: list[Problem] = []
    owner: dict[str, tuple[str, str]] = {}
    named = [
        *(("roles", r.id, [r.name, r.plural, *r.aliases]) for r in base.roles.values()),
        *(("stages", s.id, [s.name, *s.aliases]) for s in base.stages.values()),
        *(("tools", t.id, [t.name, *t.aliases]) for t in base.tools.values()),
    ]
    for kind, item_id, names in named:
        for name in names:
            key = normalize(name)
            if not key:
                problems.append(Problem(base.where(kind, item_id), f"alias '{name}' has no words"))
                continue
            claimed = owner.setdefault(key, (kind, item_id))
            if claimed != (kind, item_id):
                problems.append(
                    Problem(
                        base.where(kind, item_id),
                        f"alias '{name}' is already claimed by {claimed[0][:-1]} '{claimed[1]}'",
                    )
                )
    return problems


def _phrasings(base: KnowledgeBase) -> list[Problem]:
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    for entry in base.faq.values():
        for number, phrasing in enumerate(entry.phrasings):
            key = normalize(phrasing)
            claimed = owner.setdefault(key, entry.id)
            if claimed != entry.id:
                problems.append(
                    Problem(
                        base.where("phrasing", f"{entry.id}#{number}"),
                        f"phrasing '{phrasing}' is already used by entry '{claimed}'",
                    )
                )
    return problems
