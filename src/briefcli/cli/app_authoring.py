"""The Typer declarations of brief new, brief edit and brief open (their bodies: authoring.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from briefcli.cli import authoring, complete, examples
from briefcli.cli.options import DbOption

commands = typer.Typer()

RefArgument = Annotated[
    str,
    typer.Argument(
        help="A number (46, 046), a slug, or a title typed loosely.", autocompletion=complete.refs
    ),
]


@commands.command(epilog=examples.epilog("new"), rich_help_panel=examples.COLLECTION)
def new(
    title: Annotated[str | None, typer.Option("--title", help="The title (it also names the file).")] = None,
    directory: Annotated[
        Path | None,
        typer.Option(
            "--dir",
            help="The folder to write it in (default: briefings in your user data directory).",
            file_okay=False,
            show_default=False,
        ),
    ] = None,
    from_ref: Annotated[
        str | None,
        typer.Option("--from", help="Start from a copy of this briefing.", autocompletion=complete.refs),
    ] = None,
    no_edit: Annotated[
        bool, typer.Option("--no-edit", help="Write and load it without opening an editor.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Write a new briefing with the next free number, edit it, check it and load it."""
    authoring.new(title, directory, from_ref, no_edit, db)


@commands.command(epilog=examples.epilog("edit"), rich_help_panel=examples.COLLECTION)
def edit(ref: RefArgument, db: DbOption = None) -> None:
    """Open a briefing's file in your editor ($VISUAL or $EDITOR), then check and reload it."""
    authoring.edit(ref, db)


@commands.command("open", epilog=examples.epilog("open"), rich_help_panel=examples.READING)
def open_(
    ref: RefArgument,
    print_only: Annotated[
        bool, typer.Option("--print", help="Print the link instead of opening it.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Open a briefing's link in the browser: the arXiv page for a paper."""
    authoring.open_link(ref, print_only, db)
