"""The `brief` command line: parse arguments, call the core, print, map errors to exit codes."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from briefcli.errors import BriefError, UsageProblem
from briefcli.models import Month

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.progress import Progress as ProgressBar

    from briefcli.store import Filters, Progress, Store


class BriefGroup(TyperGroup):
    """Turns the project's errors into one 'Error: ...' line on stderr and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BriefError as error:
            if os.environ.get("BRIEF_DEBUG"):
                raise
            _error(str(error))
            raise typer.Exit(2 if isinstance(error, UsageProblem) else 1) from None
        except sqlite3.DatabaseError as error:  # an index damaged or altered behind brief's back
            if os.environ.get("BRIEF_DEBUG"):
                raise
            _error(f"The index cannot be used ({error}). Run `brief load --rebuild` to make it again.")
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=BriefGroup,
    name="brief",
    help="Briefings on frontier-AI papers and policy documents: search, read and trace them offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="Index file to use (default: $BRIEF_DB, else your user data directory).",
        dir_okay=False,
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
CategoryOption = Annotated[
    str | None, typer.Option("--category", "-c", help="Only this category (any part of its name, any case).")
]
OrgOption = Annotated[
    str | None,
    typer.Option("--org", "-o", help="Only briefings by this organisation (any part of its name)."),
]
TagOption = Annotated[
    str | None, typer.Option("--tag", "-t", help="Only briefings with this tag (any case).")
]
SinceOption = Annotated[str | None, typer.Option("--since", help="From this month on: YYYY or YYYY-MM.")]
UntilOption = Annotated[str | None, typer.Option("--until", help="Up to this month: YYYY or YYYY-MM.")]


class SortKey(StrEnum):
    ID = "id"
    DATE = "date"
    TITLE = "title"


class Direction(StrEnum):
    UPSTREAM = "upstream"
    DOWNSTREAM = "downstream"


# -- output ---------------------------------------------------------------------------------

_consoles: dict[bool, Console] = {}


def _console(stderr: bool = False) -> Console:
    if stderr not in _consoles:
        from rich.console import Console

        _consoles[stderr] = Console(stderr=stderr, highlight=False, emoji=False, markup=False)
    return _consoles[stderr]


def _print(renderable: RenderableType) -> None:
    console = _console()
    if console.is_terminal:
        console.print(renderable)
        return
    with console.capture() as captured:  # rich pads lines to the width; pipes get them trimmed
        console.print(renderable)
    sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


def _print_json(data: Any) -> None:
    sys.stdout.write(data if isinstance(data, str) else json.dumps(data, indent=2, ensure_ascii=False))
    sys.stdout.write("\n")


def _on_terminal() -> bool:
    """Whether stdout is a terminal, decided as rich decides it (FORCE_COLOR, TTY_COMPATIBLE...)."""
    if not sys.stdout.isatty() and not os.environ.get("FORCE_COLOR") and not os.environ.get("TTY_COMPATIBLE"):
        return False  # the common piped case, answered without importing rich
    return _console().is_terminal


def _error(message: str) -> None:
    from briefcli.plain import clean

    lines = clean(message).splitlines() or [""]
    sys.stderr.write(f"Error: {lines[0]}\n" + "".join(f"  {line}\n" for line in lines[1:]))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _note(message: str) -> None:
    """Commentary for people, on stderr, so that stdout stays data."""
    from briefcli.plain import clean

    if not sys.stderr.isatty():
        sys.stderr.write(clean(message) + "\n")
        return
    from rich.text import Text

    _console(stderr=True).print(Text(clean(message), style="dim"))


# -- the index ------------------------------------------------------------------------------


def _progress() -> Progress | None:
    """A progress bar on stderr for loads of many files, when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None
    bar: ProgressBar | None = None
    task = None

    def update(done: int, total: int) -> None:
        nonlocal bar, task
        if total < 500:
            return
        if bar is None:
            from rich.progress import Progress as ProgressBar

            bar = ProgressBar(console=_console(stderr=True), transient=True)
            bar.start()
            task = bar.add_task("Reading briefings", total=total)
        assert task is not None
        bar.update(task, completed=done)
        if done == total:
            bar.stop()

    return update


def _open(db: Path | None) -> Store:
    from briefcli import paths
    from briefcli.store import Store

    return Store.open(paths.database_path(db), paths.bundled_corpus(), _progress())


def _filters(
    category: str | None, org: str | None, tag: str | None, since: str | None, until: str | None
) -> Filters:
    from briefcli.store import Filters

    return Filters(
        category=category,
        org=org,
        tag=tag,
        since=_month(since, "--since", end=False),
        until=_month(until, "--until", end=True),
    )


def _month(text: str | None, option: str, *, end: bool) -> Month | None:
    if text is None:
        return None
    try:
        return Month.parse_bound(text, end=end)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint=option) from None


# -- commands -------------------------------------------------------------------------------


@app.command("list")
def list_(
    category: CategoryOption = None,
    org: OrgOption = None,
    tag: TagOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    sort: Annotated[SortKey, typer.Option("--sort", help="Order by number, month or title.")] = SortKey.ID,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=0, help="Show at most this many.")] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """List briefings, filtered and sorted: number, title, organisation, month, category."""
    from briefcli import plain

    chosen = _filters(category, org, tag, since, until)
    briefings = _open(db).find(chosen, sort.value, limit)
    if as_json:
        _print_json(plain.list_json(briefings))
    elif not briefings:
        _note("No briefings match.")
    elif _on_terminal():
        from briefcli import render

        _print(render.briefings_table(briefings))
    else:
        sys.stdout.write(plain.briefings_lines(briefings))


@app.command()
def show(
    ref: Annotated[str, typer.Argument(help="A number (46, 046), a slug, or a title typed loosely.")],
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Read one briefing: summary, key concepts and its connections both ways."""
    from briefcli import search

    store = _open(db)
    view = store.view(search.resolve(store, ref))
    assert view is not None  # resolve() only returns numbers in the index
    if as_json:
        from briefcli import plain

        _print_json(plain.view_json(view))
    else:
        from briefcli import render

        _print(render.briefing_detail(view))


