"""Problems found in knowledge files, each pinned to a file and line.

Named tuples, not dataclasses: `rolebot ask` imports this module (the cache holds where each
item was defined), and a named tuple class is built without generating and compiling the ten
methods a frozen, ordered dataclass needs. They sort as an ordered dataclass would: field by
field.
"""

from __future__ import annotations

from typing import NamedTuple


class Location(NamedTuple):
    """A place in a knowledge file."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


class Problem(NamedTuple):
    """One thing wrong with the knowledge, printed as ``file:line: message``."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class KnowledgeError(Exception):
    """The knowledge could not be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
