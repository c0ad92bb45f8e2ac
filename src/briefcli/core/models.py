"""Plain value types shared by every layer. No I/O, stdlib only.

They are NamedTuples rather than dataclasses for start-up time: on a small machine, importing
dataclasses (which imports inspect) and generating sixteen classes took about 50 ms, a third of
the budget of a whole `brief search`. NamedTuples give the same immutable values with equality,
ordering and a readable repr, for a fraction of that. TraceNode, built up during a walk, is a
small mutable class.

The annotations are evaluated (no `from __future__ import annotations`): NamedTuple turns each
annotation written as a string into a ForwardRef, compiling it with compile(), and for the 80
fields here that was about 13 million instructions, 7% of a whole search of 100,000 briefings.
References to a class not yet defined are quoted.
"""

import re
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
INFLUENCED_BY = "influenced_by"
RELATED = "related"
RELATIONS = (INFLUENCED_BY, RELATED)

_MONTH_RE = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")


class Month(NamedTuple):
    """A calendar month: briefings are dated to month precision. Orders as (year, month)."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> "Month":
        """Parse YYYY-MM or YYYY-MM-DD; raise ValueError with a readable reason."""
        import datetime

        match = _MONTH_RE.fullmatch(text.strip())
        if not match:
            raise ValueError(f"'{text}' is not a month: write YYYY-MM, for example 2025-12")
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"'{text}' has no month {month}: months run from 01 to 12")
        if match.group(3) is not None:
            try:
                datetime.date(year, month, int(match.group(3)))
            except ValueError:
                raise ValueError(f"'{text}' is not a real date") from None
        return cls(year, month)

    @classmethod
    def parse_bound(cls, text: str, *, end: bool) -> "Month":
        """Parse a filter bound: YYYY means January (or December when end) of that year."""
        text = text.strip()
        if re.fullmatch(r"\d{4}", text):
            return cls(int(text), 12 if end else 1)
        return cls.parse(text)

    @classmethod
    def from_stored(cls, text: str) -> "Month":
        """A month as the index stores it, always YYYY-MM: no checks, as it was checked on load."""
        return cls(int(text[:4]), int(text[5:7]))

    @classmethod
    def from_number(cls, value: int) -> "Month":
        """The inverse of `number`: year * 12 + month - 1."""
        return cls(value // 12, value % 12 + 1)

    @property
    def number(self) -> int:
        """Months since year 0, for storing a month as one integer."""
        return self.year * 12 + self.month - 1

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        """The month as people read it: 'Dec 2025'."""
        return f"{MONTH_NAMES[self.month - 1]} {self.year}"


class Concept(NamedTuple):
    title: str
    body: str


class Link(NamedTuple):
    label: str
    url: str


class Connection(NamedTuple):
    """A typed edge written in the source briefing: `source` is influenced by / related to `target`."""

    target: int
    relation: str = INFLUENCED_BY
    note: str | None = None


class Briefing(NamedTuple):
    id: int
    title: str
    date: Month
    category: str
    summary: str
    tagline: str = ""
    org: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    arxiv: str | None = None
    links: tuple[Link, ...] = ()
    aliases: tuple[str, ...] = ()
    key_concepts: tuple[Concept, ...] = ()
    connections: tuple[Connection, ...] = ()
    featured: bool = False  # the explorer's star
    slug: str = ""
    source: str | None = None
    line: int | None = None
    # The line of each field in the source file, by dotted path ("tagline", "connections.1.id");
    # filled by the loader, empty for briefings read back from the index.
    field_lines: dict[str, int] = {}  # noqa: RUF012 - never mutated: the loader passes a new dict

    def line_of(self, path: str) -> int | None:
        """The line of a field, or of the nearest enclosing one, or of the briefing."""
        while path:
            if path in self.field_lines:
                return self.field_lines[path]
            path = path.rpartition(".")[0]
        return self.line


class BriefingRef(NamedTuple):
    """Just enough of a briefing to name it in a list: number, title, month."""

    id: int
    title: str
    date: Month | None  # None when the briefing is missing from the collection

    @property
    def missing(self) -> bool:
        return self.date is None


class Edge(NamedTuple):
    """A connection seen from one end, with the other end resolved for display."""

    other: BriefingRef
    relation: str
    note: str | None


class BriefingView(NamedTuple):
    """A briefing with its connections in both directions, as `show` presents it."""

    briefing: Briefing
    outgoing: list[Edge]
    incoming: list[Edge]


class Problem(NamedTuple):
    """One thing wrong with a source file, located as precisely as we can."""

    path: str
    line: int | None
    field: str | None
    message: str
    severity: str = "error"  # "error" or "warning"
    column: int | None = None  # given where a character is at fault, not a whole field

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        if self.line is not None and self.column is not None:
            where += f":{self.column}"
        what = f"{self.field}: " if self.field else ""
        return f"{where}: {self.severity}: {what}{self.message}"


class Finding(NamedTuple):
    """Something `brief doctor` found that needs attention, and the command that fixes it."""

    check: str  # index, integrity, schema, root, source or link
    message: str
    fix: str


COUNT_CAP = 1_000_000  # above any collection's size: a larger --limit or --depth means "all"


def capped(number: int | None) -> int | None:
    """A count from the user, clamped so that SQLite and loops never see an absurd number."""
    return None if number is None else min(number, COUNT_CAP)


def plural(number: int, noun: str) -> str:
    """'1 briefing', '2 briefings': a count with its noun."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: 'OpenAI Model Spec' -> 'openai-model-spec'."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


