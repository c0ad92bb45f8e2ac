"""The `brief` command line declared with Typer: arguments, options and help for each command.

Each command hands its parsed values to the function of the same name in commands.py, which calls
the core and prints. Expected errors become one 'Error: ...' line and an exit code in one place,
BriefGroup.invoke.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from briefcli.cli import (
    app_authoring,
    app_collection,
    commands,
    complete,
    doctor,
    examples,
    failures,
    interchange,
    paths,
)
from briefcli.cli.options import DbOption, JsonOption, NoPagerOption, exceptions


class BriefGroup(TyperGroup):
    """Turns the project's errors into one 'Error: ...' line on stderr and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except exceptions.ClickException:
            raise
        except Exception as problem:
            name = ctx.invoked_subcommand
            code = failures.failure(problem, f"{ctx.command_path} {name}" if name else ctx.command_path)
            if code is None:
                raise
            raise typer.Exit(code) from None

    def _main_shell_completion(self, ctx_args: Any, prog_name: str, complete_var: str | None = None) -> None:
        complete.quietly(
            lambda: super(BriefGroup, self)._main_shell_completion(ctx_args, prog_name, complete_var)
        )

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Usage errors as one 'Error:' line and a 'Try' line, instead of Typer's box."""
        forward = {"complete_var": complete_var, "windows_expand_args": windows_expand_args, **extra}
        failures.plain_ranges(self)
        if not standalone_mode:
            return super().main(args, prog_name, standalone_mode=False, **forward)
        try:
            code = super().main(args, prog_name, standalone_mode=False, **forward)
        except exceptions.NoArgsIsHelpError as bare:
            sys.stdout.write(bare.ctx.get_help() + "\n")
            sys.exit(bare.exit_code)
        except exceptions.ClickException as problem:
            failures.usage(problem)
            sys.exit(problem.exit_code)
        except typer.Abort:
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=BriefGroup,
    name="brief",
    help="Briefings on frontier-AI papers and policy documents: search, read and trace them offline.",
    no_args_is_help=True,
    add_completion=False,  # brief's own --install-completion and --show-completion take a shell
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"briefcli {version('briefcli')}")
        raise typer.Exit()


CategoryOption = Annotated[
    str | None,
    typer.Option(
        "--category",
        "-c",
        help="Only this category (any part of its name, any case).",
        autocompletion=complete.categories,
    ),
]
OrgOption = Annotated[
    str | None,
    typer.Option(
        "--org",
        "-o",
        help="Only briefings by this organisation (any part of its name).",
        autocompletion=complete.orgs,
    ),
]
TagOption = Annotated[
    str | None,
    typer.Option(
        "--tag", "-t", help="Only briefings with this tag (any case).", autocompletion=complete.tags
    ),
]
SinceOption = Annotated[str | None, typer.Option("--since", help="From this month on: YYYY or YYYY-MM.")]
UntilOption = Annotated[str | None, typer.Option("--until", help="Up to this month: YYYY or YYYY-MM.")]


class SortKey(StrEnum):
    ID = "id"
    DATE = "date"
    TITLE = "title"


class TraceFormat(StrEnum):
    TREE = "tree"
    JSON = "json"
    MERMAID = "mermaid"
    DOT = "dot"


class GraphFormat(StrEnum):
    MERMAID = "mermaid"
    DOT = "dot"
    JSON = "json"
    SVG = "svg"
    PNG = "png"


# -- commands -------------------------------------------------------------------------------


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help="Print the name and version, then exit.",
            is_eager=True,
            callback=_print_version,
        ),
    ] = False,
    db: DbOption = None,
    install_completion: Annotated[
        complete.Shell | None,
        typer.Option(
            help="Install completion for this shell.",
            callback=complete.install_script,
            is_eager=True,
            show_default=False,
        ),
    ] = None,
    show_completion: Annotated[
        complete.Shell | None,
        typer.Option(
            help="Print the completion script for this shell, to install by hand.",
            callback=complete.show_script,
            is_eager=True,
            show_default=False,
        ),
    ] = None,
) -> None:
    paths.choose_database(db)


@app.command("list", epilog=examples.epilog("list"), rich_help_panel=examples.READING)
def list_briefings(
    category: CategoryOption = None,
    org: OrgOption = None,
    tag: TagOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    sort: Annotated[SortKey, typer.Option("--sort", help="Order by number, month or title.")] = SortKey.ID,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=0, metavar="N", help="Show at most this many.")
    ] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
    no_pager: NoPagerOption = False,
) -> None:
    """List briefings, filtered and sorted: number, title, organisation, month, category."""
    commands.list_briefings(category, org, tag, since, until, sort, limit, as_json, db, no_pager=no_pager)


@app.command("show", epilog=examples.epilog("show"), rich_help_panel=examples.READING)
def show(
    ref: Annotated[
        str,
        typer.Argument(
            help="A number (46, 046), a slug, or a title typed loosely.", autocompletion=complete.refs
        ),
    ],
    as_json: JsonOption = False,
    db: DbOption = None,
    no_pager: NoPagerOption = False,
) -> None:
    """Read one briefing: summary, key concepts and its connections both ways."""
    commands.show(ref, as_json, db, no_pager=no_pager)


@app.command("search", epilog=examples.epilog("search"), rich_help_panel=examples.READING)
def search(
    query: Annotated[list[str], typer.Argument(help="Words to look for; typos and partial words are fine.")],
    category: CategoryOption = None,
    org: OrgOption = None,
    tag: TagOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=0, metavar="N", help="Show at most this many.")
    ] = 10,
    as_json: JsonOption = False,
    db: DbOption = None,
    no_pager: NoPagerOption = False,
) -> None:
    """Find briefings by any words: titles, aliases, summaries, concepts, tags, organisations."""
    commands.search(query, category, org, tag, since, until, limit, as_json, db, no_pager=no_pager)


