"""What differs between the SQL databases the store runs on, and nothing else.

The queries (`bot.store.sql`) and the migrations (`bot.store.migrations`) are written once, with
``?`` placeholders; a dialect says how its driver wants them, how a time is stored and read
back, and how a stored time is read as its UTC day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"  # UTC; SQLite's own format, so datetime('now') works in queries


def to_text(at: datetime) -> str:
    """A time as SQLite stores it: UTC, to the second."""
    return at.astimezone(UTC).strftime(TIME_FORMAT)


def from_text(text: str) -> datetime:
    """A time SQLite stored, back as an aware UTC datetime."""
    return datetime.strptime(text, TIME_FORMAT).replace(tzinfo=UTC)


def to_second(at: datetime) -> datetime:
    """A time as PostgreSQL stores it (``timestamptz``): UTC, to the second, as SQLite does,
    so a window cuts the same rows on both."""
    return at.astimezone(UTC).replace(microsecond=0)


def in_utc(at: datetime) -> datetime:
    """A ``timestamptz`` as read (in the session's time zone), in UTC."""
    return at.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Dialect:
    """One database's way of saying the same things."""

    name: str
    placeholder: str  # how the driver marks a parameter
    day: str  # SQL: the UTC day of the column `at`, as YYYY-MM-DD text
    store_time: Callable[[datetime], Any]
    read_time: Callable[[Any], datetime]

    def sql(self, text: str) -> str:
        """`text` (``?`` placeholders, no ``?`` or ``%`` otherwise) as this driver takes it."""
        return text.replace("?", self.placeholder)


SQLITE = Dialect("sqlite", "?", "substr(at, 1, 10)", to_text, from_text)
POSTGRES = Dialect(
    "postgres", "%s", "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD')", to_second, in_utc
)
