"""Trace trees as rows of guides and labels, shared by the plain and the rich drawing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple

from briefcli.core.models import (
    BriefingRef,
    TraceNode,
    TraceSummary,
    plural,
)
from briefcli.output.text import ref_text


class Row(NamedTuple):
    """One line of a drawn tree: its guide, and a briefing or a line of commentary."""

    guide: str
    node: TraceNode | None
    text: str = ""


def tree_rows(root: TraceNode, indent: str = "", with_root: bool = True) -> Iterator[Row]:
    """The lines of a trace tree with ├── guides, depth first, without recursion.

    Nothing is dropped silently: where the tree was cut at the drawing's depth cap, a line says
    how many levels and briefings lie below; where --limit capped a node's children, how many.
    """
    if with_root:
        yield Row(indent, root)
    stack: list[tuple[TraceNode, str, int]] = [(root, indent, 0)]
    while stack:
        node, guide, index = stack.pop()
        if index < len(node.children):
            child = node.children[index]
            last = index == len(node.children) - 1 and not node.hidden and not node.beyond_levels
            stack.append((node, guide, index + 1))
            yield Row(guide + ("└── " if last else "├── "), child)
            stack.append((child, guide + ("    " if last else "│   "), 0))
            continue
        if node.beyond_levels:
            levels, count = node.beyond_levels, node.beyond_count
            yield Row(
                guide + ("├── " if node.hidden else "└── "),
                None,
                f"… {plural(levels, 'more level')} below ({plural(count, 'more briefing')}): "
                f"brief trace {node.id} continues here",
            )
        if node.hidden:
            yield Row(guide + "└── ", None, f"… and {node.hidden} more (raise --limit to see them)")


def trace_label(node: TraceNode, ref: BriefingRef) -> tuple[str, str]:
    """The text of a tree line: the briefing, and what marks it (cycle, repeat, depth cut)."""
    if node.cycle:
        mark = " ↻ cycle: already on this path"
    elif node.repeat:
        mark = " (shown above)"
    elif node.unexplored:
        mark = f" … {node.unexplored} more beyond --depth"
    else:
        mark = ""
    return ref_text(ref), mark


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
