"""Read briefing YAML files into Briefing objects, reporting every problem with file and line.

The YAML side (text only, no aliases, a line for every field) is in nodes.py; this module checks
and converts the fields.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Sequence
from typing import Any

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
from briefcli.sources.nodes import Node, Path_, Tree, Unusual, bare, compose, too_deep, top_lines

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
NESTING = 100  # levels of YAML reported when a file is too deep to walk
_KNOWN: dict[tuple[str, ...], frozenset[str]] = {
    known: frozenset(known) for known in (KNOWN_FIELDS, CONCEPT_FIELDS, CONNECTION_FIELDS, LINK_FIELDS)
}

_ARXIV_RE = re.compile(r"\d{4}\.\d{4,5}(v\d+)?|[a-z-]+(\.[A-Z]{2})?/\d{7}(v\d+)?")
_NUMBERED_NAME_RE = re.compile(r"(\d+)-(.+)")


def _closest(word: str, choices: Sequence[str]) -> str:
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" Did you mean '{match[0]}'?" if match else ""


class _Fields:
    """Typed access to one mapping's fields, recording a problem for each bad value."""

    def __init__(self, tree: Tree, mapping: dict[str, Any], where: Path_, known: tuple[str, ...]):
        self.tree, self.mapping, self.where = tree, mapping, where
        if mapping.keys() <= _KNOWN.get(known, frozenset()):  # the common case, in one C call
            return
        for key in mapping:
            if key not in known:
                tree.problem((*where, key), "unknown field." + _closest(key, known))

    def _at(self, key: str) -> Path_:
        return (*self.where, key)

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.mapping.get(key)
        if isinstance(value, str):
            value = value.strip()
            if value or not required:
                return value
            self.tree.problem(self._at(key), "required field is empty")
            return None
        if value is None:
            if required:
                self.tree.problem(self.where, "required field is missing", field=key)
            return None
        self.tree.problem(self._at(key), f"must be text, not a {_kind(value)}")
        return None

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


def parse(path: str, data: bytes, *, lines: bool = True) -> tuple[Briefing | None, list[Problem]]:
    """Parse one briefing file; return the briefing (None if unusable) and every problem found.

    With `lines` false, the briefing's field_lines hold only what a load keeps: the line of each
    connection (its `line`, the id's, is always there). The problems are the same either way.
    """
    composed = compose(path, data)
    if isinstance(composed, Problem):
        return None, [composed]
    try:
        return _parse(path, data, composed, lines)
    except RecursionError:  # libyaml composes up to 1,000 levels; walking them takes more stack
        deep = too_deep(composed, NESTING) or composed
        where = deep.start_mark
        message = f"the YAML is nested more than {NESTING} levels deep; a briefing needs 3"
        return None, [Problem(path, where.line + 1, None, message, column=where.column + 1)]


def _parse(path: str, data: bytes, composed: Node, lines: bool) -> tuple[Briefing | None, list[Problem]]:
    if not lines and b"*" not in data:  # without a '*' the file can hold no alias
        quick = _quick(path, composed)
        if quick is not None:
            return quick, []
    tree = Tree(path)
    top = tree.plain(composed, ())
    if not isinstance(top, dict):
        tree.problem((), f"a briefing must be a mapping of fields, not {_kind(top)}")
        return None, tree.problems
    briefing = _briefing(tree, top)
    problems = sorted(tree.problems, key=lambda p: p.line or 0)
    errors = any(p.severity == "error" for p in problems)
    return (None if errors else briefing), problems


def _quick(path: str, node: Node) -> Briefing | None:
    """The briefing of a file with nothing wrong, found without a line for every field; else None.

    A load reads thousands of valid files and needs two kinds of line of each: the id's and each
    connection's. Any problem at all sends the file back to the walk that locates every field.
    """
    try:
        top = bare(node)
    except Unusual:
        return None
    if not isinstance(top, dict):
        return None
    tree = Tree(path)
    tree.lines.update(top_lines(node, ("id",), ("connections",)))
    briefing = _briefing(tree, top)
    return None if tree.problems else briefing


def _briefing(tree: Tree, top: dict[str, Any]) -> Briefing | None:
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
