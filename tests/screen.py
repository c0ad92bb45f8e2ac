"""Run the real `brief` in a pseudo-terminal of a fixed size and read the screen a person would see.

The output is fed to pyte, a terminal emulator, so line wrapping, cursor moves and styles are
those of a terminal. pyte does not track faint text (SGR 2), so the screen here does: each cell
knows whether it is dim. Reading stops when the command exits and closes the terminal: no sleeps.
"""

from __future__ import annotations

import os
import pty
import struct
import sys
from pathlib import Path
from typing import Any, NamedTuple

import pyte

BESIDE = Path(sys.executable).parent / "brief"
BRIEF = [str(BESIDE)] if BESIDE.exists() else [sys.executable, "-m", "briefcli"]


class Cell(NamedTuple):
    data: str
    fg: str = "default"
    bg: str = "default"
    bold: bool = False
    italics: bool = False
    underscore: bool = False
    strikethrough: bool = False
    reverse: bool = False
    blink: bool = False
    dim: bool = False


class DimScreen(pyte.Screen):  # type: ignore[misc]
    """A pyte screen whose cells also record SGR 2 (faint), cleared by SGR 22 and SGR 0."""

    @property
    def default_char(self) -> Any:
        return Cell(" ", reverse=pyte.modes.DECSCNM in self.mode)

    def __init__(self, columns: int, lines: int) -> None:
        super().__init__(columns, lines)
        self.wraps: list[tuple[str, str]] = []  # the characters either side of each terminal wrap

    def draw(self, data: str) -> None:
        for char in data:
            if self.cursor.x >= self.columns and pyte.modes.DECAWM in self.mode:
                self.wraps.append((self.buffer[self.cursor.y][self.columns - 1].data, char))
            super().draw(char)

    def reset(self) -> None:
        super().reset()
        self.cursor.attrs = self.default_char

    def select_graphic_rendition(self, *attrs: int, **kwargs: Any) -> None:
        faint = None
        for attr in attrs or (0,):
            if attr == 2:
                faint = True
            elif attr in (0, 22):
                faint = False
        rest = [a for a in attrs if a != 2]
        if rest or not attrs:
            super().select_graphic_rendition(*rest, **kwargs)
        if faint is not None:
            self.cursor.attrs = self.cursor.attrs._replace(dim=faint)


class Screen(NamedTuple):
    code: int
    lines: list[str]
    cells: list[list[Cell]]
    raw: bytes
    wraps: list[tuple[str, str]]  # where the terminal wrapped a line too long for it

    @property
    def text(self) -> str:
        return "\n".join(self.lines).rstrip("\n") + "\n"

    def find(self, needle: str) -> tuple[int, int]:
        """Row and column of the first place `needle` shows."""
        for row, line in enumerate(self.lines):
            if needle in line:
                return row, line.index(needle)
        raise AssertionError(f"{needle!r} is not on the screen:\n{self.text}")

    def styles(self, needle: str) -> list[Cell]:
        row, column = self.find(needle)
        return self.cells[row][column : column + len(needle)]


def run(
    args: list[str], columns: int = 80, rows: int = 200, env: dict[str, str] | None = None, keys: bytes = b""
) -> Screen:
    """`brief ARGS` in a terminal `columns` wide and `rows` high; `keys` are typed ahead."""
    environment = {**os.environ, "TERM": "xterm-256color", **(env or {})}
    for name in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE"):
        if name not in (env or {}):
            environment.pop(name, None)
    pid, fd = pty.fork()
    if pid == 0:  # the child: its stdin, stdout and stderr are the terminal
        import fcntl
        import termios

        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        os.execvpe(BRIEF[0], [*BRIEF, *args], environment)
    if keys:
        os.write(fd, keys)
    screen = DimScreen(columns, rows)
    stream = pyte.ByteStream(screen)
    raw = bytearray()
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:  # the command exited and the terminal closed
            break
        if not data:
            break
        raw += data
        stream.feed(data)
    os.close(fd)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    lines = [line.rstrip() for line in screen.display]
    while lines and not lines[-1]:
        lines.pop()
    cells = [[screen.buffer[y][x] for x in range(columns)] for y in range(len(lines))]
    return Screen(code, lines, cells, bytes(raw), screen.wraps)


def broken_words(screen: Screen) -> list[tuple[str, str]]:
    """Where the terminal itself wrapped a line between two letters or digits: a broken word."""
    return [(before, after) for before, after in screen.wraps if before.isalnum() and after.isalnum()]
