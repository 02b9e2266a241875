"""Reading typed values out of an environment mapping, with errors that name the variable."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from typing import TypeVar

TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"", "0", "false", "no", "off"})
_N = TypeVar("_N", int, float)


class SettingsError(ValueError):
    """A setting has a value rolebot cannot use; the message is one line and names it."""


def flag(environ: Mapping[str, str], name: str) -> bool:
    """A true/false setting (1/0, yes/no, on/off too); unset is false."""
    text = environ.get(name, "").strip().casefold()
    if text not in TRUE | FALSE:
        raise SettingsError(f"{name} must be true or false, not {text!r}")
    return text in TRUE


def number(environ: Mapping[str, str], name: str, kind: type[_N], default: _N) -> _N:
    """An int or float setting; unset or blank is `default`."""
    text = environ.get(name, "").strip()
    if not text:
        return default
    try:
        return kind(text)
    except ValueError:
        raise SettingsError(f"{name} must be a number, not {text!r}") from None


def choice(environ: Mapping[str, str], name: str, choices: Collection[str], default: str) -> str:
    """One of `choices` (case-insensitive); unset or blank is `default`."""
    text = environ.get(name, "").strip().casefold() or default
    if text not in choices:
        raise SettingsError(f"{name} must be one of {', '.join(sorted(choices))}, not {text!r}")
    return text


Reader = Callable[[Mapping[str, str]], object]


def refusals(environ: Mapping[str, str], readers: Iterable[Reader]) -> list[str]:
    """What each reader refuses in `environ`, one message each: a reader stops at the first bad
    value, so reading settings one by one is how every problem is found at once."""
    found: list[str] = []
    for read in readers:
        try:
            read(environ)
        except SettingsError as error:
            found.append(str(error))
    return found
