"""The quick path for `brief search` gives exactly what the Typer command gives."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from tests.conftest import Run
from tests.test_process import BRIEF

from briefcli.cli.entry import quick_search

CASES = [
    ["search", "spec"],
    ["search", "spec", "--limit", "3"],
    ["search", "--limit=2", "reward", "model"],
    ["search", "-n", "0", "spec"],
    ["search", "constitutonal", "--json"],
    ["search", "reasoning", "--org", "deepseek", "--since", "2025"],
    ["search", "policy", "-c", "governance", "-t", "Policy", "--until", "2024-06"],
    ["search", "--", "-spec", "C++", "AND"],
    ["search", "nothing-matches-this-zzzz"],
    ["search", "spec", "--since", "2025-13"],
    ["search", "spec", "--tag"],
    ["search", "spec", "--limit", "-1"],
    ["search", "spec", "-n=3"],
    ["search", "spec", "--frobnicate"],
    ["search"],
]


@pytest.mark.skipif(not BRIEF, reason="the brief command is not installed on PATH")
@pytest.mark.parametrize("args", CASES, ids=" ".join)
def test_quick_path_matches_typer(brief: Run, args: list[str], isolated: Path) -> None:
    typer_result = brief(*args, code=None)
    env = {**os.environ, "COLUMNS": "100"}
    process = subprocess.run([BRIEF, *args], capture_output=True, text=True, env=env, timeout=60)
    assert process.returncode == typer_result.exit_code
    assert process.stdout == typer_result.stdout
    if process.returncode != 2:  # usage errors come from Typer on both paths, formatted for the width
        assert process.stderr == typer_result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["search", "--help"],
        ["search", "-h"],
        ["search", "x", "--frob"],
        ["search"],
        ["list"],
        [],
        ["search", "x", "-n=3"],
        ["search", "x", "--limit", "ten"],
        ["search", "x", "--db"],
    ],
)
def test_anything_unusual_goes_to_typer(args: list[str]) -> None:
    assert quick_search(args) is None


def test_a_plain_search_is_parsed_here() -> None:
    assert quick_search(["search", "reward", "-n", "3", "--json", "--org=OpenAI", "--", "--x"]) == {
        "words": ["reward", "--x"],
        "limit": 3,
        "json": True,
        "org": "OpenAI",
    }
