"""Tab completion for the console: the command grammar's verbs and arguments, and the role,
stage and tool names the knowledge knows, ranked as Discord's autocomplete ranks them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from adapters.console.core import USAGE, Core, EntityKind, Verb, in_sentence
from adapters.console.session import COMMAND_PREFIX
from adapters.names import rank

NAME_KINDS = tuple(EntityKind)  # what a question can name: role, stage, tool
QUESTION_SLOT = "question"  # `ask <question>`: free text, which may name anything
MENU_LIMIT = 25  # enough for every role; a longer menu is a list to scroll, not a choice
MAX_NAME_WORDS = 5  # the longest alias the lexicon reads
# Product names keep their capitals (PyTorch, not pyTorch); roles and stages read in a sentence.
PROPER_NAME_KINDS = frozenset({EntityKind.TOOL})
_PLACEHOLDER = re.compile(r"[<\[]([^>\]]+)[>\]]")


@dataclass(frozen=True, slots=True)
class Arguments:
    """What a verb's usage line says it takes after the verb."""

    kinds: tuple[EntityKind, ...]  # knowledge names (`<role>`)
    words: tuple[str, ...]  # literal words (`[next|back|stop]`)
    one_name: bool  # the whole rest is one name (`role <role>`), not several (`compare`)


def arguments(usage: str) -> Arguments:
    """The arguments in a usage line such as ``compare <role> <role> [role]``."""
    kinds: list[EntityKind] = []
    words: list[str] = []
    placeholders = _PLACEHOLDER.findall(usage)
    for placeholder in placeholders:
        if "|" in placeholder:
            words += placeholder.split("|")
        elif placeholder == QUESTION_SLOT:
            kinds += NAME_KINDS
        elif placeholder in NAME_KINDS:
            kinds.append(EntityKind(placeholder))
    one_name = len(placeholders) == 1 and placeholders[0] in NAME_KINDS
    return Arguments(tuple(dict.fromkeys(kinds)), tuple(words), one_name)


GRAMMAR = {verb: arguments(USAGE[verb]) for verb in Verb}


class ConsoleCompleter(Completer):
    """Commands as soon as a line starts with ``/``; names in a command's arguments as they are
    typed, and in a question when Tab asks for them."""

    def __init__(self, core: Core) -> None:
        self.core = core  # names come from the knowledge serving now, as Discord's do

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterable[Completion]:
        """What to offer for the text before the cursor."""
        typed = document.text_before_cursor.lstrip()
        if typed.startswith(COMMAND_PREFIX):
            head, space, rest = typed[len(COMMAND_PREFIX) :].partition(" ")
            if not space:
                return self._verbs(head)
            verb = next((v for v in Verb if v.value == head.casefold()), None)
            return self._arguments(GRAMMAR[verb], rest.lstrip()) if verb is not None else []
        if complete_event.completion_requested:
            words = fragment(typed, self._spellings(NAME_KINDS))
            # Every name of every kind is no help in a question: only a started word is.
            return self._names(NAME_KINDS, words) if words else []
        return []

    def _verbs(self, typed: str) -> Iterator[Completion]:
        for verb in Verb:
            if verb.value.startswith(typed.casefold()):
                takes = USAGE[verb].removeprefix(verb.value)
                yield Completion(
                    f"{COMMAND_PREFIX}{verb.value}{' ' if takes else ''}",
                    start_position=-len(COMMAND_PREFIX + typed),
                    display=COMMAND_PREFIX + verb.value,
                    display_meta=takes.strip(),
                )

    def _arguments(self, takes: Arguments, rest: str) -> Iterator[Completion]:
        last = rest.rsplit(" ", 1)[-1]
        for word in takes.words:
            if word.startswith(last.casefold()):
                yield Completion(word, start_position=-len(last))
        if takes.kinds:
            typed = rest if takes.one_name else fragment(rest, self._spellings(takes.kinds))
            yield from self._names(takes.kinds, typed)

    def _names(self, kinds: Sequence[EntityKind], typed: str) -> Iterator[Completion]:
        refs = [ref for kind in kinds for ref in self.core.names(kind)]
        found = next(filter(None, (self.core.recognise(typed, kind) for kind in kinds)), None)
        for offer in rank(refs, typed, found)[:MENU_LIMIT]:
            name = offer.name if offer.kind in PROPER_NAME_KINDS else in_sentence(offer.name)
            yield Completion(
                name,
                start_position=-len(typed),
                display=offer.label,
                display_meta=offer.kind.value,
            )

    def _spellings(self, kinds: Sequence[EntityKind]) -> list[str]:
        return [ref.span.casefold() for kind in kinds for ref in self.core.names(kind)]


def fragment(text: str, spellings: Sequence[str]) -> str:
    """The end of `text` that is being typed as a name: the most words (up to the longest name)
    that begin some spelling, else the last word; "" after a space.

    ``what does a data sc`` is completing ``data sc``; ``who owns depl`` is completing ``depl``.
    """
    if not text or text[-1].isspace():
        return ""
    starts = [m.start() for m in re.finditer(r"\S+", text)][-MAX_NAME_WORDS:]
    for start in starts:
        tail = text[start:].casefold()
        if any(spelling.startswith(tail) for spelling in spellings):
            return text[start:]
    return text[starts[-1] :]
