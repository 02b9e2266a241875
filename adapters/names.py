"""The knowledge's names ranked for what someone is typing: shared by every autocomplete.

Discord's option autocomplete and the console's Tab completion offer the same names in the same
order, from the same source (the lexicon's names and aliases).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from bot.kb.records import EntityKind
from bot.understanding.lexicon import EntityRef

# WRatio runs from 0 to 100. Below 80, short inputs match names that merely share a few letters
# ("mon" and "problem definition"); at 80, prefixes and one-letter typos still match.
MIN_SCORE = 80.0


@dataclass(frozen=True, slots=True)
class Offer:
    """One entity offered for what was typed: its name, and the alias that matched if not it."""

    kind: EntityKind
    entity: str
    name: str
    alias: str = ""

    @property
    def label(self) -> str:
        """How a menu shows it: ``Data engineer (ETL developer)`` when an alias matched."""
        return f"{self.name} ({self.alias})" if self.alias else self.name


def rank(refs: Sequence[EntityRef], current: str, found: EntityRef | None = None) -> list[Offer]:
    """Every entity worth offering for `current`, best first, one offer per entity.

    `refs` are names and aliases (the lexicon lists an entity's name before its aliases);
    `found` is the entity the core reads in `current` (abbreviations and spelling included:
    ``mle``, ``montoring``), which comes first; then the names and aliases that begin with what
    was typed (however short), then the fuzzy matches. Nothing typed offers every entity.
    """
    names: dict[tuple[EntityKind, str], EntityRef] = {}
    for ref in refs:
        names.setdefault((ref.kind, ref.id), ref)
    shown: dict[tuple[EntityKind, str], Offer] = {}
    if found is not None and (first := names.get((found.kind, found.id))) is not None:
        shown[found.kind, found.id] = _offer(first, first.span)
    typed = current.strip()
    if not typed:
        shown.update((key, _offer(ref, ref.span)) for key, ref in names.items() if key not in shown)
        return list(shown.values())
    for ref in refs:
        key = (ref.kind, ref.id)
        if key not in shown and ref.span.casefold().startswith(typed.casefold()):
            shown[key] = _offer(names[key], ref.span)
    ranked = process.extract(
        typed,
        [ref.span for ref in refs],
        scorer=fuzz.WRatio,
        processor=utils.default_process,  # rapidfuzz compares case-sensitively without it
        limit=None,
        score_cutoff=MIN_SCORE,
    )
    for span, _score, index in ranked:
        key = (refs[index].kind, refs[index].id)
        if key not in shown:
            shown[key] = _offer(names[key], span)
    return list(shown.values())


def _offer(name: EntityRef, matched: str) -> Offer:
    alias = "" if matched.casefold() == name.span.casefold() else matched
    return Offer(name.kind, name.id, name.span, alias)
