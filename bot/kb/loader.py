"""Loading knowledge directories into one KnowledgeBase, with every problem reported by line."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.kb.base import CONTACT, KnowledgeBase
from bot.kb.files import SHIPPED_KNOWLEDGE, UnreadableFile, knowledge_files, read_knowledge
from bot.kb.models import (
    FILE_KINDS,
    Contact,
    FaqEntry,
    PhrasingsFile,
    TeamFile,
    Vocabulary,
    VocabularyFile,
)
from bot.kb.problems import KnowledgeError, Location, Problem
from bot.kb.records import EntityKind
from bot.kb.taught import TAUGHT_FILE, Taught
from bot.kb.yaml_lines import LinedDocument, parse
from bot.understanding.text import normalize

PHRASING = "phrasing"  # location kind of one FAQ phrasing, keyed "entry-id#n"
MAX_SHOWN_PER_FILE = 50  # a file wrong throughout (a list of numbers) is not 20,000 lines of output


def load(
    directories: Sequence[Path] = (),
    *,
    include_shipped: bool = True,
    taught: Taught | None = None,
) -> KnowledgeBase:
    """Load the shipped knowledge, each team directory on top of it, then what was taught.

    An item whose id is new is added; one with an id already loaded from an earlier directory
    replaces it. Added phrasings (`phrasings` files and taught ones) go to the entry with
    that id once every layer is in. Raises KnowledgeError with every problem found.
    """
    from bot.kb.validate import check  # the checks need a loaded base; keep the import cycle-free

    layers = [SHIPPED_KNOWLEDGE, *directories] if include_shipped else list(directories)
    problems: list[Problem] = []
    builder = _Builder()
    for directory in layers:
        if not directory.is_dir():
            problems.append(Problem(Location(str(directory), 1), "not a knowledge directory"))
            continue
        problems.extend(builder.add_layer(knowledge_files(directory)))
    if taught:
        problems.extend(builder.add_taught(taught))
    base, unplaced = builder.build()
    problems.extend(unplaced)
    problems.extend(check(base))
    if problems:
        raise KnowledgeError(problems)
    return base


def load_files(paths: Iterable[Path]) -> KnowledgeBase:
    """Load exactly these files as one layer (used by `rolebot validate PATH ...`)."""
    from bot.kb.validate import check

    builder = _Builder()
    problems = builder.add_layer(sorted(paths))
    base, unplaced = builder.build()
    problems.extend(unplaced)
    problems.extend(check(base))
    if problems:
        raise KnowledgeError(problems)
    return base


class _Builder:
    """Accumulates layers; ids are unique within a layer and replace across layers."""

    def __init__(self) -> None:
        self.items: dict[str, dict[str, Any]] = {kind: {} for kind in FILE_KINDS}
        self.locations: dict[tuple[str, str], Location] = {}
        self.vocabulary: dict[str, dict[str, str]] = {"abbreviations": {}, "synonyms": {}}
        self.team_name: str | None = None
        self.contacts: dict[tuple[EntityKind, str], Contact] = {}
        self.added: list[tuple[str, str, Location]] = []  # entry id, phrasing, where

    def add_taught(self, taught: Taught) -> list[Problem]:
        """The store's layer: new entries as one more layer, then the added phrasings."""
        problems: list[Problem] = []
        seen_in_layer: dict[tuple[str, str], Location] = {}
        for entry in taught.entries:
            doc = parse(entry.text, f"{TAUGHT_FILE}:entry {entry.entry} #{entry.number}")
            problems.extend(doc.problems)
            if doc.data is not None:
                problems.extend(self._add_document(doc, seen_in_layer))
        for phrasing in taught.phrasings:
            where = Location(TAUGHT_FILE, phrasing.number)
            self.added.append((phrasing.entry, phrasing.phrasing, where))
        return problems

    def add_layer(self, paths: Sequence[Path]) -> list[Problem]:
        problems: list[Problem] = []
        seen_in_layer: dict[tuple[str, str], Location] = {}
        for path in paths:
            doc = _read(path)
            problems.extend(doc.problems)
            if doc.data is None:
                continue
            problems.extend(self._add_document(doc, seen_in_layer))
        return problems

    def _add_document(
        self, doc: LinedDocument, seen_in_layer: dict[tuple[str, str], Location]
    ) -> list[Problem]:
        data = doc.data
        if not isinstance(data, dict) or len(data) != 1 or next(iter(data)) not in FILE_KINDS:
            kinds = ", ".join(FILE_KINDS)
            return [
                Problem(doc.where(()), f"a knowledge file has one top-level key, one of: {kinds}")
            ]
        (kind,) = data
        try:
            parsed = FILE_KINDS[kind].model_validate(data)
        except ValidationError as error:
            return _shown(doc, error.errors(include_url=False))
        if isinstance(parsed, VocabularyFile):
            self.vocabulary["abbreviations"].update(parsed.vocabulary.abbreviations)
            self.vocabulary["synonyms"].update(parsed.vocabulary.synonyms)
            return []
        if isinstance(parsed, TeamFile):
            return self._add_team(doc, parsed, seen_in_layer)
        if isinstance(parsed, PhrasingsFile):
            for index, added in enumerate(parsed.phrasings):
                for number, phrasing in enumerate(added.add):
                    where = doc.where(("phrasings", index, "add", number))
                    self.added.append((added.entry, phrasing, where))
            return []
        problems: list[Problem] = []
        for index, item in enumerate(getattr(parsed, kind)):
            item_id = _item_id(kind, item)
            location = doc.where((kind, index))
            first = seen_in_layer.get((kind, item_id))
            if first is not None:
                problems.append(
                    Problem(location, f"duplicate {kind} id '{item_id}' (first at {first})")
                )
                continue
            seen_in_layer[(kind, item_id)] = location
            self.items[kind][item_id] = item
            self.locations[(kind, item_id)] = location
            for number, _ in enumerate(getattr(item, "phrasings", ())):
                self.locations[(PHRASING, f"{item_id}#{number}")] = doc.where(
                    (kind, index, "phrasings", number)
                )
        return problems

    def _add_team(
        self, doc: LinedDocument, parsed: TeamFile, seen_in_layer: dict[tuple[str, str], Location]
    ) -> list[Problem]:
        """A later layer's team name wins; its contacts replace earlier ones for the same target."""
        self.team_name = parsed.team.name
        problems: list[Problem] = []
        for index, contact in enumerate(parsed.team.contacts):
            kind, item_id = contact.target
            key = f"{kind}:{item_id}"
            location = doc.where(("team", "contacts", index))
            first = seen_in_layer.get((CONTACT, key))
            if first is not None:
                problems.append(
                    Problem(
                        location, f"duplicate contact for {kind} '{item_id}' (first at {first})"
                    )
                )
                continue
            seen_in_layer[(CONTACT, key)] = location
            self.contacts[contact.target] = contact
            self.locations[(CONTACT, key)] = location
        return problems

    def _place_added(self) -> list[Problem]:
        """Append each added phrasing to its entry, once: one the entry already has (an
        exported file loaded beside the store it came from) is skipped."""
        problems: list[Problem] = []
        faq: dict[str, FaqEntry] = self.items["faq"]
        for entry_id, phrasing, where in self.added:
            entry = faq.get(entry_id)
            if entry is None:
                problems.append(Problem(where, f"entry: entry '{entry_id}' is unknown"))
                continue
            if normalize(phrasing) in {normalize(p) for p in entry.phrasings}:
                continue
            self.locations[(PHRASING, f"{entry_id}#{len(entry.phrasings)}")] = where
            faq[entry_id] = entry.model_copy(update={"phrasings": [*entry.phrasings, phrasing]})
        return problems

    def build(self) -> tuple[KnowledgeBase, list[Problem]]:
        """The merged base, and the added phrasings whose entry does not exist."""
        problems = self._place_added()
        # The validated models become the records the engine reads (and the cache holds).
        items = {
            kind: {item_id: item.record() for item_id, item in self.items[kind].items()}
            for kind in ("roles", "stages", "tools", "faq", "sources", "intents", "tour")
        }
        base = KnowledgeBase(
            roles=items["roles"],
            stages=items["stages"],
            tools=items["tools"],
            pairs={frozenset(pair.roles): pair.record() for pair in self.items["pairs"].values()},
            faq=items["faq"],
            sources=items["sources"],
            intents=items["intents"],
            tour=items["tour"],
            team_name=self.team_name,
            contacts={target: contact.record() for target, contact in self.contacts.items()},
            vocabulary=Vocabulary(**self.vocabulary).record(),
            locations=dict(self.locations),
        )
        return base, problems


