"""Shell completion as a shell sees it: the generated script sourced in a real bash, and the
zsh and fish formats; values come from the index, and nothing is ever printed into the shell."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import Run, briefing_yaml
from tests.test_process import BRIEF

from briefcli.cli import complete
from briefcli.cli.app import app

needs_brief = pytest.mark.skipif(not BRIEF or not shutil.which("bash"), reason="needs bash and brief")
TABLE = Path(complete.__file__).parent / "completion_table.json"


def script(shell: str) -> str:
    result = subprocess.run([BRIEF, "--show-completion", shell], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def bash(line: str, **env: str) -> tuple[list[str], str]:
    """COMPREPLY after Tab at the end of `line` (a trailing space starts a new word), and stderr."""
    words = re.split(r"(?<!\\) ", line)  # as bash splits what was typed: escaped spaces stay
    program = f"""
{script("bash")}
COMP_WORDS=({" ".join(shlex.quote(w) for w in words)})
COMP_CWORD={len(words) - 1}
_brief_completion brief
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    path = f"{Path(BRIEF).parent}:{os.environ['PATH']}"
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": path, **env},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.split("\n") if line], result.stderr


def shell_answer(shell: str, line: str, **env: str) -> subprocess.CompletedProcess[str]:
    extra = {"_TYPER_COMPLETE_FISH_ACTION": "get-args"} if shell == "fish" else {}
    return subprocess.run(
        [BRIEF],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "_BRIEF_COMPLETE": f"complete_{shell}",
            "_TYPER_COMPLETE_ARGS": line,
            **extra,
            **env,
        },
        timeout=60,
    )


@pytest.fixture
def indexed(brief: Run) -> None:
    brief("list")


@needs_brief
def test_bash_completes_commands_and_options(indexed: None) -> None:
    assert bash("brief l")[0] == ["list", "load"]
    assert bash("brief show 46 --")[0] == ["--json", "--db", "--no-pager", "--help"]
    assert bash("brief trace 46 --format m")[0] == ["mermaid"]
    assert bash("brief --show-completion ")[0] == ["bash", "zsh", "fish"]


@needs_brief
def test_bash_completes_numbers_and_slugs_from_the_index(indexed: None) -> None:
    assert bash("brief show 4")[0] == ["4", "40", "41", "42", "43", "44", "45", "46", "47", "48", "49"]
    assert bash("brief trace 04")[0] == ["040", "041", "042", "043", "044", "045", "046", "047", "048", "049"]
    assert bash("brief show openai-m")[0] == ["openai-model-spec"]
    assert bash("brief path 46 2")[0][:3] == ["2", "20", "21"]
    assert bash("brief show 46 ")[0] == []  # show takes one REF


@needs_brief
def test_bash_completes_filter_values_as_single_words(indexed: None) -> None:
    assert bash("brief list --category Strat")[0] == [r"Strategy\ \&\ Governance"]
    assert bash("brief search x -c Al")[0] == [r"Alignment\ \&\ Safety"]
    assert bash("brief list --org Anth")[0] == [
        "Anthropic",
        r"Anthropic\ \(with\ Redwood\ Research\ and\ University\ of\ Oxford\)",
    ]
    assert bash("brief list --tag Pol")[0] == ["Policy"]
    assert bash(r"brief list --category Strategy\ \&\ G")[0] == [r"Strategy\ \&\ Governance"]


@needs_brief
def test_completion_reads_the_index_given_with_db(
    brief: Run, write: Callable[..., Path], isolated: Path
) -> None:
    other = isolated / "other.db"
    write("901-note.yaml", briefing_yaml(901, title="A note of my own"))
    brief("--db", str(other), "load", str(isolated / "notes"))
    assert bash(f"brief --db {other} show 90")[0] == ["90", "901"]
    assert bash(f"brief show 90 --db {other}")[0] == []  # the REF comes before --db is known
    assert bash(f"brief list --db {other} --org Fix")[0] == ["Fixture\\ Lab"]
    assert bash("brief list --org Fix")[0] == []


@needs_brief
def test_before_any_index_exists_numbers_come_from_the_bundled_files(isolated: Path) -> None:
    assert bash("brief show 4")[0] == ["4", "40", "41", "42", "43", "44", "45", "46", "47", "48", "49"]
    assert bash("brief show openai-m")[0] == ["openai-model-spec"]
    assert not (isolated / "index.db").exists()  # completion never builds the index


