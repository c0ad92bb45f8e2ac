"""Find briefing files on disk and read them safely.

The walk is iterative (a tree thousands of levels deep needs no recursion) and never skips
anything silently: a directory or file that cannot be read is an error naming it, so a load
fails instead of dropping the briefings it could not see.

Symbolic links, files and directories alike, are followed only when their target is inside the
root given; a link that leads out of the root, or nowhere, is skipped with a warning. A path named
on the command line is always followed: its target is the root. Each directory is walked once, so
a link back to a parent cannot loop. FIFOs, sockets and devices are skipped with a warning inside
a root and refused when named, since reading one could block or never end.

A file is opened once, checked to be a regular file no larger than the size limit (through the
open descriptor, so it cannot be swapped between the check and the read), and read whole.
"""

# Annotations evaluated, as in core/models.py: NamedTuple compiles those written as strings.

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from briefcli.core.errors import BriefError, InvalidData
from briefcli.core.models import Problem

SUFFIXES = (".yaml", ".yml")  # compared in lower case: .YAML and .Yml count too
MAX_BYTES = 1024 * 1024  # a briefing is a few kilobytes; BRIEF_MAX_FILE_SIZE changes it
SHOWN_MAX = 160  # longest path shown whole in a message


class Unreadable(BriefError):
    """A source file that cannot be read, with the problem to report for it."""

    def __init__(self, path: str, reason: str):
        self.problem = Problem(shown(path), None, None, reason)
        super().__init__(f"Cannot read {shown(path)}: {reason}.")


Stat = tuple[int, int, int]  # size, modification time in ns, inode: how a load knows a file unchanged


class Found(NamedTuple):
    files: list[Path]
    problems: list[Problem]  # errors (unreadable, unusable names) and warnings (skipped entries)


def is_source(name: str) -> bool:
    return name.lower().endswith(SUFFIXES)


def size_limit() -> int:
    value = os.environ.get("BRIEF_MAX_FILE_SIZE", "")
    return int(value) if value.isascii() and value.isdigit() else MAX_BYTES


def discover(paths: Iterable[str | Path], warnings: list[Problem] | None = None) -> list[Path]:
    """Every briefing file named or found under `paths`; raises InvalidData if any cannot be read.

    Warnings for what was skipped are appended to `warnings` when given.
    """
    return [Path(name) for name in listing(paths, warnings)]


def listing(paths: Iterable[str | Path], warnings: list[Problem] | None = None) -> dict[str, Stat]:
    """discover()'s files as paths in order, each with its Stat as the walk saw it.

    A load compares these with what it recorded, so an unchanged file costs one stat in all.
    """
    files, problems = _scan(paths)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InvalidData(errors)
    if warnings is not None:
        warnings += problems
    return files


def scan(paths: Iterable[str | Path]) -> Found:
    """Every briefing file named or found under `paths`, and every problem met on the way."""
    files, problems = _scan(paths)
    return Found([Path(name) for name in files], problems)


def _scan(paths: Iterable[str | Path]) -> tuple[dict[str, Stat], list[Problem]]:
    files: dict[str, Stat] = {}
    problems: list[Problem] = []
    for given in paths:
        text = os.fspath(given)
        path = os.path.expanduser(text)
        try:
            status = os.stat(path)
        except OSError as error:
            raise BriefError(_missing(text, error)) from None
        root = os.path.realpath(path)
        if stat.S_ISDIR(status.st_mode):
            _walk(root, files, problems)
        elif stat.S_ISREG(status.st_mode):
            files[root] = _stat(status)
        else:
            raise BriefError(f"{shown(text)} is {_kind(status.st_mode)}, not a briefing file or a directory.")
    unusable = {name for name in files if not _utf8(name)}
    problems += [
        Problem(shown(name), None, None, "the file name is not UTF-8: rename it") for name in unusable
    ]
    problems.sort(key=lambda p: p.path)
    return {name: files[name] for name in sorted(files) if name not in unusable}, problems


def _stat(status: os.stat_result) -> Stat:
    return status.st_size, status.st_mtime_ns, status.st_ino


