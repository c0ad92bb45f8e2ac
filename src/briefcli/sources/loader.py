"""Read briefing YAML files into Briefing objects, reporting every problem with file and line.

PyYAML implements YAML 1.1, where `NO` is a boolean, `0755` an octal number, `2025-12-01` a date
and `2501.10000` the float 2501.1. Briefings are text, so the loader resolves every plain scalar
to a string (only `null`, `~` and empty stay null) and converts each field itself. It also walks
the composed node tree instead of constructing Python objects, which gives line numbers for every
field, catches duplicate keys (PyYAML silently keeps the last) and refuses aliases, whose
expansion can be exponential.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Sequence
from typing import Any

import yaml

from briefcli.core.models import (
    RELATIONS,
    Briefing,
    Concept,
    Connection,
    Link,
    Month,
    Problem,
    slugify,
)
from briefcli.sources.files import discover as discover  # finding files lives in files.py

REQUIRED_FIELDS = ("id", "title", "date", "category", "summary")
OPTIONAL_FIELDS = (
    "tagline",
    "org",
    "tags",
    "arxiv",
    "links",
    "aliases",
    "key_concepts",
    "connections",
    "featured",
)
KNOWN_FIELDS = REQUIRED_FIELDS + OPTIONAL_FIELDS
CONCEPT_FIELDS = ("title", "body")
CONNECTION_FIELDS = ("id", "relation", "note")
LINK_FIELDS = ("label", "url")
MAX_NUMBER = 10**15

_ARXIV_RE = re.compile(r"\d{4}\.\d{4,5}(v\d+)?|[a-z-]+(\.[A-Z]{2})?/\d{7}(v\d+)?")
_NUMBERED_NAME_RE = re.compile(r"(\d+)-(.+)")

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_NULL_TAG = "tag:yaml.org,2002:null"
_STR_TAG, _SEQ_TAG, _MAP_TAG = (f"tag:yaml.org,2002:{kind}" for kind in ("str", "seq", "map"))
_NULLS = frozenset(("~", "null", "Null", "NULL", ""))


class _TextLoader(_BaseLoader):  # type: ignore[misc]
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


class _Tree:
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


def _closest(word: str, choices: Sequence[str]) -> str:
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" Did you mean '{match[0]}'?" if match else ""


class _Fields:
    """Typed access to one mapping's fields, recording a problem for each bad value."""

    def __init__(self, tree: _Tree, mapping: dict[str, Any], where: Path_, known: Sequence[str]):
        self.tree, self.mapping, self.where = tree, mapping, where
        for key in mapping:
            if key not in known:
                tree.problem((*where, key), "unknown field." + _closest(key, known))

    def _at(self, key: str) -> Path_:
        return (*self.where, key)

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.mapping.get(key)
        if value is None:
            if required:
                self.tree.problem(self.where, "required field is missing", field=key)
            return None
        if not isinstance(value, str):
            self.tree.problem(self._at(key), f"must be text, not a {_kind(value)}")
            return None
        value = value.strip()
        if required and not value:
            self.tree.problem(self._at(key), "required field is empty")
            return None
        return value

    def number(self, key: str, *, required: bool = False) -> int | None:
        value = self.text(key, required=required)
        if value is None:
            return None
        if not value.isascii() or not value.isdigit():
            self.tree.problem(self._at(key), f"must be a whole number, not '{value}'")
            return None
        if int(value) > MAX_NUMBER:  # SQLite integers stop at 2**63
            self.tree.problem(self._at(key), f"{value} is too large: numbers go up to {MAX_NUMBER:,}")
            return None
        return int(value)

    def flag(self, key: str) -> bool:
        """true or false (any case); absent or null is false."""
        value = self.text(key)
        if value is None or value.lower() == "false":
            return False
        if value.lower() == "true":
            return True
        self.tree.problem(self._at(key), f"must be true or false, not '{value}'")
        return False

    def words(self, key: str) -> tuple[str, ...]:
        """A list of strings; a single string is accepted as a one-item list."""
        value = self.mapping.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.tree.problem(self._at(key), f"must be a list of text, not a {_kind(value)}")
            return ()
        items = []
        for i, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                items.append(item.strip())
            else:
                self.tree.problem((*self._at(key), i), "each item must be non-empty text")
        return tuple(items)

    def mappings(self, key: str) -> list[tuple[Path_, dict[str, Any]]]:
        value = self.mapping.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.tree.problem(self._at(key), f"must be a list, not a {_kind(value)}")
            return []
        found = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                found.append(((*self._at(key), i), item))
            else:
                self.tree.problem((*self._at(key), i), f"each item must be a mapping, not a {_kind(item)}")
        return found


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    return "text"