def _item_id(kind: str, item: Any) -> str:
    """What makes an item unique within its kind (and what a team layer replaces it by)."""
    if kind == "pairs":
        return "+".join(sorted(item.roles))
    if kind == "intents":
        return str(item.intent)
    return str(item.id)


def _read(path: Path) -> LinedDocument:
    try:
        text = read_knowledge(path)
    except UnreadableFile as error:
        doc = LinedDocument(file=str(path), data=None)
        doc.problems.append(Problem(Location(str(path), error.line), error.message))
        return doc
    return parse(text, str(path))


def _shown(doc: LinedDocument, errors: Sequence[Any]) -> list[Problem]:
    """The first MAX_SHOWN_PER_FILE schema errors of a file, and how many more there are."""
    problems = [field_problem(doc, error) for error in errors[:MAX_SHOWN_PER_FILE]]
    if len(errors) > MAX_SHOWN_PER_FILE:
        more = len(errors) - MAX_SHOWN_PER_FILE
        problems.append(Problem(doc.where(()), f"{more} more problems not shown"))
    return problems


def field_problem(doc: LinedDocument, error: Any) -> Problem:
    """One pydantic validation error as a problem on the line of the field it names."""
    loc = tuple(error["loc"])
    field_path = ".".join(str(part) for part in loc)
    if error["type"] == "extra_forbidden":
        message = f"unknown field '{loc[-1]}'"
    elif error["type"] == "missing":
        message = f"missing field '{loc[-1]}'"
    elif error["type"] == "string_too_long":
        limit = error["ctx"]["max_length"]
        message = f"{field_path}: {len(error['input'])} characters, over the limit of {limit}"
    else:
        message = f"{field_path}: {error['msg']}"
    return Problem(doc.where(loc), message)
