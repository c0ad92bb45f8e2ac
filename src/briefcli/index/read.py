"""Read queries over the index: briefings, their connections, counts and the graph arrays.

Reads use the sqlite3 module directly: importing sqlite-utils costs about 75 ms, which `brief show`
should not pay. It is imported only to write (index/write.py).
"""

# Annotations evaluated, as in core/models.py: NamedTuple compiles those written as strings.
import json
import os
import sqlite3
from array import array
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from briefcli.core.models import (
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
)
from briefcli.index.guard import file_uri
from briefcli.index.schema import APPLICATION_ID

if TYPE_CHECKING:
    from _typeshed import StrPath


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
    """An open index, for reading. index.opening.open_index gives one that is current."""

    def __init__(self, path: "StrPath", conn: sqlite3.Connection):
        self.path = os.fspath(path)
        self.conn = conn

    def close(self) -> None:
        self.conn.close()

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def adjacency(self) -> Adjacency:
        """The whole influence graph as arrays, read in one query."""
        kinds = {"ids": "q"}
        data = {
            name: array(kinds.get(name, "i"), blob)
            for name, blob in self.conn.execute(
                "SELECT name, data FROM graph_arrays WHERE name IN (SELECT value FROM json_each(?))",
                [json.dumps(Adjacency._fields)],
            )
        }
        return Adjacency(**data)

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
        months: dict[str, Month] = {}  # a few hundred months among 100,000 briefings
        found = {
            number: BriefingRef(
                number, title, months.get(date) or months.setdefault(date, Month.from_stored(date))
            )
            for number, title, date in self.conn.execute(
                "SELECT id, title, date FROM briefings WHERE id IN (SELECT value FROM json_each(?))",
                [json.dumps(wanted)],
            )
        }
        return {n: found.get(n) or BriefingRef(n, "(missing)", None) for n in wanted}

    def numbers(self, filters: Filters = NO_FILTERS) -> list[int]:
        """The numbers of the briefings that pass the filters, in order: find() without the rows."""
        if not filters.active:  # read from an index: ORDER BY id would read every row of the table
            return sorted(row[0] for row in self.conn.execute("SELECT id FROM briefings"))
        where, params = filters.sql()
        sql = f"SELECT b.id FROM briefings b WHERE 1{where} ORDER BY b.id"
        return [row[0] for row in self.conn.execute(sql, params)]

    def categories(self) -> dict[int, str]:
        """The category of every briefing, read from its index."""
        return dict(self.conn.execute("SELECT id, category FROM briefings"))

    def find(
        self, filters: Filters = NO_FILTERS, sort: str = "id", limit: int | None = None, offset: int = 0
    ) -> list[Briefing]:
        where, params = filters.sql()
        order = {"id": "b.id", "date": "b.date, b.id", "title": "b.title COLLATE NOCASE, b.id"}[sort]
        sql = f"SELECT {_COLUMNS_B} FROM briefings b WHERE 1{where} ORDER BY {order}"
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            params += [-1 if limit is None else limit, offset]
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
        wanted = None if numbers is None else set(numbers)
        if wanted is not None and len(wanted) > 1000:
            # A large part of the graph: reading every row beats joining json_each twice.
            rows = self.conn.execute(sql + " ORDER BY source_id, position")
            return [row for row in rows if row[0] in wanted and row[1] in wanted]
        if wanted is not None:
            chosen = "(SELECT value FROM json_each(?1))"
            sql += f" WHERE source_id IN {chosen} AND target_id IN {chosen}"
            params.append(json.dumps(sorted(wanted)))
        return self.conn.execute(sql + " ORDER BY source_id, position", params).fetchall()

    def counts(self, what: str) -> list[tuple[str, int]]:
        """How many briefings per category, organisation or year, most first."""
        sql = {
            "category": "SELECT category, count(*) FROM briefings GROUP BY 1",
            "org": "SELECT org, count(*) FROM orgs GROUP BY 1",
            "year": "SELECT substr(date, 1, 4), count(*) FROM briefings GROUP BY 1",
        }[what]
        order = "1" if what == "year" else "2 DESC, 1"
        return self.conn.execute(f"{sql} ORDER BY {order}").fetchall()

    def neighbours(self, direction: str) -> Callable[[int], list[int]]:
        """A function giving the briefings one `influenced_by` step up- or downstream of a number."""
        near, far, order = _DIRECTIONS[direction]
        sql = f"SELECT {far} FROM connections WHERE {near} = ? AND relation = ? ORDER BY {order}"

        def step(number: int) -> list[int]:
            return [row[0] for row in self.conn.execute(sql, [number, INFLUENCED_BY])]

        return step


