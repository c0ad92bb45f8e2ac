"""The write path: open or create an index, and load YAML sources into it atomically.

Every write happens inside one BEGIN IMMEDIATE transaction (DDL included), so a failed or
interrupted load leaves the previous index as it was. A load is incremental: files whose
SHA-256 is unchanged are not parsed again.
"""

# Annotations evaluated, as in core/models.py: NamedTuple compiles those written as strings, and
# the first such compile() sets up the ast module, about 11 million instructions of every command.
import gc
import json
import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext, suppress
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from briefcli.core.errors import BriefError, IndexDamaged, InvalidData
from briefcli.core.models import Briefing, Problem, Progress
from briefcli.index import checks, guard, rows, schema
from briefcli.index.bundled import BUNDLED_ROOT, WITHOUT_BUNDLED, fingerprint
from briefcli.index.read import Store

if TYPE_CHECKING:
    from _typeshed import StrPath
    from sqlite_utils import Database

BATCH = 1000  # briefings parsed and inserted at a time during a load
# Staged briefings copied into the full-text-indexed table at a time (index/rows.py): each copy
# writes at least one segment of the full-text index, while the staged text waits in memory.
COPY_EVERY = 5000
TABLES = ("briefings", "orgs", "tags", "connections", "sources")  # what a load writes
RACY_NS = 2_000_000_000  # a file modified this recently may change again within one time stamp


class LoadReport(NamedTuple):
    added: int
    updated: int
    unchanged: int
    removed: int
    warnings: list[Problem]


