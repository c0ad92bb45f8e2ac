"""The installed command as a separate process: pipes, colour, Ctrl-C behaviour, python -m."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

# The console script installed beside this interpreter (the test run's virtual environment).
_BESIDE = Path(sys.executable).parent / "brief"
BRIEF = str(_BESIDE) if _BESIDE.exists() else shutil.which("brief") or ""


def run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, env={**os.environ, **env}, timeout=60)


@pytest.mark.skipif(not BRIEF, reason="the brief command is not installed on PATH")
def test_piped_output_has_no_escape_codes() -> None:
    for args in (["list"], ["show", "46"], ["search", "spec"], ["trace", "46"]):
        result = run([BRIEF, *args])
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout + result.stderr
        assert result.stdout


@pytest.mark.skipif(not BRIEF, reason="the brief command is not installed on PATH")
def test_forced_colour_is_styled_and_no_color_removes_colour() -> None:
    coloured = run([BRIEF, "show", "46"], FORCE_COLOR="1")
    assert "\x1b[" in coloured.stdout
    assert colours(coloured.stdout)
    plain = run([BRIEF, "show", "46"], FORCE_COLOR="1", NO_COLOR="1")
    assert colours(plain.stdout) == set()  # bold and italic may stay: they are not colour


def colours(text: str) -> set[str]:
    """The colour parameters (30-38, 40-48, 90-107) of every SGR escape in `text`."""
    found = set()
    for params in re.findall(r"\x1b\[([0-9;]*)m", text):
        for param in params.split(";"):
            if param.isdigit() and (30 <= int(param) <= 48 or 90 <= int(param) <= 107):
                found.add(param)
    return found


@pytest.mark.skipif(not BRIEF, reason="the brief command is not installed on PATH")
def test_a_closed_pipe_ends_quietly() -> None:
    result = subprocess.run(
        f"'{BRIEF}' list | head -1", shell=True, capture_output=True, text=True, timeout=60
    )
    assert (
        result.stdout == "1\tConcrete Problems in AI Safety\tGoogle Brain, OpenAI, Stanford, UC Berkeley"
        "\t2016-06\tAlignment & Safety\n"
    )
    assert result.stderr == ""


@pytest.mark.skipif(not BRIEF, reason="the brief command is not installed on PATH")
def test_interrupt_ends_without_a_traceback(isolated: Path) -> None:
    process = subprocess.Popen(
        [BRIEF, "trace", "1", "--downstream"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert "Traceback" not in err
    assert process.returncode in (0, -signal.SIGINT)


def test_python_dash_m_runs_the_cli() -> None:
    result = run([sys.executable, "-m", "briefcli", "show", "46", "--json"])
    assert result.returncode == 0, result.stderr
    assert '"title": "OpenAI Model Spec"' in result.stdout


def test_errors_are_one_line_on_stderr() -> None:
    result = run([sys.executable, "-m", "briefcli", "show", "nothing-like-this-exists-anywhere"])
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: No briefing")


@pytest.mark.skipif(not BRIEF, reason="the brief command is not installed on PATH")
def test_terminal_search_keeps_the_spaces_around_highlighted_words() -> None:
    result = run([BRIEF, "search", "reward", "model", "secretly", "-n", "1"], FORCE_COLOR="1", COLUMNS="200")
    plain_text = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    assert "Your Language Model is Secretly a Reward Model" in plain_text


@pytest.mark.skipif(not BRIEF, reason="the brief command is not installed on PATH")
def test_a_load_leaves_no_copy_of_the_index_in_its_log(isolated: Path) -> None:
    # SQLite keeps a write-ahead log at its largest size for reuse; after a load it would hold a
    # second copy of every page written, as large as the index itself.
    index = isolated / "index.db"
    result = run([BRIEF, "load", "--rebuild"], BRIEF_DB=str(index))
    assert result.returncode == 0, result.stderr
    assert index.stat().st_size > 500_000
    assert not Path(f"{index}-wal").exists() or Path(f"{index}-wal").stat().st_size == 0


def imported_by(args: list[str]) -> set[str]:
    """The modules a piped command imports: python -X importtime reports each, however it exits."""
    result = run([sys.executable, "-X", "importtime", "-m", "briefcli", *args])
    assert result.returncode == 0, result.stderr
    return set(re.findall(r"^import time:.*\|\s*(\S+)$", result.stderr, re.MULTILINE))


# What a read command in a pipe has no use for: the Typer app and its parser, terminal drawing,
# sqlite-utils (the write path's), the write path itself, fuzzy matching until a typo, and pathlib,
# which with the urllib.parse and ipaddress it imports costs 3 ms, a tenth of a search at 100k.
UNNEEDED = {
    *("typer", "click", "rich", "sqlite_utils", "yaml", "briefcli.index.write", "rapidfuzz"),
    *("pathlib", "urllib.parse", "ipaddress"),
}


@pytest.mark.parametrize(
    "args", [["show", "46"], ["list"], ["trace", "46"], ["path", "46", "21"], ["top"], ["search", "spec"]]
)
def test_a_piped_read_command_imports_only_what_it_needs(isolated: Path, args: list[str]) -> None:
    imported_by(["list"])  # the first command builds the index, and needs the write path for it
    assert imported_by(args) & UNNEEDED == set()


def test_an_index_named_on_the_command_line_needs_nothing_more(isolated: Path) -> None:
    given = str(isolated / "given.db")
    imported_by(["list", "--db", given])
    assert imported_by(["show", "46", "--db", given]) & UNNEEDED == set()


def test_a_typo_imports_fuzzy_matching_and_nothing_else_it_does_not_need(isolated: Path) -> None:
    imported_by(["list"])
    assert imported_by(["search", "constitutonal"]) & UNNEEDED == {"rapidfuzz"}
