"""`brief import` (explorer pages to briefing YAML) and `brief export` (eight formats).

Declared here rather than in app.py, which register() hands them to; the work is done in
sources/ (parsing, planning, each format) and index/ (the collection, title matching).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from briefcli.cli import common
from briefcli.cli.options import DbOption
from briefcli.core.errors import BriefError, UsageProblem
from briefcli.core.models import plural
from briefcli.output import console

if TYPE_CHECKING:
    from briefcli.core.models import BriefingView
    from briefcli.sources.explorer_page import Page
    from briefcli.sources.importing import Outcome


class ExportFormat(StrEnum):
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    MARKDOWN = "markdown"
    BIBTEX = "bibtex"
    YAML = "yaml"
    OBSIDIAN = "obsidian"
    EXPLORER = "explorer"


DIRECTORY_FORMATS = {ExportFormat.YAML, ExportFormat.OBSIDIAN, ExportFormat.EXPLORER}

ForceOption = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Replace an existing file, or write into a non-empty directory over files of the same name.",
    ),
]

IMPORT_EXAMPLES = """Examples:

  brief import page.txt > 046-openai-model-spec.yaml

  brief import pages/*.txt --out ~/notes/briefings && brief load ~/notes/briefings

  pbpaste | brief import - --out ~/notes/briefings --json
"""

EXPORT_EXAMPLES = """Examples:

  brief export --format bibtex --out briefings.bib

  brief export --format csv --category governance --since 2024 --out governance.csv

  brief export --format obsidian --out ~/vault/briefings
"""


def import_(
    files: Annotated[list[str], typer.Argument(help="Explorer page text files; - reads standard input.")],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Write NNN-slug.yaml files here, numbered against the collection.",
            file_okay=False,
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Write pages already in the collection (under a new number), and replace existing files.",
        ),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print what was done (with --out) or the briefings as JSON.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Convert explorer pages to briefing YAML: printed, or written to a folder with --out."""
    pages, failed = _read_pages(files)
    if out is None:
        _print_converted(pages, as_json)
        summary = f"Converted {plural(len(pages), 'page')}"
    else:
        outcomes, unwritten = _write_imported(pages, out.expanduser(), force, as_json, db)
        failed += unwritten
        counts = [sum(o.status == status for o in outcomes) for status in ("written", "renumbered", "exists")]
        summary = (
            f"Imported {plural(len(outcomes), 'page')}: {counts[0]} written, {counts[1]} renumbered, "
            f"{counts[2]} already in the collection"
        )
    console.note(summary + (f"; {plural(failed, 'file')} failed." if failed else "."))
    if failed:
        raise typer.Exit(1)


def _read_pages(files: list[str]) -> tuple[list[tuple[str, Page]], int]:
    from briefcli.sources import explorer_page

    pages, failed = [], 0
    for name in files:
        try:
            data = sys.stdin.buffer.read() if name == "-" else Path(name).expanduser().read_bytes()
            page = explorer_page.parse(data.decode("utf-8-sig"))
        except OSError as error:
            console.error(f"{name}: cannot be read: {error.strerror or error}.")
        except UnicodeDecodeError:
            console.error(f"{name}: not an explorer page: it is not UTF-8 text.")
        except explorer_page.NotAPage as problem:
            console.error(f"{name}: not an explorer page: {problem}.")
        else:
            pages.append(("<stdin>" if name == "-" else name, page))
            continue
        failed += 1
    return pages, failed


def _print_converted(pages: list[tuple[str, Page]], as_json: bool) -> None:
    from briefcli.output import forms
    from briefcli.sources import export_yaml, importing

    checks = importing.disagreements([page for _, page in pages])
    made = [importing.briefing(page) for _, page in pages]
    for (file, page), extra in zip(pages, checks, strict=True):
        for warning in (*page.warnings, *extra):
            console.note(f"{file}: warning: {warning}")
    if as_json:
        console.show_json([forms.briefing_json(b) for b in made])
    else:
        console.write("---\n".join(export_yaml.to_yaml(b) for b in made))


def _write_imported(
    pages: list[tuple[str, Page]], out: Path, force: bool, as_json: bool, db: Path | None
) -> tuple[list[Outcome], int]:
    """Resolve the pages against the collection and write them; return what was done, and failures."""
    from briefcli.index.titles import Titles
    from briefcli.sources import export_yaml, importing, outdir

    store = common.open_store(db)
    collection = store.find()
    names = [(b.id, name, b.date) for b in collection for name in (b.title, *b.aliases)]
    found = Titles(names).find
    outcomes = importing.plan(
        [(file, page) for file, page in pages],
        found,
        {b.id for b in collection},
        lambda entries: Titles(entries).find,
        force=force,
    )
    failed = 0
    report = []
    for outcome, (_, page) in zip(outcomes, pages, strict=True):
        path = None
        if outcome.status != importing.EXISTS:
            path = out / export_yaml.file_name(outcome.briefing)
            try:
                outdir.write_file(path, export_yaml.to_yaml(outcome.briefing).encode(), force=force)
            except BriefError as problem:
                console.error(f"{outcome.file}: {problem}")
                failed += 1
                continue
        report.append((outcome, path, [*page.warnings, *outcome.warnings]))
    if as_json:
        console.show_json([_outcome_json(o, path, warnings) for o, path, warnings in report])
    else:
        for outcome, path, warnings in report:
            console.write(_outcome_line(outcome, path) + "\n")
            for warning in warnings[outcome.status == importing.EXISTS :]:
                console.note(f"{outcome.file}: warning: {warning}")
    return [o for o, _, _ in report], failed


def _outcome_line(outcome: Outcome, path: Path | None) -> str:
    b = outcome.briefing
    if path is None:
        return f"{outcome.file}: already in the collection as {b.id}. {b.title}"
    return f"{outcome.file}: {outcome.status} {path} ({b.id}. {b.title})"


def _outcome_json(outcome: Outcome, path: Path | None, warnings: list[str]) -> dict[str, object]:
    b = outcome.briefing
    return {
        "file": outcome.file,
        "id": b.id,
        "title": b.title,
        "path": str(path) if path else None,
        "status": outcome.status,
        "warnings": warnings,
    }


def export(
    form: Annotated[ExportFormat, typer.Option("--format", "-f", help="What to write.", show_default=False)],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="A file (default: standard output), or the directory for yaml, obsidian and explorer.",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
    category: Annotated[
        str | None, typer.Option("--category", "-c", help="Only this category (any part of its name).")
    ] = None,
    org: Annotated[
        str | None, typer.Option("--org", "-o", help="Only this organisation (any part of its name).")
    ] = None,
    tag: Annotated[str | None, typer.Option("--tag", "-t", help="Only briefings with this tag.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="From this month on: YYYY or YYYY-MM.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Up to this month: YYYY or YYYY-MM.")] = None,
    db: DbOption = None,
) -> None:
    """Write briefings as JSON, JSON Lines, CSV, Markdown, BibTeX, YAML, Obsidian notes or explorer pages."""
    chosen = common.filters(category, org, tag, since, until)
    if form in DIRECTORY_FORMATS and out is None:
        raise UsageProblem(
            f"--format {form.value} writes one file per briefing: give the directory with --out."
        )
    from briefcli.index import bulk

    store = common.open_store(db)
    views = bulk.views(store, store.find(chosen))
    if form in DIRECTORY_FORMATS:
        assert out is not None
        _export_directory(form, views, out.expanduser(), force)
        return
    text = _export_text(form, views, _counted(views))
    if out is None:
        console.write(text)
        return
    # A spreadsheet takes UTF-8 for the system's code page unless the file starts with a BOM.
    data = text.encode("utf-8-sig" if form is ExportFormat.CSV else "utf-8")
    from briefcli.sources import outdir

    outdir.write_file(out.expanduser(), data, force=force)
    console.note(f"Wrote {plural(len(views), 'briefing')} to {out}.")


def _counted(views: list[BriefingView]) -> Iterator[BriefingView]:
    """The views, with a progress bar on a terminal as they are taken (for large exports)."""
    progress = console.progress("Exporting briefings")
    for done, view in enumerate(views, 1):
        yield view
        if progress:
            progress(done, len(views))


def _export_text(form: ExportFormat, views: list[BriefingView], counted: Iterator[BriefingView]) -> str:
    from briefcli.output import forms

    if form is ExportFormat.JSON:
        return json.dumps([forms.view_json(v) for v in counted], indent=2, ensure_ascii=False) + "\n"
    if form is ExportFormat.JSONL:
        return "".join(json.dumps(forms.view_json(v), ensure_ascii=False) + "\n" for v in counted)
    if form is ExportFormat.CSV:
        from briefcli.sources import export_csv

        return export_csv.to_csv(counted)
    if form is ExportFormat.MARKDOWN:
        from briefcli.sources import export_markdown

        return export_markdown.to_markdown(views)
    from briefcli.sources import export_bibtex

    return export_bibtex.to_bibtex(v.briefing for v in counted)


def _export_directory(form: ExportFormat, views: list[BriefingView], out: Path, force: bool) -> None:
    from briefcli.sources import export_explorer, export_obsidian, export_yaml, outdir

    if form is ExportFormat.YAML:
        files, total = export_yaml.files(v.briefing for v in views), len(views)
    elif form is ExportFormat.OBSIDIAN:
        files, total = export_obsidian.notes(views), len(views) + 1  # and the index note
    else:
        files, total = export_explorer.files(views), len(views)
    progress = console.progress("Writing files")
    written = outdir.write_directory(out, files, total, force=force, progress=progress)
    message = f"Wrote {plural(written.written, 'file')} to {out}"
    if written.removed:
        message += f"; removed {plural(written.removed, 'file')} of the previous export"
    console.note(message + ".")
    for name in written.kept:
        console.note(f"Kept {name}: written by an earlier export, but edited since.")


def register(app: typer.Typer) -> None:
    from briefcli.cli.examples import INTERCHANGE

    app.command("import", epilog=IMPORT_EXAMPLES, rich_help_panel=INTERCHANGE)(import_)
    app.command("export", epilog=EXPORT_EXAMPLES, rich_help_panel=INTERCHANGE)(export)
