"""Checks across the briefings of a collection: duplicate numbers and connections to nothing."""

from __future__ import annotations

from collections.abc import Iterable

from briefcli.core.models import Briefing, Problem


class Ids:
    """The ids seen so far in a collection, and where: to report a duplicate naming both files.

    Keeps only (file, line) per id, so a load can stream briefings into the index.
    """

    def __init__(self) -> None:
        self.first: dict[int, str] = {}

    def duplicate(self, briefing: Briefing) -> Problem | None:
        where = f"{briefing.source}:{briefing.line}" if briefing.line else str(briefing.source)
        holder = self.first.setdefault(briefing.id, where)
        if holder == where:
            return None
        return Problem(
            briefing.source or "?", briefing.line, "id", f"id {briefing.id} is already used by {holder}"
        )


def duplicate_ids(briefings: Iterable[Briefing]) -> list[Problem]:
    """An error for each briefing whose id an earlier one already uses, naming both files."""
    ids = Ids()
    return [problem for b in briefings if (problem := ids.duplicate(b)) is not None]


def dangling_connections(briefings: Iterable[Briefing], ids: set[int]) -> list[Problem]:
    """A warning for each connection to a number that is not in `ids`."""
    return [
        dangling(b.source or "?", b.line_of(f"connections.{i}"), i, c.target)
        for b in briefings
        for i, c in enumerate(b.connections)
        if c.target not in ids
    ]


def dangling(source: str, line: int | None, position: int, target: int) -> Problem:
    return Problem(
        source,
        line,
        f"connections.{position}.id",
        f"connection to {target}, which is not in the collection",
        "warning",
    )
