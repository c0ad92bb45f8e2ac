"""Rows of the index written straight through sqlite3: briefings, their parts, sources, the graph.

A load inserts tens of thousands of rows; sqlite-utils' insert_all costs more per row in Python
(type detection, SQL assembly per batch) than SQLite takes to store it, so the write path uses
executemany with fixed statements. sqlite-utils still owns the schema (index/schema.py).

A table with triggers (briefings, whose triggers keep the full-text index in step) is not written
row by row: FTS5 writes out its pending terms at the end of every statement, as a new segment
that must later be merged, so executemany (one statement a row) made the full-text index cost
about three times what the same rows cost in one statement. Such rows are staged in a temp table,
batch after batch, and copied (copy_staged) in one INSERT ... SELECT, which fires the same
triggers, whatever they are. With the larger buffer for pending terms that the schema sets
(schema.FTS_HASH_SIZE), a load of 100,000 briefings then writes a few large segments.
"""

from __future__ import annotations

import itertools
import json
import re
import sqlite3
from array import array
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from briefcli.core import graph
from briefcli.core.models import INFLUENCED_BY, Adjacency, Briefing, Month, Problem

BRIEFING_COLUMNS = (
    "id, slug, title, tagline, date, category, arxiv, summary, org, tags, aliases, names, links, "
    "concepts, concept_spans, source, line, featured"
)
STAGED = "staged_"  # the prefix of a staging table's name, in the temp schema
Stat = tuple[int, int, int]  # size, modification time in ns, inode: how a source is known unchanged


def stage(conn: sqlite3.Connection, briefings: Sequence[Briefing]) -> None:
    """Write the rows of `briefings`; those of a table with triggers wait for copy_staged()."""
    _stage(
        conn,
        "briefings",
        BRIEFING_COLUMNS,
        (
            (
                b.id,
                b.slug,
                b.title,
                b.tagline,
                str(b.date),
                b.category,
                b.arxiv,
                b.summary,
                json.dumps(b.org),
                json.dumps(b.tags),
                json.dumps(b.aliases),
                names(b),
                json.dumps([{"label": link.label, "url": link.url} for link in b.links]),
                *concept_text(b),
                b.source,
                b.line,
                int(b.featured),
            )
            for b in briefings
        ),
    )
    conn.executemany(
        "INSERT OR IGNORE INTO orgs (briefing_id, org) VALUES (?, ?)",
        ((b.id, org) for b in briefings for org in b.org),
    )
    conn.executemany(
        "INSERT OR IGNORE INTO tags (briefing_id, tag) VALUES (?, ?)",
        ((b.id, tag) for b in briefings for tag in b.tags),
    )
    conn.executemany(
        "INSERT INTO connections (source_id, target_id, relation, note, position) VALUES (?, ?, ?, ?, ?)",
        ((b.id, c.target, c.relation, c.note, i) for b in briefings for i, c in enumerate(b.connections)),
    )


def concept_text(briefing: Briefing) -> tuple[str, str]:
    """The key concepts as one text, each title and body on lines of their own, and where each
    lies in it (the concepts view, index/schema.py, cuts them out again).

    Spans count UTF-8 bytes: SQLite's substr() counts characters only up to a NUL, which a
    briefing's text may hold, so the view cuts the text as a blob.
    """
    spans, start = [], 0
    for concept in briefing.key_concepts:
        title, body = len(concept.title.encode()), len(concept.body.encode())
        spans.append([start, title, body])
        start += title + body + 2
    text = "\n".join(f"{c.title}\n{c.body}" for c in briefing.key_concepts)
    return text, json.dumps(spans, separators=(",", ":"))


def _stage(conn: sqlite3.Connection, table: str, columns: str, values: Iterable[Sequence[object]]) -> None:
    """executemany, or for a table with triggers, into its staging table (see above)."""
    marks = ", ".join("?" * (columns.count(",") + 1))
    triggered = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", [table]
    ).fetchone()
    if not triggered:
        conn.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)
        return
    # In the load's transaction like the rest: a failure rolls the temp table back with it.
    staging = f"temp.{STAGED}{table}"
    conn.execute(f"CREATE TABLE IF NOT EXISTS {staging} AS SELECT {columns} FROM main.{table} WHERE 0")
    conn.executemany(f"INSERT INTO {staging} ({columns}) VALUES ({marks})", values)


def copy_staged(conn: sqlite3.Connection) -> None:
    """Copy every staged row into its table, one statement a table, and drop the staging tables."""
    for name in _staging_tables(conn):
        table = name.removeprefix(STAGED)
        described = conn.execute(f"SELECT name FROM pragma_table_info('{name}', 'temp')")
        columns = ", ".join(f'"{column}"' for (column,) in described)
        conn.execute(f'INSERT INTO main."{table}" ({columns}) SELECT {columns} FROM temp."{name}"')
        conn.execute(f'DROP TABLE temp."{name}"')


def _staging_tables(conn: sqlite3.Connection) -> list[str]:
    return [
        name
        for (name,) in conn.execute(
            "SELECT name FROM temp.sqlite_master WHERE type = 'table' AND name LIKE ?", [f"{STAGED}%"]
        )
    ]


