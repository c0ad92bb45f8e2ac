"""The index's schema: named migrations, and how a file is opened and recognised as ours.

The index is rebuildable: YAML files are the source of truth, and every row here can be made
again from them. Tables:

- briefings: one row per briefing; `org`, `tags`, `aliases`, `links` hold JSON arrays;
  `concepts` (the key concepts, each title and body on lines of their own) and `names` (the
  aliases, also run together) are text for the full-text index; `concept_spans` says where each
  concept's title and body lie in `concepts`.
- concepts: a view of each key concept as a row (briefing_id, position, title, body), cut out of
  briefings.concepts by concept_spans, so that the text is stored once (migration 008).
- orgs, tags, connections: the same data normalised, for filters and the graph; their foreign
  keys to briefings are declared (for Datasette's links) but not enforced. WITHOUT ROWID
  tables, clustered by their primary keys.
- briefings_fts: an FTS5 index over briefings made by sqlite-utils' enable_fts (kept in sync by
  its triggers), so `sqlite-utils search` and Datasette can search the file directly. It is an
  external-content index (`content="briefings"`): it keeps the words' positions, never a copy of
  the text.
- sources: every file loaded, with its SHA-256, so loading again parses only what changed.
- roots: the paths given to `brief load`, so a rebuild can read them again.
- words: every term in the full-text index, for prefix checks and typo correction, copied at
  each load from an fts5vocab table that exists only in the loading connection (vocabulary());
  a WITHOUT ROWID table, so each term is stored once, in order.
- graph_arrays: the influence graph as arrays, for walks (core.models.Adjacency).
- meta: the fingerprint of the bundled corpus, to notice an upgrade cheaply, or "off" for an
  index built with `--no-bundled`, which holds only the user's own sources.

The schema is a list of named migrations; `PRAGMA user_version` records how many ran and
`PRAGMA application_id` marks the file as brief's. An index written by another version is
rebuilt from its sources rather than read.
"""

from __future__ import annotations

import os
import sqlite3
from typing import TYPE_CHECKING, Any

from briefcli.core.errors import IndexUnusable
from briefcli.index import guard

if TYPE_CHECKING:
    from _typeshed import StrPath
    from sqlite_utils import Database

# sqlite3's errors, for the error boundary above, which imports no sqlite3 of its own.
DatabaseError = sqlite3.DatabaseError

APPLICATION_ID = guard.APPLICATION_ID
FTS_COLUMNS = ("title", "names", "tagline", "tags", "org", "summary", "concepts")


def migrations() -> Any:
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
        # A plain copy of the vocabulary: fts5vocab computes document counts as it scans, so a
        # lookup there costs a pass over a posting list; this table answers by B-tree.
        db.table("words").create({"term": str, "length": int}, pk="term")
        db.table("words").create_index(["length"])

    @migrations(name="003_graph_arrays")
    def create_graph_arrays(db: Database) -> None:
        # The influence graph as arrays (models.Adjacency), rewritten by every load: reading
        # 300,000 connections row by row into Python takes longer than a whole trace may.
        db.table("graph_arrays").create({"name": str, "data": bytes}, pk="name")

    @migrations(name="004_source_stats")
    def add_source_stats(db: Database) -> None:
        # Size, modification time and inode of each source as last read: a re-load skips a file
        # whose three are unchanged without reading it, as git's index does.
        for column in ("size", "mtime_ns", "inode"):
            db.table("sources").add_column(column, int)

    @migrations(name="005_foreign_keys")
    def declare_foreign_keys(db: Database) -> None:
        # Declared for readers (Datasette links each row to its briefing and shows its title), never
        # enforced: a connection may name a briefing that is not loaded (a warning, not an error),
        # so brief leaves PRAGMA foreign_keys off.
        for table, column in FOREIGN_KEYS:
            db.table(table).transform(add_foreign_keys=[(column, "briefings", "id")])

    @migrations(name="006_featured")
    def add_featured(db: Database) -> None:
        # The explorer's star: 1 for a featured briefing, 0 otherwise.
        db.table("briefings").add_column("featured", int, not_null_default=0)

    @migrations(name="007_category_index")
    def index_categories(db: Database) -> None:
        # Completing --category reads the distinct categories on every Tab press: from this
        # index, not from a scan of every briefing's row.
        db.table("briefings").create_index(["category"])

    @migrations(name="008_text_once")
    def store_text_once(db: Database) -> None:
        # The key concepts were stored twice: as rows of a concepts table and run together in
        # briefings.concepts for the full-text index, a third of the file. The full-text index must
        # read its columns from briefings (content="briefings" is how sqlite-utils and Datasette
        # find it), so the text stays there and concepts becomes a view that cuts it up.
        db.execute("DROP TABLE concepts")
        db.table("briefings").add_column("concept_spans", str)
        db.execute(CONCEPTS_VIEW)
        # The vocabulary clustered by term, stored once: with a rowid and an index on length, each
        # term was kept twice, and a typo's candidates (a first letter and a range of lengths) were
        # read through the length index, 38,000 rows at 100,000 briefings to return a few hundred.
        db.execute("DROP TABLE words")
        db.execute("CREATE TABLE words (term TEXT PRIMARY KEY, length INTEGER) WITHOUT ROWID")
        # Tables keyed by (briefing, something) kept that key twice, in the rows and in an index
        # beside them; clustered by it, they keep it once and are read in the same order.
        for table in ("orgs", "tags", "connections"):
            _cluster_by_primary_key(db, table)

    @migrations(name="009_full_text_buffer")
    def enlarge_full_text_buffer(db: Database) -> None:
        # FTS5 writes its pending terms out as a new segment whenever they pass `hashsize` (1 MB
        # by default), and merges the segments as they pile up: at 64 MB a load of 100,000
        # briefings built the full-text index in 5.5 s instead of 9.8 s, and 6% smaller. A
        # setting SQLite does not know is only a slower load.
        try:
            setting = "INSERT INTO briefings_fts (briefings_fts, rank) VALUES ('hashsize', ?)"
            db.execute(setting, [FTS_HASH_SIZE])
        except sqlite3.OperationalError:
            pass

    return migrations


