"""What kind of question a text asks, by its question word, and how an answer's phrasings ask.

"who do the MLOps engineers mostly work with day to day?" shares "day to day" with what an
MLOps engineer's day looks like, and "work with" with whom they work with: its question word
says which. An answer asked mostly with "who" (its owners, its collaborators) suits a "who"
question; one asked with "what" or "how" suits those. The ranker weighs the share of an
answer's phrasings that ask as the question does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from enum import IntEnum

from bot.understanding.lexicon import Reading
from bot.understanding.text import WHO_WORDS


class QuestionKind(IntEnum):
    """The question word a text asks with (its place in an answer's `Kinds`)."""

    WHO = 0
    WHAT = 1
    HOW = 2
    WHY = 3
    WHEN = 4
    WHERE = 5


Kinds = tuple[float, ...]  # the share of an answer's phrasings asking with each kind, in order
KIND_OF_WORD = {
    **dict.fromkeys(WHO_WORDS, QuestionKind.WHO),
    "what": QuestionKind.WHAT,
    "whats": QuestionKind.WHAT,
    "which": QuestionKind.WHAT,
    "how": QuestionKind.HOW,
    "hows": QuestionKind.HOW,
    "why": QuestionKind.WHY,
    "when": QuestionKind.WHEN,
    "where": QuestionKind.WHERE,
}


# "when we retrain, how do we decide...": "when" or "where" before its clause's subject opens
# a clause, not a question.
SUBJECTS = frozenset("i we you they he she it my our your their".split())
CLAUSE_OPENERS = frozenset({QuestionKind.WHEN, QuestionKind.WHERE})


def question_kind(reading: Reading) -> QuestionKind | None:
    """The kind of the first question word of a text (None when it has none)."""
    words = reading.words
    for at, word in enumerate(words):
        kind = KIND_OF_WORD.get(word)
        if kind is not None and not _opens_a_clause(words, at):
            return kind
    return None


def clause_openers(words: tuple[str, ...]) -> list[int]:
    """The positions of the words that open a clause rather than a question ("when we
    retrain, how do we decide..."): a condition, not what is asked."""
    return [at for at in range(len(words)) if _opens_a_clause(words, at)]


def _opens_a_clause(words: tuple[str, ...], at: int) -> bool:
    kind = KIND_OF_WORD.get(words[at])
    return kind in CLAUSE_OPENERS and bool(SUBJECTS.intersection(words[at + 1 : at + 2]))


def answer_kinds(readings: Iterable[Reading]) -> Kinds:
    """The share of an answer's phrasings that ask with each kind of question word."""
    kinds = [question_kind(reading) for reading in readings]
    counts = Counter(kind for kind in kinds if kind is not None)
    return tuple(counts[kind] / max(len(kinds), 1) for kind in QuestionKind)