def rebuild(
    path: "StrPath",
    bundled: "StrPath",
    paths: "Sequence[StrPath]",
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
            for leftover in (path, f"{path}-wal", f"{path}-shm"):
                Path(leftover).unlink(missing_ok=True)
    raise AssertionError("unreachable")


class Writer:
    """Writes to an open index; every public method is one transaction."""

    def __init__(self, store: Store):
        self.store = store
        self.path = store.path
        self.conn = store.conn

    @contextmanager
    def _writing(self) -> Iterator["Database"]:
        """One IMMEDIATE transaction around everything, DDL included; rolled back on any error."""
        from sqlite_utils import Database

        # The index can always be made again from its sources: a commit that reaches the log but
        # not the disk before a power cut costs a load, not the file (safe in WAL mode).
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA cache_size = -65536")  # 64 MB: a large load keeps its pages
        self.conn.execute("PRAGMA temp_store = MEMORY")  # the staged rows of a batch (index/rows.py)
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
        bundled: "StrPath",
        paths: "Sequence[StrPath]",
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
        roots: list[tuple[str, StrPath]] = [(BUNDLED_ROOT, bundled)] if with_bundled else []
        roots += [(p, Path(p)) for p in kept if Path(p).exists()]
        roots += [_root(p) for p in paths]
        return self.load_roots(roots, progress, bundled=bundled, fresh=True)

    def load(
        self, paths: "Sequence[StrPath]", bundled: "StrPath", progress: Progress | None = None
    ) -> LoadReport:
        """Add or refresh the YAML files under `paths`; all or nothing."""
        return self.load_roots([_root(p) for p in paths], progress, bundled=bundled)

    def load_roots(
        self,
        roots: "Sequence[tuple[str, StrPath]]",
        progress: Progress | None,
        *,
        bundled: "StrPath",
        fresh: bool = False,
    ) -> LoadReport:
        from briefcli.sources import files as on_disk

        files: dict[str, str] = {}  # path -> root
        stats: dict[str, rows.Stat] = {}  # path -> its Stat as discovery saw it
        skipped: list[Problem] = []  # what discovery passed over, reported with the warnings
        for key, root in roots:  # a root deleted since it was loaded has no files left
            found = on_disk.listing([os.fspath(root)], skipped) if os.path.lexists(root) else {}
            for path, status in found.items():
                files.setdefault(path, key)
                stats.setdefault(path, status)
        known = {} if fresh else _known(self.conn, roots, files)
        root_keys = {key for key, _ in roots}
        gone = [p for p, source in known.items() if p not in files and source[0] in root_keys]
        # Unchanged by size, time and inode, and under the same root: not read at all.
        to_read = [p for p in files if known.get(p, ("",))[0] != files[p] or known[p][2] != stats[p]]
        bundled_meta = fingerprint(bundled) if BUNDLED_ROOT in root_keys else WITHOUT_BUNDLED
        if not (fresh or to_read or gone or set(root_keys) - self._roots()) and (
            BUNDLED_ROOT not in root_keys or self.store.meta("bundled") == bundled_meta
        ):
            return LoadReport(0, 0, len(files), 0, skipped)  # nothing read, nothing to write
        with self._writing() as db, _collector_paused():
            if fresh:
                schema.drop_everything(self.conn)
                schema.migrations().apply(db)
                self.conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
                self.conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
            lines: checks.Lines = {}  # each connection's line, by briefing read
            counts, problems = self._sync(files, known, stats, to_read, gone, progress, lines)
            user_roots = [(key,) for key, _ in roots if key != BUNDLED_ROOT]
            self.conn.executemany("INSERT OR IGNORE INTO roots (path) VALUES (?)", user_roots)
            if counts[0] or counts[1] or gone or fresh:
                self.conn.execute("DELETE FROM words")
                vocabulary = schema.vocabulary(self.conn)
                self.conn.execute(f"INSERT INTO words SELECT term, length(term) FROM {vocabulary}")
                rows.write_adjacency(self.conn)
                if circles := checks.cycles(self.store, lines):
                    raise InvalidData(problems + circles)
            if root_keys & {BUNDLED_ROOT} or fresh:
                self.conn.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('bundled', ?)", [bundled_meta]
                )
            warnings = (
                skipped + [p for p in problems if p.severity == "warning"] + checks.dangling(self.conn, lines)
            )
        # The log now holds a copy of every page written (a cold load of 100,000 files: 400 MB)
        # and SQLite keeps the file at that size for reuse; the commit copied its pages into the
        # index, so emptying it is cheap. A reader busy with it leaves it as it is, which is safe.
        with suppress(sqlite3.DatabaseError):  # the load is committed whatever happens here
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        added, updated = counts
        return LoadReport(added, updated, len(files) - added - updated, len(gone), warnings)

    def _sync(
        self,
        files: dict[str, str],
        known: dict[str, tuple[str, str, rows.Stat | None]],
        stats: dict[str, rows.Stat],
        to_read: list[str],
        gone: list[str],
        progress: Progress | None,
        lines: checks.Lines,
    ) -> tuple[tuple[int, int], list[Problem]]:
        """Read each file once, hash and parse those bytes, and store what changed; all problems."""
        from briefcli.sources import collection, scan

        rows.delete_sources(self.conn, gone)
        seen: list[tuple[str, str, str, rows.Stat | None]] = []
        racy = time.time_ns() - RACY_NS
        digests = {path: known[path][1] for path in to_read if path in known}

        def read(paths: list[str]) -> Iterator[scan.Scanned]:
            """Each file scanned, in order, its source row noted."""
            for item in scan.scan_all(paths, digests):
                # A file written within the clock's resolution of this load may change again
                # without its time moving: keep no stat for it, so the next load hashes it.
                stat = stats[item.path] if stats[item.path][1] < racy else None
                seen.append((item.path, files[item.path], item.digest, stat))
                yield item

        # The old rows of a changed file go before any new row, which may reuse its id: the files
        # stored before are read first, in the same scan, and only those that changed wait here.
        stored = [path for path in to_read if path in known]
        scanned = read(stored + [path for path in to_read if path not in known])
        replaced = [item for item in islice(scanned, len(stored)) if item.changed]
        rows.delete_sources(self.conn, [item.path for item in replaced])
        changed = chain(replaced, (item for item in scanned if item.changed))
        problems: list[Problem] = []
        ids = collection.Ids()
        batch: list[Briefing] = []
        count = staged = 0
        bulk = len(to_read) > self.store.count()  # more rows to add than there are
        with rows.indexes_deferred(self.conn, TABLES) if bulk else nullcontext():
            for _, _, _, briefing, trouble in changed:
                count += 1
                problems += trouble
                duplicate = ids.duplicate(briefing) if briefing else None
                if duplicate:
                    problems.append(duplicate)
                elif briefing:
                    lines[briefing.id] = _connection_lines(briefing)
                    batch.append(briefing)
                if len(batch) >= BATCH:
                    _insert(self.conn, batch, problems)
                    staged, batch = staged + len(batch), []
                if staged >= COPY_EVERY:
                    rows.copy_staged(self.conn)
                    staged = 0
                if progress and count % 64 == 0 and len(seen) < len(to_read):
                    progress(len(seen), len(to_read))  # often enough for the eye
            if progress:
                progress(len(seen), len(to_read))
            _insert(self.conn, batch, problems)
            if any(p.severity == "error" for p in problems):
                raise InvalidData(problems)
            rows.copy_staged(self.conn)
            rows.record_sources(self.conn, seen)
        return (count - len(replaced), len(replaced)), problems

    def _roots(self) -> set[str]:
        return {row[0] for row in self.conn.execute("SELECT path FROM roots")} | {BUNDLED_ROOT}


