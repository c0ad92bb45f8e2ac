"""The fast path (cli/entry.py) reads argv exactly as Typer does, from a table generated from it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from tests.conftest import Run
from tests.test_process import BRIEF

from briefcli.cli import spec
from briefcli.cli.entry import parse

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
    ["show", "46"],
    ["show", "--json", "046"],
    ["show", "model-spec"],
    ["show", "no-such-briefing-at-all"],
    ["show", "46", "47", "48"],
    ["list"],
    ["list", "--sort", "title", "-n", "5"],
    ["list", "--sort", "size"],
    ["list", "--category", "interp", "--json"],
    ["list", "--since", "2024", "--until=2024-06", "--org", "openai"],
    ["trace", "46"],
    ["trace", "46", "--downstream", "--depth", "2"],
    ["trace", "24", "--both", "-f", "mermaid"],
    ["trace", "46", "--json"],
    ["trace", "46", "--upstream", "--downstream"],
    ["trace", "46", "--depth", "0"],
    ["path", "46", "24"],
    ["path", "46", "2", "--any-direction", "--json"],
    ["path", "46"],
    ["top", "-n", "3"],
    ["top", "--json"],
    ["graph", "46", "--depth", "1", "--format", "dot"],
    ["graph", "--category", "interp", "--json"],
    ["validate", "--json"],
]


@pytest.mark.skipif(not BRIEF, reason="the brief command is not installed on PATH")
@pytest.mark.parametrize("args", CASES, ids=" ".join)
def test_fast_path_matches_typer(brief: Run, args: list[str], isolated: Path) -> None:
    typer_result = brief(*args, code=None)
    env = {**os.environ, "COLUMNS": "100"}
    process = subprocess.run([BRIEF, *args], capture_output=True, text=True, env=env, timeout=60)
    assert process.returncode == typer_result.exit_code
    assert process.stdout == typer_result.stdout
    if process.returncode != 2:  # usage errors come from Typer on both paths, formatted for the width
        assert process.stderr == typer_result.stderr


def test_the_table_matches_the_typer_declarations() -> None:
    from briefcli.cli import fastspec

    path = Path(fastspec.__file__)
    assert path.read_text() == spec.source(), "run `python -m briefcli.cli.spec` to regenerate it"


def test_the_help_pages_match_typer() -> None:
    path = Path(spec.__file__).with_name("help_pages.json")
    assert path.read_text(encoding="utf-8") == spec.help_source(), "run `python -m briefcli.cli.spec`"


@pytest.mark.skipif(not BRIEF, reason="the brief command is not installed on PATH")
@pytest.mark.parametrize(
    "args", [["--help"], ["-h"], ["show", "--help"], ["search", "-h"], ["export", "--help"]]
)
def test_help_in_a_pipe_is_what_typer_prints(args: list[str]) -> None:
    from briefcli.cli.entry import HELP_SETTINGS

    plain = {k: v for k, v in os.environ.items() if k not in HELP_SETTINGS}
    served = subprocess.run([BRIEF, *args], capture_output=True, text=True, env=plain, timeout=60)
    # COLUMNS=80 is the width a pipe gets anyway, but it sends the request to Typer.
    typer = subprocess.run(
        [BRIEF, *args], capture_output=True, text=True, env={**plain, "COLUMNS": "80"}, timeout=60
    )
    assert (served.returncode, served.stdout, served.stderr) == (0, typer.stdout, "")
    assert "Usage: brief" in served.stdout
    wide = subprocess.run(
        [BRIEF, *args], capture_output=True, text=True, env={**plain, "COLUMNS": "130"}, timeout=60
    )
    assert max(len(line) for line in wide.stdout.splitlines()) > 80  # Typer, laid out for that width


def test_every_read_command_has_a_fast_path() -> None:
    assert {"show", "list", "search", "trace", "path", "top", "graph"} <= set(spec.describe())


@pytest.mark.parametrize(
    "args",
    [
        ["search", "--help"],
        ["show", "46", "-h"],
        ["search", "x", "--frob"],
        ["search"],
        [],
        ["--db", "x.db", "list"],
        ["search", "x", "-n=3"],
        ["search", "x", "-n3"],
        ["search", "x", "--limit", "ten"],
        ["search", "x", "--db"],
        ["search", "x", "--json=yes"],
        ["trace", "46", "--format", "TREE"],
        ["trace", "46", "--depth", "0"],
        ["show"],
        ["show", "46", "47"],
        ["list", "--db", "."],
        ["show", "46\udcff"],
        ["no-such-command"],
    ],
)
def test_anything_unusual_goes_to_typer(args: list[str]) -> None:
    assert parse(args) is None


def test_a_command_is_parsed_into_the_function_typer_would_call() -> None:
    target, values = parse(["search", "reward", "-n", "3", "--json", "--org=OpenAI", "--", "--x"]) or ("", {})
    assert target == "search"
    assert values == {
        "query": ["reward", "--x"],
        "category": None,
        "org": "OpenAI",
        "tag": None,
        "since": None,
        "until": None,
        "limit": 3,
        "as_json": True,
        "db": None,
        "no_pager": False,
    }
    target, values = parse(["trace", "-d", "2", "46", "--db", "i.db", "--format=dot"]) or ("", {})
    assert (target, values["ref"], values["depth"], values["form"]) == ("trace", "46", 2, "dot")
    assert values["db"] == "i.db"  # a str, as every command accepts: pathlib costs 3 ms to import
