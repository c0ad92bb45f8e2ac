"""Options before the command: --version and --db, on every command."""

from __future__ import annotations

import subprocess
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import Run, briefing_yaml
from tests.test_process import BRIEF

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_prints_the_name_and_version(brief: Run, flag: str) -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    result = brief(flag)
    assert result.stdout == f"briefcli {version}\n"
    assert result.stderr == ""


def test_db_before_the_command(brief: Run, write: Callable[..., Path], isolated: Path) -> None:
    other = isolated / "other.db"
    write("901-note.yaml", briefing_yaml(901, title="A note of my own"))
    brief("--db", str(other), "load", str(isolated / "notes"))
    assert brief("--db", str(other), "show", "901").stdout.startswith("901. A note of my own\n")
    assert "901\t" in brief("--db", str(other), "list").stdout
    brief("show", "901", code=1)  # the default index ($BRIEF_DB) never saw it
    assert not (isolated / "index.db").exists() or "901\t" not in brief("list").stdout


def test_db_after_the_command_wins(brief: Run, write: Callable[..., Path], isolated: Path) -> None:
    other = isolated / "other.db"
    write("901-note.yaml", briefing_yaml(901))
    brief("load", str(isolated / "notes"), "--db", str(other))
    brief("--db", str(isolated / "index.db"), "show", "901", "--db", str(other))
    brief("--db", str(other), "show", "901", "--db", str(isolated / "index.db"), code=1)


def test_db_before_the_command_needs_a_file(brief: Run, isolated: Path) -> None:
    result = brief("--db", str(isolated), "list", code=2)
    assert "is a directory" in result.stderr


@pytest.mark.skipif(not BRIEF, reason="the brief command is not installed on PATH")
def test_a_search_with_db_before_it_is_the_same_search(isolated: Path) -> None:
    db = str(isolated / "index.db")
    before = subprocess.run([BRIEF, "--db", db, "search", "spec", "-n", "3"], capture_output=True, text=True)
    after = subprocess.run([BRIEF, "search", "spec", "-n", "3", "--db", db], capture_output=True, text=True)
    assert (before.returncode, before.stdout, before.stderr) == (0, after.stdout, after.stderr)
    assert before.stdout.startswith("46\tOpenAI Model Spec")
