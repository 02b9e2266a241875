"""YAML parsing that remembers the line of every value, so problems point at a line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from bot.kb.problems import Location, Problem

Path = tuple[str | int, ...]
# libyaml's parser when present: several times faster, and it keeps the same line marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


def parse(text: str, file: str) -> LinedDocument:
    """Parse one YAML document; syntax errors and duplicate keys become problems, not exceptions."""
    doc = LinedDocument(file=file, data=None)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        reason = getattr(error, "problem", None) or str(error)
        doc.problems.append(Problem(Location(file, line), f"malformed YAML: {reason}"))
        return doc
    if node is None:
        doc.problems.append(Problem(Location(file, 1), "the file is empty"))
        return doc
    try:
        doc.data = _build(node, (), doc, loader)
    except yaml.YAMLError as error:
        doc.problems.append(
            Problem(Location(file, node.start_mark.line + 1), f"malformed YAML: {error}")
        )
    finally:
        loader.dispose()
    return doc


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
