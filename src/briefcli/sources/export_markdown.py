"""Briefings as one Markdown document, each under a heading with an anchor of its own.

Connections link to the anchor of the other briefing when it is in the same document, and are
plain text otherwise, so no link in the document leads nowhere. User text is escaped: a title
with `[brackets]` or `*stars*` reads as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefcli.core.models import INFLUENCED_BY, BriefingRef, BriefingView, Edge, plural

_SPECIAL_RE = re.compile(r"([\\`*_{}\[\]<>#|!~])")


def escape(text: str) -> str:
    """Text that Markdown shows as written, on one line."""
    return _SPECIAL_RE.sub(r"\\\1", " ".join(text.split()))


def anchor(number: int) -> str:
    return f"briefing-{number}"


def to_markdown(views: Sequence[BriefingView], heading: str = "Briefings") -> str:
    present = {view.briefing.id for view in views}
    lines = [f"# {escape(heading)}", "", f"{plural(len(views), 'briefing')}.", ""]
    lines += [f"- [{_ref_text(_ref(v))}](#{anchor(v.briefing.id)})" for v in views]
    for view in views:
        lines += ["", *_section(view, present)]
    return "\n".join(lines) + "\n"


def _ref(view: BriefingView) -> BriefingRef:
    b = view.briefing
    return BriefingRef(b.id, b.title, b.date)


def _ref_text(ref: BriefingRef) -> str:
    return f"{ref.id}. {escape(ref.title)}"


def _section(view: BriefingView, present: set[int]) -> list[str]:
    b = view.briefing
    meta = " · ".join(escape(part) for part in (b.category, ", ".join(b.org), b.date.label) if part)
    lines = [f'<a id="{anchor(b.id)}"></a>', "", f"## {_ref_text(_ref(view))}", "", f"*{meta}*"]
    if b.featured:
        lines[-1] += " · ★ featured"
    if b.tagline:
        lines += ["", f"> {escape(b.tagline)}"]
    facts = []
    if b.tags:
        facts.append("**Tags:** " + ", ".join(escape(t) for t in b.tags))
    if b.aliases:
        facts.append("**Also known as:** " + ", ".join(escape(a) for a in b.aliases))
    if b.arxiv:
        facts.append(f"**arXiv:** [{escape(b.arxiv)}](https://arxiv.org/abs/{b.arxiv})")
    for link in b.links:
        facts.append(f"**Link:** [{escape(link.label)}](<{link.url}>)")
    if facts:
        lines += ["", "  \n".join(facts)]
    lines += ["", "### Summary", "", *_paragraphs(b.summary)]
    if b.key_concepts:
        lines += ["", "### Key concepts"]
        for number, concept in enumerate(b.key_concepts, 1):
            lines += ["", f"**{number}. {escape(concept.title)}**"]
            if concept.body:
                lines += ["", *_paragraphs(concept.body)]
    for title, edges in (
        ("Influenced by", [e for e in view.outgoing if e.relation == INFLUENCED_BY]),
        ("Influences", [e for e in view.incoming if e.relation == INFLUENCED_BY]),
        ("Related", [e for e in view.outgoing + view.incoming if e.relation != INFLUENCED_BY]),
    ):
        if edges:
            lines += ["", f"### {title}", "", *(_edge(e, present) for e in edges)]
    return lines


def _edge(edge: Edge, present: set[int]) -> str:
    ref = edge.other
    if ref.missing:
        text = f"{ref.id}. (not in the collection)"
    elif ref.id in present:
        text = f"[{_ref_text(ref)}](#{anchor(ref.id)}) ({ref.date.label if ref.date else ''})"
    else:
        text = f"{_ref_text(ref)} ({ref.date.label if ref.date else ''}, not in this document)"
    return f"- {text}" + (f" — {escape(edge.note)}" if edge.note else "")


def _paragraphs(text: str) -> list[str]:
    paragraphs = [escape(p) for p in re.split(r"\n\s*\n", text) if p.strip()]
    return [line for p in paragraphs for line in (p, "")][:-1]
