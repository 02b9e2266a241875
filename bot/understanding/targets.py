"""Every answer the knowledge can give, as a labelled target with the words that describe it.

A target is one FAQ entry (``faq:ds-vs-mle``) or one structured answer about one entity
(``role_tools:data-scientist``, ``stage_owner:deployment``, ``compare:data-scientist+ml-engineer``).
Its phrasings are the ways people ask for it: an FAQ entry's own phrasings, or the intent's
templates filled with the entity's name (and, for a stage or a tool, one filled with each of
its aliases). Its description is what the answer talks about. The ranking signals that look
past exact phrasings (document scoring and the semantic index) are built from these, and so
is the peers benchmark, so all of them see the same knowledge.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from bot.kb.base import KnowledgeBase
from bot.kb.records import EntityKind, Tool
from bot.understanding.intents import Detected, Intent

FAQ = "faq"


@dataclass(frozen=True, slots=True)
class Target:
    """One answer: its evaluation label, the phrasings that ask for it, what it says."""

    label: str
    phrasings: tuple[str, ...]
    description: tuple[str, ...]
    about: frozenset[str]  # the role, stage and tool ids the answer is about
    intent: Intent | None = None  # the structured intent; None for an FAQ entry
    entry: str = ""  # the FAQ entry id, or the structured answer's subject (as `Detected.entry`)
    links: frozenset[str] = frozenset()  # labels of the FAQ entries this one lists as related
    # The roles a structured answer names without being about them: who uses a tool, who owns
    # a stage ("is databricks a DE tool or do DS use it too?" is answered by who uses it).
    mentions: frozenset[str] = frozenset()

    def detected(self, confidence: float) -> Detected | None:
        """The structured intent with its arguments, for a structured target."""
        match self.intent:
            case None:
                return None
            case Intent.COMPARE:
                return Detected(
                    self.intent, roles=tuple(self.entry.split("+")), confidence=confidence
                )
            case Intent.STAGE_OWNER:
                return Detected(self.intent, stage=self.entry, confidence=confidence)
            case Intent.TOOL_USERS:
                return Detected(self.intent, tool=self.entry, confidence=confidence)
            case _:
                return Detected(self.intent, roles=(self.entry,), confidence=confidence)


def faq_label(entry_id: str) -> str:
    """The label of an FAQ entry's answer."""
    return f"{FAQ}:{entry_id}"


def structured_label(intent: Intent, entry: str) -> str:
    """The label of a structured answer about `entry` (for compare, ids joined by +)."""
    return f"{intent.value}:{entry}"


def _fill(template: str, kind: EntityKind, name: str) -> str:
    return template.replace("{" + kind.value + "}", name)


def _about_one_kind(templates: tuple[str, ...], kind: EntityKind) -> tuple[str, ...]:
    """The templates with each slot of another kind than `kind` filled with the kind's plain
    word: an answer about a stage is asked "does a {role} do {stage}" of any role ("does a
    role do {stage}")."""
    for other in EntityKind:
        if other is not kind:
            templates = tuple(_fill(t, other, other.value) for t in templates)
    return templates


def _role_descriptions(base: KnowledgeBase, role_id: str) -> dict[Intent, tuple[str, ...]]:
    role = base.roles[role_id]
    return {
        Intent.ROLE_OVERVIEW: (role.summary, role.description, *role.responsibilities),
        Intent.ROLE_TOOLS: tuple(base.tools[t].name for t in role.tools if t in base.tools),
        Intent.ROLE_SKILLS: tuple(role.skills),
        Intent.ROLE_OUTPUTS: tuple(role.outputs),
        Intent.ROLE_COLLABORATORS: tuple(role.works_with_teams),
        Intent.ROLE_CAREER: (
            role.career.entry_note,
            *role.career.paths_in,
            *role.career.paths_out,
            *((role.career.market,) if role.career.market else ()),
        ),
    }


def related(one: Target, two: Target) -> bool:
    """Whether two answers go together: FAQ entries that link each other, two answers of one
    structured intent (two comparisons, say), or answers about the same role, stage or tool."""
    linked = two.label in one.links or one.label in two.links
    same_kind = one.intent is not None and one.intent is two.intent
    return linked or same_kind or bool(one.about & two.about)


def compatible(one: Target, two: Target) -> bool:
    """Whether of two near-tied answers one can be given and the other offered, rather than
    asking which was meant: related answers, or one that speaks of what the other is about
    ("if scikit-learn is free, why pay a data scientist?": who uses scikit-learn names the
    data scientist)."""
    return related(one, two) or bool((one.about | one.mentions) & (two.about | two.mentions))


def targets(base: KnowledgeBase) -> list[Target]:
    """Every target of the knowledge base, FAQ entries first, in a stable order."""
    found = [
        Target(
            faq_label(entry.id),
            tuple(entry.phrasings),
            (entry.title, entry.answer),
            frozenset((*entry.roles, *entry.stages, *entry.tools)),
            entry=entry.id,
            links=frozenset(faq_label(r) for r in entry.related),
        )
        for entry in base.faq.values()
    ]
    templates = {Intent(i.intent): tuple(i.templates) for i in base.intents.values()}
    for role_id, role in base.roles.items():
        described = _role_descriptions(base, role_id)
        for intent, text in described.items():
            asked = _about_one_kind(templates.get(intent, ()), EntityKind.ROLE)
            phrasings = tuple(_fill(t, EntityKind.ROLE, role.name) for t in asked)
            found.append(
                Target(
                    structured_label(intent, role_id),
                    phrasings,
                    text,
                    frozenset({role_id}),
                    intent,
                    role_id,
                )
            )
    subjects = (
        (Intent.STAGE_OWNER, EntityKind.STAGE, base.stages.values()),
        (Intent.TOOL_USERS, EntityKind.TOOL, base.tools.values()),
    )
    for intent, kind, items in subjects:
        asked = _about_one_kind(templates.get(intent, ()), kind)
        # "who trains the models" names the proof-of-concept stage by an alias: asked once with
        # each alias too, the answer's phrasings mean what its aliases say.
        plain = next((t for t in asked if t.strip() != "{" + kind.value + "}"), None)
        for item in items:
            by_alias = tuple(_fill(plain, kind, a) for a in item.aliases) if plain else ()
            found.append(
                Target(
                    structured_label(intent, item.id),
                    (*(_fill(t, kind, item.name) for t in asked), *by_alias),
                    (item.description,),
                    frozenset({item.id}),
                    intent,
                    item.id,
                    mentions=frozenset(item.used_by if isinstance(item, Tool) else item.owners),
                )
            )
    for first, second in combinations(sorted(base.roles), 2):
        # Asked either way round, a comparison is one answer (its ids sorted).
        phrasings = tuple(
            t.replace("{role}", base.roles[a].name, 1).replace("{role}", base.roles[b].name, 1)
            for t in _about_one_kind(templates.get(Intent.COMPARE, ()), EntityKind.ROLE)
            for a, b in ((first, second), (second, first))
        )
        description = tuple(base.roles[r].summary for r in (first, second))
        pair = f"{first}+{second}"
        found.append(
            Target(
                structured_label(Intent.COMPARE, pair),
                phrasings,
                description,
                frozenset({first, second}),
                Intent.COMPARE,
                pair,
            )
        )
    return found
