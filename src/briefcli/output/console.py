"""Where output goes: rich on a terminal, plain text in a pipe, errors on stderr. Imports no typer.

rich is imported only when something is drawn for a terminal, so piped and JSON output never pay
for it. On a terminal, a command's output can be paged as git pages it: `paged()` holds what the
command writes and, if it is taller than the screen, hands it to $BRIEF_PAGER, else $PAGER, else
`less -FRX`. The pager code runs only when stdout is a terminal.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from briefcli.core.errors import OutputFailed
from briefcli.output.text import clean, json_safe

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.progress import Progress as ProgressBar

    from briefcli.core.models import Progress

_consoles: dict[bool, Console] = {}
_held: list[str] | None = None  # what the command wrote while a pager may be used


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
    if out.is_terminal and _held is None:
        try:
            out.print(renderable)
        except OSError as error:
            raise _failed(error) from None
        return
    try:
        with out.capture() as captured:  # keeps the colours on a terminal
            out.print(renderable)
    except OSError as error:
        raise _failed(error) from None
    if out.is_terminal:
        write(captured.get())
    else:  # rich pads lines to the width; pipes get them trimmed
        write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


def pipe_width() -> int:
    """The width rich would give piped output: $COLUMNS when it is a number, else 80."""
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else 80


def show_json(data: Any) -> None:
    text = data if isinstance(data, str) else json.dumps(data, indent=2, ensure_ascii=False)
    write(json_safe(text, ascii_only=not _encodes_unicode(sys.stdout)) + "\n")


def show_json_text(parts: Iterable[str]) -> None:
    """show_json for JSON text made a part at a time (each escape is one character, so each part
    can be made safe on its own)."""
    ascii_only = not _encodes_unicode(sys.stdout)
    for part in parts:
        write(json_safe(part, ascii_only=ascii_only))
    write("\n")


def write(text: str) -> None:
    if _held is not None:
        _held.append(text)
        return
    try:
        sys.stdout.write(text)
    except OSError as error:
        raise _failed(error) from None


def write_all(chunks: Iterable[str]) -> None:
    """Write text made a part at a time, so that a large output is never held whole."""
    for chunk in chunks:
        write(chunk)


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

    err = console(stderr=True)
    if _held is None:
        err.print(Text(clean(message), style="dim"))
        return
    with err.capture() as captured:  # both go to the terminal: keep them in the order written
        err.print(Text(clean(message), style="dim"))
    write(captured.get())


def error(message: str, hint: str = "") -> None:
    """'Error: ...' on stderr, and an optional hint line such as "Try 'brief list -h' for help."

    On a terminal rich wraps it at word boundaries, each line hanging under the first word after
    'Error:'; in a pipe it stays one line per line of the message.
    """
    lines = clean(message).splitlines() or [""]
    try:
        if sys.stderr.isatty():
            _error_on_terminal(lines, hint)
            return
        sys.stderr.write(f"Error: {lines[0]}\n" + "".join(f"  {line}\n" for line in lines[1:]))
        if hint:
            sys.stderr.write(hint + "\n")
        sys.stderr.flush()
    except OSError:
        pass  # stderr is full or gone: the exit code still tells


def _error_on_terminal(lines: list[str], hint: str) -> None:
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row(Text("Error:", style="bold red"), Text(lines[0]))
    for line in lines[1:]:
        grid.add_row(Text(""), Text(line))
    err = console(stderr=True)
    err.print(grid)
    if hint:
        err.print(Text(hint, style="dim"))


# -- the pager -------------------------------------------------------------------------------


def pager_command() -> str | None:
    """The pager to use, as git chooses one: $BRIEF_PAGER, else $PAGER, else less if installed.

    An empty BRIEF_PAGER, or `cat`, means no pager.
    """
    chosen = os.environ.get("BRIEF_PAGER")
    if chosen is None:
        chosen = os.environ.get("PAGER") or None
    if chosen is None:
        import shutil

        return "less -FRX" if shutil.which("less") else None
    chosen = chosen.strip()
    return chosen if chosen and chosen != "cat" else None


Command = TypeVar("Command", bound=Callable[..., Any])


def pageable(command: Command) -> Command:
    """Decorate a command body: run it inside paged(), unless it is called with no_pager=True."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        with paged(not kwargs.get("no_pager", False)):
            return command(*args, **kwargs)

    return run  # type: ignore[return-value]


@contextmanager
def paged(enabled: bool = True) -> Iterator[None]:
    """Hold what is written inside; on a terminal, page it if it is taller than the screen.

    Never pages in a pipe. If the command fails, what it wrote is printed as is.
    """
    global _held
    if not enabled or _held is not None or not sys.stdout.isatty():
        yield
        return
    _held = []
    try:
        yield
    except BaseException:
        text, _held = "".join(_held), None
        write(text)
        raise
    text, _held = "".join(_held), None
    command = pager_command() if text else None
    if command is None or _screen_lines(text) < console().height:
        write(text)
    else:
        _page(command, text)


def _screen_lines(text: str) -> int:
    """How many lines of the terminal `text` takes, long lines wrapping."""
    import re

    from rich.cells import cell_len

    width = max(console().width, 1)
    plain = re.sub(r"\x1b\[[0-9;:?]*[A-Za-z]|\x1b\]8;[^\x1b\x07]*(\x1b\\|\x07)", "", text)
    return sum(max(1, -(-cell_len(line) // width)) for line in plain.splitlines())


def _page(command: str, text: str) -> None:
    """Pipe `text` through the pager and wait; quitting it early is not an error."""
    import signal
    import subprocess

    sys.stdout.flush()
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # as git does: colours pass through, short output just prints
    env.setdefault("LV", "-c")
    # Ctrl-C belongs to the pager while it runs; a pager quit early closes the pipe.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    piping = signal.signal(signal.SIGPIPE, signal.SIG_IGN) if hasattr(signal, "SIGPIPE") else None
    try:
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
        assert pager.stdin is not None
        try:
            pager.stdin.write(text.encode(sys.stdout.encoding or "utf-8", "replace"))
            pager.stdin.close()
        except BrokenPipeError:
            pass
        pager.wait()
    except OSError:  # the pager could not be started: print as if there were none
        sys.stdout.write(text)
    finally:
        signal.signal(signal.SIGINT, previous)
        if piping is not None:
            signal.signal(signal.SIGPIPE, piping)


def progress(label: str = "Reading briefings") -> Progress | None:
    """A progress bar on stderr for long work over many items, when stderr is a terminal."""
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
            task = bar.add_task(label, total=total)
        assert task is not None
        bar.update(task, completed=done)
        if done == total:
            bar.stop()

    return update
