"""YAML parsing that remembers the line of every value, so problems point at a line.

What a file may cost is bounded before anything is built: YAML aliases can make a few hundred
bytes stand for billions of values (an "alias bomb") or for a value that contains itself, and
nesting can be deep enough to exhaust the stack. One streaming pass over the parser's events
measures the document as it would be built, aliases expanded, and refuses it at the first
line past a bound.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from bot.kb.problems import Location, Problem

Path = tuple[str | int, ...]
# libyaml's parser when present: several times faster, and it keeps the same line marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Bounds on one file. The largest shipped file has about 640 values nested 5 deep and no alias.
MAX_VALUES = 20_000  # every scalar, list and mapping, counting each alias as what it stands for
MAX_DEPTH = 32  # lists and mappings inside each other
MAX_ALIASES = 1_000  # `*name` references


@dataclass(slots=True)
class LinedDocument:
    """A parsed YAML document and the 1-based line of each value, keyed by its path."""

    file: str
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def where(self, path: Path) -> Location:
        """The line of `path`, or of its nearest ancestor that has one."""
        for cut in range(len(path), -1, -1):
            line = self.lines.get(path[:cut])
            if line is not None:
                return Location(self.file, line)
        return Location(self.file, 1)


def parse(text: str, file: str, max_values: int = MAX_VALUES) -> LinedDocument:
    """Parse one YAML document; syntax errors, duplicate keys and documents past the bounds
    on size (`max_values`: MAX_VALUES unless the caller knows its files are larger) become
    problems, not exceptions."""
    doc = LinedDocument(file=file, data=None)
    loader = _Loader(text)
    try:
        too_costly = _measure(text, file, max_values)
        if too_costly is not None:
            doc.problems.append(too_costly)
            return doc
        node = loader.get_single_node()
        if node is None:
            doc.problems.append(Problem(Location(file, 1), "the file is empty"))
            return doc
        doc.data = _build(node, (), doc, loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        reason = error.problem or str(error)
        doc.problems.append(Problem(Location(file, line), f"malformed YAML: {reason}"))
    except yaml.reader.ReaderError as error:  # a character YAML does not allow
        line = text.count("\n", 0, error.position) + 1
        doc.problems.append(Problem(Location(file, line), f"malformed YAML: {error.reason}"))
    except (yaml.YAMLError, ValueError, OverflowError) as error:
        # A scalar YAML resolves to a value Python refuses: 2001-13-45, a 5,000-digit number.
        doc.problems.append(Problem(Location(file, _line(error, doc)), f"bad value: {error}"))
    finally:
        loader.dispose()
    return doc


@dataclass(slots=True)
class _Open:
    """A list or mapping whose end the measuring pass has not reached yet."""

    anchor: str | None
    depth: int
    first_value: int  # the running count of values when it started
    deepest: int  # the deepest level reached inside it so far, aliases expanded


@dataclass(frozen=True, slots=True)
class _Size:
    values: int
    height: int  # levels from the value itself down to its deepest part


def _measure(text: str, file: str, max_values: int) -> Problem | None:
    """The first bound `text` goes past, as a problem at its line; None when within them."""
    events = _Loader(text)
    anchored: dict[str, _Size] = {}
    open_: list[_Open] = []
    values = aliases = 0
    try:
        while events.check_event():
            event = events.get_event()
            line = event.start_mark.line + 1
            depth = len(open_) + 1
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    return Problem(Location(file, line), f"more than {MAX_ALIASES} aliases")
                if any(o.anchor == event.anchor for o in open_):
                    return Problem(
                        Location(file, line),
                        f"alias '*{event.anchor}' is inside the value it names, which would "
                        "then contain itself forever",
                    )
                # An undefined alias counts as one value; the parser reports it afterwards.
                size = anchored.get(event.anchor or "", _Size(1, 1))
            elif isinstance(event, yaml.ScalarEvent):
                size = _Size(1, 1)
            elif isinstance(event, yaml.CollectionStartEvent):
                open_.append(_Open(event.anchor, depth, values, depth))
                size = _Size(1, 1)
            elif isinstance(event, yaml.CollectionEndEvent):
                closed = open_.pop()
                if closed.anchor is not None:
                    height = closed.deepest - closed.depth + 1
                    anchored[closed.anchor] = _Size(values - closed.first_value, height)
                if open_:
                    open_[-1].deepest = max(open_[-1].deepest, closed.deepest)
                continue
            else:
                continue
            if isinstance(event, yaml.ScalarEvent) and event.anchor is not None:
                anchored[event.anchor] = size
            values += size.values
            deepest = depth + size.height - 1
            if open_:
                open_[-1].deepest = max(open_[-1].deepest, deepest)
            if values > max_values:
                return Problem(
                    Location(file, line),
                    f"more than {max_values} values (aliases counted as what they stand for)",
                )
            if deepest > MAX_DEPTH:
                return Problem(
                    Location(file, line), f"nested more than {MAX_DEPTH} lists or mappings deep"
                )
    finally:
        events.dispose()
    return None


def _line(error: Exception, doc: LinedDocument) -> int:
    mark = getattr(error, "problem_mark", None)
    if mark is not None:
        return int(mark.line) + 1
    return max(doc.lines.values(), default=1)  # the value being built when it failed


def _build(node: yaml.Node, path: Path, doc: LinedDocument, loader: Any) -> Any:
    doc.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, loader)
            if key in result:
                doc.problems.append(
                    Problem(
                        Location(doc.file, key_node.start_mark.line + 1),
                        f"duplicate key '{key}'",
                    )
                )
            result[key] = _build(value_node, (*path, key), doc, loader)
            doc.lines.setdefault((*path, key), key_node.start_mark.line + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, index), doc, loader) for index, item in enumerate(node.value)]
    return _scalar(node, loader)


def _scalar(node: yaml.Node, loader: Any) -> Any:
    # Constructed through pyyaml's own resolver so 'true', '1' and '~' mean what YAML says.
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_object(node, deep=True)
    return f"<{node.tag}>"