# Search results and traces: produced by search.py and graph.py, displayed by render.py.

HIGHLIGHT_START, HIGHLIGHT_END = "\x02", "\x03"  # around matched words in a snippet


class Hit(NamedTuple):
    ref: BriefingRef
    score: float
    field: str = ""  # which field matched best: title, alias, tagline, tag, org, summary, concept
    snippet: str = ""  # matched words between HIGHLIGHT_START and HIGHLIGHT_END


class SearchResults(NamedTuple):
    query: str
    hits: list[Hit]
    corrections: dict[str, str]  # typed word -> word searched
    notices: list[str]


class TraceNode:
    """One briefing in a trace tree; filled in as the walk goes."""

    __slots__ = ("id", "children", "repeat", "cycle", "unexplored", "hidden", "beyond_levels", "beyond_count")

    def __init__(self, id: int) -> None:  # noqa: A002 - the briefing's number, as everywhere else
        self.id = id
        self.children: list[TraceNode] = []
        self.repeat = False  # expanded elsewhere in the tree; shown here without its subtree
        self.cycle = False  # an ancestor of itself on this path
        self.unexplored = 0  # neighbours not followed because the depth limit was reached
        self.hidden = 0  # neighbours left out because of the per-node limit
        self.beyond_levels = 0  # levels walked below this node but not drawn (the drawing's depth cap)
        self.beyond_count = 0  # briefings first reached in those levels

    def __repr__(self) -> str:
        return f"TraceNode({self.id}, children={len(self.children)})"

    def walk(self) -> Iterator[tuple["TraceNode", int]]:
        """Every node with its depth, in display order, without recursion."""
        stack = [(self, 0)]
        while stack:
            node, level = stack.pop()
            yield node, level
            stack.extend((child, level + 1) for child in reversed(node.children))


class Trace(NamedTuple):
    """A walk of the graph: the tree to draw, every briefing reached, and the deepest level."""

    tree: TraceNode
    seen: set[int]
    deepest: int


class TraceSummary(NamedTuple):
    briefings: int  # distinct briefings in the tree, the root included
    deepest: int  # the deepest level reached (the root is level 0)
    first: Month | None  # the earliest and latest months among them
    last: Month | None


class Adjacency(NamedTuple):
    """The influence graph as compressed arrays, for walks over every briefing at once.

    Briefings (and numbers that connections name but the collection lacks) are indexed by their
    position in the sorted `ids`; `months[i]` is year * 12 + month - 1, or -1 when missing. The
    steps from index i are `targets[offsets[i]:offsets[i + 1]]`, upstream (what influenced it,
    in the order written) or downstream (what it influenced, by number).
    """

    ids: Sequence[int]
    months: Sequence[int]
    up_offsets: Sequence[int]
    up_targets: Sequence[int]
    down_offsets: Sequence[int]
    down_targets: Sequence[int]

    def position(self, number: int) -> int | None:
        import bisect

        position = bisect.bisect_left(self.ids, number)
        return position if position < len(self.ids) and self.ids[position] == number else None

    def steps(self, direction: str) -> Callable[[int], Sequence[int]]:
        """A neighbours function over indexes, up- or downstream."""
        offsets, targets = (
            (self.up_offsets, self.up_targets)
            if direction == "upstream"
            else (self.down_offsets, self.down_targets)
        )
        return lambda i: targets[offsets[i] : offsets[i + 1]]


Edge4 = tuple[int, int, str, "str | None"]  # source, target, relation, note: a stored connection
Progress = Callable[[int, int], None]  # called with (done, total) as long work goes on
