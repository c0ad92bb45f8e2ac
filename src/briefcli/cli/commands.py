"""What each command does once its arguments are parsed: call the core and print the result.

Kept apart from the Typer declarations in cli.py so that the quick path in entry.py can run a
search without importing Typer; both paths call these same functions.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from briefcli.cli.common import filters, month, open_store

# The graph commands live in their own module; importing them here keeps every command body
# reachable as commands.NAME (entry.py's fast path and the Typer commands both look there).
from briefcli.cli.graph_commands import graph_export, path, top, trace
from briefcli.core.errors import UsageProblem
from briefcli.core.models import capped, plural
from briefcli.output import console

TYPE_CHECKING = False
if TYPE_CHECKING:
    from _typeshed import StrPath


@console.pageable
def list_briefings(
    category: str | None,
    org: str | None,
    tag: str | None,
    since: str | None,
    until: str | None,
    sort: str,
    limit: int | None,
    as_json: bool,
    db: StrPath | None,
    *,
    no_pager: bool = False,
) -> None:
    from briefcli.output import forms, text

    chosen = filters(category, org, tag, since, until)
    briefings = open_store(db).find(chosen, sort, capped(limit))
    if as_json:
        console.show_json(forms.list_json(briefings))
    elif not briefings:
        console.note("No briefings match.")
    elif console.on_terminal():
        from briefcli.output import render

        console.show(render.briefings_table(briefings))
    else:
        console.write(text.briefings_lines(briefings))


@console.pageable
def show(ref: str, as_json: bool, db: StrPath | None, *, no_pager: bool = False) -> None:
    from briefcli.index import search

    store = open_store(db)
    view = store.view(search.resolve(store, ref))
    assert view is not None  # resolve() only returns numbers in the index
    if as_json:
        from briefcli.output import forms

        console.show_json(forms.view_json(view))
    elif console.on_terminal():
        from briefcli.output import render

        console.show(render.briefing_detail(view))
    else:
        from briefcli.output import page

        console.write(page.plain(page.briefing_blocks(view), min(console.pipe_width(), page.READING_WIDTH)))


@console.pageable
def search(
    query: Sequence[str],
    category: str | None,
    org: str | None,
    tag: str | None,
    since: str | None,
    until: str | None,
    limit: int,
    as_json: bool,
    db: StrPath | None,
    *,
    no_pager: bool = False,
) -> None:
    from briefcli.index.search import search as find
    from briefcli.output import forms, text

    chosen = filters(category, org, tag, since, until)
    results = find(open_store(db), " ".join(query), chosen, capped(limit) or 0)
    for notice in results.notices:
        console.note(notice)
    if results.corrections:
        fixed = ", ".join(f"{wrong} → {right}" for wrong, right in results.corrections.items())
        console.note(f"Showing results for corrected words: {fixed}")
    if as_json:
        console.show_json(forms.search_json(results))
    elif not results.hits:
        console.note("No matches.")
    elif console.on_terminal():
        from briefcli.output import render

        console.show(render.search_table(results))
    else:
        console.write(text.search_lines(results))


def load(
    paths: Sequence[StrPath] | None, rebuild: bool, no_bundled: bool, as_json: bool, db: StrPath | None
) -> None:
    from briefcli.cli import paths as where
    from briefcli.index import write
    from briefcli.output import text

    given = [os.fspath(p) for p in paths or []]

    if no_bundled and not (rebuild and given):
        raise UsageProblem("--no-bundled builds a new index: use it with --rebuild and the paths to load.")
    db_path = where.database_path(db)
    if not given and not rebuild:
        from briefcli.cli.collection import refresh

        store, report = refresh(db)
    elif rebuild:
        store, report = write.rebuild(
            db_path, where.bundled_corpus(), given, console.progress(), with_bundled=not no_bundled
        )
    else:
        store = open_store(db)
        report = write.Writer(store).load(given, where.bundled_corpus(), console.progress())
    for warning in report.warnings:
        console.note(text.problem_line(warning))
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
    elif console.on_terminal():
        from briefcli.output import reports

        console.show(reports.load_summary(counts, store.count(), str(db_path)))
    else:
        summary = ", ".join(f"{n} {label}" for label, n in counts.items())
        console.write(f"Loaded: {summary}. The index holds {store.count()} briefings ({db_path}).\n")


@console.pageable
def validate(
    paths: Sequence[StrPath] | None,
    strict: bool,
    as_json: bool,
    db: StrPath | None,
    *,
    no_pager: bool = False,
) -> int:
    """Print every problem; return the exit code (1 for errors, or for warnings when strict)."""
    from briefcli.cli import paths as where
    from briefcli.index.collection import collection_as_found as found
    from briefcli.output import forms, text
    from briefcli.sources.validate import validate as check

    # Given files are checked against the whole collection; the bundled corpus stands alone.
    bundled = where.bundled_corpus()
    report = (
        check([os.fspath(p) for p in paths], found(where.database_path(db), bundled))
        if paths
        else check([bundled])
    )
    if as_json:
        console.show_json([forms.problem_json(p) for p in report.problems])
    elif report.problems and console.on_terminal():
        from briefcli.output import reports

        console.show(reports.problems_page(report.problems))
    else:
        console.write("".join(text.problem_line(p) + "\n" for p in report.problems))
    if not as_json:
        console.note(
            f"Checked {plural(report.briefings, 'briefing')}: "
            f"{plural(len(report.errors), 'error')}, {plural(len(report.warnings), 'warning')}."
        )
    return 1 if report.errors or (strict and report.warnings) else 0


__all__ = [
    "filters",
    "graph_export",
    "list_briefings",
    "load",
    "month",
    "open_store",
    "path",
    "search",
    "show",
    "top",
    "trace",
    "validate",
]
