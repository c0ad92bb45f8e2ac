"""Questions about the collection that more than one front end asks: the counts beside a filtered
list (facets) and the chain of influence between two briefings (`brief path`, the /path page)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import NamedTuple

from briefcli.core import graph
from briefcli.core.errors import NoPath
from briefcli.core.models import INFLUENCED_BY, BriefingRef
from briefcli.index.read import NO_FILTERS, Filters, Store

FACETS = ("category", "org", "year", "tag")


def count(store: Store, filters: Filters = NO_FILTERS) -> int:
    """How many briefings pass the filters."""
    where, params = filters.sql("b")
    return int(store.conn.execute(f"SELECT count(*) FROM briefings b WHERE 1{where}", params).fetchone()[0])


def facets(store: Store, filters: Filters = NO_FILTERS, limit: int = 30) -> dict[str, list[tuple[str, int]]]:
    """For each facet, its values among the briefings that pass the filters, most common first
    (years newest first), with how many briefings have each."""
    where, params = filters.sql("b")
    # Without filters, organisations and tags are counted from their own small tables alone.
    chosen = f" WHERE briefing_id IN (SELECT b.id FROM briefings b WHERE 1{where})" if where else ""
    most = "GROUP BY 1 ORDER BY 2 DESC, 1"
    queries = {
        "category": f"SELECT b.category, count(*) FROM briefings b WHERE 1{where} {most}",
        "org": f"SELECT org, count(*) FROM orgs{chosen} {most}",
        "year": f"SELECT substr(b.date, 1, 4), count(*) FROM briefings b WHERE 1{where} "
        "GROUP BY 1 ORDER BY 1 DESC",
        "tag": f"SELECT tag, count(*) FROM tags{chosen} {most}",
    }
    return {
        name: [(value, n) for value, n in store.conn.execute(f"{sql} LIMIT ?", [*params, limit])]
        for name, sql in queries.items()
    }


def categories(store: Store, numbers: Iterable[int]) -> dict[int, str]:
    """The category of each of `numbers` that is in the collection."""
    rows = store.conn.execute(
        "SELECT id, category FROM briefings WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(sorted(set(numbers)))],
    )
    return {number: category for number, category in rows}


class Chain(NamedTuple):
    """The shortest chain of influence between two briefings, as `brief path` shows it."""

    found: list[int]  # the briefings on the way, from the first to the last
    way: str  # "upstream", "downstream" or "any"
    steps: list[tuple[int, str, str | None]]  # each briefing after the first, how it relates, the note
    refs: dict[int, BriefingRef]


def chain(store: Store, start: int, goal: int, any_direction: bool = False) -> Chain:
    """Was `start` influenced by `goal`, or did it influence it (or either, any direction)?"""
    adjacency = store.adjacency()
    found = None
    way = "any"
    for way in ["any"] if any_direction else ["upstream", "downstream"]:
        found = graph.path_over(adjacency, start, goal, way)
        if found is not None:
            break
    if found is None:
        hint = "" if any_direction else " Try --any-direction to ignore which way influence ran."
        raise NoPath(f"No chain of influence links {start} and {goal}.{hint}")
    notes = {(s, t): note for s, t, relation, note in store.edges(found) if relation == INFLUENCED_BY}
    steps = []
    for previous, current in zip(found, found[1:], strict=False):
        if (previous, current) in notes:
            steps.append((current, "influenced by", notes[(previous, current)]))
        else:
            steps.append((current, "influenced", notes.get((current, previous))))
    return Chain(found, way, steps, store.refs(found))
