"""Roles named by what they do: "the pipeline person", "the people who make the models run".

People outside the jargon, and people in a hurry, name a role by its work: "the model people vs
the people who make the models actually run, are those different jobs?" compares the data
scientist with the ML engineer without naming either. A described role is read only where a
word for a person says someone is meant: a kind of work just before it ("pipeline person",
"dashboard folks", "model builders"), or a clause after it ("the person who moves data into the
warehouse", "the ones that keep our models running"). The first cue a clause holds says which
role it is; cues for running models in production come before the plain "builds models".
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

# Words for a person (or a group of people) a description can be attached to.
PEOPLE = frozenset(
    "person people guy guys folks one ones someone somebody team bloke gal crowd".split()
)
# Words after a kind of work that make it a person ("model builders", "pipeline folks"); "one",
# "someone" or "team" after a noun name no role ("the data team", "a model one").
WORKERS = frozenset("person people guy guys folks crowd bloke gal builder builders".split())
RELATIVE = frozenset("who that".split())
ARTICLES = frozenset("the a an".split())
# Words a kind of work stands after when it names a worker ("the pipeline person", "our model
# people", "dashboard folks vs ..."): after a verb it is what someone does ("how do analysts
# make reports people rely on").
DETERMINERS = "our their your my his her its those these this that some any which what whose"
OPENERS = ARTICLES | frozenset(f"{DETERMINERS} vs versus".split())
CLAUSE = 8  # words after "who" or "that" a description may take
# Words that end a description: what follows belongs to another part of the sentence (so does
# a word for another person: "the people who build models, the people who make them run").
ENDS = frozenset("vs versus or but than compared".split())


@dataclass(frozen=True, slots=True)
class Cue:
    """Words that, all present in a clause, describe one role's work."""

    role: str
    patterns: tuple[re.Pattern[str], ...]

    def found_in(self, words: Sequence[str]) -> int | None:
        """The position just past the last cue word in `words`, when every cue word is there."""
        end = 0
        for pattern in self.patterns:
            at = next((i for i, w in enumerate(words) if pattern.fullmatch(w)), None)
            if at is None:
                return None
            end = max(end, at + 1)
        return end


def _cue(role: str, *patterns: str) -> Cue:
    return Cue(role, tuple(re.compile(p) for p in patterns))


MODEL = r"models?|ml"
RUN = r"run|runs|running|work|works|working"
# In order: the first found says the role ("keeps the models running" is the MLOps engineer's
# before "makes the models run" is the ML engineer's, which comes before "makes the models").
CUES = (
    _cue("mlops-engineer", r"keeps?|keeping", MODEL, RUN),
    _cue("mlops-engineer", r"machinery|infrastructure|infra|conveyor"),
    _cue("ml-engineer", MODEL, r"apps?|applications?|products?|production|live|customers?|users?"),
    _cue("ml-engineer", MODEL, RUN + r"|serves?|serving|deploys?|deploying|deployed"),
    _cue("ml-engineer", r"puts?|putting|ship|ships|deploys?", MODEL),
    _cue("data-engineer", r"moves?|moving|shifts?|shifting|gets?|getting", r"data"),
    _cue("data-engineer", r"pipelines?|pipes|plumbing|warehouses?|etl|ingestion|ingests?"),
    _cue("data-analyst", r"dashboards?|reports?|reporting|charts?|spreadsheets?"),
    _cue("data-analyst", r"business", r"questions?"),
    _cue("data-analyst", r"sql", r"questions?|numbers|queries"),
    _cue("data-scientist", r"builds?|building|makes?|making|trains?|training|creates?", MODEL),
    _cue("data-scientist", r"prototypes?|prototyping|experiments?|statistics|stats"),
)
# A kind of work just before a word for a worker ("pipeline person", "model builders").
KINDS = (
    (re.compile(r"pipelines?|plumbing|etl|warehouse|ingestion"), "data-engineer"),
    (re.compile(r"dashboards?|reports?|reporting|sql|charts?|spreadsheets?"), "data-analyst"),
    (re.compile(r"models?|modelling|modeling|stats|prototypes?"), "data-scientist"),
    (re.compile(r"deploy|deployment|serving"), "ml-engineer"),
    (re.compile(r"infra|infrastructure|machinery"), "mlops-engineer"),
)
# One word that is a description in itself.
WHOLE = {"modellers": "data-scientist", "modelers": "data-scientist"}
WHOLE |= {w[:-1]: role for w, role in WHOLE.items()}
TRIGGERS = PEOPLE | WORKERS | frozenset(WHOLE)


@dataclass(frozen=True, slots=True)
class Described:
    """A role described at word positions [start, end)."""

    start: int
    end: int
    role: str


def described_roles(
    words: Sequence[str], taken: Sequence[tuple[int, int]], roles: Collection[str]
) -> list[Described]:
    """The roles `words` describe by their work, outside the positions `taken` (where a role is
    named already), of the roles in `roles` only (a team's knowledge may lack some)."""
    if TRIGGERS.isdisjoint(words):  # most texts describe nobody
        return []
    used = {i for start, end in taken for i in range(start, end)}
    found: list[Described] = []
    i = 0
    while i < len(words):
        description = _at(words, i, used)
        if description is not None and description.role in roles:
            found.append(description)
            i = description.end
        else:
            i += 1
    return found


def _at(words: Sequence[str], i: int, used: set[int]) -> Described | None:
    """The description starting at word `i`, if one does."""
    word = words[i]
    if i in used:
        return None
    if word in WHOLE:
        return Described(i, i + 1, WHOLE[word])
    following = words[i + 1] if i + 1 < len(words) else ""
    if following in WORKERS and i + 1 not in used and _opens_a_noun(words, i):
        role = next((role for kind, role in KINDS if kind.fullmatch(word)), None)
        if role is not None:
            return Described(i, i + 2, role)
    if word in PEOPLE and following in RELATIVE and not _after_a_role(words, i, used):
        clause: list[str] = []
        for j in range(i + 2, min(i + 2 + CLAUSE, len(words))):
            if j in used or words[j] in ENDS or words[j] in PEOPLE:
                break
            clause.append(words[j])
        for cue in CUES:
            end = cue.found_in(clause)
            if end is not None:
                return Described(i, i + 2 + end, cue.role)
    return None


def _after_a_role(words: Sequence[str], i: int, used: set[int]) -> bool:
    """Whether the person word at `i` stands just after a role named (an article between or
    not): "is the ML engineer the one who builds models?" says what that role does, and names
    no other."""
    before = i - 1
    while before >= 0 and words[before] in ARTICLES:
        before -= 1
    return before in used


def _opens_a_noun(words: Sequence[str], i: int) -> bool:
    """Whether the word at `i` starts a noun phrase: the text's first word, or after a
    determiner."""
    return i == 0 or words[i - 1] in OPENERS