@app.command("trace", epilog=examples.epilog("trace"), rich_help_panel=examples.GRAPH)
def trace(
    ref: Annotated[str, typer.Argument(help="The briefing to start from.", autocompletion=complete.refs)],
    upstream: Annotated[
        bool, typer.Option("--upstream", help="Follow what influenced it (the default).")
    ] = False,
    downstream: Annotated[bool, typer.Option("--downstream", help="Follow what it influenced.")] = False,
    both: Annotated[bool, typer.Option("--both", help="Show both trees under the one briefing.")] = False,
    depth: Annotated[
        int | None, typer.Option("--depth", "-d", min=1, metavar="N", help="Stop after this many levels.")
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", min=1, metavar="N", help="Show at most this many children per briefing."),
    ] = 200,
    form: Annotated[TraceFormat, typer.Option("--format", "-f", help="How to print the trace.")] = (
        TraceFormat.TREE
    ),
    as_json: Annotated[bool, typer.Option("--json", help="The same as --format json.")] = False,
    db: DbOption = None,
    no_pager: NoPagerOption = False,
) -> None:
    """Show the tree of influence above (or below, or both) a briefing."""
    commands.trace(ref, upstream, downstream, both, depth, limit, form, as_json, db, no_pager=no_pager)


@app.command("path", epilog=examples.epilog("path"), rich_help_panel=examples.GRAPH)
def path(
    start: Annotated[str, typer.Argument(help="Where the chain starts.", autocompletion=complete.refs)],
    goal: Annotated[str, typer.Argument(help="Where it ends.", autocompletion=complete.refs)],
    any_direction: Annotated[
        bool, typer.Option("--any-direction", help="Follow connections against their direction too.")
    ] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
    no_pager: NoPagerOption = False,
) -> None:
    """The shortest chain of influence between two briefings, with each connection's note."""
    commands.path(start, goal, any_direction, as_json, db, no_pager=no_pager)


@app.command("top", epilog=examples.epilog("top"), rich_help_panel=examples.GRAPH)
def top(
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, metavar="N", help="How many to list in each ranking.")
    ] = 10,
    as_json: JsonOption = False,
    db: DbOption = None,
    no_pager: NoPagerOption = False,
) -> None:
    """The most influential briefings, counts by category, organisation and year, and the loners."""
    commands.top(limit, as_json, db, no_pager=no_pager)


@app.command("graph", epilog=examples.epilog("graph"), rich_help_panel=examples.GRAPH)
def graph_export(
    ref: Annotated[
        str | None,
        typer.Argument(
            help="Only the briefings around this one (default: all).",
            show_default=False,
            autocompletion=complete.refs,
        ),
    ] = None,
    depth: Annotated[
        int, typer.Option("--depth", "-d", min=1, metavar="N", help="How many steps around REF.")
    ] = 2,
    category: CategoryOption = None,
    org: OrgOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    form: Annotated[
        GraphFormat,
        typer.Option("--format", "-f", help="Mermaid, Graphviz DOT, JSON, or an SVG or PNG picture."),
    ] = GraphFormat.MERMAID,
    as_json: Annotated[bool, typer.Option("--json", help="The same as --format json.")] = False,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-O", help="The file to write a picture to (svg, png).", dir_okay=False),
    ] = None,
    db: DbOption = None,
    no_pager: NoPagerOption = False,
) -> None:
    """Export the influence graph, or part of it, for GitHub Markdown, Graphviz, scripts, or as a picture."""
    commands.graph_export(ref, depth, category, org, since, until, form, as_json, out, db, no_pager=no_pager)


@app.command("load", epilog=examples.epilog("load"), rich_help_panel=examples.COLLECTION)
def load(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="YAML files or directories (searched recursively).", show_default=False),
    ] = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Start afresh: forget everything loaded before.")
    ] = False,
    no_bundled: Annotated[
        bool,
        typer.Option(
            "--no-bundled",
            help="With --rebuild: an index of only these sources, without the bundled corpus "
            "(remembered until the next --rebuild).",
        ),
    ] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Add your own YAML briefings to the index; unchanged files are skipped."""
    commands.load(paths, rebuild, no_bundled, as_json, db)


@app.command("validate", epilog=examples.epilog("validate"), rich_help_panel=examples.COLLECTION)
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="YAML files or directories (default: the bundled corpus).", show_default=False),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
    no_pager: NoPagerOption = False,
) -> None:
    """Check briefing files against the collection, loading nothing: schema, ids, connections."""
    code = commands.validate(paths, strict, as_json, db, no_pager=no_pager)
    if code:
        raise typer.Exit(code)


@app.command(
    epilog="Examples: brief serve --open; brief serve --port 8080; "
    "brief serve --host 0.0.0.0 (behind your own proxy).",
    rich_help_panel=examples.READING,
)
def serve(
    port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535, help="Port to listen on.")] = 8001,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; only this machine by default.")
    ] = "127.0.0.1",
    open_browser: Annotated[bool, typer.Option("--open", help="Open the explorer in a web browser.")] = False,
    db: DbOption = None,
) -> None:
    r"""The explorer in a web browser, read-only, on Datasette (pip install 'briefcli\[web]')."""
    from briefcli.cli import serve as serving

    serving.serve(host, port, open_browser, db)


interchange.register(app)  # brief import, brief export
doctor.register(app)  # brief doctor
# Commands declared in modules of their own, beside those above.
for declared in (app_authoring.commands, app_collection.commands):
    app.registered_commands += declared.registered_commands
