"""Role names used as modifiers: "a data science team" is about a team, "DE postings" about jobs.

A role's name often stands before a noun that makes the phrase about something else: how to
structure "a data science team", how many "DS listings" there are. The structured answers
about that role (its skills, its day) then match on the name alone. A role every mention of
which is followed by such a noun is read as a modifier, and the structured answers about it
are told so (`candidates.FEATURES`: `role_modifier`; FAQ entries about it, "how big should a
data science team be", keep it).
"""

from __future__ import annotations

from bot.kb.records import EntityKind
from bot.understanding.lexicon import Reading

# Nouns a role's name modifies rather than names the role: groups of people and job adverts
# (read after the vocabulary's expansions: "postings" reads as "jobs")...
GROUPS = frozenset(
    """team teams squad squads department departments org orgs organisation organization group
    groups function functions unit units""".split()
)
MODIFIED = GROUPS | frozenset(
    "jobs listings listing openings opening vacancies vacancy ads adverts".split()
)
# ...unless the group is said to do what the role's people do: "which tools does the DS team
# use", "the data engineering team owns the pipelines" are about data scientists and data
# engineers.
DOING = frozenset(
    """use uses using own owns need needs work works write writes build builds handle handles
    deploy deploys run runs spend spends know knows do does""".split()
)


def modifier_roles(reading: Reading) -> frozenset[str]:
    """The roles every mention of which modifies a noun after it ("a data science team")."""
    modifying: dict[str, bool] = {}
    words = reading.words
    for span in reading.spans:
        if span.ref.kind is not EntityKind.ROLE:
            continue
        after = words[span.end] if span.end < len(words) else ""
        doing = after in GROUPS and span.end + 1 < len(words) and words[span.end + 1] in DOING
        modifying[span.ref.id] = (
            modifying.get(span.ref.id, True) and after in MODIFIED and not doing
        )
    return frozenset(role for role, only in modifying.items() if only)