@needs_brief
@pytest.mark.parametrize("damage", ["garbage", "foreign", "directory"])
def test_a_broken_index_completes_quietly(isolated: Path, damage: str) -> None:
    db = isolated / "broken.db"
    if damage == "garbage":
        db.write_bytes(b"not a database at all" * 100)
    elif damage == "foreign":
        sqlite3.connect(db).execute("CREATE TABLE briefings (id INTEGER)").connection.commit()
    else:
        db.mkdir()
    replies, stderr = bash("brief show 4", BRIEF_DB=str(db))
    assert stderr == ""
    assert replies == ["4", "40", "41", "42", "43", "44", "45", "46", "47", "48", "49"]  # the bundled files
    replies, stderr = bash("brief list --tag P", BRIEF_DB=str(db))
    assert (replies, stderr) == ([], "")


@needs_brief
def test_zsh_and_fish_show_titles_beside_numbers(indexed: None) -> None:
    zsh = shell_answer("zsh", "brief show 4")
    assert zsh.returncode == 0 and zsh.stderr == ""
    assert zsh.stdout.startswith(
        '_arguments \'*: :(("4":"Language Models are Unsupervised Multitask Learners"\n'
    )
    assert (
        '"44":"Chain of Thought Monitorability\\\\: A New and Fragile Opportunity for AI Safety"'
        in zsh.stdout
    )
    fish = shell_answer("fish", "brief show 4")
    assert fish.stdout.splitlines()[-1] == "49\tImproving Language Understanding by Generative Pre-Training"
    assert shell_answer("zsh", "brief load exa").stdout == "_files\n"  # paths are the shell's to complete


@needs_brief
def test_titles_are_shown_as_written(brief: Run, write: Callable[..., Path], isolated: Path) -> None:
    write("901-odd.yaml", briefing_yaml(901, title='"[/] [bold]Odd \\e[2J title"'))
    brief("load", str(isolated / "notes"))
    fish = shell_answer("fish", "brief show 901")
    assert fish.stdout == "901\t[/] [bold]Odd \\x1b[2J title\n"


CASES = [
    "brief ",
    "brief l",
    "brief -",
    "brief show 4",
    "brief show 04",
    "brief show openai",
    "brief show 46 -",
    "brief list --category ",
    "brief list -c Str",
    "brief list --org O",
    "brief search x --tag ",
    "brief trace 46 --format ",
    "brief graph --format d",
    "brief list --sort ",
    "brief --db x.db l",
    "brief path 46 ",
]


@needs_brief
@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
@pytest.mark.parametrize("line", CASES)
def test_the_quick_answer_is_typers_answer(brief: Run, indexed: None, shell: str, line: str) -> None:
    env = {"_BRIEF_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": line}
    words = line.split(" ")
    env |= {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1), "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    typer_answer = brief.runner.invoke(app, [], env=env, prog_name="brief")
    quick = subprocess.run([BRIEF], capture_output=True, text=True, env={**os.environ, **env}, timeout=60)
    # The same lines (click lists -h and --help in either order, from a set).
    assert quick.returncode == typer_answer.exit_code
    assert lines(quick.stdout) == lines(typer_answer.stdout)


def lines(answer: str) -> list[str]:
    inner = answer.removeprefix("_arguments '*: :((").removesuffix("))'\n")
    return sorted(inner.splitlines())


def test_the_completion_table_is_current() -> None:
    assert json.loads(TABLE.read_text(encoding="utf-8")) == complete.table(app), (
        "run python scripts/completion_table.py"
    )


@needs_brief
@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_scripts_for_each_shell_call_brief(shell: str) -> None:
    text = script(shell)
    assert "_BRIEF_COMPLETE=complete_" + shell in text
    assert "brief" in text


def test_install_completion_for_bash(brief: Run, isolated: Path) -> None:
    result = brief("--install-completion", "bash")
    installed = isolated / "home" / ".bash_completions" / "brief.sh"
    assert result.stdout == f"Completion for bash installed in {installed}; it takes effect in a new shell.\n"
    assert "_brief_completion" in installed.read_text()
    assert f"source '{installed}'" in (isolated / "home" / ".bashrc").read_text()


def test_an_unknown_shell_is_a_usage_error(brief: Run) -> None:
    result = brief("--show-completion", "tcsh", code=2)
    assert "'tcsh' is not one of 'bash', 'zsh', 'fish'" in result.stderr
