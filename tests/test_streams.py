"""The installed command and its streams: closed or full stdout, closed stderr, ASCII, odd argv,
and text from files that must never drive the terminal."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from pathlib import Path

import pytest
from tests.conftest import Run, briefing_yaml
from tests.test_process import BRIEF

pytestmark = pytest.mark.skipif(not BRIEF, reason="the brief command is not installed on PATH")

HOSTILE = "Evil \\e[2J\\e]0;owned\\a title \\u202egnp.exe\\u2066x\\u2069 \\x85end"


def shell(command: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `brief ...` through bash, so that redirections such as >&- apply to it alone."""
    return subprocess.run(
        ["bash", "-c", f"{shlex.quote(BRIEF)} {command}"],
        capture_output=True,
        text=True,
        errors="backslashreplace",
        env={**os.environ, **env},
        timeout=60,
    )


@pytest.mark.parametrize(
    "args", ["show 46", "list --json", "search spec", "trace 46", "--help", "load --help"]
)
def test_a_closed_stdout_is_one_error_line_and_exit_1(args: str) -> None:
    result = shell(f"{args} >&-")
    assert result.returncode == 1
    assert (
        result.stderr == "Error: Standard output is closed, so there is nowhere to print; nothing was done.\n"
    )


@pytest.mark.parametrize(
    "args", ["show 46", "list", "list --json", "search spec", "trace 46", "top", "--help"]
)
def test_a_full_stdout_is_one_error_line_and_exit_1(args: str) -> None:
    result = shell(f"{args} >/dev/full")
    assert result.returncode == 1
    assert result.stderr == "Error: Cannot write the output: no space left on device.\n"


def test_with_stdout_and_stderr_closed_it_exits_1_quietly() -> None:
    result = shell("show 46 >&- 2>&-")
    assert (result.returncode, result.stdout, result.stderr) == (1, "", "")


def test_a_closed_stderr_still_prints_the_data() -> None:
    result = shell("show 46 2>&-")
    assert result.returncode == 0
    assert result.stdout.startswith("46. OpenAI Model Spec\n")
    assert shell("show 4600 2>&-").returncode == 1
    assert shell("list --json 2>&-").stdout.startswith("[")


@pytest.mark.parametrize("args", ["show 46", "list", "search spec", "trace 46 --both", "top", "path 46 24"])
def test_an_ascii_stream_prints_every_command(args: str) -> None:
    result = shell(args, PYTHONIOENCODING="ascii")
    assert result.returncode == 0, result.stderr
    assert result.stdout.isascii() and result.stdout
    assert "Traceback" not in result.stderr


def test_ascii_json_escapes_what_it_cannot_show() -> None:
    plain = json.loads(shell("show 46 --json").stdout)
    result = shell("show 46 --json", PYTHONIOENCODING="ascii")
    assert result.stdout.isascii()
    assert json.loads(result.stdout) == plain  # \u escapes: the same data, nothing replaced


@pytest.mark.parametrize(
    "args", ["show $'\\xff'", "search $'caf\\xe9'", "load $'/tmp/\\xff'", "list --tag $'\\xfe'"]
)
def test_arguments_that_are_not_utf8_are_a_usage_error(args: str) -> None:
    result = shell(args)
    assert result.returncode == 2
    assert result.stderr.startswith("Error: Argument ")
    assert result.stderr.endswith(" is not UTF-8 text; brief reads arguments as UTF-8.\n")
    assert len(result.stderr.splitlines()) == 1


def test_text_from_files_never_drives_the_terminal(brief: Run, write, isolated: Path) -> None:
    path = write(
        "901-evil.yaml",
        briefing_yaml(901, title=f'"{HOSTILE}"', connections=[46])
        .replace("tagline: A fixture for tests", 'tagline: "tag \\e[31mred\\u202e"')
        .replace("takes an idea from 46", '"note \\e[5mblink \\u202d"'),
    )
    brief("load", str(path))
    env = {"BRIEF_DB": str(isolated / "index.db")}
    raw = ("\x1b", "\x07", "\x85", "\u202e", "\u202d", "\u2066", "\u2069")
    for args in (
        "show 901",
        "list",
        "search evil",
        "trace 901",
        "trace 46 --downstream",
        "show 46",
        "graph 901",
    ):
        out = shell(args, **env)
        assert out.returncode == 0, out.stderr
        assert not any(c in out.stdout + out.stderr for c in raw), (args, out.stdout)
    shown = shell("show 901", **env).stdout
    assert shown.startswith(
        "901. Evil \\x1b[2J\\x1b]0;owned\\x07 title \\u202egnp.exe\\u2066x\\u2069 \\x85end\n"
    )
    for args in ("show 901 --json", "list --json", "search evil --json", "trace 901 --json"):
        out = shell(args, **env).stdout
        assert not any(c in out for c in raw), args
        assert "\\u001b[2J" in out and "\\u202e" in out and "\\u0085" in out
        json.loads(out)
    data = json.loads(shell("show 901 --json", **env).stdout)
    assert data["title"] == "Evil \x1b[2J\x1b]0;owned\x07 title \u202egnp.exe\u2066x\u2069 \x85end"
