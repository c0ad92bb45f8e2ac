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
    SearchResults,
    TraceSummary,
)
from briefcli.output import page
from briefcli.output.guides import Row, trace_label
from briefcli.output.guides import trace_footer as plain_trace_footer
from briefcli.output.text import FEATURED, clean, one_line, orgs


def ref_label(ref: BriefingRef) -> Text:
    """'46. OpenAI Model Spec (Dec 2025)', or '99. (missing)'."""
    return Text.assemble(*page.ref_spans(ref))


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
    """The page of `brief show`, laid out by output/page.py."""
    # Padding draws no line for an empty Text, so the blank lines between sections stay unpadded.
    return Group(
        *(
            _indent(Text.assemble(*block.spans), block.indent)
            if block.indent
            else Text.assemble(*block.spans)
            for block in page.briefing_blocks(view)
        )
    )


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
