"""Checks a load makes of what it wrote, in its transaction: dangling connections and cycles.

Both report only the briefings the load read, at each connection's own line (the index keeps
no line map, so the load passes the lines it parsed), in the words `brief validate` uses.
"""

from __future__ import annotations

import json
import sqlite3

from briefcli.core.models import INFLUENCED_BY, Problem
from briefcli.index.read import Store

Lines = dict[int, tuple[int | None, ...]]  # briefing number -> the line of each connection


def dangling(conn: sqlite3.Connection, lines: Lines) -> list[Problem]:
    """Connections to numbers not in the collection, from the briefings in `lines`."""
    from briefcli.sources.collection import dangling as problem

    rows = conn.execute(
        "SELECT b.id, b.source, c.position, c.target_id FROM connections c "
        "JOIN briefings b ON b.id = c.source_id "
        "WHERE c.source_id IN (SELECT value FROM json_each(?)) "
        "AND c.target_id NOT IN (SELECT id FROM briefings) ORDER BY b.source, c.position",
        [json.dumps(list(lines))],
    )
    return [
        problem(source, lines[number][position], position, target)
        for number, source, position, target in rows
    ]


def cycles(store: Store, lines: Lines) -> list[Problem]:
    """An error for each cycle of influence through a briefing in `lines`."""
    from briefcli.core import graph
    from briefcli.sources.validate import cycle_problem

    adjacency = store.adjacency()

    def upstream(number: int) -> list[int]:
        at = adjacency.position(number)
        if at is None:
            return []
        steps = adjacency.up_targets[adjacency.up_offsets[at] : adjacency.up_offsets[at + 1]]
        return [adjacency.ids[step] for step in steps]

    problems = []
    for cycle in graph.cycles(sorted(lines), upstream):
        start = next((i for i, n in enumerate(cycle[:-1]) if n in lines), None)
        if start is None:
            continue  # a cycle among briefings not read now
        cycle = cycle[start:-1] + cycle[:start] + [cycle[start]]
        source, position = store.conn.execute(
            "SELECT b.source, c.position FROM connections c JOIN briefings b ON b.id = c.source_id "
            "WHERE c.source_id = ? AND c.target_id = ? AND c.relation = ? ORDER BY c.position",
            [cycle[0], cycle[1], INFLUENCED_BY],
        ).fetchone()
        problems.append(cycle_problem(cycle, source, lines[cycle[0]][position], position))
    return problems
