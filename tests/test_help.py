"""Help: every command ends its --help with real examples, and the top-level help groups commands."""

from __future__ import annotations

import os
import shlex
import shutil
from pathlib import Path

import pytest
from tests.conftest import Run, briefing_yaml

from briefcli.cli.app import app
from briefcli.cli.examples import EXAMPLES


def commands() -> list[str]:
    return sorted(info.name or "" for info in app.registered_commands if info.name)


@pytest.mark.parametrize("command", commands())
def test_every_help_ends_with_two_or_three_examples(brief: Run, command: str) -> None:
    out = brief(command, "--help").stdout
    tail = out[out.rindex("Example") :]
    shown = [line for line in tail.splitlines() if "brief " in line]
    assert 2 <= len(shown) <= 3, out


def test_the_top_level_help_groups_the_commands(brief: Run) -> None:
    out = brief("--help").stdout
    panels = [line for line in out.splitlines() if line.startswith("╭─ ")]
    names = [line.strip("╭─ ").split(" ─")[0] for line in panels]
    assert names == ["Options", "Reading", "The influence graph", "The collection", "Interchange"]


@pytest.mark.parametrize(
    "example", [line for lines in EXAMPLES.values() for line in lines], ids=lambda line: line
)
def test_every_example_runs(
    brief: Run, example: str, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if "--format svg" in example and not shutil.which("dot"):
        pytest.skip("Graphviz is not installed")
    notes = Path(os.environ["HOME"]) / "notes" / "briefings"
    notes.mkdir(parents=True, exist_ok=True)
    (notes / "901-a.yaml").write_text(briefing_yaml(901))
    words = [word.replace("~", os.environ["HOME"]) for word in shlex.split(example)][1:]
    monkeypatch.chdir(isolated)
    # The notes folder is loaded (into the index an example names, too), and the editor and the
    # browser are stand-ins that change nothing.
    given_db = words[words.index("--db") : words.index("--db") + 2] if "--db" in words else []
    brief(*given_db, "load", str(notes))
    monkeypatch.setenv("VISUAL", "true")
    monkeypatch.setenv("BROWSER", "true")
    result = brief(*words)
    assert result.stdout or result.stderr
