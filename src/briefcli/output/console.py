"""Where output goes: rich on a terminal, plain text in a pipe, errors on stderr. Imports no typer.

rich is imported only when something is drawn for a terminal, so piped and JSON output never pay
for it.
"""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, Any

from briefcli.core.errors import OutputFailed
from briefcli.output.text import clean, json_safe

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.progress import Progress as ProgressBar

    from briefcli.core.models import Progress

_consoles: dict[bool, Console] = {}


def console(stderr: bool = False) -> Console:
    if stderr not in _consoles:
        from rich.console import Console

        _consoles[stderr] = Console(stderr=stderr, highlight=False, emoji=False, markup=False)
    return _consoles[stderr]


def on_terminal() -> bool:
    """Whether stdout is a terminal, decided as rich decides it (FORCE_COLOR, TTY_COMPATIBLE...)."""
    if not sys.stdout.isatty() and not os.environ.get("FORCE_COLOR") and not os.environ.get("TTY_COMPATIBLE"):
        return False  # the common piped case, answered without importing rich
    return console().is_terminal


def show(renderable: RenderableType) -> None:
    out = console()
    if out.is_terminal:
        try:
            out.print(renderable)
        except OSError as error:
            raise _failed(error) from None
        return
    try:
        with out.capture() as captured:  # rich pads lines to the width; pipes get them trimmed
            out.print(renderable)
    except OSError as error:
        raise _failed(error) from None
    write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


def pipe_width() -> int:
    """The width rich would give piped output: $COLUMNS when it is a number, else 80."""
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else 80


def show_json(data: Any) -> None:
    text = data if isinstance(data, str) else json.dumps(data, indent=2, ensure_ascii=False)
    write(json_safe(text, ascii_only=not _encodes_unicode(sys.stdout)) + "\n")


def write(text: str) -> None:
    try:
        sys.stdout.write(text)
    except OSError as error:
        raise _failed(error) from None


def silence_stdout() -> None:
    """Point stdout at /dev/null, so that what is still buffered cannot fail a second time."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.close(null)


def _failed(error: OSError) -> OutputFailed:
    silence_stdout()
    return OutputFailed(f"Cannot write the output: {(error.strerror or str(error)).lower()}.")


def _encodes_unicode(stream: Any) -> bool:
    return (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "") in (
        "utf8",
        "utf16",
        "utf32",
        "utf8sig",
    )


def note(message: str) -> None:
    """Commentary for people, on stderr, so that stdout stays data."""
    if not sys.stderr.isatty():
        try:
            sys.stderr.write(clean(message) + "\n")
        except OSError:
            pass  # commentary only: the data on stdout matters more
        return
    from rich.text import Text

    console(stderr=True).print(Text(clean(message), style="dim"))


def error(message: str) -> None:
    lines = clean(message).splitlines() or [""]
    try:
        sys.stderr.write(f"Error: {lines[0]}\n" + "".join(f"  {line}\n" for line in lines[1:]))
        sys.stderr.flush()
    except OSError:
        pass  # stderr is full or gone: the exit code still tells


def progress() -> Progress | None:
    """A progress bar on stderr for loads of many files, when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None
    bar: ProgressBar | None = None
    task = None

    def update(done: int, total: int) -> None:
        nonlocal bar, task
        if total < 500:
            return
        if bar is None:
            from rich.progress import Progress as ProgressBar

            bar = ProgressBar(console=console(stderr=True), transient=True)
            bar.start()
            task = bar.add_task("Reading briefings", total=total)
        assert task is not None
        bar.update(task, completed=done)
        if done == total:
            bar.stop()

    return update
