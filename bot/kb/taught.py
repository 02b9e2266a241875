"""Taught knowledge: phrasings and entries curators added, kept in the store as rows.

They are a layer on top of the shipped and team files, applied when the knowledge is loaded
(`bot.kb.loader.load(..., taught=...)`), so every process sharing the store answers with them
after its next load, and their digest is part of the compiled cache's key. `rolebot curate
export` writes the same layer as knowledge YAML, a `phrasings` file and a `faq` file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

TAUGHT_FILE = "taught"  # how problems name the store's layer: "taught:12" is row 12


@dataclass(frozen=True, slots=True)
class TaughtPhrasing:
    """One question a curator added to an entry (`number` is its row id in the store)."""

    number: int
    entry: str
    phrasing: str
    by: str
    at: datetime


@dataclass(frozen=True, slots=True)
class TaughtEntry:
    """A new FAQ entry a curator wrote, kept as the YAML text of a one-entry `faq` file."""

    number: int
    entry: str
    text: str
    by: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Taught:
    """Everything taught, oldest first."""

    phrasings: tuple[TaughtPhrasing, ...] = ()
    entries: tuple[TaughtEntry, ...] = field(default_factory=tuple)

    def digest(self) -> str:
        """A key that changes whenever anything taught changes (for the compiled cache)."""
        hashed = hashlib.sha256()
        for phrasing in self.phrasings:
            hashed.update(f"p\0{phrasing.number}\0{phrasing.entry}\0{phrasing.phrasing}\n".encode())
        for entry in self.entries:
            hashed.update(f"e\0{entry.number}\0{entry.entry}\0{entry.text}\n".encode())
        return hashed.hexdigest()[:32]

    def __bool__(self) -> bool:
        return bool(self.phrasings or self.entries)
