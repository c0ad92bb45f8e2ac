"""The `brief` console script: most commands run without importing Typer.

Importing Typer costs about 100 ms, several times what `brief show 46` or a search of 100,000
briefings takes. So argv is first read here by one generic parser, driven by the table that
cli/spec.py generates from the Typer declarations (cli/fastspec.py), and handed to the same
function in commands.py that the Typer command would call; the output is identical
(tests/test_entry.py compares the two). Anything the table does not describe exactly, --help
and every malformed argument included, goes to Typer, which owns usage messages. A shell's
completion request is answered without Typer too, by completion.py.
"""

from __future__ import annotations

import os
import signal
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any


def parse(args: list[str]) -> tuple[str, dict[str, Any]] | None:
    """The target function and its keyword arguments, or None to let Typer handle argv."""
    from briefcli.cli.fastspec import COMMANDS

    encoded = COMMANDS.get(args[0]) if args else None
    if encoded is None:
        return None
    import json

    spec = json.loads(encoded)
    options, types = spec["options"], spec["types"]
    values = dict(spec["defaults"])
    positional: list[str] = []
    pending = iter(args[1:])
    for token in pending:
        if token == "--":
            positional += pending
            break
        if not token.startswith("-") or token == "-":
            positional.append(token)
            continue
        name, equals, value = token.partition("=")
        if token.startswith("--"):
            found = options.get(name)
        else:  # a short option stands alone: -n5 and -jx are read differently by click
            found, equals = options.get(token) if len(token) == 2 else None, ""
        if found is None:
            return None
        key, kind, flag_value = found
        if kind == "flag":
            if equals:
                return None
            values[key] = flag_value
            continue
        if not equals:
            following = next(pending, None)
            if following is None:
                return None
            value = following
        converted = _convert(value, types[key])
        if converted is None:
            return None
        values[key] = converted
    for key, nargs, required in spec["arguments"]:
        if nargs == -1:
            taken, positional = positional, []
            if required and not taken:
                return None
            values[key] = [_convert(v, types[key]) for v in taken] if taken else values[key]
            if None in (values[key] or []):
                return None
        elif positional:
            values[key] = _convert(positional.pop(0), types[key])
            if values[key] is None:
                return None
        elif required:
            return None
    if positional:
        return None
    return spec["target"], values


def _convert(value: str, kind: list[Any]) -> Any:
    """The value as click would convert it, or None where click would refuse it."""
    if not value.isprintable() and any("\udc80" <= c <= "\udcff" for c in value):
        return None  # bytes that are not UTF-8: Typer says so
    if kind[0] == "str":
        return value
    if kind[0] == "int":
        try:
            number = int(value)
        except ValueError:
            return None
        low, high = kind[1], kind[2]
        if (low is not None and number < low) or (high is not None and number > high):
            return None
        return number
    if kind[0] == "choice":
        return value if value in kind[1] else None
    if kind[0] == "path":  # a string, which every command body takes as a path: no pathlib to import
        if not value or (not kind[1] and os.path.isdir(value)):
            return None
        return value
    return None


# What changes how Typer and rich print help in a pipe (width, colour, forced terminals): with any
# of these set, or on a terminal, the help is Typer's own, laid out for it.
HELP_SETTINGS = frozenset(
    "COLUMNS LINES TERMINAL_WIDTH FORCE_COLOR PY_COLORS TTY_COMPATIBLE TTY_INTERACTIVE "
    "GITHUB_ACTIONS TYPER_USE_RICH _TYPER_FORCE_DISABLE_TERMINAL JUPYTER_COLUMNS JUPYTER_LINES "
    "DATABRICKS_RUNTIME_VERSION".split()
)


HELP_FLAGS = ("--help", "-h")


def help_asked(args: list[str]) -> str | None:
    """The help page asked for ("" for brief's own) when that is all argv asks, else None."""
    if len(args) == 1 and args[0] in HELP_FLAGS:
        return ""
    if len(args) == 2 and args[1] in HELP_FLAGS and not args[0].startswith("-"):
        return args[0]
    return None


def help_page(name: str) -> str | None:
    """The help page, as generated from Typer (cli/help_pages.json), where that is exact: a pipe."""
    if not HELP_SETTINGS.isdisjoint(os.environ):
        return None
    import json

    try:
        with open(os.path.join(os.path.dirname(__file__), "help_pages.json"), encoding="utf-8") as file:
            pages = json.load(file)
    except (OSError, ValueError):
        return None  # Typer can still answer
    page: str | None = pages.get(name)
    return page


def quick_help(name: str) -> tuple[str | None, Path | None]:
    """The help page without Typer if possible, and where to keep Typer's page if not."""
    if not os.isatty(1):
        return help_page(name), None
    from briefcli.cli import help_cache

    file = help_cache.cache_file(name, HELP_SETTINGS | {"TERM", "COLORTERM", "NO_COLOR"})
    return (None, None) if file is None else (help_cache.kept(file), file)


def complete_quickly(instruction: str) -> bool:
    """Answer a shell's completion request without Typer; False when Typer must answer it."""
    from briefcli.cli import completion

    try:
        done = completion.answer(instruction)
    except Exception:
        if os.environ.get("BRIEF_DEBUG"):
            raise
        raise SystemExit(1) from None  # never print into the user's shell
    sys.stdout.flush()
    return done


def main() -> None:
    """Die quietly on a closed pipe or Ctrl-C, as command-line tools do; then run the command."""
    for name in ("SIGPIPE", "SIGINT"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    from briefcli.cli import streams

    stop = streams.prepare(sys.argv[1:])
    if stop is not None:
        os._exit(stop)
    instruction = os.environ.get("_BRIEF_COMPLETE")
    if instruction and complete_quickly(instruction):
        return
    keep_at = None
    asked = help_asked(sys.argv[1:]) if os.path.basename(sys.argv[0]) == "brief" else None
    if asked is not None:
        page, keep_at = quick_help(asked)
        if page is not None:
            sys.stdout.write(page)
            os._exit(streams.finish(0))
    parsed = parse(sys.argv[1:])
    if parsed is None:
        sys.exit(streams.finish(_typer(keep_at)))
    from briefcli.cli import commands, failures

    target, values = parsed
    try:
        result = getattr(commands, target)(**values)
        code = result if isinstance(result, int) else 0
    except Exception as problem:
        failed = failures.failure(problem, f"brief {sys.argv[1]}")
        if failed is None:
            raise
        code = failed
    # Everything is written and committed: skip the interpreter's teardown of every module.
    os._exit(streams.finish(code))


def _typer(keep_at: Path | None = None) -> int:
    """Run the Typer app; return its exit code. A failure to print (its help, say) is one line.

    With `keep_at`, the help Typer prints on a terminal is kept there for the next time."""
    if keep_at is None:
        return _run_typer()
    from briefcli.cli import help_cache

    recorder = help_cache.Recorder(sys.stdout)
    sys.stdout = recorder
    try:
        code = _run_typer()
    finally:
        sys.stdout = recorder.stream
    if code == 0:
        help_cache.keep(keep_at, "".join(recorder.parts))
    return code


def _run_typer() -> int:
    from briefcli.cli import streams
    from briefcli.cli.app import app

    try:
        app()
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except OSError as error:
        if error.errno not in streams.OUTPUT_ERRNOS or os.environ.get("BRIEF_DEBUG"):
            raise
        from briefcli.output import console

        console.silence_stdout()
        console.error(f"Cannot write the output: {(error.strerror or str(error)).lower()}.")
        return 1
    return 0
