"""Turning a setting's text into a typed value, with one wording for every setting.

Each parser takes the text as the environment holds it (file values are turned into the same
text first) and raises `ValueError` with what is wrong; the loader puts the variable's name in
front, so a message reads ``ROLEBOT_PORT must be a number, not 'http'``.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Collection
from enum import Enum
from pathlib import Path
from typing import Literal, TypeVar
from urllib.parse import urlsplit

from pydantic_core import PydanticUseDefault

from bot.store.settings import POSTGRES_SCHEMES

TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"0", "false", "no", "off"})
OFF = "off"
_N = TypeVar("_N", int, float)
_E = TypeVar("_E", bound=Enum)


def _text(value: object) -> str:
    """The stripped text; blank means "not set", so the field keeps its default."""
    text = str(value).strip()
    if not text:
        raise PydanticUseDefault
    return text


def text(value: object) -> str:
    """Any text, stripped."""
    return _text(value)


def http_url(value: object) -> str:
    """An http(s) URL, ending with a slash (clients append method names to it)."""
    found = _text(value)
    parts = urlsplit(found)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("is malformed: expected an http(s) URL such as https://slack.com/api/")
    return found if found.endswith("/") else found + "/"


REDIS_SCHEMES = ("redis", "rediss", "unix")


def _server_url(value: object, schemes: tuple[str, ...], example: str, need_place: bool) -> str:
    """A server URL in one of these schemes with a sane port and, when `need_place`, a host (or
    a socket path for ``unix://``); the message never repeats the value, which may hold a
    password."""
    found = _text(value)
    malformed = ValueError(f"is malformed: expected a URL such as {example}")
    try:
        parts = urlsplit(found)
        where = parts.path if parts.scheme == "unix" else parts.hostname
        port_ok = parts.port is None or parts.port > 0  # .port raises for one that is no number
    except ValueError:
        raise malformed from None
    if parts.scheme not in schemes or not port_ok or (need_place and not where):
        raise malformed
    return found


def postgres_url(value: object) -> str:
    """A PostgreSQL URL (``postgresql://`` or ``postgres://``, as libpq reads them; libpq
    takes an empty host as its default socket)."""
    example = "postgresql://rolebot@db.example:5432/rolebot"
    return _server_url(value, POSTGRES_SCHEMES, example, need_place=False)


def redis_url(value: object) -> str:
    """A Redis URL (``redis://``, ``rediss://`` with TLS, ``unix://`` for a socket)."""
    return _server_url(value, REDIS_SCHEMES, "redis://host:6379/0", need_place=True)


def https_url(value: object) -> str:
    """An https URL, as Slack wants its redirect URLs."""
    found = _text(value)
    parts = urlsplit(found)
    if parts.scheme != "https" or not parts.netloc:
        raise ValueError("is malformed: expected an https URL such as https://example.com/x")
    return found


def flag(value: object) -> bool:
    """true/false (1/0, yes/no, on/off too)."""
    text = _text(value).casefold()
    if text not in TRUE | FALSE:
        raise ValueError(f"must be true or false, not {text!r}")
    return text in TRUE


def number(
    kind: type[_N], low: _N, high: _N | None = None, *, above: bool = False, unit: str = ""
) -> Callable[[object], _N]:
    """A finite int or float from `low` (excluded when `above`) up to `high`; `unit` is said
    in the message (`` (days)``)."""

    def parse(value: object) -> _N:
        text = _text(value)
        try:
            found = kind(text)
        except ValueError:
            raise ValueError(f"must be a number, not {text!r}") from None
        if not math.isfinite(found):
            raise ValueError(f"must be a finite number, not {text!r}")
        if high is not None and not low <= found <= high:
            raise ValueError(f"must be between {low:g} and {high:g}{unit}, not {found}")
        if above and not found > low:
            raise ValueError(f"must be above {low:g}{unit}, not {found}")
        if not found >= low:
            raise ValueError(f"must be at least {low:g}{unit}, not {found}")
        return found

    return parse


def choice(choices: Collection[str]) -> Callable[[object], str]:
    """One of `choices`, case-insensitive."""

    def parse(value: object) -> str:
        text = _text(value).casefold()
        if text not in choices:
            raise ValueError(f"must be one of {', '.join(sorted(choices))}, not {text!r}")
        return text

    return parse


def member(kind: type[_E]) -> Callable[[object], _E]:
    """A member of the enum `kind`, by its value, case-insensitive."""
    pick = choice([m.value for m in kind])
    return lambda value: kind(pick(value))


def shaped(pattern: re.Pattern[str], looks_like: str) -> Callable[[object], str]:
    """Text of a known shape; the message never repeats the value (it may be a secret)."""

    def parse(value: object) -> str:
        text = _text(value)
        if pattern.fullmatch(text) is None:
            raise ValueError(f"is malformed: expected {looks_like}")
        return text

    return parse


def ids(pattern: re.Pattern[str], looks_like: str) -> Callable[[object], frozenset[str]]:
    """Ids of a known shape, separated by commas."""

    def parse(value: object) -> frozenset[str]:
        found = [part.strip() for part in str(value).split(",") if part.strip()]
        malformed = [i for i in found if pattern.fullmatch(i) is None]
        if malformed:
            raise ValueError(
                f"is malformed: expected {looks_like}, separated by commas, not {malformed[0]!r}"
            )
        return frozenset(found)

    return parse


def path(value: object) -> Path:
    """A path; ``~`` is the home folder."""
    return Path(_text(value)).expanduser()


def path_or_off(value: object) -> Path | Literal["off"]:
    """A path, or ``off``."""
    text = _text(value)
    return "off" if text.casefold() == OFF else Path(text).expanduser()


def paths(value: object) -> tuple[Path, ...]:
    """Paths separated by `os.pathsep`."""
    return tuple(Path(p).expanduser() for p in str(value).split(os.pathsep) if p.strip())


def db_file(value: object) -> Path:
    """A database file to create or open: not a folder, and in a folder that exists."""
    found = path(value)
    if found.is_dir():
        raise ValueError(f"is a folder, not a database file: {found}")
    if not found.parent.is_dir():
        raise ValueError(f"is in a folder that does not exist: {found.parent}")
    return found
