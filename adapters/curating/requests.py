"""What a curating button or select asks for, as the text its platform carries back.

Every control's id is ``rolebot:<act>:<subject>[:<entry>]``: the subject is a group of
unanswered questions (``g.`` and a digest of its question) or the question of one "I don't
know" (``a.`` and its answer id), so ids fit Discord's 100 characters and nothing per message
is kept in memory (a click after a restart, or on another replica, still works). A select
carries the entry as the option chosen instead.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from enum import Enum

from bot.core import is_answer_id

NAMESPACE = "rolebot"
GROUP, ANSWER = "g", "a"
REF_CHARS = 12  # hex digits of a group's digest: 48 bits, and room for a 64-character entry id
_ENTRY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # as knowledge ids are written (bot.kb.models)
ENTRY_ID_LIMIT = 64
_REF = re.compile(rf"[0-9a-f]{{{REF_CHARS}}}")


class Act(Enum):
    """What a control does."""

    TEACH = "teach"  # add the question to the entry the control names
    PICK = "pick"  # add the question to the entry chosen in a select
    IGNORE = "ignore"  # stop showing the question (a group's wordings, or one answer's)
    OPEN = "open"  # show an "I don't know" question with the choices for it (the Teach button)


@dataclass(frozen=True, slots=True)
class Subject:
    """What a change is about: a group of unanswered questions or one declined answer."""

    kind: str  # GROUP or ANSWER
    key: str  # the group's ref, or the answer id

    def __str__(self) -> str:
        return f"{self.kind}.{self.key}"


def group_subject(question: str) -> Subject:
    """The subject of the group named by `question` (as the report names it)."""
    return Subject(GROUP, hashlib.sha256(question.encode()).hexdigest()[:REF_CHARS])


def answer_subject(answer_id: str) -> Subject:
    """The subject of one declined answer."""
    return Subject(ANSWER, answer_id)


@dataclass(frozen=True, slots=True)
class Request:
    """One click: what to do, about what, and (for TEACH and PICK) to which entry."""

    act: Act
    subject: Subject
    entry: str | None = None


def control_id(act: Act, subject: Subject, entry: str | None = None) -> str:
    """The id of a button (or, without `entry`, a select) that asks for `act` on `subject`."""
    tail = f":{entry}" if entry is not None else ""
    return f"{NAMESPACE}:{act.value}:{subject}{tail}"


ACTS = "|".join(act.value for act in Act)
CONTROL = re.compile(rf"{NAMESPACE}:(?:{ACTS}):.+", re.DOTALL)  # what platforms route here


def parse(control: str, chosen: str | None = None) -> Request | None:
    """The request a clicked control's id (and the option `chosen` in a select) stands for;
    None when it is not one rolebot made (a forged or mangled payload)."""
    parts = control.split(":")
    if len(parts) not in (3, 4) or parts[0] != NAMESPACE:
        return None
    try:
        act = Act(parts[1])
    except ValueError:
        return None
    kind, _, key = parts[2].partition(".")
    subject = Subject(kind, key)
    if not ((kind == GROUP and _REF.fullmatch(key)) or (kind == ANSWER and is_answer_id(key))):
        return None
    entry = parts[3] if len(parts) == 4 else chosen
    if act in (Act.TEACH, Act.PICK):
        if entry is None or not _is_entry(entry):
            return None
        return Request(act, subject, entry)
    return Request(act, subject) if len(parts) == 3 else None


def _is_entry(text: str) -> bool:
    return len(text) <= ENTRY_ID_LIMIT and _ENTRY.fullmatch(text) is not None
