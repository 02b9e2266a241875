"""The shared command grammar: the same verbs on every surface."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

SEPARATORS = frozenset({"vs", "v", "versus", "and", "with"})  # between names in arguments


class Verb(Enum):
    """Commands every surface offers."""

    ASK = "ask"
    COMPARE = "compare"
    ROLE = "role"
    STAGE = "stage"
    TOUR = "tour"
    ONBOARD = "onboard"
    HELP = "help"


# Each verb by its word: every message is parsed for a command, and iterating an Enum reading
# each member's `value` costs more than the lookup.
_VERBS = {verb.value: verb for verb in Verb}

USAGE = {
    Verb.ASK: "ask <question>",
    Verb.COMPARE: "compare <role> <role> [role]",
    Verb.ROLE: "role <role>",
    Verb.STAGE: "stage <stage>",
    Verb.TOUR: "tour [next|back|stop]",
    Verb.ONBOARD: "onboard <role>",
    Verb.HELP: "help",
}

# How each surface spells a command, for help and usage lines.
COMMAND_PREFIX = {"slack": "/roles ", "discord": "/roles ", "console": "/"}


@dataclass(frozen=True, slots=True)
class Command:
    """A parsed command: its verb and the words after it."""

    verb: Verb
    args: tuple[str, ...]
    rest: str  # the raw text after the verb, for `ask`


def parse(text: str) -> Command | None:
    """The command in `text`, or None when the first word is not a verb (then it is a question)."""
    words = text.strip().split(maxsplit=1)
    if not words:
        return Command(Verb.HELP, (), "")
    verb_word = words[0].casefold().lstrip("/")
    verb = _VERBS.get(verb_word)
    if verb is None:
        return None
    rest = words[1] if len(words) > 1 else ""
    args = tuple(a for a in rest.replace(",", " ").split() if a.casefold() not in SEPARATORS)
    return Command(verb, args, rest)


def usage(verb: Verb, platform: str) -> str:
    """The usage line of a verb as typed on `platform`."""
    return typed(USAGE[verb], platform)


def typed(command: str, platform: str) -> str:
    """A command as typed on `platform`, as inline code: `/roles tour` on Slack."""
    return f"`{COMMAND_PREFIX.get(platform, '')}{command}`"
