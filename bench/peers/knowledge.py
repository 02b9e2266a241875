"""The phrasings every peer indexes, each labelled the way `rolebot eval` labels an answer.

They are the phrasings of rolebot's own answer targets (`bot.understanding.targets`): every
FAQ phrasing, and every intent template filled with each entity's name (a comparison in both
orders, under one label with its role ids sorted), and for a stage or a tool one filled with
each of its aliases.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.peers.project import KnowledgeBase, targets


@dataclass(frozen=True, slots=True)
class Phrasing:
    """One indexed text and the label a peer answers with when it is the nearest."""

    text: str
    label: str


def labelled_phrasings(base: KnowledgeBase) -> list[Phrasing]:
    """The FAQ phrasings, then the filled intent templates: what rolebot answers from."""
    return [Phrasing(text, target.label) for target in targets(base) for text in target.phrasings]


def structured_phrasings(base: KnowledgeBase) -> list[Phrasing]:
    """The filled intent templates alone."""
    return [p for p in labelled_phrasings(base) if not p.label.startswith("faq:")]