SCHEMA_VERSION = 9  # the number of migrations above
FTS_HASH_SIZE = 64 * 1024 * 1024  # bytes of pending full-text terms kept in memory before a write
# concept_spans holds [title start, title length, body length] for each concept, in UTF-8 bytes
# from 0; the body follows its title after a newline (rows.concept_text).
CONCEPTS_VIEW = """
CREATE VIEW concepts AS
SELECT b.id AS briefing_id, CAST(s.key AS INTEGER) AS position,
       CAST(substr(CAST(b.concepts AS BLOB), json_extract(s.value, '$[0]') + 1,
                   json_extract(s.value, '$[1]')) AS TEXT) AS title,
       CAST(substr(CAST(b.concepts AS BLOB),
                   json_extract(s.value, '$[0]') + json_extract(s.value, '$[1]') + 2,
                   json_extract(s.value, '$[2]')) AS TEXT) AS body
FROM briefings b, json_each(b.concept_spans) s
"""
FOREIGN_KEYS = (
    ("concepts", "briefing_id"),
    ("orgs", "briefing_id"),
    ("tags", "briefing_id"),
    ("connections", "source_id"),
    ("connections", "target_id"),
)


def _cluster_by_primary_key(db: Database, table: str) -> None:
    """Make `table` a WITHOUT ROWID table, with the same columns, keys, rows and indexes."""
    (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]).fetchone()
    indexes = [
        row[0]
        for row in db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", [table]
        )
    ]
    db.execute(f'ALTER TABLE "{table}" RENAME TO "{table}_old"')
    db.execute(f"{sql} WITHOUT ROWID")
    db.execute(f'INSERT INTO "{table}" SELECT * FROM "{table}_old"')
    db.execute(f'DROP TABLE "{table}_old"')
    for index in indexes:
        db.execute(index)


def vocabulary(conn: sqlite3.Connection) -> str:
    """The name of an fts5vocab table over the full-text index, made for this connection only.

    It lives in the temp schema rather than in the file: sqlite-utils' detect_fts (and so
    Datasette) takes any table whose SQL says "USING fts..." for a searchable one, and searching
    a vocabulary table fails.
    """
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.briefings_fts_vocab "
        "USING fts5vocab(main, briefings_fts, 'row')"
    )
    return "temp.briefings_fts_vocab"


def state(conn: sqlite3.Connection, path: StrPath) -> str:
    """'empty', 'current' or 'stale' (another schema version); raises for a file not ours."""
    try:
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise unusable(path, error) from None
    if application_id == APPLICATION_ID:
        return "current" if version == SCHEMA_VERSION else "stale"
    if application_id == 0 and tables == 0:
        return "empty"
    raise guard.foreign(path)


def drop_everything(conn: sqlite3.Connection) -> None:
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


def connect(path: StrPath) -> sqlite3.Connection:
    """Open the index at `path` (creating it if absent); refuses, untouched, a file not brief's.

    A file brief may not write is opened immutable, unless its log holds pages not yet in the
    file: a read-only connection to a WAL database creates `-wal` and `-shm` files with the file's
    read-only mode (or gives an empty log left by a load that mode), and they would block every
    write after the file is made writable again.
    """
    kind = guard.identify(path)
    try:
        if kind == "missing":
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        if not guard.writable(path) and kind != "missing":
            # A log with pages in it is needed, and can be read as it is.
            journal = guard.journal_has_pages(path) and os.path.exists(f"{path}-shm")
            mode = "mode=ro" if journal else "immutable=1"
            conn = sqlite3.connect(f"{guard.file_uri(path)}?{mode}", uri=True)
            conn.execute("PRAGMA schema_version").fetchone()
            return conn
        conn = sqlite3.connect(path, timeout=10)
        conn.execute("PRAGMA busy_timeout = 10000")
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = wal")
    except sqlite3.DatabaseError as error:
        raise guard.explain(error, path) from None
    except OSError as error:
        raise guard.os_failure(path, error) from None
    return conn


def unusable(path: StrPath, error: sqlite3.DatabaseError) -> IndexUnusable:
    return guard.explain(error, path)