def parse(path: str, data: bytes) -> tuple[Briefing | None, list[Problem]]:
    """Parse one briefing file; return the briefing (None if unusable) and every problem found."""
    tree = _Tree(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, [Problem(path, None, None, f"not UTF-8 text ({error.reason} at byte {error.start})")]
    loader = _TextLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        reason = error.problem or error.context or "invalid YAML"
        return None, [Problem(path, line, None, f"invalid YAML: {reason}", column=column)]
    except yaml.reader.ReaderError as error:  # a character YAML does not allow; says only its offset
        line, column = _line_and_column(text, error.position)
        character = error.character if isinstance(error.character, str) else chr(error.character)
        kind = "a control character" if character < " " or "\x7f" <= character <= "\x9f" else "a character"
        message = f"U+{ord(character):04X}, {kind}, is not allowed in a YAML file"
        return None, [Problem(path, line, None, message, column=column)]
    except yaml.YAMLError as error:
        return None, [Problem(path, None, None, f"invalid YAML: {error}")]
    finally:
        loader.dispose()
    if node is None:
        return None, [Problem(path, None, None, "the file is empty")]
    top = tree.plain(node, ())
    if not isinstance(top, dict):
        tree.problem((), f"a briefing must be a mapping of fields, not {_kind(top)}")
        return None, tree.problems
    briefing = _briefing(tree, top)
    problems = sorted(tree.problems, key=lambda p: p.line or 0)
    errors = any(p.severity == "error" for p in problems)
    return (None if errors else briefing), problems


def _briefing(tree: _Tree, top: dict[str, Any]) -> Briefing | None:
    fields = _Fields(tree, top, (), KNOWN_FIELDS)
    number = fields.number("id", required=True)
    title = fields.text("title", required=True)
    date_text = fields.text("date", required=True)
    category = fields.text("category", required=True)
    summary = fields.text("summary", required=True)
    month = None
    if date_text is not None:
        try:
            month = Month.parse(date_text)
        except ValueError as error:
            tree.problem(("date",), str(error))
    arxiv = fields.text("arxiv")
    if arxiv and not _ARXIV_RE.fullmatch(arxiv):
        tree.problem(("arxiv",), f"'{arxiv}' is not an arXiv id such as 2203.02155")
    concepts = []
    for where, item in fields.mappings("key_concepts"):
        sub = _Fields(tree, item, where, CONCEPT_FIELDS)
        # A concept may be a heading alone: explorer pages have some with no paragraph.
        concept_title, body = sub.text("title", required=True), sub.text("body") or ""
        if concept_title is not None:
            concepts.append(Concept(concept_title, body))
    links = []
    for where, item in fields.mappings("links"):
        sub = _Fields(tree, item, where, LINK_FIELDS)
        url = sub.text("url", required=True)
        if url is not None:
            links.append(Link(sub.text("label") or url, url))
    connections = []
    for where, item in fields.mappings("connections"):
        sub = _Fields(tree, item, where, CONNECTION_FIELDS)
        target = sub.number("id", required=True)
        relation = sub.text("relation") or RELATIONS[0]
        if relation not in RELATIONS:
            tree.problem(
                (*where, "relation"),
                f"'{relation}' is not one of {', '.join(RELATIONS)}." + _closest(relation, RELATIONS),
            )
            continue
        if target is not None:
            connections.append(Connection(target, relation, sub.text("note") or None))
    if None in (number, title, month, category, summary):
        return None
    assert number is not None and title and month and category and summary
    name = os.path.splitext(os.path.basename(tree.path))[0]
    numbered = _NUMBERED_NAME_RE.fullmatch(name)
    return Briefing(
        id=number,
        title=title,
        date=month,
        category=category,
        summary=summary,
        tagline=fields.text("tagline") or "",
        org=fields.words("org"),
        tags=fields.words("tags"),
        arxiv=arxiv or None,
        links=tuple(links),
        aliases=fields.words("aliases"),
        key_concepts=tuple(concepts),
        connections=tuple(connections),
        featured=fields.flag("featured"),
        slug=numbered.group(2) if numbered else slugify(title),
        source=tree.path,
        line=tree.lines.get(("id",)),
        field_lines={".".join(map(str, where)): line for where, line in tree.lines.items() if where},
    )