def open_quietly(path: "StrPath") -> sqlite3.Connection | None:
    """A read-only connection to an existing brief index, or None; never creates or changes a file."""
    if not os.path.isfile(path):
        return None
    try:
        conn = sqlite3.connect(f"{file_uri(os.path.realpath(path))}?mode=ro", uri=True)
        if conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID:
            return conn
        conn.close()
    except sqlite3.Error:
        pass  # damaged or busy: the caller does without
    return None


def ref_choices(conn: sqlite3.Connection, prefix: str, titles: bool = True) -> list[tuple[str, str]]:
    """(reference, title) for the numbers or slugs that start with `prefix`, in order.

    Completion asks on every Tab press, so each answer is read by key (number ranges, the slug
    index) rather than by scanning the table; `titles=False` (bash shows none) reads no row.
    """
    title = "title" if titles else "''"
    if prefix.isdigit() or not prefix:
        if not prefix:
            # A full scan: without titles it reads the slug index, a fraction of the table.
            rows = conn.execute(f"SELECT id, {title} FROM briefings").fetchall()
            return [(str(n), t) for n, t in sorted(rows)]
        found: list[tuple[int, str]] = []
        largest = conn.execute("SELECT max(id) FROM briefings").fetchone()[0] or 0
        for low, high in _number_ranges(prefix, largest):
            found += conn.execute(
                f"SELECT id, {title} FROM briefings WHERE id BETWEEN ? AND ?", [low, high]
            ).fetchall()
        # 046 is typed for 46: a prefix with a leading zero completes zero-padded numbers.
        width = max(3, len(prefix)) if prefix.startswith("0") else 0
        return [(f"{n:0{width}d}", t) for n, t in sorted(found)]
    # LIKE ignores ASCII case and so cannot use the index alone; every spelling of the prefix
    # sorts between its ASCII upper- and lower-case forms (bytes change ASCII letters only).
    return conn.execute(
        f"SELECT slug, {title} FROM briefings WHERE slug >= ? AND slug < ? "
        "AND slug LIKE ? ESCAPE '\\' ORDER BY slug",
        [_ascii(prefix, str.upper), _ascii(prefix, str.lower) + "\U0010ffff", _escape_like(prefix) + "%"],
    ).fetchall()


def _ascii(text: str, case: Callable[[str], str]) -> str:
    """`text` with only its ASCII letters changed to `case`, as LIKE folds them."""
    return "".join(case(char) if char.isascii() else char for char in text)


def _number_ranges(prefix: str, largest: int) -> list[tuple[int, int]]:
    """The ranges of numbers up to `largest` whose decimal form starts with `prefix`.

    A prefix with a leading zero stands for numbers padded to at least three digits: 04 is 40-49.
    """
    start, width = int(prefix), max(3, len(prefix))
    if prefix.startswith("0"):
        scale = 10 ** (width - len(prefix))
        return [(start * scale, (start + 1) * scale - 1)] if start * scale <= largest else []
    ranges, scale = [], 1
    while start * scale <= largest:
        ranges.append((start * scale, (start + 1) * scale - 1))
        scale *= 10
    return ranges


_VALUE_COLUMNS = {"category": ("briefings", "category"), "org": ("orgs", "org"), "tag": ("tags", "tag")}


def value_choices(conn: sqlite3.Connection, what: str, prefix: str) -> list[str]:
    """The categories, organisations or tags in the index that start with `prefix`."""
    table, column = _VALUE_COLUMNS[what]
    rows = conn.execute(
        f"SELECT DISTINCT {column} FROM {table} WHERE {column} LIKE ? ESCAPE '\\' ORDER BY 1",
        [_escape_like(prefix) + "%"],
    )
    return [row[0] for row in rows]


# upstream: from a briefing to what influenced it; downstream: to what it influenced.
# (column of the briefing we are at, column of the one we step to, order of the steps)
_DIRECTIONS = {
    "upstream": ("source_id", "target_id", "position"),
    "downstream": ("target_id", "source_id", "source_id"),
}


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
    "featured",
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
        featured,
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
        featured=bool(featured),
    )
