"""The JSON forms of models, the same for every command and for `brief serve`. Never prints."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any

from briefcli.core.models import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    Briefing,
    BriefingRef,
    BriefingView,
    Edge,
    Edge4,
    Finding,
    Month,
    Problem,
    SearchResults,
    TraceNode,
)
from briefcli.core.walk import CYCLE, MORE, REPEAT, WalkRow
from briefcli.output.text import Stats, Step

if TYPE_CHECKING:
    from _typeshed import StrPath


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
        "featured": b.featured,
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


def walk_heads(
    numbers: Sequence[int], months: Sequence[int], titles: Sequence[str | None], wanted: Iterable[int]
) -> list[str | None]:
    """The start of each briefing's object in trace_json, by its index in the graph arrays."""
    heads: list[str | None] = [None] * len(numbers)
    dates: dict[int, str] = {}
    for i in wanted:
        month = months[i]
        if month < 0:
            heads[i] = f'{{"id": {numbers[i]}, "title": null, "date": null, "missing": true'
            continue
        date = dates.get(month)
        if date is None:
            date = dates[month] = str(Month.from_number(month))
        title = encode_basestring(titles[i] or "")
        heads[i] = f'{{"id": {numbers[i]}, "title": {title}, "date": "{date}", "missing": false'
    return heads


_WALK_FLAGS = {
    REPEAT: ', "repeat": true, "cycle": false, "more": ',
    CYCLE: ', "repeat": false, "cycle": true, "more": ',
}
_NO_FLAGS = ', "repeat": false, "cycle": false, "more": '


def walk_json(rows: Sequence[WalkRow], heads: Sequence[str | None]) -> str:
    """What trace_json writes for the tree, from the rows of its walk: a node opens when its row
    comes, and closes, with its descendants, when a row at its level or above comes."""
    out: list[str] = []
    previous = -1
    for level, node, kind, count, _, _ in rows:
        if kind >= MORE:
            continue  # commentary lines: their counts are on the node's own row, as "more"
        if level <= previous:
            out.append("]}" * (previous - level + 1) + ", ")
        out.append(f'{heads[node]}{_WALK_FLAGS.get(kind, _NO_FLAGS)}{count}, "children": [')
        previous = level
    out.append("]}" * (previous + 1))
    return "".join(out)


def walk_refs(
    numbers: Sequence[int], months: Sequence[int], titles: Sequence[str | None], wanted: Iterable[int]
) -> dict[int, BriefingRef]:
    """Store.refs for the briefings `wanted`, given by index in the graph arrays."""
    dates: dict[int, Month] = {}
    refs = {}
    for i in wanted:
        month = months[i]
        if month < 0:
            refs[numbers[i]] = BriefingRef(numbers[i], "(missing)", None)
            continue
        date = dates.get(month)
        if date is None:
            date = dates[month] = Month.from_number(month)
        refs[numbers[i]] = BriefingRef(numbers[i], titles[i] or "", date)
    return dict(sorted(refs.items()))


def ref_json(ref: BriefingRef) -> dict[str, Any]:
    return {
        "id": ref.id,
        "title": None if ref.missing else ref.title,
        "date": str(ref.date) if ref.date else None,
        "missing": ref.missing,
    }


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


def problem_json(problem: Problem) -> dict[str, Any]:
    return problem._asdict()


def graph_json(refs: Mapping[int, BriefingRef], edges: Iterable[Edge4]) -> dict[str, Any]:
    return {
        "nodes": [ref_json(refs[n]) for n in sorted(refs)],
        "edges": [
            {"source": source, "target": target, "relation": relation, "note": note}
            for source, target, relation, note in edges
        ],
    }


def graph_json_text(refs: Mapping[int, BriefingRef], edges: Iterable[Edge4]) -> Iterator[str]:
    """json.dumps(graph_json(refs, edges), indent=2), a part at a time, without the dicts: the
    encoder that indents is pure Python, and took seconds over 300,000 connections."""
    nodes = []
    for number in sorted(refs):
        ref = refs[number]
        if ref.missing:
            nodes.append(
                f'    {{\n      "id": {number},\n      "title": null,\n      "date": null,\n'
                '      "missing": true\n    }'
            )
        else:
            nodes.append(
                f'    {{\n      "id": {number},\n      "title": {encode_basestring(ref.title)},\n'
                f'      "date": "{ref.date}",\n      "missing": false\n    }}'
            )
    yield '{\n  "nodes": ' + (("[\n" + ",\n".join(nodes) + "\n  ]") if nodes else "[]") + ',\n  "edges": '
    lines = [
        f'    {{\n      "source": {source},\n      "target": {target},\n'
        f'      "relation": {encode_basestring(relation)},\n'
        f'      "note": {"null" if note is None else encode_basestring(note)}\n    }}'
        for source, target, relation, note in edges
    ]
    if not lines:
        yield "[]\n}"
        return
    yield "[\n"
    for start in range(0, len(lines), 8192):
        yield ",\n".join(lines[start : start + 8192]) + (",\n" if start + 8192 < len(lines) else "")
    yield "\n  ]\n}"


def doctor_json(path: StrPath, summary: str, findings: Sequence[Finding]) -> dict[str, Any]:
    return {
        "database": str(path),
        "summary": summary,
        "ok": not findings,
        "findings": [finding._asdict() for finding in findings],
    }