def _known(
    conn: sqlite3.Connection, roots: "Sequence[tuple[str, StrPath]]", files: dict[str, str]
) -> dict[str, tuple[str, str, rows.Stat | None]]:
    """What the index remembers of these roots and files: root, digest and stat, by path."""
    # By root, then by path only for the files not found so (new, or moved in from another
    # root): one query with an OR also looked up every path of an unchanged load, one by one.
    query = (
        "SELECT path, root, digest, size, mtime_ns, inode FROM sources "
        "WHERE {} IN (SELECT value FROM json_each(?))"
    )
    known: dict[str, tuple[str, str, rows.Stat | None]] = {}
    for column, values in (("root", [key for key, _ in roots]), ("path", files)):
        wanted = [value for value in values if value not in known]
        if wanted:
            for path, root, digest, size, mtime, inode in conn.execute(
                query.format(column), [json.dumps(wanted)]
            ):
                known[path] = (root, digest, None if size is None else (size, mtime, inode))
    return known


def _insert(conn: sqlite3.Connection, batch: list[Briefing], problems: list[Problem]) -> None:
    """Store a batch unless an error was found: the load then fails, but goes on to find more."""
    problems += rows.clashes(conn, batch)
    if batch and not any(p.severity == "error" for p in problems):
        rows.stage(conn, batch)


def _connection_lines(briefing: Briefing) -> tuple[int | None, ...]:
    return tuple(briefing.line_of(f"connections.{i}") for i in range(len(briefing.connections)))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection during a load, which makes no cycles and frees by refcount.

    Every node tree and briefing of a load is freed as soon as it is stored; the collector's
    passes over the objects that live on (the lines and sources of every file) found nothing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _root(given: "StrPath") -> tuple[str, Path]:
    path = Path(given).expanduser()
    if not path.exists():
        raise BriefError(f"No such file or directory: {given}")
    resolved = path.resolve()
    return str(resolved), resolved


def settle(store: Store) -> None:
    """Copy every committed change from the write-ahead log into the file itself.

    A reader that opens the file as immutable (Datasette's immutable mode, `brief serve`) reads
    the file alone: SQLite then ignores the log, and without this would miss the latest load.
    """
    busy, logged, copied = store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy or logged != copied:
        raise BriefError(f"The index at {store.path} is being written to; try again once that finishes.")
