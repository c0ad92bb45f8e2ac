"""Turn models into rich renderables, plain lines and JSON. Never prints.

User text is never markup: every label is built from `Text`, so a title such as `[/]` or
`[bold]x` prints as written. Control characters in stored text (a YAML string can hold ESC) are
replaced before display, so a briefing cannot drive the terminal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.constrain import Constrain
from rich.padding import Padding
from rich.style import Style
from rich.table import Table
from rich.text import Text

from briefcli.core.models import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    Briefing,
    BriefingRef,
    BriefingView,
    SearchResults,
    TraceNode,
    TraceSummary,
)
from briefcli.output import columns, page
from briefcli.output.guides import Row, marks
from briefcli.output.guides import trace_footer as plain_trace_footer
from briefcli.output.text import FEATURED, MISSING, clean, one_line, orgs


def ref_label(ref: BriefingRef) -> Text:
    """'46. OpenAI Model Spec (Dec 2025)', or '99. (missing)'."""
    return Text.assemble(*page.ref_spans(ref))


# -- list ------------------------------------------------------------------------------------


LIST_COLUMNS = (
    columns.Column("#", right=True),
    columns.Column("Title", wraps=True),
    columns.Column("Organisation", wraps=True),
    columns.Column("Month"),
    columns.Column("Category", wraps=True),
)


class BriefingsTable:
    """The list of briefings, laid out by output/columns.py at the width it is drawn at."""

    def __init__(self, briefings: Iterable[Briefing]) -> None:
        self.rows = [
            (
                ((str(b.id), "bold"),),
                ((FEATURED if b.featured else "", "yellow"), (one_line(b.title), "")),
                ((one_line(orgs(b)), ""),),
                ((b.date.label, ""),),
                ((one_line(b.category), ""),),
            )
            for b in briefings
        ]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in columns.lay_out(LIST_COLUMNS, self.rows, options.max_width):
            yield Text.assemble(*line, no_wrap=True, overflow="crop", end="\n")


def briefings_table(briefings: Iterable[Briefing]) -> BriefingsTable:
    return BriefingsTable(briefings)


# -- show ------------------------------------------------------------------------------------


def _indent(renderable: RenderableType, spaces: int) -> Padding:
    return Padding(renderable, (0, 0, 0, spaces), expand=False)


def briefing_detail(view: BriefingView) -> Constrain:
    """The page of `brief show`, laid out by output/page.py, at most READING_WIDTH wide."""
    # Padding draws no line for an empty Text, so the blank lines between sections stay unpadded.
    return Constrain(
        Group(
            *(
                _indent(_spans(block.spans), block.indent) if block.indent else _spans(block.spans)
                for block in page.briefing_blocks(view)
            )
        ),
        page.READING_WIDTH,
    )


def _spans(spans: Iterable[page.Span]) -> Text:
    text = Text()
    for piece, style in spans:
        if style == page.URL:  # an OSC 8 hyperlink where the terminal supports them
            text.append(piece, style=Style(color="blue", link=piece))
        else:
            text.append(piece, style=style)
    return text


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


def trace_lines(rows: Iterable[Row], refs: Mapping[int, BriefingRef], width: int) -> Group:
    """A trace drawn line by line, one briefing a line, fitted to `width`.

    Only guides and marks are dim. A line too long loses the end of its title first, then
    its date, and never its mark: "(shown above)", "↻ cycle", "missing" and "… more beyond --depth"
    always show. rich's own Tree stops drawing guides past a depth of about width/4 without saying
    so; the rows come from guides.tree_rows, which caps the depth explicitly and says what it left out.
    """
    lines = []
    for row in rows:
        line = Text.assemble((row.guide, "dim"))
        if row.node is None:
            line.append(row.text, style="dim")
            line.truncate(width, overflow="ellipsis")
        else:
            line.append_text(_fitted(row.node, refs[row.node.id], width - line.cell_len))
        lines.append(line)
    return Group(*lines)


def _fitted(node: TraceNode, ref: BriefingRef, room: int) -> Text:
    """'46. Title (Dec 2025) (shown above)' cut to `room` cells, the title first, the mark never."""
    number = Text(f"{ref.id}. ", style="cyan")
    if ref.date is None:
        titles, date = [Text(MISSING, style="red"), Text("(missing)", style="red")], Text()
    else:
        titles, date = [Text(one_line(ref.title))], Text(f" ({ref.date.label})")
    for mark_text in dict.fromkeys(marks(node)):
        mark = Text(mark_text, style="magenta" if node.cycle else "dim")
        left = room - number.cell_len - mark.cell_len
        for title in titles:
            if title.cell_len + date.cell_len <= left:
                return Text.assemble(number, title, date, mark)
        title = titles[0].copy()
        if left - date.cell_len >= 10:
            title.truncate(left - date.cell_len, overflow="ellipsis")
            return Text.assemble(number, title, date, mark)
        if left >= 4 and ref.date is not None:
            title.truncate(left, overflow="ellipsis")
            return Text.assemble(number, title, mark)
        if left >= titles[-1].cell_len:
            return Text.assemble(number, titles[-1], mark)
    return Text.assemble(number, mark)


def trace_footer(summary: TraceSummary) -> Text:
    return Text(plain_trace_footer(summary), style="dim")


# -- load ------------------------------------------------------------------------------------
