"""Shell completion through Typer: the scripts, their installation, and the Typer-side hooks.

entry.py answers most Tab presses without Typer (completion.py); this module serves the rest
with the same values and formats: it registers brief's formats with Typer (help texts written as
they are, not through rich markup, which would lose `[brackets]` and is slow for thousands of
items; bash values escaped), and describes the app as the table completion.py reads.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from enum import StrEnum
from typing import Any

import typer
from typer import _completion_classes as shells
from typer import _completion_shared as scripts
from typer._click.shell_completion import CompletionItem, add_completion_class
from typer._types import TyperChoice as Choice
from typer.core import TyperOption as Option
from typer.models import TyperPath as PathType

from briefcli.cli import completion

PROGRAM = "brief"


class Shell(StrEnum):
    BASH = "bash"
    ZSH = "zsh"
    FISH = "fish"


def show_script(shell: Shell | None) -> None:
    """--show-completion SHELL: print the completion script, to install by hand."""
    if shell is not None:
        typer.echo(
            scripts.get_completion_script(
                prog_name=PROGRAM, complete_var=completion.COMPLETE_VAR, shell=shell.value
            )
        )
        raise typer.Exit()


def install_script(shell: Shell | None) -> None:
    """--install-completion SHELL: add the script to the shell's start-up files."""
    if shell is not None:
        _, where = scripts.install(shell=shell.value, prog_name=PROGRAM, complete_var=completion.COMPLETE_VAR)
        typer.echo(f"Completion for {shell.value} installed in {where}; it takes effect in a new shell.")
        raise typer.Exit()


# -- autocompletion hooks for Typer's parameters ---------------------------------------------


def refs(ctx: Any, incomplete: str) -> list[tuple[str, str | None]]:
    return [tuple(item) for item in completion.refs(incomplete, _given_db(ctx))]  # type: ignore[misc]


def categories(ctx: Any, incomplete: str) -> list[str]:
    return [item.value for item in completion.values("category", incomplete, _given_db(ctx))]


def orgs(ctx: Any, incomplete: str) -> list[str]:
    return [item.value for item in completion.values("org", incomplete, _given_db(ctx))]


def tags(ctx: Any, incomplete: str) -> list[str]:
    return [item.value for item in completion.values("tag", incomplete, _given_db(ctx))]


HOOKS: dict[Callable[..., Any], str] = {refs: "ref", categories: "category", orgs: "org", tags: "tag"}


def _given_db(ctx: Any) -> str | None:
    """--db as typed so far: after the command, else before it."""
    while ctx is not None:
        if ctx.params.get("db"):
            return str(ctx.params["db"])
        ctx = ctx.parent
    return None


def quietly(run: Callable[[], None]) -> None:
    """Complete with brief's shell formats; on any failure, exit 1 having printed nothing."""
    add_completion_class(BashComplete, "bash")
    add_completion_class(ZshComplete, "zsh")
    add_completion_class(FishComplete, "fish")
    try:
        run()
    except Exception:
        if os.environ.get("BRIEF_DEBUG"):
            raise
        raise SystemExit(1) from None


def _item(item: CompletionItem) -> completion.Item:
    return completion.Item(item.value, item.help)


class BashComplete(shells.BashComplete):
    def format_completion(self, item: CompletionItem) -> str:
        return completion.show("bash", [_item(item)])


class ZshComplete(shells.ZshComplete):
    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        return completion.show("zsh", [_item(i) for i in self.get_completions(args, incomplete)])


class FishComplete(shells.FishComplete):
    def format_completion(self, item: CompletionItem) -> str:
        return completion.show("fish", [_item(item)])


# -- the table that completion.py reads -------------------------------------------------------


def table(app: typer.Typer) -> dict[str, Any]:
    """The app's commands, options and arguments, as completion.py needs them."""
    group: Any = typer.main.get_command(app)
    ctx = typer.Context(group, info_name=PROGRAM, **group.context_settings)
    commands = {}
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        commands[name] = {
            "help": command.get_short_help_str(),
            "options": _options(typer.Context(command, parent=ctx, info_name=name)),
            "arguments": [
                [_kind(param), param.nargs == -1] for param in command.params if not isinstance(param, Option)
            ],
        }
    return {"options": _options(ctx), "commands": commands}


def _options(ctx: Any) -> dict[str, Any]:
    found = {}
    for param in ctx.command.get_params(ctx):
        if isinstance(param, Option) and not param.hidden:
            spec = {"help": param.help, "kind": _kind(param), "multiple": param.multiple}
            names = [*param.opts, *param.secondary_opts]
            if set(names) == set(ctx.help_option_names):
                names = list(ctx.help_option_names)  # click builds them from a set, in any order
            for name in names:
                found[name] = spec
    return found


def _kind(param: Any) -> Any:
    """None for a flag; choices; ref, category, org or tag; else 'path' or 'text'."""
    if isinstance(param, Option) and param.is_flag:
        return None
    hook = _hook(getattr(param, "_custom_shell_complete", None))
    if hook:
        return hook
    if isinstance(param.type, Choice):
        return [str(choice) for choice in param.type.choices]
    return "path" if isinstance(param.type, PathType) else "text"


def _hook(function: Any, depth: int = 0) -> str | None:
    """Which of HOOKS Typer wrapped (twice, in closures) as this parameter's completion."""
    if function in HOOKS:
        return HOOKS[function]
    for cell in getattr(function, "__closure__", None) or () if depth < 4 else ():
        found = _hook(cell.cell_contents, depth + 1) if callable(cell.cell_contents) else None
        if found:
            return found
    return None


def table_json(app: typer.Typer) -> str:
    """The text of completion_table.json for `app`."""
    import json

    return json.dumps(table(app), indent=1, ensure_ascii=False) + "\n"
