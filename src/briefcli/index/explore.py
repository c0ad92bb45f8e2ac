"""Questions about the collection that more than one front end asks: the counts beside a filtered
list (facets) and the chain of influence between two briefings (`brief path`, the /path page)."""

# Annotations evaluated, as in core/models.py: NamedTuple compiles those written as strings.

import collections
import heapq
import itertools
import json
import operator
from array import array
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from briefcli.core import graph
from briefcli.core.errors import NoPath
from briefcli.core.models import INFLUENCED_BY, Adjacency, BriefingRef, Month
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


# `brief top` at 100,000 briefings: counted from the graph arrays in memory, where the same
# questions in SQL (a GROUP BY over the connections, NOT EXISTS per briefing) took over a second.


def most_cited(store: Store, adjacency: Adjacency, limit: int) -> list[tuple[BriefingRef, int]]:
    """Store.most_cited from the arrays: a briefing's influenced_by connections are its steps downstream."""
    offsets, ids = adjacency.down_offsets, adjacency.ids
    degrees = list(map(operator.sub, offsets[1:], offsets[:-1]))
    for missing in _missing(adjacency):
        degrees[missing] = 0  # cited, but not in the collection
    # nlargest keeps ties in order, and the arrays are in order of number
    ranked = [i for i in heapq.nlargest(limit, range(len(ids)), key=degrees.__getitem__) if degrees[i]]
    refs = store.refs(ids[i] for i in ranked)
    return [(refs[ids[i]], degrees[i]) for i in ranked]


def unconnected(store: Store, adjacency: Adjacency) -> list[BriefingRef]:
    """Store.unconnected from the arrays and the few connections of other relations."""
    ids, months = adjacency.ids, adjacency.months
    # Every target of a connection, and every source with a target in the collection.
    sources = set(adjacency.down_targets)
    offsets, up_offsets, up_targets = adjacency.down_offsets, adjacency.up_offsets, adjacency.up_targets
    for missing in _missing(adjacency):
        for source in adjacency.down_targets[offsets[missing] : offsets[missing + 1]]:
            if all(months[t] < 0 for t in up_targets[up_offsets[source] : up_offsets[source + 1]]):
                sources.discard(source)
    connected = sources.union(up_targets)
    others = store.conn.execute(
        "SELECT source_id, target_id FROM connections WHERE relation != ?", [INFLUENCED_BY]
    )
    for source, target in others:
        found, start = adjacency.position(target), adjacency.position(source)
        if found is not None:
            connected.add(found)
            if months[found] >= 0 and start is not None:
                connected.add(start)
    alone = [ids[i] for i in set(range(len(ids))).difference(connected) if months[i] >= 0]
    return list(store.refs(alone).values())


def _missing(adjacency: Adjacency) -> list[int]:
    """Indexes of numbers that connections name but the collection lacks."""
    return [i for i, month in enumerate(adjacency.months) if month < 0]


def years(adjacency: Adjacency) -> list[tuple[str, int]]:
    """Store.counts("year") from the months in the arrays."""
    counted = collections.Counter(map(operator.floordiv, adjacency.months, itertools.repeat(12)))
    counted.pop(-1, None)  # -1: missing from the collection
    return [(f"{year:04d}", n) for year, n in sorted(counted.items())]


def graph_titles(store: Store, adjacency: Adjacency, wanted: Iterable[int]) -> Sequence[str | None]:
    """The title of each briefing by its index in `adjacency`, None where missing: from the copy
    beside the graph arrays, or, in an index written before it, for the indexes wanted."""
    row = store.conn.execute("SELECT data FROM graph_arrays WHERE name = 'titles'").fetchone()
    if row is not None:
        titles: list[str | None] = json.loads(row[0])
        if len(titles) == len(adjacency.ids):
            return titles
    titles = [None] * len(adjacency.ids)
    positions = {adjacency.ids[i]: i for i in wanted}
    for number, ref in store.refs(positions).items():
        if not ref.missing:
            titles[positions[number]] = ref.title
    return titles


def graph_refs(store: Store, adjacency: Adjacency, numbers: Iterable[int]) -> dict[int, BriefingRef]:
    """Store.refs of the briefings among `numbers`, the missing left out, read beside the graph
    arrays rather than from 100,000 rows of the briefings table."""
    index = dict(zip(adjacency.ids, range(len(adjacency.ids)), strict=True))
    wanted = sorted({index[n] for n in numbers if n in index})
    titles = graph_titles(store, adjacency, wanted)
    months: dict[int, Month] = {}
    refs = {}
    for i in wanted:
        month = adjacency.months[i]
        if month >= 0:
            date = months.get(month) or months.setdefault(month, Month.from_number(month))
            refs[adjacency.ids[i]] = BriefingRef(adjacency.ids[i], titles[i] or "", date)
    return refs


def graph_order(store: Store) -> "array[int] | None":
    """The topological order kept beside the graph arrays (core.graph.topological_order), if any."""
    row = store.conn.execute("SELECT data FROM graph_arrays WHERE name = 'order'").fetchone()
    return None if row is None else array("i", row[0])
