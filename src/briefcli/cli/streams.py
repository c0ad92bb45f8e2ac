"""The standard streams and argv, made safe before a command runs and checked after it.

A process started with a standard descriptor closed (`>&-`, `2>&-`) has the next file it opens
take that number: the index itself could become stdout. So each closed one is first pointed at
/dev/null. With stdout closed there is nowhere to put the data, and the command is not run; with
stderr closed it runs and prints its data, and its commentary goes nowhere. A stream whose
encoding cannot show every character (PYTHONIOENCODING=ascii) replaces what it cannot encode.
Arguments are read as UTF-8 text: bytes that are not UTF-8 are a usage error, here, once.
"""

from __future__ import annotations

import errno
import os
import sys

# Failures to write output, as opposed to bugs: a full disk, a closed or broken descriptor.
OUTPUT_ERRNOS = {errno.ENOSPC, errno.EIO, errno.EBADF, errno.EPIPE, errno.EDQUOT, errno.EFBIG}


def prepare(args: list[str]) -> int | None:
    """Make the streams safe; return an exit code when the command must not run."""
    closed = [fd for fd in (0, 1, 2) if _closed(fd)]
    for fd in closed:  # in order, so that each open takes the lowest free number: fd itself
        if os.open(os.devnull, os.O_RDWR) != fd:
            break
    if 0 in closed:
        sys.stdin = open(0, closefd=False)  # kept open for the life of the process
    if 2 in closed:
        sys.stderr = open(2, "w", closefd=False)
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and not _utf(stream):
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
    if 1 in closed:
        sys.stdout = open(1, "w", closefd=False)
        _error("Standard output is closed, so there is nowhere to print; nothing was done.")
        return 1
    for position, arg in enumerate(args, 1):
        if any("\udc80" <= char <= "\udcff" for char in arg):
            shown = os.fsencode(arg).decode("utf-8", "backslashreplace")
            _error(f"Argument {position} ('{shown}') is not UTF-8 text; brief reads arguments as UTF-8.")
            return 2
    return None


def finish(code: int) -> int:
    """Flush what is left; a failure to write it is an error (exit 1), said in one line."""
    try:
        sys.stdout.flush()
    except OSError as error:
        from briefcli.output import console  # only here: a completion request never needs it

        console.silence_stdout()
        _error(f"Cannot write the output: {(error.strerror or str(error)).lower()}.")
        code = code or 1
    try:
        sys.stderr.flush()
    except OSError:
        pass
    return code


def _closed(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return True
    return False


def _utf(stream: object) -> bool:
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    return encoding.startswith("utf")


def _error(message: str) -> None:
    try:
        sys.stderr.write(f"Error: {message}\n")
        sys.stderr.flush()
    except OSError:
        pass
