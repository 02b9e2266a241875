"""Autocomplete for role and stage options: the names the knowledge knows, fuzzily ranked."""

from __future__ import annotations

from collections.abc import Sequence

from discord import app_commands
from rapidfuzz import fuzz, process, utils

from adapters.discord_bot.limits import AUTOCOMPLETE_CHOICES_LIMIT, CHOICE_NAME_LIMIT, cut
from bot.understanding.lexicon import EntityRef

# WRatio runs from 0 to 100. Below 80, short inputs match names that merely share a few letters
# ("mon" and "problem definition"); at 80, prefixes and one-letter typos still match.
MIN_SCORE = 80.0


def choices(
    refs: Sequence[EntityRef],
    current: str,
    found: EntityRef | None = None,
    limit: int = AUTOCOMPLETE_CHOICES_LIMIT,
) -> list[app_commands.Choice[str]]:
    """At most `limit` choices for what the user has typed so far, best first, one per entity.

    `refs` are every name and alias of one kind; `found` is the entity the core reads in
    `current` (abbreviations and spelling included: ``mle``, ``montoring``), which comes first.
    Each choice's value is the entity id; its name is the entity's name, with the alias that
    matched when that is not the name (``Data engineer (ETL developer)``).
    """
    names: dict[str, str] = {}
    for ref in refs:
        names.setdefault(ref.id, ref.span)  # the lexicon lists an entity's name before its aliases
    shown: dict[str, str] = {}
    if found is not None and found.id in names:
        shown[found.id] = names[found.id]
    typed = current.strip()
    if not typed:
        shown.update((entity, name) for entity, name in names.items() if entity not in shown)
    else:
        ranked = process.extract(
            typed,
            [ref.span for ref in refs],
            scorer=fuzz.WRatio,
            processor=utils.default_process,  # rapidfuzz compares case-sensitively without it
            limit=None,
            score_cutoff=MIN_SCORE,
        )
        for span, _score, index in ranked:
            entity = refs[index].id
            if entity not in shown:
                name = names[entity]
                shown[entity] = name if span.casefold() == name.casefold() else f"{name} ({span})"
    return [
        app_commands.Choice(name=cut(name, CHOICE_NAME_LIMIT), value=entity)
        for entity, name in list(shown.items())[:limit]
    ]
