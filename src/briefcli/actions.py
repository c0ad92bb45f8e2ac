"""What each command does once its arguments are parsed: call the core and print the result.

Kept apart from the Typer declarations in cli.py so that the quick path in entry.py can run a
search without importing Typer; both paths call these same functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefcli import console
from briefcli.errors import UsageProblem
from briefcli.models import Month

if TYPE_CHECKING:
    from briefcli.store import Filters, Store


def open_store(db: Path | None) -> Store:
    from briefcli import paths
    from briefcli.store import Store

    return Store.open(paths.database_path(db), paths.bundled_corpus(), console.progress())


def filters(
    category: str | None = None,
    org: str | None = None,
    tag: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Filters:
    from briefcli.store import Filters

    return Filters(
        category=category,
        org=org,
        tag=tag,
        since=month(since, "--since", end=False),
        until=month(until, "--until", end=True),
    )


def month(text: str | None, option: str, *, end: bool) -> Month | None:
    if text is None:
        return None
    try:
        return Month.parse_bound(text, end=end)
    except ValueError as error:
        raise UsageProblem(f"Invalid value for {option}: {error}.") from None


def list_briefings(chosen: Filters, sort: str, limit: int | None, as_json: bool, db: Path | None) -> None:
    from briefcli import plain

    briefings = open_store(db).find(chosen, sort, limit)
    if as_json:
        console.show_json(plain.list_json(briefings))
    elif not briefings:
        console.note("No briefings match.")
    elif console.on_terminal():
        from briefcli import render

        console.show(render.briefings_table(briefings))
    else:
        console.write(plain.briefings_lines(briefings))


def show(ref: str, as_json: bool, db: Path | None) -> None:
    from briefcli import search

    store = open_store(db)
    view = store.view(search.resolve(store, ref))
    assert view is not None  # resolve() only returns numbers in the index
    if as_json:
        from briefcli import plain

        console.show_json(plain.view_json(view))
    else:
        from briefcli import render

        console.show(render.briefing_detail(view))


def search(query: Sequence[str], chosen: Filters, limit: int, as_json: bool, db: Path | None) -> None:
    from briefcli import plain
    from briefcli.search import search as find

    results = find(open_store(db), " ".join(query), chosen, limit)
    for notice in results.notices:
        console.note(notice)
    if results.corrections:
        fixed = ", ".join(f"{wrong} → {right}" for wrong, right in results.corrections.items())
        console.note(f"Showing results for corrected words: {fixed}")
    if as_json:
        console.show_json(plain.search_json(results))
    elif not results.hits:
        console.note("No matches.")
    elif console.on_terminal():
        from briefcli import render

        console.show(render.search_table(results))
    else:
        console.write(plain.search_lines(results))


def trace(
    ref: str, direction: str, depth: int | None, limit: int | None, as_json: bool, db: Path | None
) -> None:
    from briefcli import graph, search

    store = open_store(db)
    root = search.resolve(store, ref)
    tree = graph.trace(root, store.neighbours(direction), depth=depth, limit=limit)
    refs = store.refs(node.id for node, _ in tree.walk())
    if as_json:
        from briefcli import plain

        console.show_json(plain.trace_json(tree, refs))
        return
    from briefcli import render

    console.show(render.trace_tree(tree, refs))
    console.show(render.trace_footer(graph.summarise(tree, lambda n: refs[n].date)))


def load(given: Sequence[Path], rebuild: bool, as_json: bool, db: Path | None) -> None:
    from briefcli import paths, plain
    from briefcli.store import Store

    if not given and not rebuild:
        raise UsageProblem("Give at least one file or directory to load, or --rebuild.")
    db_path = paths.database_path(db)
    if rebuild:
        store, report = Store.rebuild(db_path, paths.bundled_corpus(), given, console.progress())
    else:
        store = open_store(db)
        report = store.load(given, paths.bundled_corpus(), console.progress())
    for warning in report.warnings:
        console.note(plain.problem_line(warning))
    counts = {
        "added": report.added,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "removed": report.removed,
    }
    if as_json:
        console.show_json(
            {
                **counts,
                "total": store.count(),
                "database": str(db_path),
                "warnings": [str(w) for w in report.warnings],
            }
        )
    else:
        summary = ", ".join(f"{n} {label}" for label, n in counts.items())
        console.write(f"Loaded: {summary}. The index holds {store.count()} briefings ({db_path}).\n")


def validate(given: Sequence[Path], strict: bool, as_json: bool) -> int:
    """Print every problem; return the exit code (1 for errors, or for warnings when strict)."""
    from briefcli import paths, plain
    from briefcli.validate import validate as check

    report = check(given or [paths.bundled_corpus()])
    if as_json:
        console.show_json([plain.problem_json(p) for p in report.problems])
    else:
        console.write("".join(plain.problem_line(p) + "\n" for p in report.problems))
        console.note(
            f"Checked {console.count(report.briefings, 'briefing')}: "
            f"{console.count(len(report.errors), 'error')}, {console.count(len(report.warnings), 'warning')}."
        )
    return 1 if report.errors or (strict and report.warnings) else 0
