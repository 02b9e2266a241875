"""YAML pitfalls that silently change text: warnings for `rolebot validate`, not errors.

Each of these parses without complaint and gives rolebot something other than what the author
wrote: `answer: Ask #it-help.` is "Ask" (the rest is a comment), `no` is False, `3.10` is the
number 3.1 and `2024-01-01` a date. Tabs read as spacing inside text and are not allowed as
indentation at all.
"""

from __future__ import annotations

import datetime
import re
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel

from bot.kb.files import UnreadableFile, read_knowledge
from bot.kb.models import FILE_KINDS
from bot.kb.problems import Location
from bot.kb.yaml_lines import parse

# libyaml's composer when present; it keeps the same marks and tags.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# `#` straight after one space, then a word (` #it-help`): a channel or a tag meant as text.
# A comment written as one (`value   # why`) has a space after the `#` and is left alone.
_CUT_BY_COMMENT = re.compile(r" #\S")
_NOT_TEXT = {
    "tag:yaml.org,2002:bool": "a true/false value",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:timestamp": "a date",
}


@dataclass(frozen=True, slots=True, order=True)
class Pitfall:
    """A place where YAML probably reads something other than what was meant."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: warning: {self.message}"


@cache
def non_text_keys() -> frozenset[str]:
    """Field names whose value is meant to be a boolean or a number in some knowledge model
    (`entry_level: false` is right there), found from the models so the list cannot drift."""
    found: set[str] = set()

    def walk(model: type[BaseModel], seen: set[type[BaseModel]]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            for kind in _leaf_types(info.annotation):
                if kind in (bool, int, float, datetime.date):
                    found.add(name)
                elif isinstance(kind, type) and issubclass(kind, BaseModel):
                    walk(kind, seen)

    seen: set[type[BaseModel]] = set()
    for model in FILE_KINDS.values():
        walk(model, seen)
    return frozenset(found)


@cache
def model_keys() -> frozenset[str]:
    """Field names whose value is never text, only knowledge items (`faq:` holds entries): a
    number there is a schema error, and quoting it would not be the fix."""
    leaves: dict[str, set[object]] = {}

    def walk(model: type[BaseModel], seen: set[type[BaseModel]]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            for kind in _leaf_types(info.annotation):
                leaves.setdefault(name, set()).add(kind)
                if isinstance(kind, type) and issubclass(kind, BaseModel):
                    walk(kind, seen)

    seen: set[type[BaseModel]] = set()
    for model in FILE_KINDS.values():
        walk(model, seen)
    return frozenset(
        name
        for name, kinds in leaves.items()
        if all(isinstance(kind, type) and issubclass(kind, BaseModel) for kind in kinds)
    )


def _leaf_types(annotation: object) -> Iterator[object]:
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        yield from _leaf_types(args[0])
    elif args and (origin in (typing.Union, types.UnionType, list, tuple, dict, set, frozenset)):
        for arg in args:
            yield from _leaf_types(arg)
    else:
        yield annotation


def file_pitfalls(paths: Iterable[Path]) -> list[Pitfall]:
    """The pitfalls of each readable file (an unreadable one is the loader's to report)."""
    found: list[Pitfall] = []
    for path in paths:
        try:
            text = read_knowledge(path)  # within the loader's bounds; no pipes or directories
        except UnreadableFile:
            continue
        found.extend(pitfalls(text, str(path)))
    return found


def pitfalls(text: str, file: str) -> list[Pitfall]:
    """Every pitfall in one YAML file's text; a file that does not parse within the loader's
    bounds gets only the tab warnings (its problem is the loader's to report, and walking an
    alias bomb's nodes would not end)."""
    found = [
        Pitfall(Location(file, number), "a tab character; indent with spaces and write no tabs")
        for number, line in enumerate(text.splitlines(), start=1)
        if "\t" in line
    ]
    if parse(text, file).problems:
        return found
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        return found
    finally:
        loader.dispose()
    if node is not None:
        found.extend(_walk(node, None, text.splitlines(), file))
    return sorted(found)


def _walk(node: yaml.Node, key: str | None, lines: list[str], file: str) -> Iterator[Pitfall]:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            yield from _walk(value_node, str(key_node.value), lines, file)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _walk(item, key, lines, file)
    elif isinstance(node, yaml.ScalarNode) and not node.style:  # plain: "" (libyaml) or None
        yield from _plain_scalar(node, key, lines, file)


def _plain_scalar(
    node: yaml.ScalarNode, key: str | None, lines: list[str], file: str
) -> Iterator[Pitfall]:
    where = Location(file, node.start_mark.line + 1)
    reads_as = _NOT_TEXT.get(node.tag)
    if reads_as is not None and key not in non_text_keys() | model_keys():
        yield Pitfall(
            where,
            f"'{node.value}' reads as {reads_as}, not text; quote it: \"{node.value}\"",
        )
    end = node.end_mark
    rest = lines[end.line][end.column :] if end.line < len(lines) else ""
    if node.value and _CUT_BY_COMMENT.match(rest):
        cut = rest.strip()
        yield Pitfall(
            Location(file, end.line + 1),
            f"the value ends at ' #': YAML reads '{cut}' as a comment, so the text is "
            f"'{node.value}'; quote the whole value if '{cut}' belongs to it",
        )
