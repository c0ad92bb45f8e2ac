"""The write path: open or create an index, and load YAML sources into it atomically.

Every write happens inside one BEGIN IMMEDIATE transaction (DDL included), so a failed or
interrupted load leaves the previous index as it was. A load is incremental: files whose
SHA-256 is unchanged are not parsed again.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import sqlite3
from array import array
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from briefcli.core.errors import BriefError, IndexDamaged, InvalidData
from briefcli.core.models import INFLUENCED_BY, Briefing, Month, Problem, Progress
from briefcli.index import checks, guard, schema
from briefcli.index.read import Store

if TYPE_CHECKING:
    from sqlite_utils import Database

BUNDLED_ROOT = ":bundled:"
# meta "bundled" holds the bundled corpus's fingerprint, or this for an index built without it
# (`brief load --rebuild --no-bundled`), so that later commands do not add it back.
WITHOUT_BUNDLED = "off"
BATCH = 1000  # briefings parsed and inserted at a time during a load


class LoadReport(NamedTuple):
    added: int
    updated: int
    unchanged: int
    removed: int
    warnings: list[Problem]


def open_index(path: Path, bundled: Path, progress: Progress | None = None) -> Store:
    """Open the index at `path`, creating or refreshing it from `bundled` when needed."""
    store = Store(path, schema.connect(path))
    state = schema.state(store.conn, path)
    if state != "current":
        Writer(store).rebuild_roots(bundled, [], progress, keep_roots=state == "stale")
    elif not guard.writable(path):
        pass  # a read-only index is read as it is, even when the bundled corpus is newer
    elif (stored := store.meta("bundled")) != WITHOUT_BUNDLED and stored != _fingerprint(bundled):
        Writer(store).load_roots([(BUNDLED_ROOT, bundled)], progress, bundled=bundled)
    return store


def rebuild(
    path: Path,
    bundled: Path,
    paths: Sequence[str | Path],
    progress: Progress | None = None,
    *,
    with_bundled: bool = True,
) -> tuple[Store, LoadReport]:
    """Start afresh: the bundled corpus (unless not `with_bundled`) and `paths`, forgetting the rest."""
    for attempt in (1, 2):
        conn = None
        try:
            conn = schema.connect(path)  # refuses, untouched, any file that is not brief's
            store = Store(path, conn)
            schema.state(conn, path)
            writer = Writer(store)
            return store, writer.rebuild_roots(
                bundled, paths, progress, keep_roots=False, with_bundled=with_bundled
            )
        except IndexDamaged:
            if attempt == 2:
                raise
            if conn is not None:
                conn.close()
            # brief's own index (its header says so), damaged: nothing in it can be lost
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
    raise AssertionError("unreachable")


class Writer:
    """Writes to an open index; every public method is one transaction."""

    def __init__(self, store: Store):
        self.store = store
        self.path = store.path
        self.conn = store.conn

    @contextmanager
    def _writing(self) -> Iterator[Database]:
        """One IMMEDIATE transaction around everything, DDL included; rolled back on any error."""
        from sqlite_utils import Database

        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as error:
            raise guard.explain(error, self.path) from None
        try:
            yield Database(self.conn)
            self.conn.execute("COMMIT")
        except BaseException as error:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(error, sqlite3.DatabaseError):  # a full disk, a lock...: say which
                raise guard.explain(error, self.path) from None
            raise

    def rebuild_roots(
        self,
        bundled: Path,
        paths: Sequence[str | Path],
        progress: Progress | None,
        *,
        keep_roots: bool,
        with_bundled: bool = True,
    ) -> LoadReport:
        """Make the index again; `keep_roots` keeps the roots (and the choice of bundled) it had."""
        kept: list[str] = []
        if keep_roots:
            try:
                kept = [row[0] for row in self.conn.execute("SELECT path FROM roots")]
                with_bundled = self.store.meta("bundled") != WITHOUT_BUNDLED
            except sqlite3.DatabaseError:
                kept = []
        roots: list[tuple[str, Path]] = [(BUNDLED_ROOT, bundled)] if with_bundled else []
        roots += [(p, Path(p)) for p in kept if Path(p).exists()]
        roots += [_root(p) for p in paths]
        return self.load_roots(roots, progress, bundled=bundled, fresh=True)

    def load(
        self, paths: Sequence[str | Path], bundled: Path, progress: Progress | None = None
    ) -> LoadReport:
        """Add or refresh the YAML files under `paths`; all or nothing."""
        return self.load_roots([_root(p) for p in paths], progress, bundled=bundled)

    def load_roots(
        self,
        roots: Sequence[tuple[str, Path]],
        progress: Progress | None,
        *,
        bundled: Path,
        fresh: bool = False,
    ) -> LoadReport:
        from briefcli.sources import files as on_disk
        from briefcli.sources import loader

        files: dict[str, str] = {}  # path -> root
        skipped: list[Problem] = []  # what discovery passed over, reported with the warnings
        for key, root in roots:
            for found in on_disk.discover([root], skipped):
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
                schema.drop_everything(self.conn)
                schema.migrations().apply(db)
                self.conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
                self.conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
            self._delete_sources(replaced)
            ids = loader.Ids()
            batch: list[Briefing] = []
            lines: dict[int, tuple[int | None, ...]] = {}  # each connection's line, by briefing read
            for done, path in enumerate(changed, 1):
                briefing, trouble = loader.parse(path, _read(path))
                problems += trouble
                duplicate = ids.duplicate(briefing) if briefing else None
                if duplicate:
                    problems.append(duplicate)
                elif briefing:
                    lines[briefing.id] = _connection_lines(briefing)
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
                vocabulary = schema.vocabulary(self.conn)
                self.conn.execute(f"INSERT INTO words SELECT term, length(term) FROM {vocabulary}")
                self._write_adjacency()
                if circles := checks.cycles(self.store, lines):
                    raise InvalidData(problems + circles)
            if root_keys & {BUNDLED_ROOT} or fresh:
                fingerprint = _fingerprint(bundled) if BUNDLED_ROOT in root_keys else WITHOUT_BUNDLED
                db.table("meta").upsert({"key": "bundled", "value": fingerprint}, pk="key")
            warnings = (
                skipped + [p for p in problems if p.severity == "warning"] + checks.dangling(self.conn, lines)
            )
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
                "featured": int(b.featured),
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


def _connection_lines(briefing: Briefing) -> tuple[int | None, ...]:
    return tuple(briefing.line_of(f"connections.{i}") for i in range(len(briefing.connections)))


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


def _read(path: str) -> bytes:
    from briefcli.sources import files

    return files.read(path)


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
            if entry.name.lower().endswith((".yaml", ".yml"))
        )
        if bundled.is_dir()
        else []
    )
    return json.dumps([str(bundled), entries])


def settle(store: Store) -> None:
    """Copy every committed change from the write-ahead log into the file itself.

    A reader that opens the file as immutable (Datasette's immutable mode, `brief serve`) reads
    the file alone: SQLite then ignores the log, and without this would miss the latest load.
    """
    busy, logged, copied = store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy or logged != copied:
        raise BriefError(f"The index at {store.path} is being written to; try again once that finishes.")
