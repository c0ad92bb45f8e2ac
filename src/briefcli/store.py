"""The SQLite index: schema, atomic incremental loads, and the queries the commands need.

The index is rebuildable: YAML files are the source of truth, and every row here can be made
again from them. Tables:

- briefings: one row per briefing; `org`, `tags`, `aliases`, `links` hold JSON arrays;
  `concepts` (the key concepts) and `names` (the aliases, also run together) are text for the
  full-text index.
- concepts, orgs, tags, connections: the same data normalised, for filters and the graph.
- briefings_fts: an FTS5 index over briefings made by sqlite-utils' enable_fts (kept in sync by
  its triggers), so `sqlite-utils search` and Datasette can search the file directly.
- sources: every file loaded, with its SHA-256, so loading again parses only what changed.
- roots: the paths given to `brief load`, so a rebuild can read them again.
- words: every term in the full-text index, for prefix checks and typo correction.
- meta: the fingerprint of the bundled corpus, to notice an upgrade cheaply.

The schema is a list of named migrations; `PRAGMA user_version` records how many ran. An index
written by another version is rebuilt from its sources rather than read. Every write happens
inside one BEGIN IMMEDIATE transaction (DDL included), so a failed or interrupted load leaves the
previous index as it was.

Reads use the sqlite3 module directly: importing sqlite-utils costs about 75 ms, which `brief show`
should not pay. It is imported only to write.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import sqlite3
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from briefcli.errors import BriefError, IndexUnusable, InvalidData
from briefcli.models import (
    INFLUENCED_BY,
    Adjacency,
    Briefing,
    BriefingRef,
    BriefingView,
    Concept,
    Connection,
    Edge,
    Link,
    Month,
    Problem,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

APPLICATION_ID = 0x62726966  # "brif": marks a file as a brief index
BUNDLED_ROOT = ":bundled:"
FTS_COLUMNS = ("title", "names", "tagline", "tags", "org", "summary", "concepts")
BATCH = 1000  # briefings parsed and inserted at a time during a load

Progress = Callable[[int, int], None]


def _migrations() -> Any:
    from sqlite_utils.migrations import Migrations

    migrations = Migrations("briefcli")

    @migrations(name="001_briefings")
    def create_tables(db: Database) -> None:
        db.table("briefings").create(
            {
                "id": int,
                "slug": str,
                "title": str,
                "tagline": str,
                "date": str,
                "category": str,
                "arxiv": str,
                "summary": str,
                "org": str,
                "tags": str,
                "aliases": str,
                "names": str,
                "links": str,
                "concepts": str,
                "source": str,
                "line": int,
            },
            pk="id",
        )
        db.table("concepts").create(
            {"briefing_id": int, "position": int, "title": str, "body": str},
            pk=("briefing_id", "position"),
        )
        db.table("orgs").create({"briefing_id": int, "org": str}, pk=("briefing_id", "org"))
        db.table("tags").create({"briefing_id": int, "tag": str}, pk=("briefing_id", "tag"))
        db.table("connections").create(
            {"source_id": int, "target_id": int, "relation": str, "note": str, "position": int},
            pk=("source_id", "position"),
        )
        db.table("sources").create({"path": str, "root": str, "digest": str}, pk="path")
        db.table("roots").create({"path": str}, pk="path")
        db.table("meta").create({"key": str, "value": str}, pk="key")
        db.table("briefings").create_index(["source"])
        db.table("briefings").create_index(["date"])
        db.table("briefings").create_index(["slug"])
        db.table("connections").create_index(["target_id"])
        db.table("orgs").create_index(["org"])
        db.table("tags").create_index(["tag"])
        db.table("sources").create_index(["root"])

    @migrations(name="002_full_text")
    def create_full_text(db: Database) -> None:
        db.table("briefings").enable_fts(
            FTS_COLUMNS, create_triggers=True, tokenize="unicode61 remove_diacritics 2"
        )
        db.execute("CREATE VIRTUAL TABLE briefings_fts_vocab USING fts5vocab(briefings_fts, 'row')")
        # A plain copy of the vocabulary: fts5vocab computes document counts as it scans, so a
        # lookup there costs a pass over a posting list; this table answers by B-tree.
        db.table("words").create({"term": str, "length": int}, pk="term")
        db.table("words").create_index(["length"])

    @migrations(name="003_graph_arrays")
    def create_graph_arrays(db: Database) -> None:
        # The influence graph as arrays (models.Adjacency), rewritten by every load: reading
        # 300,000 connections row by row into Python takes longer than a whole trace may.
        db.table("graph_arrays").create({"name": str, "data": bytes}, pk="name")

    return migrations


SCHEMA_VERSION = 3  # the number of migrations above


class LoadReport(NamedTuple):
    added: int
    updated: int
    unchanged: int
    removed: int
    warnings: list[Problem]


class Filters(NamedTuple):
    category: str | None = None
    org: str | None = None
    tag: str | None = None
    since: Month | None = None
    until: Month | None = None

    def sql(self, alias: str = "b") -> tuple[str, list[Any]]:
        """A WHERE clause (starting with AND, or empty) and its parameters."""
        clauses, params = [], []
        if self.category:
            clauses.append(f"{alias}.category LIKE ? ESCAPE '\\'")
            params.append(f"%{_escape_like(self.category)}%")
        if self.org:
            clauses.append(
                f"EXISTS (SELECT 1 FROM orgs o WHERE o.briefing_id = {alias}.id AND o.org LIKE ? ESCAPE '\\')"
            )
            params.append(f"%{_escape_like(self.org)}%")
        if self.tag:
            clauses.append(
                f"EXISTS (SELECT 1 FROM tags t WHERE t.briefing_id = {alias}.id AND t.tag LIKE ? ESCAPE '\\')"
            )
            params.append(_escape_like(self.tag))
        if self.since:
            clauses.append(f"{alias}.date >= ?")
            params.append(str(self.since))
        if self.until:
            clauses.append(f"{alias}.date <= ?")
            params.append(str(self.until))
        return "".join(f" AND {clause}" for clause in clauses), params

    @property
    def active(self) -> bool:
        return any((self.category, self.org, self.tag, self.since, self.until))


NO_FILTERS = Filters()


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Store:
    """An open index. Use `Store.open` to get one that is current with the bundled corpus."""

    def __init__(self, path: Path, conn: sqlite3.Connection):
        self.path = path
        self.conn = conn

    # -- opening, creating and keeping current -------------------------------------------

    @classmethod
    def open(cls, path: Path, bundled: Path, progress: Progress | None = None) -> Store:
        """Open the index at `path`, creating or refreshing it from `bundled` when needed."""
        store = cls(path, _connect(path))
        state = store._state()
        if state != "current":
            store._rebuild(bundled, [], progress, keep_roots=state == "stale")
        elif store._meta("bundled") != _fingerprint(bundled):
            store._load_roots([(BUNDLED_ROOT, bundled)], progress, bundled=bundled)
        return store

    @classmethod
    def rebuild(
        cls, path: Path, bundled: Path, paths: Sequence[str | Path], progress: Progress | None = None
    ) -> tuple[Store, LoadReport]:
        """Start afresh: the bundled corpus and `paths`, forgetting anything loaded before."""
        try:
            conn = _connect(path)
        except IndexUnusable:
            if not path.is_file() or _is_sqlite(path):
                raise
            path.unlink()  # unreadable bytes, not a database: nothing in it can be lost
            conn = _connect(path)
        store = cls(path, conn)
        store._state()  # refuses a SQLite file that brief did not create
        return store, store._rebuild(bundled, paths, progress, keep_roots=False)

    def close(self) -> None:
        self.conn.close()

    def _state(self) -> str:
        """'empty', 'current' or 'stale' (another schema version); raises for a file not ours."""
        try:
            application_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            tables = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise _unusable(self.path, error) from None
        if application_id == APPLICATION_ID:
            return "current" if version == SCHEMA_VERSION else "stale"
        if application_id == 0 and tables == 0:
            return "empty"
        raise _foreign(self.path)

    def _meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    @contextmanager
    def _writing(self) -> Iterator[Database]:
        """One IMMEDIATE transaction around everything, DDL included; rolled back on any error."""
        from sqlite_utils import Database

        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise BriefError(f"The index at {self.path} is busy or read-only ({error}).") from None
        try:
            yield Database(self.conn)
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def _rebuild(
        self, bundled: Path, paths: Sequence[str | Path], progress: Progress | None, *, keep_roots: bool
    ) -> LoadReport:
        roots: list[tuple[str, Path]] = [(BUNDLED_ROOT, bundled)]
        if keep_roots:
            try:
                kept = [row[0] for row in self.conn.execute("SELECT path FROM roots")]
            except sqlite3.DatabaseError:
                kept = []
            roots += [(p, Path(p)) for p in kept if Path(p).exists()]
        roots += [_root(p) for p in paths]
        return self._load_roots(roots, progress, bundled=bundled, fresh=True)

    def load(
        self, paths: Sequence[str | Path], bundled: Path, progress: Progress | None = None
    ) -> LoadReport:
        """Add or refresh the YAML files under `paths`; all or nothing."""
        return self._load_roots([_root(p) for p in paths], progress, bundled=bundled)

    def _load_roots(
        self,
        roots: Sequence[tuple[str, Path]],
        progress: Progress | None,
        *,
        bundled: Path,
        fresh: bool = False,
    ) -> LoadReport:
        from briefcli import loader

        files: dict[str, str] = {}  # path -> root
        for key, root in roots:
            for found in loader.discover([root]):
                files.setdefault(str(found), key)
        known: dict[str, tuple[str, str]] = {}
        if not fresh:
            rows = self.conn.execute(
                "SELECT path, root, digest FROM sources WHERE root IN (SELECT value FROM json_each(?)) "
                "OR path IN (SELECT value FROM json_each(?))",
                [json.dumps([key for key, _ in roots]), json.dumps(list(files))],
            )
            known = {row[0]: (row[1], row[2]) for row in rows}
        digests = {path: hashlib.sha256(_read(path)).hexdigest() for path in files}
        changed = [p for p in files if known.get(p, ("", ""))[1] != digests[p]]
        added = sum(p not in known for p in changed)
        updated, unchanged = len(changed) - added, len(files) - len(changed)
        root_keys = {key for key, _ in roots}
        gone = [p for p, (root, _) in known.items() if p not in files and root in root_keys]
        replaced = [p for p in changed if p in known] + gone
        problems: list[Problem] = []
        inserted = 0
        # One transaction for everything: briefings are parsed and inserted in batches, so a large
        # load holds a batch in memory rather than the whole collection, and any error rolls
        # all of it back after every problem has been collected.
        with self._writing() as db:
            if fresh:
                _drop_everything(self.conn)
                _migrations().apply(db)
                self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self._delete_sources(replaced)
            ids = loader.Ids()
            batch: list[Briefing] = []
            for done, path in enumerate(changed, 1):
                briefing, trouble = loader.parse(path, _read(path))
                problems += trouble
                duplicate = ids.duplicate(briefing) if briefing else None
                if duplicate:
                    problems.append(duplicate)
                elif briefing:
                    batch.append(briefing._replace(field_lines={}))  # the index keeps no line map
                if len(batch) >= BATCH or done == len(changed):
                    problems += self._clashes(batch)
                    if not any(p.severity == "error" for p in problems):
                        _insert(db, batch)
                        inserted += len(batch)
                    batch = []
                if progress:
                    progress(done, len(changed))
            if any(p.severity == "error" for p in problems):
                raise InvalidData(problems)
            db.table("sources").upsert_all(
                (
                    {"path": p, "root": files[p], "digest": digests[p]}
                    for p in files
                    if known.get(p) != (files[p], digests[p])
                ),
                pk="path",
            )
            user_roots = [{"path": key} for key, _ in roots if key != BUNDLED_ROOT]
            if user_roots:
                db.table("roots").upsert_all(user_roots, pk="path")
            if inserted or replaced or fresh:
                self.conn.execute("DELETE FROM words")
                self.conn.execute("INSERT INTO words SELECT term, length(term) FROM briefings_fts_vocab")
                self._write_adjacency()
            db.table("meta").upsert({"key": "bundled", "value": _fingerprint(bundled)}, pk="key")
            warnings = [p for p in problems if p.severity == "warning"] + self._dangling()
        return LoadReport(added, updated, unchanged, len(gone), warnings)

    def _write_adjacency(self) -> None:
        """Rebuild the graph arrays from the connections table (inside the load's transaction)."""
        months = dict(self.conn.execute("SELECT id, date FROM briefings"))
        edges = self.conn.execute(
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
        self.conn.execute("DELETE FROM graph_arrays")
        self.conn.executemany(
            "INSERT INTO graph_arrays (name, data) VALUES (?, ?)",
            [(k, v.tobytes()) for k, v in arrays.items()],
        )

    def adjacency(self) -> Adjacency:
        """The whole influence graph as arrays, read in one query."""
        kinds = {"ids": "q"}
        data = {
            name: array(kinds.get(name, "i"), blob)
            for name, blob in self.conn.execute("SELECT name, data FROM graph_arrays")
        }
        return Adjacency(**data)

    def _delete_sources(self, paths: Sequence[str]) -> None:
        if not paths:
            return
        chosen = "(SELECT id FROM briefings WHERE source IN (SELECT value FROM json_each(?)))"
        encoded = json.dumps(list(paths))
        for table, column in (
            ("concepts", "briefing_id"),
            ("orgs", "briefing_id"),
            ("tags", "briefing_id"),
            ("connections", "source_id"),
        ):
            self.conn.execute(f"DELETE FROM {table} WHERE {column} IN {chosen}", [encoded])
        self.conn.execute("DELETE FROM briefings WHERE source IN (SELECT value FROM json_each(?))", [encoded])
        self.conn.execute("DELETE FROM sources WHERE path IN (SELECT value FROM json_each(?))", [encoded])

    def _clashes(self, parsed: Sequence[Briefing]) -> list[Problem]:
        """Duplicate ids between new briefings and those already in the index (earlier batches too)."""
        by_id = {b.id: b for b in parsed}
        rows = self.conn.execute(
            "SELECT id, source, line FROM briefings WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(list(by_id))],
        )
        return [
            Problem(by_id[i].source or "?", by_id[i].line, "id", f"id {i} is already used by {source}:{line}")
            for i, source, line in rows
        ]

    def _dangling(self) -> list[Problem]:
        from briefcli.loader import dangling

        rows = self.conn.execute(
            "SELECT b.source, b.line, c.position, c.target_id FROM connections c "
            "JOIN briefings b ON b.id = c.source_id "
            "WHERE c.target_id NOT IN (SELECT id FROM briefings) ORDER BY b.source, c.position"
        )
        return [dangling(source, line, position, target) for source, line, position, target in rows]

    # -- queries ------------------------------------------------------------------------

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM briefings").fetchone()[0])

    def briefing(self, number: int) -> Briefing | None:
        row = self.conn.execute(f"SELECT {_COLUMNS} FROM briefings WHERE id = ?", [number]).fetchone()
        if row is None:
            return None
        concepts = self.conn.execute(
            "SELECT title, body FROM concepts WHERE briefing_id = ? ORDER BY position", [number]
        )
        connections = self.conn.execute(
            "SELECT target_id, relation, note FROM connections WHERE source_id = ? ORDER BY position",
            [number],
        )
        return _briefing(row)._replace(
            key_concepts=tuple(Concept(*c) for c in concepts),
            connections=tuple(Connection(*c) for c in connections),
        )

    def view(self, number: int) -> BriefingView | None:
        """A briefing with its connections both ways, the far end of each resolved."""
        briefing = self.briefing(number)
        if briefing is None:
            return None
        incoming = self.conn.execute(
            "SELECT source_id, relation, note FROM connections WHERE target_id = ? "
            "ORDER BY source_id, position",
            [number],
        ).fetchall()
        refs = self.refs([c.target for c in briefing.connections] + [row[0] for row in incoming])
        return BriefingView(
            briefing,
            outgoing=[Edge(refs[c.target], c.relation, c.note) for c in briefing.connections],
            incoming=[Edge(refs[s], relation, note) for s, relation, note in incoming],
        )

    def refs(self, numbers: Iterable[int]) -> dict[int, BriefingRef]:
        """Number, title and month for each number; missing ones come back marked missing."""
        wanted = sorted(set(numbers))
        found = {
            number: BriefingRef(number, title, Month.from_stored(date))
            for number, title, date in self.conn.execute(
                "SELECT id, title, date FROM briefings WHERE id IN (SELECT value FROM json_each(?))",
                [json.dumps(wanted)],
            )
        }
        return {n: found.get(n) or BriefingRef(n, "(missing)", None) for n in wanted}

    def find(
        self, filters: Filters = NO_FILTERS, sort: str = "id", limit: int | None = None
    ) -> list[Briefing]:
        where, params = filters.sql()
        order = {"id": "b.id", "date": "b.date, b.id", "title": "b.title COLLATE NOCASE, b.id"}[sort]
        sql = f"SELECT {_COLUMNS_B} FROM briefings b WHERE 1{where} ORDER BY {order}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [_briefing(row) for row in self.conn.execute(sql, params)]

    def exact(self, text: str) -> list[int]:
        """Briefings whose slug, title or an alias is exactly `text` (ignoring case)."""
        rows = self.conn.execute(
            "SELECT id FROM briefings WHERE slug = lower(?1) OR title = ?1 COLLATE NOCASE "
            "UNION SELECT b.id FROM briefings b, json_each(b.aliases) a WHERE a.value = ?1 COLLATE NOCASE",
            [text],
        )
        return sorted(row[0] for row in rows)

    def names(self) -> list[tuple[int, str]]:
        """Every (number, name) pair a loose reference may match: titles, aliases and slugs."""
        return self.conn.execute(
            "SELECT id, title FROM briefings UNION ALL SELECT id, slug FROM briefings "
            "UNION ALL SELECT b.id, a.value FROM briefings b, json_each(b.aliases) a"
        ).fetchall()

    def influence(self, numbers: Iterable[int]) -> dict[int, int]:
        """How many briefings say they were influenced by each of `numbers` (absent when none)."""
        rows = self.conn.execute(
            "SELECT target_id, count(*) FROM connections WHERE relation = ? "
            "AND target_id IN (SELECT value FROM json_each(?)) GROUP BY target_id",
            [INFLUENCED_BY, json.dumps(list(numbers))],
        )
        return dict(rows.fetchall())

    def nearest_numbers(self, number: int, limit: int = 2) -> list[BriefingRef]:
        rows = self.conn.execute(
            "SELECT id, title, date FROM briefings ORDER BY abs(id - ?), id LIMIT ?", [number, limit]
        )
        return [BriefingRef(i, t, Month.from_stored(d)) for i, t, d in rows]

    def edges(self, numbers: Iterable[int] | None = None) -> list[tuple[int, int, str, str | None]]:
        """(source, target, relation, note) for every connection, or those among `numbers`."""
        sql = "SELECT source_id, target_id, relation, note FROM connections"
        params: list[Any] = []
        if numbers is not None:
            chosen = "(SELECT value FROM json_each(?1))"
            sql += f" WHERE source_id IN {chosen} AND target_id IN {chosen}"
            params.append(json.dumps(sorted(set(numbers))))
        return self.conn.execute(sql + " ORDER BY source_id, position", params).fetchall()

    def most_cited(self, limit: int) -> list[tuple[BriefingRef, int]]:
        """The briefings most others say they were influenced by, with that count."""
        rows = self.conn.execute(
            "SELECT b.id, b.title, b.date, count(*) AS cited FROM connections c "
            "JOIN briefings b ON b.id = c.target_id WHERE c.relation = ? "
            "GROUP BY b.id ORDER BY cited DESC, b.id LIMIT ?",
            [INFLUENCED_BY, limit],
        )
        return [(BriefingRef(i, t, Month.from_stored(d)), n) for i, t, d, n in rows]

    def counts(self, what: str) -> list[tuple[str, int]]:
        """How many briefings per category, organisation or year, most first."""
        sql = {
            "category": "SELECT category, count(*) FROM briefings GROUP BY 1",
            "org": "SELECT org, count(*) FROM orgs GROUP BY 1",
            "year": "SELECT substr(date, 1, 4), count(*) FROM briefings GROUP BY 1",
        }[what]
        order = "1" if what == "year" else "2 DESC, 1"
        return self.conn.execute(f"{sql} ORDER BY {order}").fetchall()

    def unconnected(self) -> list[BriefingRef]:
        """Briefings with no connection in either direction (dangling ones do not count)."""
        rows = self.conn.execute(
            "SELECT id, title, date FROM briefings b "
            "WHERE NOT EXISTS (SELECT 1 FROM connections c WHERE c.source_id = b.id "
            "                  AND c.target_id IN (SELECT id FROM briefings)) "
            "AND NOT EXISTS (SELECT 1 FROM connections c WHERE c.target_id = b.id) ORDER BY id"
        )
        return [BriefingRef(i, t, Month.from_stored(d)) for i, t, d in rows]

    def neighbours(self, direction: str) -> Callable[[int], list[int]]:
        """A function giving the briefings one `influenced_by` step up- or downstream of a number."""
        near, far, order = _DIRECTIONS[direction]
        sql = f"SELECT {far} FROM connections WHERE {near} = ? AND relation = ? ORDER BY {order}"

        def step(number: int) -> list[int]:
            return [row[0] for row in self.conn.execute(sql, [number, INFLUENCED_BY])]

        return step


# upstream: from a briefing to what influenced it; downstream: to what it influenced.
# (column of the briefing we are at, column of the one we step to, order of the steps)
_DIRECTIONS = {
    "upstream": ("source_id", "target_id", "position"),
    "downstream": ("target_id", "source_id", "source_id"),
}


# -- helpers -------------------------------------------------------------------------------

_FIELDS = (
    "id",
    "slug",
    "title",
    "tagline",
    "date",
    "category",
    "arxiv",
    "summary",
    "org",
    "tags",
    "aliases",
    "links",
    "source",
    "line",
)
_COLUMNS = ", ".join(_FIELDS)
_COLUMNS_B = ", ".join(f"b.{name}" for name in _FIELDS)


def _briefing(row: Sequence[Any]) -> Briefing:
    (
        number,
        slug,
        title,
        tagline,
        date,
        category,
        arxiv,
        summary,
        org,
        tags,
        aliases,
        links,
        source,
        line,
    ) = row
    return Briefing(
        id=number,
        title=title,
        date=Month.from_stored(date),
        category=category,
        summary=summary,
        tagline=tagline or "",
        org=tuple(json.loads(org)),
        tags=tuple(json.loads(tags)),
        arxiv=arxiv,
        links=tuple(Link(**link) for link in json.loads(links)),
        aliases=tuple(json.loads(aliases)),
        slug=slug,
        source=source,
        line=line,
    )


def _insert(db: Database, briefings: Sequence[Briefing]) -> None:
    db.table("briefings").insert_all(
        (
            {
                "id": b.id,
                "slug": b.slug,
                "title": b.title,
                "tagline": b.tagline,
                "date": str(b.date),
                "category": b.category,
                "arxiv": b.arxiv,
                "summary": b.summary,
                "org": json.dumps(b.org),
                "tags": json.dumps(b.tags),
                "aliases": json.dumps(b.aliases),
                "names": _names(b),
                "links": json.dumps([{"label": link.label, "url": link.url} for link in b.links]),
                "concepts": "\n".join(f"{c.title}\n{c.body}" for c in b.key_concepts),
                "source": b.source,
                "line": b.line,
            }
            for b in briefings
        ),
        batch_size=500,
    )
    db.table("concepts").insert_all(
        {"briefing_id": b.id, "position": i, "title": c.title, "body": c.body}
        for b in briefings
        for i, c in enumerate(b.key_concepts)
    )
    db.table("orgs").insert_all(
        ({"briefing_id": b.id, "org": org} for b in briefings for org in b.org), ignore=True
    )
    db.table("tags").insert_all(
        ({"briefing_id": b.id, "tag": tag} for b in briefings for tag in b.tags), ignore=True
    )
    db.table("connections").insert_all(
        {"source_id": b.id, "target_id": c.target, "relation": c.relation, "note": c.note, "position": i}
        for b in briefings
        for i, c in enumerate(b.connections)
    )


def _month_number(date: str | None) -> int:
    return -1 if date is None else Month.from_stored(date).number


def _names(briefing: Briefing) -> str:
    """Aliases for the full-text index, plus run-together forms ("GPT-3" -> "GPT3", "SB 53" -> "SB53")
    so that a query typed without the hyphen or space still matches a single indexed word."""
    names = list(briefing.aliases)
    for name in (briefing.title, *briefing.aliases):
        compact = re.sub(r"[\W_]+", "", name)
        if compact != name and 1 < len(compact) <= 12 and compact not in names:
            names.append(compact)
    return "; ".join(names)


def _drop_everything(conn: sqlite3.Connection) -> None:
    # Dropping the FTS table first takes its shadow tables with it.
    rows = conn.execute(
        "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
        "ORDER BY name NOT LIKE '%_fts', type = 'table'"
    ).fetchall()
    for kind, name in rows:
        if (
            kind in ("table", "view", "trigger")
            and conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [name]).fetchone()
        ):
            conn.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')


def _connect(path: Path) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=10)
        conn.execute("PRAGMA busy_timeout = 10000")
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = wal")
    except sqlite3.DatabaseError as error:
        raise _unusable(path, error) from None
    except OSError as error:
        raise IndexUnusable(f"Cannot open the index at {path}: {error.strerror}.") from None
    return conn


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise BriefError(f"Cannot read {path}: {error.strerror}.") from None


def _root(given: str | Path) -> tuple[str, Path]:
    path = Path(given).expanduser()
    if not path.exists():
        raise BriefError(f"No such file or directory: {given}")
    resolved = path.resolve()
    return str(resolved), resolved


def _fingerprint(bundled: Path) -> str:
    """Names, sizes and modification times of the bundled files: cheap, and changes on upgrade."""
    entries = (
        sorted(
            (entry.name, entry.stat().st_size, entry.stat().st_mtime_ns)
            for entry in os.scandir(bundled)
            if entry.name.endswith((".yaml", ".yml"))
        )
        if bundled.is_dir()
        else []
    )
    return json.dumps([str(bundled), entries])


def _is_sqlite(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(16) == b"SQLite format 3\x00"


def _unusable(path: Path, error: sqlite3.DatabaseError) -> IndexUnusable:
    return IndexUnusable(
        f"The index at {path} cannot be read ({error}). It holds nothing that is not in the YAML "
        "sources: run `brief load --rebuild` to make it again."
    )


def _foreign(path: Path) -> IndexUnusable:
    return IndexUnusable(
        f"{path} is a SQLite database that brief did not create; it was left untouched. "
        "Choose another file with --db or BRIEF_DB."
    )
