"""`brief doctor`: check the index and the sources it was built from, and say how to fix each finding.

Declared here rather than in app.py, which register() hands it to; the checks are in index/health.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from briefcli.cli import examples
from briefcli.output import console


def register(app: typer.Typer) -> None:
    @app.command(epilog=examples.epilog("doctor"), rich_help_panel=examples.COLLECTION)
    def doctor(
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
        db: Annotated[
            Path | None,
            typer.Option(
                "--db",
                help="Index file to check (default: $BRIEF_DB, else your user data directory).",
                dir_okay=False,
                show_default=False,
            ),
        ] = None,
    ) -> None:
        """Check the index and your sources: integrity, schema, roots, changed files, dangling links."""
        code = run(as_json, db)
        if code:
            raise typer.Exit(code)


def run(as_json: bool, db: Path | None) -> int:
    """Print what needs attention, each with the command that fixes it; 1 if anything does."""
    from briefcli.cli import paths
    from briefcli.index import health
    from briefcli.output import forms, text

    path = paths.database_path(db)
    summary, findings = health.examine(path)
    if as_json:
        console.show_json(forms.doctor_json(path, summary, findings))
    else:
        console.write(text.doctor_text(summary, findings))
    return 1 if findings else 0