@contextmanager
def indexes_deferred(conn: sqlite3.Connection, tables: Sequence[str]) -> Iterator[None]:
    """Drop the plain (not unique) indexes of `tables` for the block, and build them after it.

    A load that adds more rows than a table holds is faster sorting each index once at the end
    than updating it row by row (10,000 briefings: 0.3 s of 1.0 s inserting). An error leaves
    them dropped: the load's transaction rolls back, and with it the drop.
    """
    found = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name IN (SELECT value FROM json_each(?))",
        [json.dumps(list(tables))],
    ).fetchall()
    plain = [(name, sql) for name, sql in found if not sql.lstrip().upper().startswith("CREATE UNIQUE")]
    for name, _ in plain:
        conn.execute(f'DROP INDEX "{name}"')
    yield
    for _, sql in plain:
        conn.execute(sql)


def delete_sources(conn: sqlite3.Connection, paths: Sequence[str]) -> None:
    """Forget the files at `paths` and every row made from them."""
    if not paths:
        return
    chosen = "(SELECT id FROM briefings WHERE source IN (SELECT value FROM json_each(?)))"
    encoded = json.dumps(list(paths))
    for table, column in (
        ("orgs", "briefing_id"),
        ("tags", "briefing_id"),
        ("connections", "source_id"),
    ):
        conn.execute(f"DELETE FROM {table} WHERE {column} IN {chosen}", [encoded])
    conn.execute("DELETE FROM briefings WHERE source IN (SELECT value FROM json_each(?))", [encoded])
    conn.execute("DELETE FROM sources WHERE path IN (SELECT value FROM json_each(?))", [encoded])


def record_sources(conn: sqlite3.Connection, rows: Iterable[tuple[str, str, str, Stat | None]]) -> None:
    """Remember (path, root, digest, stat) for each file read; no stat means hash it next time."""
    conn.executemany(
        "INSERT INTO sources (path, root, digest, size, mtime_ns, inode) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (path) DO UPDATE SET root = excluded.root, digest = excluded.digest, "
        "size = excluded.size, mtime_ns = excluded.mtime_ns, inode = excluded.inode",
        ((path, root, digest, *(stat or (None, None, None))) for path, root, digest, stat in rows),
    )


def clashes(conn: sqlite3.Connection, parsed: Sequence[Briefing]) -> list[Problem]:
    """Duplicate ids between new briefings and those already in the index (earlier batches too)."""
    by_id = {b.id: b for b in parsed}
    wanted = "id IN (SELECT value FROM json_each(?))"
    staged = f"{STAGED}briefings"
    tables = ["main.briefings", *(f'temp."{name}"' for name in _staging_tables(conn) if name == staged)]
    rows = conn.execute(
        " UNION ALL ".join(f"SELECT id, source, line FROM {table} WHERE {wanted}" for table in tables),
        [json.dumps(list(by_id))] * len(tables),
    )
    return [
        Problem(by_id[i].source or "?", by_id[i].line, "id", f"id {i} is already used by {source}:{line}")
        for i, source, line in rows
    ]


def write_adjacency(conn: sqlite3.Connection) -> None:
    """Rebuild the graph arrays (core.models.Adjacency) from the connections table, with the
    topological order (`order`) and the titles (`titles`, JSON) beside them."""
    rows = conn.execute("SELECT id, date, title FROM briefings").fetchall()
    months = {number: date for number, date, _ in rows}
    edges = conn.execute(
        "SELECT source_id, target_id FROM connections WHERE relation = ? ORDER BY source_id, position",
        [INFLUENCED_BY],
    ).fetchall()
    ids = sorted(set(months).union(t for _, t in edges))
    index = {number: i for i, number in enumerate(ids)}
    up: list[list[int]] = [[] for _ in ids]
    down: list[list[int]] = [[] for _ in ids]
    for source, target in edges:
        up[index[source]].append(index[target])
        down[index[target]].append(index[source])
    arrays = {"ids": array("q", ids), "months": array("i", (_month_number(months.get(n)) for n in ids))}
    for name, lists in (("up", up), ("down", down)):
        arrays[f"{name}_offsets"] = array("i", itertools.accumulate((len(x) for x in lists), initial=0))
        arrays[f"{name}_targets"] = array("i", itertools.chain.from_iterable(lists))
    # The order brief top counts reach in (Kahn's algorithm, a fifth of its time at 100,000
    # briefings), unless a cycle (refused at load, but an older index may hold one) leaves none.
    order = graph.topological_order(Adjacency(**arrays))
    if order is not None:
        arrays["order"] = array("i", order)
    blobs = [(name, values.tobytes()) for name, values in arrays.items()]
    # The titles too, aligned with ids (null where missing): a trace draws one per briefing it
    # reached, 90,000 at 100,000 briefings, and the briefings table holds them among 2 KB rows.
    titles = {number: title for number, _, title in rows}
    blobs.append(("titles", json.dumps([titles.get(n) for n in ids], ensure_ascii=False).encode()))
    conn.execute("DELETE FROM graph_arrays")
    conn.executemany("INSERT INTO graph_arrays (name, data) VALUES (?, ?)", blobs)


def _month_number(date: str | None) -> int:
    return -1 if date is None else Month.from_stored(date).number


def names(briefing: Briefing) -> str:
    """Aliases for the full-text index, plus run-together forms ("GPT-3" -> "GPT3", "SB 53" -> "SB53")
    so that a query typed without the hyphen or space still matches a single indexed word."""
    found = list(briefing.aliases)
    for name in (briefing.title, *briefing.aliases):
        compact = re.sub(r"[\W_]+", "", name)
        if compact != name and 1 < len(compact) <= 12 and compact not in found:
            found.append(compact)
    return "; ".join(found)
