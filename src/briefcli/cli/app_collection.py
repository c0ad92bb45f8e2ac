"""The Typer declarations of brief roots and brief unload (their bodies are in collection.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from briefcli.cli import collection, examples
from briefcli.cli.options import DbOption, JsonOption

commands = typer.Typer()


@commands.command(epilog=examples.epilog("roots"), rich_help_panel=examples.COLLECTION)
def roots(as_json: JsonOption = False, db: DbOption = None) -> None:
    """List the bundled corpus and the loaded folders, with how many briefings each holds."""
    collection.roots(as_json, db)


@commands.command(epilog=examples.epilog("unload"), rich_help_panel=examples.COLLECTION)
def unload(
    path: Annotated[Path, typer.Argument(help="A folder or file given to brief load before.")],
    db: DbOption = None,
) -> None:
    """Forget a loaded folder and its briefings; the files themselves are left alone."""
    collection.unload(path, db)
