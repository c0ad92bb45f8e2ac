"""The roots of a collection: list them, re-read them all, forget one; and what the index holds
for checking files against the rest of the collection.

A root is a path given to `brief load` (the `roots` table); the bundled corpus is the root
BUNDLED_ROOT in `sources`, and is left out of the index only by `brief load --rebuild
--no-bundled`, never by unload.
"""

# Annotations evaluated, as in core/models.py: NamedTuple compiles those written as strings.

import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from briefcli.core.models import Month, Problem, Progress
from briefcli.index import read, rows, schema
from briefcli.index.bundled import BUNDLED_ROOT
from briefcli.index.read import Store
from briefcli.index.write import LoadReport, Writer
from briefcli.sources import collection as sources_collection
from briefcli.sources import files, loader

if TYPE_CHECKING:
    from _typeshed import StrPath


class Root(NamedTuple):
    path: str  # BUNDLED_ROOT for the bundled corpus
    briefings: int
    exists: bool

    @property
    def bundled(self) -> bool:
        return self.path == BUNDLED_ROOT


def roots(store: Store) -> list[Root]:
    """The bundled corpus (when the index holds it), then every loaded root, with its count."""
    counts = dict(
        store.conn.execute(
            "SELECT s.root, count(b.id) FROM sources s LEFT JOIN briefings b ON b.source = s.path "
            "GROUP BY s.root"
        )
    )
    found = [Root(BUNDLED_ROOT, counts[BUNDLED_ROOT], True)] if BUNDLED_ROOT in counts else []
    for (path,) in store.conn.execute("SELECT path FROM roots ORDER BY path"):
        found.append(Root(path, counts.get(path, 0), Path(path).exists()))
    return found


def loaded(store: Store) -> list[str]:
    return [row[0] for row in store.conn.execute("SELECT path FROM roots ORDER BY path")]


def collection(store: Store) -> dict[int, tuple[Month, str, int | None]]:
    """Every briefing in the index: its month, source file and line."""
    return {
        number: (Month.from_stored(date), source, line)
        for number, date, source, line in store.conn.execute("SELECT id, date, source, line FROM briefings")
    }


def collection_as_found(path: "StrPath", bundled: "StrPath") -> dict[int, tuple[Month, str, int | None]]:
    """The collection in the index at `path`, read without changing it; with no usable index,
    the bundled corpus as it ships."""
    conn = read.open_quietly(path)
    if conn is not None:
        try:
            with closing(conn):
                return collection(Store(path, conn))
        except sqlite3.Error:
            pass  # written by another version of brief: the bundled corpus stands in
    found = {}
    for file in files.discover([os.fspath(bundled)]):
        briefing, _ = loader.parse(str(file), file.read_bytes())
        if briefing is not None:
            found[briefing.id] = (briefing.date, str(file), briefing.line)
    return found


def highest_id(store: Store) -> int:
    return int(store.conn.execute("SELECT coalesce(max(id), 0) FROM briefings").fetchone()[0])


def newest_id(store: Store) -> int | None:
    row = store.conn.execute("SELECT id FROM briefings ORDER BY date DESC, id DESC LIMIT 1").fetchone()
    return int(row[0]) if row else None


def slug_taken(store: Store, slug: str) -> bool:
    return store.conn.execute("SELECT 1 FROM briefings WHERE slug = ?", [slug]).fetchone() is not None


class Collection(Writer):
    """Writes that concern whole roots; each is one transaction, as every load is."""

    def refresh(self, bundled: "StrPath", progress: Progress | None = None) -> tuple[LoadReport, list[str]]:
        """Re-read every loaded root; a root that is gone loses its briefings (and is listed)."""
        keys = loaded(self.store)
        report = self.load_roots([(key, Path(key)) for key in keys], progress, bundled=bundled)
        return report, [key for key in keys if not Path(key).exists()]

    def unload(self, key: str) -> tuple[int, list[Problem]]:
        """Forget a loaded root and its briefings; return how many went and the links left dangling."""
        with self._writing():
            files = [row[0] for row in self.conn.execute("SELECT path FROM sources WHERE root = ?", [key])]
            gone = [
                row[0]
                for row in self.conn.execute(
                    "SELECT id FROM briefings WHERE source IN (SELECT path FROM sources WHERE root = ?)",
                    [key],
                )
            ]
            rows.delete_sources(self.conn, files)
            self.conn.execute("DELETE FROM roots WHERE path = ?", [key])
            self.conn.execute("DELETE FROM words")
            vocabulary = schema.vocabulary(self.conn)
            self.conn.execute(f"INSERT INTO words SELECT term, length(term) FROM {vocabulary}")
            rows.write_adjacency(self.conn)
            found = self.conn.execute(
                "SELECT b.source, b.line, c.position, c.target_id FROM connections c "
                "JOIN briefings b ON b.id = c.source_id "
                "WHERE c.target_id IN (SELECT value FROM json_each(?)) ORDER BY b.source, c.position",
                [json.dumps(gone)],
            )
            warnings = [sources_collection.dangling(*row) for row in found]
        removed = len(gone)
        return int(removed), warnings