@app.command("search")
def search_(
    query: Annotated[list[str], typer.Argument(help="Words to look for; typos and partial words are fine.")],
    category: CategoryOption = None,
    org: OrgOption = None,
    tag: TagOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, help="Show at most this many.")] = 10,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Find briefings by any words: titles, aliases, summaries, concepts, tags, organisations."""
    from briefcli import plain, search

    chosen = _filters(category, org, tag, since, until)
    results = search.search(_open(db), " ".join(query), chosen, limit)
    for notice in results.notices:
        _note(notice)
    if results.corrections:
        fixed = ", ".join(f"{wrong} → {right}" for wrong, right in results.corrections.items())
        _note(f"Showing results for corrected words: {fixed}")
    if as_json:
        _print_json(plain.search_json(results))
    elif not results.hits:
        _note("No matches.")
    elif _on_terminal():
        from briefcli import render

        _print(render.search_table(results))
    else:
        sys.stdout.write(plain.search_lines(results))


@app.command()
def trace(
    ref: Annotated[str, typer.Argument(help="The briefing to start from.")],
    upstream: Annotated[
        bool, typer.Option("--upstream", help="Follow what influenced it (the default).")
    ] = False,
    downstream: Annotated[bool, typer.Option("--downstream", help="Follow what it influenced.")] = False,
    depth: Annotated[
        int | None, typer.Option("--depth", "-d", min=1, help="Stop after this many levels.")
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Show at most this many children per briefing.")
    ] = 200,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Show the tree of influence above (or below) a briefing."""
    from briefcli import graph, search

    if upstream and downstream:
        raise UsageProblem("Choose one of --upstream and --downstream.")
    store = _open(db)
    root = search.resolve(store, ref)
    direction = Direction.DOWNSTREAM if downstream else Direction.UPSTREAM
    tree = graph.trace(root, store.neighbours(direction.value), depth=depth, limit=limit)
    refs = store.refs(node.id for node, _ in tree.walk())
    if as_json:
        from briefcli import plain

        _print_json(plain.trace_json(tree, refs))
        return
    from briefcli import render

    _print(render.trace_tree(tree, refs))
    _print(render.trace_footer(graph.summarise(tree, lambda n: refs[n].date)))


@app.command()
def load(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="YAML files or directories (searched recursively).", show_default=False),
    ] = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Start afresh: forget everything loaded before.")
    ] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Add your own YAML briefings to the index; unchanged files are skipped."""
    from briefcli import paths as where
    from briefcli import plain
    from briefcli.store import Store

    given = list(paths or [])
    if not given and not rebuild:
        raise UsageProblem("Give at least one file or directory to load, or --rebuild.")
    db_path = where.database_path(db)
    if rebuild:
        store, report = Store.rebuild(db_path, where.bundled_corpus(), given, _progress())
    else:
        store = _open(db)
        report = store.load(given, where.bundled_corpus(), _progress())
    for warning in report.warnings:
        _note(plain.problem_line(warning))
    counts = {
        "added": report.added,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "removed": report.removed,
    }
    if as_json:
        _print_json(
            {
                **counts,
                "total": store.count(),
                "database": str(db_path),
                "warnings": [str(w) for w in report.warnings],
            }
        )
    else:
        summary = ", ".join(f"{n} {label}" for label, n in counts.items())
        sys.stdout.write(f"Loaded: {summary}. The index holds {store.count()} briefings ({db_path}).\n")


@app.command("validate")
def validate_(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="YAML files or directories (default: the bundled corpus).", show_default=False),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Check briefing files without touching the index: schema, ids, connections, conventions."""
    from briefcli import paths as where
    from briefcli import plain
    from briefcli.validate import validate

    report = validate(paths or [where.bundled_corpus()])
    if as_json:
        _print_json([plain.problem_json(p) for p in report.problems])
    else:
        sys.stdout.write("".join(plain.problem_line(p) + "\n" for p in report.problems))
        _note(
            f"Checked {_count(report.briefings, 'briefing')}: {_count(len(report.errors), 'error')}, "
            f"{_count(len(report.warnings), 'warning')}."
        )
    if report.errors or (strict and report.warnings):
        raise typer.Exit(1)


def main() -> None:
    """Console entry point: die quietly on a closed pipe or Ctrl-C, as command-line tools do."""
    import signal

    for name in ("SIGPIPE", "SIGINT"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    app()
