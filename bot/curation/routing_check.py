"""Runs every FAQ phrasing through the runtime matcher: each must reach its own entry, clearly."""

from __future__ import annotations

from bot.answering.deciding import Engine
from bot.kb.base import KnowledgeBase
from bot.kb.problems import Problem
from bot.message import ConversationKey, Message
from bot.reply import Label


def routing_problems(base: KnowledgeBase, engine: Engine | None = None) -> list[Problem]:
    """Phrasings answered by another entry or intent, or won by less than the ambiguity margin."""
    engine = engine or Engine(base)
    problems: list[Problem] = []
    for entry in base.faq.values():
        where = base.where("faq", entry.id)
        for number, phrasing in enumerate(entry.phrasings):
            key = ConversationKey("validate", thread=f"{entry.id}:{number}")
            reply = engine.handle(Message(phrasing, key))
            got = reply.provenance
            if got.intent is Label.CLARIFY:
                problems.append(
                    Problem(where, f"phrasing '{phrasing}' is too close to another entry to answer")
                )
            elif got.intent is not Label.FAQ or got.entry != entry.id:
                target = f"{got.intent} '{got.entry}'" if got.entry else got.intent
                problems.append(Problem(where, f"phrasing '{phrasing}' is answered by {target}"))
    return problems
