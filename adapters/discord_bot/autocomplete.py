"""Autocomplete for role and stage options: the names the knowledge knows, fuzzily ranked."""

from __future__ import annotations

from collections.abc import Sequence

from discord import app_commands

from adapters.discord_bot.limits import AUTOCOMPLETE_CHOICES_LIMIT, CHOICE_NAME_LIMIT, cut
from adapters.names import rank
from bot.understanding.lexicon import EntityRef


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
    return [
        app_commands.Choice(name=cut(offer.label, CHOICE_NAME_LIMIT), value=offer.entity)
        for offer in rank(refs, current, found)[:limit]
    ]
