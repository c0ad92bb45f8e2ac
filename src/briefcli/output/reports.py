"""rich renderables for the reports of top, path, load and validate on a terminal. Never prints.

The same content as their plain text in output/text.py, coloured as show, list and search are,
laid out in grids so that rich wraps long lines at word boundaries with a hanging indent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from briefcli.core.models import BriefingRef, Problem, plural
from briefcli.output.render import ref_label
from briefcli.output.text import Stats, Step, one_line


def _heading(text: str) -> Text:
    return Text(text, style="bold underline")


def _counted(rows: Iterable[tuple[Text, int]]) -> RenderableType:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(justify="right", no_wrap=True, style="cyan")
    grid.add_column()
    for label, number in rows:
        grid.add_row(str(number), label)
    if not grid.rows:
        return Padding(Text("none", style="dim"), (0, 0, 0, 2))
    return Padding(grid, (0, 0, 0, 2))


def stats_page(stats: Stats) -> Group:
    """What `brief top` prints: rankings and counts under bold headings."""
    scope = "" if stats.reach_exact else " (among the most cited)"
    sections: list[tuple[str, RenderableType]] = [
        (
            "Most cited (briefings that say they were influenced by it)",
            _counted((ref_label(ref), n) for ref, n in stats.cited),
        ),
        (
            f"Widest reach (briefings influenced directly or indirectly){scope}",
            _counted((ref_label(ref), n) for ref, n in stats.reach),
        ),
        ("Briefings by category", _counted((Text(one_line(name)), n) for name, n in stats.categories)),
        ("Briefings by organisation", _counted((Text(one_line(name)), n) for name, n in stats.orgs)),
        ("Briefings by year", _counted((Text(one_line(name)), n) for name, n in stats.years)),
    ]
    parts: list[RenderableType] = []
    for heading, body in sections:
        parts += [_heading(heading), body, Text()]
    parts.append(_heading("Without any connection"))
    loners = [Padding(ref_label(ref), (0, 0, 0, 2)) for ref in stats.unconnected]
    parts += loners or [Padding(Text("none", style="dim"), (0, 0, 0, 2))]
    return Group(*parts)


def path_page(found: Sequence[int], steps: Sequence[Step], refs: Mapping[int, BriefingRef]) -> Group:
    """What `brief path` prints: the chain, then each step with its note."""
    chain = Text(" → ".join(str(n) for n in found), style="bold")
    chain.append(f"  ({plural(len(steps), 'step')})", style="dim")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for number, relation, note in steps:
        grid.add_row(Text("  →", style="dim"), Text.assemble((relation, "dim"), " ", ref_label(refs[number])))
        if note:
            grid.add_row(Text(""), Padding(Text(one_line(note), style="italic"), (0, 0, 0, 2)))
    return Group(chain, ref_label(refs[found[0]]), grid)


def problems_page(problems: Iterable[Problem]) -> Table:
    """Validation problems: the severity in colour, then where and what, wrapped under itself."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for problem in problems:
        where = problem.path if problem.line is None else f"{problem.path}:{problem.line}"
        what = Text.assemble((where, "dim"), " ")
        if problem.field:
            what.append(one_line(problem.field), style="bold").append(": ")
        what.append(one_line(problem.message))
        severity = Text(problem.severity, style="bold red" if problem.severity == "error" else "yellow")
        grid.add_row(severity, what)
    return grid


def load_summary(counts: Mapping[str, int], total: int, database: str) -> Text:
    """'Loaded: 1 added, ... The index holds 47 briefings', the numbers in bold, then the file."""
    line = Text("Loaded: ", style="bold")
    for position, (label, number) in enumerate(counts.items()):
        if position:
            line.append(", ")
        line.append(str(number), style="bold cyan" if number else "").append(f" {label}")
    line.append(". The index holds ").append(str(total), style="bold").append(" briefings")
    line.append(f" ({database}).", style="dim")
    return line
