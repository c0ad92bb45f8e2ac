"""Plain-text and JSON forms of models, for pipes and scripts. Never prints; imports no rich.

Keeping these apart from the rich renderables means `brief search ... | head` and `--json`
never pay for importing rich.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from briefcli.models import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    Briefing,
    BriefingRef,
    BriefingView,
    Edge,
    Problem,
    SearchResults,
    TraceNode,
)

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACE_RE = re.compile(r"\s+")


def clean(text: str) -> str:
    """Text safe for a terminal: control characters become visible escapes like \\x1b."""
    return _CONTROL_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def one_line(text: str) -> str:
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
        other = edge.other
        return {
            "id": other.id,
            "title": None if other.missing else other.title,
            "date": str(other.date) if other.date else None,
            "note": edge.note,
            "missing": other.missing,
        }

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
    """Nested {id, title, date, repeat, cycle, missing, children}, serialised without recursion."""
    out: list[str] = []
    stack: list[TraceNode | str] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        ref = refs[item.id]
        head = {
            "id": item.id,
            "title": None if ref.missing else ref.title,
            "date": str(ref.date) if ref.date else None,
            "missing": ref.missing,
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


def problem_line(problem: Problem) -> str:
    return one_line(str(problem))


def problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "path": problem.path,
        "line": problem.line,
        "field": problem.field,
        "severity": problem.severity,
        "message": problem.message,
    }
