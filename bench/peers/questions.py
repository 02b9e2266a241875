"""The question sets the bench asks: the real set (its dev, test and blind splits) and the existing
one."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from bench.peers.project import QUESTION_SET, QuestionSet, Turn

EXISTING_SET = QUESTION_SET  # bot/evalset/questions.yaml
REAL_SET = QUESTION_SET.parent / "real.yaml"
SPLITS = ("dev", "test", "blind")


class RealQuestion(BaseModel):
    """One item of the real set; fields the bench does not use (source, notes) are allowed."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    q: str
    expect: str | list[str]
    kind: str = "real"
    split: Literal["dev", "test", "blind"]

    def turn(self) -> Turn:
        """The item as the evaluation's turn, so it is scored as `rolebot eval` scores it."""
        expect = [self.expect] if isinstance(self.expect, str) else self.expect
        return Turn(q=self.q, expect=expect, kind=self.kind)


class RealQuestionFile(BaseModel):
    """The real set's file: its items under `questions`."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    questions: list[RealQuestion]


@dataclass(frozen=True, slots=True)
class QuestionSets:
    """Every set the table has a column for."""

    dev: list[Turn]
    test: list[Turn]
    existing: list[Turn]
    blind: list[Turn] = field(default_factory=list)

    def all(self) -> list[Turn]:
        """Every question, each set in turn."""
        return [*self.dev, *self.test, *self.blind, *self.existing]


class QuestionSetError(Exception):
    """A question set that cannot be read; the message is one line naming the file."""


def read_real(path: Path) -> dict[str, list[Turn]]:
    """The real set's questions by split ("dev", "test", "blind").

    The file holds a list of items, either at the top level or under `questions:`.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        items = RealQuestionFile.model_validate(
            {"questions": data} if isinstance(data, list) else data
        ).questions
    except OSError as error:
        raise QuestionSetError(f"{path}: cannot read ({error.strerror or error})") from error
    except yaml.YAMLError as error:
        raise QuestionSetError(f"{path}: not valid YAML") from error
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise QuestionSetError(
            f"{path}: not a real question set: {where}: {first['msg']}"
        ) from error
    return {split: [item.turn() for item in items if item.split == split] for split in SPLITS}


def single_turns(question_set: QuestionSet) -> list[Turn]:
    """The existing set as single questions: its questions, its off-topic asks (to be declined)
    and the first turn of each conversation. Follow-ups are left out: they need the context of
    the turn before, which only rolebot keeps (`rolebot eval` scores them)."""
    return [conversation[0] for conversation in question_set.all_turns()]
