"""A briefing file's YAML as a node tree, and plain values from it, with or without lines.

PyYAML implements YAML 1.1, where `NO` is a boolean, `0755` an octal number, `2025-12-01` a date
and `2501.10000` the float 2501.1. Briefings are text, so every plain scalar resolves to a string
(only `null`, `~` and empty stay null) and the loader converts each field itself. It walks the
composed node tree instead of constructing Python objects, which gives line numbers for every
field, catches duplicate keys (PyYAML silently keeps the last) and refuses aliases, whose
expansion can be exponential.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import yaml

from briefcli.core.models import Problem

Node = yaml.Node
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_NULL_TAG = "tag:yaml.org,2002:null"
_STR_TAG, _SEQ_TAG, _MAP_TAG = (f"tag:yaml.org,2002:{kind}" for kind in ("str", "seq", "map"))
_NULLS = frozenset(("~", "null", "Null", "NULL", ""))


class TextLoader(_BaseLoader):  # type: ignore[misc]
    """A safe loader whose only implicit type is null: every other plain scalar is a string.

    The C composer asks the Python resolver about every node; answering directly, instead of
    trying PyYAML's table of implicit resolvers, is a fifth of the time of a load.
    """

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return _NULL_TAG if implicit[0] and value in _NULLS else _STR_TAG
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass  # no path resolvers

    def ascend_resolver(self) -> None:
        pass


# Tags a briefing may carry (implicitly, or written as !!str...); any other, such as !include or
# !!python/object, is an error rather than text read in its place.
_PLAIN_TAGS = {_NULL_TAG, _STR_TAG, _SEQ_TAG, _MAP_TAG}

Path_ = tuple[str | int, ...]


class Tree:
    """Plain values from a YAML node tree, with the line of every key and item."""

    def __init__(self, path: str):
        self.path = path
        self.lines: dict[Path_, int] = {}
        self.problems: list[Problem] = []
        self._seen: set[int] = set()

    def line(self, where: Path_) -> int | None:
        while where and where not in self.lines:
            where = where[:-1]
        return self.lines.get(where)

    def problem(self, where: Path_, message: str, severity: str = "error", *, field: str = "") -> None:
        """Record a problem at `where`; `field` names a key that is absent, so has no line."""
        name = ".".join(str(part) for part in (*where, field) if part != "") or None
        self.problems.append(Problem(self.path, self.line(where), name, message, severity))

    def plain(self, node: yaml.Node, where: Path_) -> Any:
        seen, lines = self._seen, self.lines
        if id(node) in seen:
            self.problem(where, "YAML anchors and aliases (&name, *name) are not supported")
            return None
        seen.add(id(node))
        lines.setdefault(where, node.start_mark.line + 1)
        tag = node.tag
        if tag not in _PLAIN_TAGS:
            self._unsupported(node, where)
        kind = type(node)
        if kind is yaml.ScalarNode:
            return None if tag == _NULL_TAG else node.value
        if kind is yaml.SequenceNode:
            return [self._child(item, (*where, i)) for i, item in enumerate(node.value)]
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode:
                lines[where] = key_node.start_mark.line + 1
                self.problem(where, "a key must be a plain word")
                continue
            key = key_node.value
            path = (*where, key)
            key_line = key_node.start_mark.line + 1
            if key in mapping:
                first = lines[path]
                lines[path] = key_line
                self.problem(path, f"duplicate key (first given on line {first})")
                continue
            lines[path] = key_line
            mapping[key] = self._child(value_node, path)
        return mapping

    def _child(self, node: yaml.Node, where: Path_) -> Any:
        """A node's plain value; text, nine nodes in ten, without a call to plain()."""
        if type(node) is yaml.ScalarNode and node.tag == _STR_TAG and id(node) not in self._seen:
            self._seen.add(id(node))
            self.lines.setdefault(where, node.start_mark.line + 1)
            return node.value
        return self.plain(node, where)

    def _unsupported(self, node: yaml.Node, where: Path_) -> None:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        name = ".".join(str(part) for part in where) or None
        message = f"the YAML tag '{tag}' is not supported: a briefing is plain text, lists and mappings"
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        self.problems.append(Problem(self.path, line, name, message, column=column))


def _line_and_column(text: str, position: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, position) + 1
    return text.count("\n", 0, position) + 1, position - line_start + 1


def compose(path: str, data: bytes) -> Node | Problem:
    """The file's YAML node tree, or the one problem that keeps it from having one."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return Problem(path, None, None, f"not UTF-8 text ({error.reason} at byte {error.start})")
    loader = TextLoader(text)
    try:
        node: Node | None = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        reason = error.problem or error.context or "invalid YAML"
        return Problem(path, line, None, f"invalid YAML: {reason}", column=column)
    except yaml.reader.ReaderError as error:  # a character YAML does not allow; says only its offset
        line, column = _line_and_column(text, error.position)
        character = error.character if isinstance(error.character, str) else chr(error.character)
        kind = "a control character" if character < " " or "\x7f" <= character <= "\x9f" else "a character"
        message = f"U+{ord(character):04X}, {kind}, is not allowed in a YAML file"
        return Problem(path, line, None, message, column=column)
    except yaml.YAMLError as error:
        return Problem(path, None, None, f"invalid YAML: {error}")
    finally:
        loader.dispose()
    if node is None:
        return Problem(path, None, None, "the file is empty")
    return node


class Unusual(Exception):
    """Something in a node tree that only the walk with lines reports, at its line."""


def bare(node: yaml.Node) -> Any:
    """The plain value of a node tree with no alias in it, as Tree.plain gives; no lines."""
    tag = node.tag
    if tag not in _PLAIN_TAGS:
        raise Unusual
    kind = type(node)
    if kind is yaml.ScalarNode:
        return None if tag == _NULL_TAG else node.value
    if kind is yaml.SequenceNode:
        return [
            item.value if type(item) is yaml.ScalarNode and item.tag == _STR_TAG else bare(item)
            for item in node.value
        ]
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if type(key_node) is not yaml.ScalarNode or key_node.value in mapping:
            raise Unusual  # a key that is not a word, or a duplicate
        if type(value_node) is yaml.ScalarNode and value_node.tag == _STR_TAG:
            mapping[key_node.value] = value_node.value
        else:
            mapping[key_node.value] = bare(value_node)
    return mapping


def top_lines(node: Node, keys: Collection[str], lists: Collection[str]) -> dict[Path_, int]:
    """The lines Tree.plain records for the top-level `keys` and for each item of the `lists`."""
    lines: dict[Path_, int] = {}
    for key_node, value_node in node.value:
        if key_node.value in keys:
            lines[(key_node.value,)] = key_node.start_mark.line + 1
        if key_node.value in lists and type(value_node) is yaml.SequenceNode:
            for i, item in enumerate(value_node.value):
                lines[(key_node.value, i)] = item.start_mark.line + 1
    return lines


def too_deep(node: Node, levels: int) -> Node | None:
    """The first node found more than `levels` below `node`, if any, without recursion."""
    pending = [(node, 0)]
    while pending:
        current, depth = pending.pop()
        if depth > levels:
            return current
        if type(current) is yaml.SequenceNode:
            pending += [(item, depth + 1) for item in current.value]
        elif type(current) is yaml.MappingNode:
            pending += [(part, depth + 1) for pair in current.value for part in pair]
    return None
