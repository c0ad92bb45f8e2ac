"""Check a collection of briefing files without touching the index.

Errors make a collection unusable or wrong: a file that does not parse, a duplicate id, a cycle
of `influenced_by` connections (influence cannot flow backwards in time). Warnings are breaches
of the corpus conventions that a personal collection may choose to ignore: a dangling
connection, influence from a later briefing, an arXiv id whose month disagrees with the date, a
file name that is not NNN-slug.yaml, lengths outside the house style, a concept count other
than three. `brief validate --strict` treats warnings as errors; the bundled corpus passes it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from briefcli.core import graph
from briefcli.core.models import INFLUENCED_BY, Briefing, Month, Problem, plural
from briefcli.sources import collection, files, loader

TAGLINE_MAX = 120
HEADING_MAX = 80
CONCEPTS = 3
SUMMARY_WORDS = (60, 160)
CONCEPT_WORDS = (30, 90)

_FILE_NAME_RE = re.compile(r"(\d{3,})-[a-z0-9]+(?:-[a-z0-9]+)*\.ya?ml")
_NEW_ARXIV_RE = re.compile(r"(\d{2})(\d{2})\.\d{4,5}(?:v\d+)?")


@dataclass
class Report:
    briefings: int
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


# A briefing already in the collection (the index): its month, source file and line.
Known = tuple[Month, str, int | None]


def validate(paths: Sequence[str | Path], indexed: Mapping[int, Known] | None = None) -> Report:
    """Every problem in the files under `paths`, in file order.

    Connections and ids are checked against `indexed` too (the rest of the index: bundled and
    loaded briefings), leaving out what the index holds from under `paths`: those files are read
    as they are now.
    """
    given = [os.path.realpath(os.path.expanduser(os.fspath(p))) for p in paths]
    problems: list[Problem] = []
    briefings: list[Briefing] = []
    on_disk = files.scan(paths)
    problems += on_disk.problems
    for path in on_disk.files:
        try:
            data = files.read(path)
        except files.Unreadable as error:
            problems.append(error.problem)
            continue
        briefing, found = loader.parse(str(path), data)
        problems += found
        if briefing is not None:
            briefings.append(briefing)
    problems += collection.duplicate_ids(briefings)
    by_id: dict[int, Briefing] = {}
    for briefing in briefings:
        by_id.setdefault(briefing.id, briefing)
    others = {n: known for n, known in (indexed or {}).items() if not _under(known[1], given)}
    for b in briefings:
        if b.id in others:
            _, source, line = others[b.id]
            problems.append(
                Problem(b.source or "?", b.line, "id", f"id {b.id} is already used by {source}:{line}")
            )
    problems += collection.dangling_connections(briefings, set(by_id) | set(others))
    problems += _cycles(by_id)
    dates = {n: known[0] for n, known in others.items()} | {n: b.date for n, b in by_id.items()}
    for briefing in briefings:
        problems += conventions(briefing, dates)
    problems.sort(key=lambda p: (p.path, p.line or 0))
    return Report(len(briefings), problems)


def _under(source: str, roots: Sequence[str]) -> bool:
    return any(source == root or source.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _cycles(by_id: dict[int, Briefing]) -> list[Problem]:
    def upstream(number: int) -> list[int]:
        briefing = by_id.get(number)
        if briefing is None:
            return []
        return [c.target for c in briefing.connections if c.relation == INFLUENCED_BY]

    problems = []
    for cycle in graph.cycles(sorted(by_id), upstream):
        first = by_id[cycle[0]]
        position = next(
            i for i, c in enumerate(first.connections) if c.target == cycle[1] and c.relation == INFLUENCED_BY
        )
        problems.append(
            cycle_problem(cycle, first.source or "?", first.line_of(f"connections.{position}"), position)
        )
    return problems


def cycle_problem(cycle: Sequence[int], source: str, line: int | None, position: int) -> Problem:
    """The error for a cycle of influence, at the connection from cycle[0] to cycle[1]."""
    chain = " → ".join(str(n) for n in cycle)
    message = (
        "influenced by itself"
        if len(cycle) == 2
        else f"influence runs in a circle: {chain} (each is influenced by the next)"
    )
    return Problem(source, line, f"connections.{position}.id", message)


def conventions(b: Briefing, dates: Mapping[int, Month]) -> list[Problem]:
    """Warnings for one briefing that breaks the corpus conventions."""
    found: list[tuple[str, str]] = []  # (field path, message)
    name = Path(b.source or "").name
    match = _FILE_NAME_RE.fullmatch(name)
    expected = f"{b.id:03d}"
    if not match or match.group(1) != expected:
        found.append(
            ("id", f"file name '{name}' should be {expected}-slug.yaml (a lower-case, hyphenated slug)")
        )
    if not b.tagline:
        found.append(("tagline", "no tagline"))
    elif len(b.tagline) > TAGLINE_MAX:
        found.append(("tagline", f"{len(b.tagline)} characters; keep it to {TAGLINE_MAX}"))
    found += _word_count("summary", b.summary, SUMMARY_WORDS)
    if len(b.key_concepts) != CONCEPTS:
        found.append(
            ("key_concepts", f"{plural(len(b.key_concepts), 'key concept')}; write exactly {CONCEPTS}")
        )
    for i, concept in enumerate(b.key_concepts):
        if len(concept.title) > HEADING_MAX:
            found.append(
                (
                    f"key_concepts.{i}.title",
                    f"heading of {len(concept.title)} characters; keep it to {HEADING_MAX}",
                )
            )
        found += _word_count(f"key_concepts.{i}.body", concept.body, CONCEPT_WORDS)
    if b.arxiv and (arxiv_month := _arxiv_month(b.arxiv)) and arxiv_month != b.date:
        found.append(
            ("arxiv", f"arXiv id {b.arxiv} dates from {arxiv_month}, but the briefing's date is {b.date}")
        )
    for i, connection in enumerate(b.connections):
        target = dates.get(connection.target)
        if connection.relation == INFLUENCED_BY and target is not None and target > b.date:
            found.append(
                (
                    f"connections.{i}.id",
                    f"influenced by {connection.target} ({target}), "
                    f"which is later than this briefing ({b.date})",
                )
            )
    return [Problem(b.source or "?", b.line_of(path), path, message, "warning") for path, message in found]


def _word_count(path: str, text: str, bounds: Sequence[int]) -> list[tuple[str, str]]:
    words = len(text.split())
    low, high = bounds
    if low <= words <= high:
        return []
    return [(path, f"{plural(words, 'word')}; write {low} to {high}")]


def _arxiv_month(arxiv: str) -> Month | None:
    match = _NEW_ARXIV_RE.fullmatch(arxiv)
    if not match:
        return None  # old-style ids (hep-th/9901001) carry their month differently
    return Month(2000 + int(match.group(1)), int(match.group(2)))
