"""Plain-text and JSON forms of models, for pipes and scripts. Never prints; imports no rich.

Keeping these apart from the rich renderables means `brief search ... | head` and `--json`
never pay for importing rich.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from briefcli.models import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    INFLUENCED_BY,
    Briefing,
    BriefingRef,
    BriefingView,
    Edge,
    Problem,
    SearchResults,
    TraceNode,
    TraceSummary,
    plural,
)

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACE_RE = re.compile(r"\s+")


def clean(text: str) -> str:
    """Text safe for a terminal: control characters become visible escapes like \\x1b."""
    return _CONTROL_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def one_line(text: str) -> str:
    if text.isprintable():  # the usual case, decided in C: no control characters, no line breaks
        return text.strip()
    return _SPACE_RE.sub(" ", clean(text)).strip()


def orgs(briefing: Briefing) -> str:
    return ", ".join(briefing.org)


def briefings_lines(briefings: Iterable[Briefing]) -> str:
    """One tab-separated line per briefing, for pipes: number, title, org, month, category."""
    return "".join(_tabbed(str(b.id), b.title, orgs(b), str(b.date), b.category) for b in briefings)


def _tabbed(*fields: str) -> str:
    return "\t".join(one_line(f).replace("\t", " ") for f in fields) + "\n"


def briefing_json(b: Briefing) -> dict[str, Any]:
    return {
        "id": b.id,
        "slug": b.slug,
        "title": b.title,
        "tagline": b.tagline,
        "org": list(b.org),
        "date": str(b.date),
        "category": b.category,
        "tags": list(b.tags),
        "arxiv": b.arxiv,
        "links": [{"label": link.label, "url": link.url} for link in b.links],
        "aliases": list(b.aliases),
        "summary": b.summary,
        "key_concepts": [{"title": c.title, "body": c.body} for c in b.key_concepts],
        "connections": [{"id": c.target, "relation": c.relation, "note": c.note} for c in b.connections],
        "source": b.source,
    }


def list_json(briefings: Iterable[Briefing]) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in briefing_json(b).items() if k not in ("summary", "key_concepts", "connections")}
        for b in briefings
    ]


def view_json(view: BriefingView) -> dict[str, Any]:
    data = briefing_json(view.briefing)

    def ref(edge: Edge) -> dict[str, Any]:
        return {**ref_json(edge.other), "note": edge.note}

    data["influenced_by"] = [ref(e) for e in view.outgoing if e.relation == "influenced_by"]
    data["influences"] = [ref(e) for e in view.incoming if e.relation == "influenced_by"]
    data["related"] = [ref(e) for e in view.outgoing + view.incoming if e.relation != "influenced_by"]
    return data


def search_lines(results: SearchResults) -> str:
    """Tab-separated for pipes: number, title, month, field, snippet with [matches] bracketed."""
    return "".join(
        _tabbed(
            str(h.ref.id),
            h.ref.title,
            str(h.ref.date or ""),
            h.field,
            h.snippet.replace(HIGHLIGHT_START, "[").replace(HIGHLIGHT_END, "]"),
        )
        for h in results.hits
    )


def search_json(results: SearchResults) -> list[dict[str, Any]]:
    return [
        {
            "id": h.ref.id,
            "title": h.ref.title,
            "date": str(h.ref.date or ""),
            "score": round(h.score, 4),
            "field": h.field,
            "snippet": h.snippet.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, ""),
        }
        for h in results.hits
    ]


def trace_json(root: TraceNode, refs: Mapping[int, BriefingRef]) -> str:
    """Nested {id, title, date, missing, repeat, cycle, more, children}, serialised without recursion."""
    out: list[str] = []
    stack: list[TraceNode | str] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        head = {
            **ref_json(refs[item.id]),
            "repeat": item.repeat,
            "cycle": item.cycle,
            "more": item.unexplored + item.hidden,
        }
        out.append(json.dumps(head, ensure_ascii=False)[:-1] + ', "children": [')
        stack.append("]}")
        for index, child in enumerate(reversed(item.children)):
            stack.append(child)
            if index < len(item.children) - 1:
                stack.append(", ")
    return "".join(out)


def ref_json(ref: BriefingRef) -> dict[str, Any]:
    return {
        "id": ref.id,
        "title": None if ref.missing else ref.title,
        "date": str(ref.date) if ref.date else None,
        "missing": ref.missing,
    }


# -- trees as lines ------------------------------------------------------------------------


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


MISSING = "(missing: not in the collection)"


def ref_text(ref: BriefingRef) -> str:
    if ref.date is None:
        return f"{ref.id}. {MISSING}"
    return f"{ref.id}. {one_line(ref.title)} ({ref.date.label})"


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


# -- graphs ----------------------------------------------------------------------------------

Edge4 = tuple[int, int, str, "str | None"]  # source, target, relation, note


def mermaid(refs: Mapping[int, BriefingRef], edges: Iterable[Edge4]) -> str:
    """A Mermaid flowchart; arrows run from a briefing to those it influenced."""
    lines = [
        "flowchart LR",
        "    %% arrows point from a briefing to those it influenced; dotted lines are related",
    ]
    for number in sorted(refs):
        lines.append(f'    n{number}["{_mermaid_text(ref_text(refs[number]))}"]')
    for source, target, relation, _ in edges:
        if relation == INFLUENCED_BY:
            lines.append(f"    n{target} --> n{source}")
        else:
            lines.append(f"    n{source} -.- n{target}")
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    # Inside a quoted label Mermaid reads #name; as an entity; quotes and angle brackets break it.
    return text.replace("#", "#35;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def dot(refs: Mapping[int, BriefingRef], edges: Iterable[Edge4]) -> str:
    """A Graphviz digraph; arrows run from a briefing to those it influenced."""
    lines = [
        "digraph influence {",
        "    // arrows point from a briefing to those it influenced; dashed lines are related",
        "    rankdir=LR;",
        '    node [shape=box, style=rounded, fontname="Helvetica"];',
    ]
    for number in sorted(refs):
        lines.append(f'    n{number} [label="{_dot_text(ref_text(refs[number]))}"];')
    for source, target, relation, note in edges:
        tooltip = f' tooltip="{_dot_text(one_line(note))}"' if note else ""
        if relation == INFLUENCED_BY:
            lines.append(f"    n{target} -> n{source} [{tooltip.strip()}];")
        else:
            lines.append(
                f"    n{source} -> n{target} [style=dashed, dir=none{',' + tooltip if tooltip else ''}];"
            )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def graph_json(refs: Mapping[int, BriefingRef], edges: Iterable[Edge4]) -> dict[str, Any]:
    return {
        "nodes": [ref_json(refs[n]) for n in sorted(refs)],
        "edges": [
            {"source": source, "target": target, "relation": relation, "note": note}
            for source, target, relation, note in edges
        ],
    }


# -- paths and statistics --------------------------------------------------------------------

Step = tuple[int, str, "str | None"]  # the briefing reached, how it relates to the one before, note


def path_text(found: list[int], steps: list[Step], refs: Mapping[int, BriefingRef]) -> str:
    lines = [
        " → ".join(str(n) for n in found) + f"  ({plural(len(steps), 'step')})",
        ref_text(refs[found[0]]),
    ]
    for number, relation, note in steps:
        lines.append(f"  → {relation} {ref_text(refs[number])}")
        if note:
            lines.append(f"      {one_line(note)}")
    return "\n".join(lines) + "\n"


def path_json(
    found: list[int], way: str, steps: list[Step], refs: Mapping[int, BriefingRef]
) -> dict[str, Any]:
    return {
        "from": found[0],
        "to": found[-1],
        "direction": way,
        "path": [ref_json(refs[found[0]])]
        + [{**ref_json(refs[n]), "relation": relation, "note": note} for n, relation, note in steps],
    }


class Stats(NamedTuple):
    cited: list[tuple[BriefingRef, int]]
    reach: list[tuple[BriefingRef, int]]
    reach_exact: bool  # False when reach was computed for the most cited briefings only
    categories: list[tuple[str, int]]
    orgs: list[tuple[str, int]]
    years: list[tuple[str, int]]
    unconnected: list[BriefingRef]


def stats_text(stats: Stats) -> str:
    def ranked(rows: Iterable[tuple[BriefingRef, int]]) -> list[str]:
        return [f"  {count:>6}  {ref_text(ref)}" for ref, count in rows] or ["  none"]

    def counted(rows: Iterable[tuple[str, int]]) -> list[str]:
        return [f"  {count:>6}  {one_line(name)}" for name, count in rows] or ["  none"]

    scope = "" if stats.reach_exact else " (among the most cited)"
    lines = ["Most cited (briefings that say they were influenced by it)", *ranked(stats.cited), ""]
    lines += [f"Widest reach (briefings influenced directly or indirectly){scope}", *ranked(stats.reach), ""]
    lines += ["Briefings by category", *counted(stats.categories), ""]
    lines += ["Briefings by organisation", *counted(stats.orgs), ""]
    lines += ["Briefings by year", *counted(stats.years), ""]
    lines += ["Without any connection", *([f"  {ref_text(r)}" for r in stats.unconnected] or ["  none"])]
    return "\n".join(lines) + "\n"


def stats_json(stats: Stats) -> dict[str, Any]:
    return {
        "most_cited": [{**ref_json(ref), "cited_by": n} for ref, n in stats.cited],
        "reach": [{**ref_json(ref), "reach": n} for ref, n in stats.reach],
        "reach_exact": stats.reach_exact,
        "categories": dict(stats.categories),
        "organisations": dict(stats.orgs),
        "years": dict(stats.years),
        "unconnected": [ref_json(ref) for ref in stats.unconnected],
    }


def problem_line(problem: Problem) -> str:
    return one_line(str(problem))


def problem_json(problem: Problem) -> dict[str, Any]:
    return problem._asdict()
