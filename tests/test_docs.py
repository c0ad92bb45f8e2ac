"""The README is checked: every command is documented, and every example shows real output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import Run

from briefcli.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def commands() -> list[str]:
    return sorted(info.name or info.callback.__name__ for info in app.registered_commands if info.callback)


@pytest.mark.parametrize("command", commands())
def test_every_command_is_documented_and_has_help(brief: Run, command: str) -> None:
    assert f"### `brief {command}" in README.read_text()
    out = brief(command, "--help").stdout
    assert "Usage" in out and len(out.splitlines()) > 3


@pytest.mark.skipif(not (ROOT / "scripts").is_dir(), reason="needs a source checkout")
def test_readme_examples_are_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "readme_examples.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
