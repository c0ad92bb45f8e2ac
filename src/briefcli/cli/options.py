"""Options shared by every command module: --db, --json, --no-pager; the click exceptions Typer raises.

A command that can print more than a screen takes `no_pager: NoPagerOption = False` and passes it
on as `no_pager=no_pager` to its body in commands.py, which is decorated `@pageable`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

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
NoPagerOption = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Print straight to the terminal, even when the output is taller than the screen.",
    ),
]

# The click exceptions Typer raises: typer 0.28 carries its own copy of click, so `import click`
# would name other classes.
exceptions: Any = sys.modules[typer.BadParameter.__module__]
