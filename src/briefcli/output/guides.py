"""Trace trees as rows of guides and labels, shared by the plain and the rich drawing."""

# Annotations evaluated, as in core/models.py: NamedTuple compiles those written as strings.

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple

from briefcli.core.models import (
    BriefingRef,
    Month,
    TraceNode,
    TraceSummary,
    plural,
)
from briefcli.core.walk import CUT, CYCLE, MORE, NODE, REPEAT, WalkRow
from briefcli.output.text import MISSING, one_line, ref_text


class Row(NamedTuple):
    """One line of a drawn tree: its guide, and a briefing or a line of commentary."""

    guide: str
    node: TraceNode | None
    text: str = ""


# Past this many levels a line carries its level as a number, "[101] └── ", instead of guides
# 400 characters wide: a chain 10,000 deep then prints in linear, not quadratic, space.
DRAWN_LEVELS = 100


def tree_rows(root: TraceNode, indent: str = "", with_root: bool = True) -> Iterator[Row]:
    """The lines of a trace tree with ├── guides, depth first, without recursion.

    Nothing is dropped silently: where the tree was cut at the drawing's depth cap, a line says
    how many levels and briefings lie below; where --limit capped a node's children, how many.
    """
    if with_root:
        yield Row(indent, root)
    stack: list[tuple[TraceNode, str, int, int]] = [(root, indent, 0, 0)]
    while stack:
        node, guide, index, level = stack.pop()
        deep = level >= DRAWN_LEVELS
        prefix = f"[{level + 1}] " if deep else guide
        if index < len(node.children):
            child = node.children[index]
            last = index == len(node.children) - 1 and not node.hidden and not node.beyond_levels
            stack.append((node, guide, index + 1, level))
            yield Row(prefix + ("└── " if last else "├── "), child)
            below = guide if deep else guide + ("    " if last else "│   ")
            stack.append((child, below, 0, level + 1))
            continue
        if node.beyond_levels:
            levels, count = node.beyond_levels, node.beyond_count
            yield Row(
                prefix + ("├── " if node.hidden else "└── "),
                None,
                f"… continued by brief trace {node.id} "
                f"({plural(levels, 'more level')}, {plural(count, 'more briefing')})",
            )
        if node.hidden:
            yield Row(prefix + "└── ", None, f"… and {node.hidden} more (raise --limit to see them)")


def trace_label(node: TraceNode, ref: BriefingRef) -> tuple[str, str]:
    """The text of a tree line: the briefing, and what marks it (cycle, repeat, depth cut)."""
    return ref_text(ref), marks(node)[0]


def marks(node: TraceNode) -> tuple[str, str]:
    """What marks a tree line, in full and in short for a narrow terminal (cycle, repeat, depth cut)."""
    if node.cycle:
        return " ↻ cycle: already on this path", " ↻ cycle"
    if node.repeat:
        return " (shown above)", " (shown above)"
    if node.unexplored:
        return f" … {node.unexplored} more beyond --depth", f" … {node.unexplored} more"
    return "", ""


def tree_text(rows: Iterable[Row], refs: Mapping[int, BriefingRef]) -> str:
    out = []
    for row in rows:
        if row.node is None:
            out.append(f"{row.guide}{row.text}\n")
        else:
            text, mark = trace_label(row.node, refs[row.node.id])
            out.append(f"{row.guide}{text}{mark}\n")
    return "".join(out)


def trace_footer(summary: TraceSummary) -> str:
    text = f"{plural(summary.briefings, 'briefing')}, deepest level {summary.deepest}"
    if summary.first and summary.last:
        first, last = summary.first.label, summary.last.label
        text += f", {first}" if first == last else f", {first} – {last}"
    return text


# -- the same drawing from the flat rows of a walk (core/walk.py), for pipes ---------------------

_LINES_PER_CHUNK = 8192  # lines joined and handed on at a time: big writes, bounded memory
_MARKS = {REPEAT: " (shown above)", CYCLE: " ↻ cycle: already on this path"}


def walk_labels(
    numbers: Sequence[int], months: Sequence[int], titles: Sequence[str | None], wanted: Iterable[int]
) -> list[str | None]:
    """The text of the line of each briefing `wanted` (as text.ref_text writes it), by its index
    in the graph arrays: `numbers`, `months` and `titles` are aligned with them."""
    labels: list[str | None] = [None] * len(numbers)
    dates: dict[int, str] = {}
    for i in wanted:
        month = months[i]
        if month < 0:
            labels[i] = f"{numbers[i]}. {MISSING}"
            continue
        date = dates.get(month)
        if date is None:
            date = dates[month] = Month.from_number(month).label
        title = titles[i] or ""
        # one_line, in line: the usual title is printable, and 90,000 calls add up
        title = title.strip() if title.isprintable() else one_line(title)
        labels[i] = f"{numbers[i]}. {title} ({date})"
    return labels


def walk_text(
    rows: Sequence[WalkRow],
    labels: Sequence[str | None],
    numbers: Sequence[int],
    indent: str = "",
    with_root: bool = True,
) -> Iterator[str]:
    """What tree_text(tree_rows(...)) writes, from the rows of a walk, in chunks of lines.

    One pass, one string a line. guides[k] is what precedes the branch of a line at level k+1, and
    heads[k] the two beginnings of a line at level k (├── and └──), made once per briefing
    expanded rather than once a line.
    """
    deep = DRAWN_LEVELS
    guides = [indent] * (deep + 2)
    heads = [(indent + "├── ", indent + "└── ")] * (deep + 2)
    for start in range(0, len(rows), _LINES_PER_CHUNK):
        lines: list[str] = []
        append = lines.append
        for level, node, kind, count, extra, last in rows[start : start + _LINES_PER_CHUNK]:
            if level > deep:
                head = f"[{level}] " + ("└── " if last else "├── ")
            elif level:
                head = heads[level][last]
                if kind == REPEAT:  # the most common line in a large trace
                    append(f"{head}{labels[node]} (shown above)\n")
                    continue
                if kind == NODE and level < deep:  # a briefing expanded here: lines below it
                    guide = guides[level] = guides[level - 1] + ("    " if last else "│   ")
                    heads[level + 1] = (guide + "├── ", guide + "└── ")
            else:
                if with_root:
                    append(f"{indent}{labels[node]}\n")
                continue
            if kind == NODE:
                append(f"{head}{labels[node]}\n")
            elif kind < CUT:
                append(f"{head}{labels[node]}{_MARKS[kind]}\n")
            elif kind == CUT:
                append(f"{head}{labels[node]} … {count} more beyond --depth\n")
            elif kind == MORE:
                append(f"{head}… and {count} more (raise --limit to see them)\n")
            else:
                append(
                    f"{head}… continued by brief trace {numbers[node]} "
                    f"({plural(count, 'more level')}, {plural(extra, 'more briefing')})\n"
                )
        yield "".join(lines)