def _walk(root: str, files: dict[str, Stat], problems: list[Problem]) -> None:
    walked: set[tuple[int, int]] = set()
    pending = [root]
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as entries:
                where = os.stat(directory)
                if (where.st_dev, where.st_ino) in walked:
                    continue
                walked.add((where.st_dev, where.st_ino))
                listed = list(entries)
        except OSError as error:
            problems.append(
                Problem(shown(directory), None, None, f"cannot read this directory: {_why(error)}")
            )
            continue
        for entry in listed:
            try:
                _visit(root, entry, files, pending, problems)
            except OSError as error:
                problems.append(Problem(shown(entry.path), None, None, f"cannot read: {_why(error)}"))


def _visit(
    root: str, entry: os.DirEntry[str], files: dict[str, Stat], pending: list[str], problems: list[Problem]
) -> None:
    path = entry.path
    if entry.is_symlink():
        target = os.path.realpath(path)
        if not os.path.exists(target):
            if is_source(entry.name):
                problems.append(_skipped(path, "a symbolic link to nothing"))
            return
        if not _inside(target, root):
            if is_source(entry.name) or os.path.isdir(target):
                problems.append(_skipped(path, "a symbolic link that leads outside the root given"))
            return
        path = target
    status = os.stat(path)
    mode = status.st_mode
    if stat.S_ISDIR(mode):
        pending.append(path)
    elif not is_source(entry.name):
        return
    elif stat.S_ISREG(mode):
        files[path] = _stat(status)
    else:
        problems.append(_skipped(path, _kind(mode)))


def read(path: str | Path, limit: int | None = None) -> bytes:
    """The bytes of one regular file of at most `limit` bytes; raises Unreadable otherwise."""
    name = os.fspath(path)
    limit = size_limit() if limit is None else limit
    try:
        # O_NONBLOCK: a FIFO put in a file's place must not hang the open.
        descriptor = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise Unreadable(name, _why(error)) from None
    try:
        status = os.fstat(descriptor)
        mode, size = status.st_mode, status.st_size
        if not stat.S_ISREG(mode):
            raise Unreadable(name, f"it is {_kind(mode)}, not a regular file")
        if size > limit:
            raise Unreadable(name, f"{_size(size)} is over the limit of {_size(limit)} for a briefing file")
        try:
            # os.read, not a file object: a buffered read of limit + 1 bytes allocated a megabyte
            # for every file of a few kilobytes, and made reading four times slower.
            data = os.read(descriptor, size + 1)
            # A short read of a regular file is its end. A full one means that the file grew
            # since the stat: read on to its end, or past the limit.
            while size < len(data) <= limit:
                more = os.read(descriptor, min(limit + 1 - len(data), 65536))
                if not more:
                    break
                data += more
        except OSError as error:
            raise Unreadable(name, _why(error)) from None
    finally:
        os.close(descriptor)
    if len(data) > limit:  # it grew after the check
        raise Unreadable(name, f"it is over the limit of {_size(limit)} for a briefing file")
    return data


def shown(path: str) -> str:
    """A path fit for a one-line message: undecodable bytes escaped, a very long middle elided."""
    text = path if _utf8(path) else os.fsencode(path).decode("utf-8", "backslashreplace")
    if len(text) <= SHOWN_MAX:
        return text
    return text[: SHOWN_MAX // 2] + "…" + text[-SHOWN_MAX // 2 :]


def _utf8(text: str) -> bool:
    if text.isascii():  # most names, at a fraction of the cost of encoding them
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _inside(target: str, root: str) -> bool:
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def _skipped(path: str, what: str) -> Problem:
    return Problem(shown(path), None, None, f"skipped: {what}", "warning")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a regular file"


def _why(error: OSError) -> str:
    if error.errno == errno.ENAMETOOLONG:
        return "the path is too long for this system"
    if error.errno == errno.ELOOP:
        return "too many levels of symbolic links"
    return (error.strerror or str(error)).lower()


def _missing(given: str, error: OSError) -> str:
    if error.errno == errno.ENOENT:
        return f"No such file or directory: {shown(given)}"
    return f"Cannot read {shown(given)}: {_why(error)}."


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
    if size >= 1024:
        return f"{size // 1024} KB"
    return f"{size} bytes"
