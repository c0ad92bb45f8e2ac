"""Shared fixtures: every test gets its own index, home and data directory."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from briefcli.cli.app import app


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the index, HOME and XDG dirs at a temporary directory; fix the width at 100."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("BRIEF_DB", str(tmp_path / "index.db"))
    monkeypatch.setenv("COLUMNS", "100")
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "BRIEF_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


class Run:
    """Invoke the real CLI in-process; stdout and stderr are kept apart."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, code: int | None = 0) -> Any:
        result = self.runner.invoke(app, list(args), catch_exceptions=False)
        if code is not None:
            assert result.exit_code == code, (
                f"exit {result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
            )
        return result


@pytest.fixture
def brief() -> Run:
    return Run()


def briefing_yaml(
    number: int,
    title: str | None = None,
    *,
    date: str = "2024-01",
    connections: list[int] | None = None,
    extra: str = "",
) -> str:
    """A complete, valid briefing file as text."""
    links = "".join(
        f"\n  - id: {target}\n    relation: influenced_by\n    note: takes an idea from {target}"
        for target in connections or []
    )
    return (
        textwrap.dedent(
            f"""\
            id: {number}
            title: {title if title is not None else f"Fixture briefing {number}"}
            tagline: A fixture for tests
            org: [Fixture Lab]
            date: {date}
            category: Alignment & Safety
            tags: [Evaluations]
            summary: >
              Fixture number {number} exists to exercise the loader and the index.
            key_concepts:
              - title: Only concept
                body: Enough text to stand in for a real concept.
            """
        )
        + (f"connections:{links}\n" if links else "")
        + extra
    )


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write a briefing file under tmp/notes (or a given directory) and return its path."""

    def write_file(name: str, text: str, directory: Path | None = None) -> Path:
        folder = directory or tmp_path / "notes"
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write_file
