"""Briefings as explorer page text, one `NNN-slug.txt` per briefing, which `brief import` reads back.

The layout follows the explorer's (see explorer_page.py): a back link standing in for the site's
chrome, the meta line, the numbered title (★ when featured), tagline, tags, summary, key concepts,
a line of graph labels, and the two connection lists, each entry followed by its month.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from briefcli.core.models import INFLUENCED_BY, BriefingView, Edge

BACK = "← Back to Explorer"
LABEL_CHARACTERS = 20  # the graph's labels are cut short, as the explorer cuts them


def _short(title: str) -> str:
    return title if len(title) <= LABEL_CHARACTERS else title[: LABEL_CHARACTERS - 1].rstrip() + "…"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def page(view: BriefingView) -> str:
    b = view.briefing
    up = [e for e in view.outgoing if e.relation == INFLUENCED_BY]
    down = [e for e in view.incoming if e.relation == INFLUENCED_BY]
    meta = "·".join((_one_line(b.category), ", ".join(_one_line(o) for o in b.org), b.date.label))
    lines = [BACK, meta, "", f"{'★' if b.featured else ''}{b.id}. {_one_line(b.title)}", ""]
    if b.tagline:
        lines += [_one_line(b.tagline), ""]
    if b.tags:
        lines.append(" · ".join(_one_line(t) for t in b.tags))
    lines += ["Summary", "", *_paragraphs(b.summary)]
    if b.key_concepts:
        lines += ["Key Concepts", ""]
        for concept in b.key_concepts:
            lines += [_one_line(concept.title), ""]
            lines += _paragraphs(concept.body)
    if up or down:
        graph = f"{b.id}. {_short(b.title)}{b.date.label}"
        graph += "".join(_graph_label(e) for e in up + down)
        graph += ("Influenced by" if up else "") + ("Influences" if down else "")
        lines += ["Connections", "", graph]
        for heading, edges in (("Influenced by", up), ("Influences", down)):
            if edges:
                lines.append(heading)
                lines += [line for edge in edges for line in _listed(edge)]
    return "\n".join(lines).rstrip("\n") + "\n"


def _graph_label(edge: Edge) -> str:
    ref = edge.other
    return f"{ref.id}. {_short(ref.title)}{ref.date.label}" if ref.date else f"{ref.id}."


def _listed(edge: Edge) -> list[str]:
    ref = edge.other
    if ref.date is None:  # not in the collection: only its number is known
        return [f"{ref.id}. (not in the collection)"]
    return [f"{ref.id}. {_one_line(ref.title)}", ref.date.label]


def _paragraphs(text: str) -> list[str]:
    return [line for p in text.split("\n\n") if p.strip() for line in (_one_line(p), "")]


def file_name(view: BriefingView) -> str:
    return f"{view.briefing.id:03d}-{view.briefing.slug}.txt"


def files(views: Iterable[BriefingView]) -> Iterator[tuple[str, str]]:
    return ((file_name(v), page(v)) for v in views)
