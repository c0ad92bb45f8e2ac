"""Turn models into rich renderables, plain lines and JSON. Never prints.

User text is never markup: every label is built from `Text`, so a title such as `[/]` or
`[bold]x` prints as written. Control characters in stored text (a YAML string can hold ESC) are
replaced before display, so a briefing cannot drive the terminal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from briefcli.core.models import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    Briefing,
    BriefingRef,
    BriefingView,
    Edge,
    SearchResults,
    TraceSummary,
)
from briefcli.output.guides import Row, trace_label
from briefcli.output.guides import trace_footer as plain_trace_footer
from briefcli.output.text import FEATURED, MISSING, clean, one_line, orgs


def ref_label(ref: BriefingRef) -> Text:
    """'46. OpenAI Model Spec (Dec 2025)', or '99. (missing)'."""
    if ref.date is None:
        return Text.assemble((f"{ref.id}. ", "bold"), (MISSING, "red"))
    return Text.assemble((f"{ref.id}. ", "bold"), one_line(ref.title), (f" ({ref.date.label})", "dim"))


# -- list ------------------------------------------------------------------------------------


def briefings_table(briefings: Iterable[Briefing]) -> Table:
    table = Table(box=None, pad_edge=False, header_style="bold", expand=False)
    table.add_column("#", justify="right", style="bold", no_wrap=True)
    table.add_column("Title", ratio=3)
    table.add_column("Organisation", ratio=1)
    table.add_column("Month", no_wrap=True)
    table.add_column("Category", ratio=1)
    for b in briefings:
        table.add_row(
            str(b.id),
            Text.assemble((FEATURED if b.featured else "", "yellow"), one_line(b.title)),
            Text(one_line(orgs(b))),
            b.date.label,
            Text(one_line(b.category)),
        )
    return table


# -- show ------------------------------------------------------------------------------------


def _indent(renderable: RenderableType, spaces: int) -> Padding:
    return Padding(renderable, (0, 0, 0, spaces), expand=False)


def briefing_detail(view: BriefingView) -> Group:
    b = view.briefing
    meta = Text(" · ".join(one_line(p) for p in (b.category, orgs(b), b.date.label) if p), style="dim")
    if b.featured:
        meta.append(" · ").append(f"{FEATURED}featured", style="yellow")
    parts: list[RenderableType] = [
        Text.assemble((f"{b.id}. ", "bold cyan"), (one_line(b.title), "bold")),
        meta,
    ]
    if b.tagline:
        parts.append(Text(one_line(b.tagline), style="italic"))
    facts = Text()
    for label, value in (
        ("Tags", ", ".join(b.tags)),
        ("Also known as", ", ".join(b.aliases)),
        ("arXiv", b.arxiv or ""),
    ):
        if value:
            facts.append(f"{label}: ", style="bold").append(one_line(value)).append("   ")
    if facts:
        facts.rstrip()
        parts.append(facts)
    for link in b.links:
        parts.append(
            Text.assemble(("Link: ", "bold"), one_line(link.label), " ", (one_line(link.url), "blue"))
        )
    parts += [Text(), Text("Summary", style="bold underline"), _indent(Text(clean(b.summary)), 2)]
    if b.key_concepts:
        parts += [Text(), Text("Key concepts", style="bold underline")]
        for number, concept in enumerate(b.key_concepts, 1):
            parts.append(
                Padding(
                    Text.assemble((f"{number}. ", "bold"), (one_line(concept.title), "bold")), (0, 0, 0, 2)
                )
            )
            if concept.body:
                parts.append(_indent(Text(clean(concept.body)), 5))
    parts += _edges("Influenced by", [e for e in view.outgoing if e.relation == "influenced_by"])
    parts += _edges("Influences", [e for e in view.incoming if e.relation == "influenced_by"])
    related = [e for e in view.outgoing + view.incoming if e.relation != "influenced_by"]
    if related:
        parts += _edges("Related", related)
    return Group(*parts)


def _edges(heading: str, edges: list[Edge]) -> list[RenderableType]:
    lines: list[RenderableType] = [Text(), Text(heading, style="bold underline")]
    if not edges:
        lines.append(_indent(Text("none", style="dim"), 2))
    for edge in edges:
        label = ref_label(edge.other)
        if edge.note:
            label.append(" — ", style="dim").append(one_line(edge.note), style="dim")
        lines.append(_indent(label, 2))
    return lines


# -- search ----------------------------------------------------------------------------------


def _highlighted(snippet: str, style: str) -> Text:
    """The snippet with its marked words styled; the spaces around them are kept."""
    text = Text()
    for index, piece in enumerate(re.split(f"[{HIGHLIGHT_START}{HIGHLIGHT_END}]", snippet)):
        text.append(clean(piece), style=style if index % 2 else "")
    return text


def search_table(results: SearchResults) -> Table:
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("#", justify="right", style="bold", no_wrap=True)
    table.add_column("Title", ratio=2)
    table.add_column("Month", no_wrap=True)
    table.add_column("Matched", ratio=3)
    for hit in results.hits:
        matched = Text(f"{hit.field}: ", style="dim") if hit.field else Text()
        matched.append_text(_highlighted(hit.snippet, "bold yellow"))
        date = hit.ref.date.label if hit.ref.date else ""
        table.add_row(str(hit.ref.id), Text(one_line(hit.ref.title)), date, matched)
    return table


# -- trace -----------------------------------------------------------------------------------


def trace_lines(rows: Iterable[Row], refs: Mapping[int, BriefingRef]) -> Group:
    """A trace drawn line by line, one briefing a line (long titles are cut, not wrapped).

    rich's own Tree stops drawing guides past a depth of about width/4 without saying so; the
    rows come from guides.tree_rows, which caps the depth explicitly and says what it left out.
    """
    lines = []
    for row in rows:
        line = Text(row.guide, style="dim", no_wrap=True, overflow="ellipsis")
        if row.node is None:
            line.append(row.text, style="dim")
        else:
            ref = refs[row.node.id]
            line.append_text(ref_label(ref))
            mark = trace_label(row.node, ref)[1]
            line.append(mark, style="magenta" if row.node.cycle else "dim")
        lines.append(line)
    return Group(*lines)


def trace_footer(summary: TraceSummary) -> Text:
    return Text(plain_trace_footer(summary), style="dim")


# -- load ------------------------------------------------------------------------------------
