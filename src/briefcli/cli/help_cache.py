"""--help on a terminal, kept from Typer's last answer for the same page, width and settings.

Typer lays help out for the terminal's width and colours, at about twenty times the interpreter's
start-up. In a pipe the pages generated from Typer are exact (cli/help_pages.json); on a terminal,
what Typer wrote is kept in the user cache directory, named by everything that shapes it (the
page, the width, the settings Typer and rich read, and the generated pages themselves, which
change with any option), and printed as it was the next time the same page is asked for.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from briefcli.cli import paths


def cache_file(page: str, settings: frozenset[str]) -> Path | None:
    """Where the help `page` ("" for brief's own) at this terminal's width is kept; None off one."""
    try:
        width = os.get_terminal_size(1).columns
        generated = Path(__file__).with_name("help_pages.json").read_bytes()
    except OSError:
        return None
    shaping = sorted((name, value) for name, value in os.environ.items() if name in settings)
    key = json.dumps([sys.version, page, width, shaping]).encode() + generated
    return paths.cache_directory() / "help" / f"{hashlib.sha256(key).hexdigest()[:32]}.txt"


def kept(file: Path) -> str | None:
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None


def keep(file: Path, text: str) -> None:
    """Write the page whole or not at all; a cache that cannot be written is only slower."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        temporary = file.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, file)
    except OSError:
        pass


class Recorder:
    """stdout as rich sees it (a terminal, its width), with a copy of everything written."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        written: int = self.stream.write(text)  # first: click probes with bytes, which must fail
        self.parts.append(text)
        return written

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)
