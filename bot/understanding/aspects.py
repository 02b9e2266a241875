"""Aspects: what a question asks about the roles it names (their pay, their future, on-call
duty, switching between them, hiring for them), read from a few word groups.

"do MLOps roles pay the same as ML engineer roles?" names two roles, so the comparison of the
two looks like the answer; yet it asks about pay, and only the entry whose phrasings talk about
pay answers it. The ranker weighs whether an answer's phrasings share the aspect a question
asks, beside the roles it names.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

# Each aspect: the words (as typed and as stemmed) that ask about it. Kept to words that say
# the aspect on their own: "move" or "call" mean too many other things. "Background" is not one:
# "which suits my background, DE or DS?" asks for the comparison (dev cross-validation).
ASPECTS: dict[str, frozenset[str]] = {
    "pay": frozenset(
        "pay pays paid paying salary salaries earn earns earning earnings money "
        "compensation comp wage wages".split()
    ),
    "future": frozenset(
        "outdated obsolete dying dead declining redundant future replace replaced "
        "replacing disappear disappearing".split()
    ),
    "on_call": frozenset("oncall pager paged outage outages incident incidents".split()),
    "switch": frozenset(
        "switch switching transition transitioning pivot pivoting retrain reskill".split()
    ),
    "hire": frozenset("hire hires hiring hired recruit recruiting recruitment headcount".split()),
}
# "on-call" and "on call" read as two words; together they say the aspect "call" alone does not.
PAIRS: dict[tuple[str, str], str] = {("on", "call"): "oncall"}
_WORD = re.compile(r"[a-z]+")


def _with_pairs(words: list[str] | tuple[str, ...]) -> set[str]:
    """The words, and the one word each pair of them stands for."""
    found = set(words)
    found.update(PAIRS[pair] for pair in pairwise(words) if pair in PAIRS)
    return found


def asked(words: tuple[str, ...], stems: tuple[str, ...]) -> frozenset[str]:
    """The aspects a question's words (or their stems) ask about."""
    typed = _with_pairs(words) | set(stems)
    return frozenset(name for name, found in ASPECTS.items() if typed & found)


@cache
def spoken(phrasings: tuple[str, ...]) -> frozenset[str]:
    """The aspects an answer's phrasings talk about (computed once per answer)."""
    words = {w for phrasing in phrasings for w in _with_pairs(_WORD.findall(phrasing.lower()))}
    return frozenset(name for name, found in ASPECTS.items() if words & found)
