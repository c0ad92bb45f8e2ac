"""Briefings as an Obsidian vault: one note per briefing, YAML front matter, wiki links both ways.

A note is named by number and title, `046 OpenAI Model Spec.md`, with the characters that file
systems or Obsidian's links cannot hold (`/ \\ : * ? " < > | # ^ [ ]`) replaced. Connections to
briefings in the vault become `[[note name|46. Title]]` links; those to briefings left out of
the export stay plain text, so every link in the vault resolves to a note. `Index.md` links
every note, grouped by category.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any

import yaml

from briefcli.core.models import INFLUENCED_BY, BriefingRef, BriefingView, Edge, plural
from briefcli.sources import export_bibtex

INDEX_NOTE = "Index"
NAME_BYTES = 180  # well under the 255 bytes most file systems allow, leaving room for ".md"
_UNSAFE_RE = re.compile(r'[/\\:*?"<>|#^\[\]\x00-\x1f\x7f]+')
_TAG_UNSAFE_RE = re.compile(r"[^\w/-]+")


def note_name(ref: BriefingRef) -> str:
    """'046 OpenAI Model Spec': safe as a file name and inside a wiki link."""
    title = " ".join(_UNSAFE_RE.sub(" ", unicodedata.normalize("NFC", ref.title)).split())
    name = f"{ref.id:03d} {title}".rstrip(". ")
    while len(name.encode("utf-8")) > NAME_BYTES:
        name = name[:-1]
    return name.rstrip(". ")


def tag(text: str) -> str:
    """An Obsidian tag: no spaces or punctuation, and never only digits."""
    word = _TAG_UNSAFE_RE.sub("-", text.strip()).strip("-")
    return f"tag-{word}" if word.isdigit() else word


def _label(ref: BriefingRef) -> str:
    """The shown text of a wiki link: no characters that end or split a link."""
    return f"{ref.id}. " + " ".join(re.sub(r"[\[\]|]", " ", ref.title).split())


def link(ref: BriefingRef) -> str:
    return f"[[{note_name(ref)}|{_label(ref)}]]"


def notes(views: Sequence[BriefingView]) -> Iterator[tuple[str, str]]:
    """(file name, text) for every note of the vault, then the index note: len(views) + 1."""
    present = {v.briefing.id: BriefingRef(v.briefing.id, v.briefing.title, v.briefing.date) for v in views}
    for view in views:
        yield f"{note_name(present[view.briefing.id])}.md", _note(view, present)
    yield f"{INDEX_NOTE}.md", _index(views, present)


def _front_matter(view: BriefingView) -> str:
    b = view.briefing
    data: dict[str, Any] = {
        "id": b.id,
        "title": b.title,
        "date": str(b.date),
        "category": b.category,
        "org": list(b.org),
        "tags": [tag(t) for t in b.tags if tag(t)],
        "aliases": list(b.aliases),
        "arxiv": b.arxiv,
        "url": export_bibtex.url(b),
    }
    if b.featured:
        data["featured"] = True
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's emitter: ~10x faster
    text: str = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{text}---\n"


def _note(view: BriefingView, present: dict[int, BriefingRef]) -> str:
    b = view.briefing
    lines = [_front_matter(view) + f"# {b.id}. {' '.join(b.title.split())}", ""]
    if b.tagline:
        lines += [f"*{' '.join(b.tagline.split())}*", ""]
    meta = " · ".join(part for part in (b.category, ", ".join(b.org), b.date.label) if part)
    lines += [meta + (" · ★ featured" if b.featured else ""), "", "## Summary", "", b.summary.strip(), ""]
    if b.key_concepts:
        lines += ["## Key concepts", ""]
        for concept in b.key_concepts:
            lines += [f"### {' '.join(concept.title.split())}", ""]
            if concept.body:
                lines += [concept.body.strip(), ""]
    for title, edges in (
        ("Influenced by", [e for e in view.outgoing if e.relation == INFLUENCED_BY]),
        ("Influences", [e for e in view.incoming if e.relation == INFLUENCED_BY]),
        ("Related", [e for e in view.outgoing + view.incoming if e.relation != INFLUENCED_BY]),
    ):
        if edges:
            lines += [f"## {title}", "", *(_edge(e, present) for e in edges), ""]
    lines += [f"Back to [[{INDEX_NOTE}]]", ""]
    return "\n".join(lines)


def _edge(edge: Edge, present: dict[int, BriefingRef]) -> str:
    ref = edge.other
    if ref.id in present:
        shown = link(present[ref.id])
    elif ref.missing:
        shown = f"{ref.id}. (not in the collection)"
    else:
        shown = f"{_label(ref)} (not in this vault)"
    return f"- {shown}" + (f" — {' '.join(edge.note.split())}" if edge.note else "")


def _index(views: Sequence[BriefingView], present: dict[int, BriefingRef]) -> str:
    lines = ["# Briefings", "", f"{plural(len(views), 'briefing')}, by category.", ""]
    by_category: dict[str, list[BriefingView]] = {}
    for view in views:
        by_category.setdefault(view.briefing.category, []).append(view)
    for category in sorted(by_category):
        lines += [f"## {category}", ""]
        lines += [
            f"- {link(present[v.briefing.id])} ({v.briefing.date.label})" for v in by_category[category]
        ]
        lines.append("")
    return "\n".join(lines)
