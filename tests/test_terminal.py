"""What a person sees on a terminal: each command run in a pseudo-terminal, read through pyte."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import briefing_yaml
from tests.screen import BRIEF, broken_words, run

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a pseudo-terminal")

STUB = """import os, sys
data = sys.stdin.buffer.read()
with open(sys.argv[1], "ab") as out:
    out.write(b"LESS=" + os.environ.get("LESS", "").encode() + b"\\n" + data)
"""


@pytest.fixture(scope="module")
def shared_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One index of the bundled corpus for the tests that only read (building it takes a while)."""
    path = tmp_path_factory.mktemp("index") / "index.db"
    env = {**os.environ, "BRIEF_DB": str(path)}
    subprocess.run([*BRIEF, "list", "--json"], capture_output=True, env=env, check=True)
    return path


@pytest.fixture(autouse=True)
def reuse_index(shared_index: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if "own_index" not in request.keywords:
        monkeypatch.setenv("BRIEF_DB", str(shared_index))


@pytest.fixture
def pager(tmp_path: Path) -> tuple[str, Path]:
    """A pager that records what it was given, as BRIEF_PAGER would name it."""
    script = tmp_path / "pager.py"
    script.write_text(STUB)
    record = tmp_path / "paged.txt"
    return f"{sys.executable} {script} {record}", record


@pytest.fixture
def bad_notes(tmp_path: Path) -> Path:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "900-x.yaml").write_text("id: 900\ntitle: An incomplete briefing with a long title\n")
    return folder


COMMANDS = [
    ["list"],
    ["show", "46"],
    ["show", "9"],
    ["search", "reward", "model"],
    ["trace", "2", "--downstream"],
    ["trace", "46", "--both"],
    ["top"],
    ["path", "46", "2"],
    ["show", "136"],
    ["list", "--limit", "-1"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_no_word_is_broken_at_80_columns(args: list[str]) -> None:
    screen = run([*args, "--no-pager"], columns=80)
    assert "Traceback" not in screen.text
    assert broken_words(screen) == [], screen.text


@pytest.mark.own_index
def test_validate_and_load_wrap_at_words(bad_notes: Path) -> None:
    for args in (["validate", str(bad_notes)], ["load", str(bad_notes)]):
        screen = run(args, columns=60)
        assert screen.code == 1
        assert broken_words(screen) == [], screen.text
        assert "required field is" in screen.text


def test_every_marker_of_the_pipe_shows_at_80_columns() -> None:
    piped = subprocess.run([*BRIEF, "trace", "2", "--downstream"], capture_output=True, text=True).stdout
    screen = run(["trace", "2", "--downstream", "--no-pager"], columns=80, rows=400)  # 235 lines
    assert piped.count("(shown above)") == 114
    assert screen.text.count("(shown above)") == 114
    for line in screen.lines:
        assert len(line) <= 80


def test_guides_and_marks_are_dim_titles_are_not() -> None:
    screen = run(["trace", "46", "--no-pager"], columns=80)
    title = screen.styles("Anthropic's Responsible Scaling Policy")
    assert not any(cell.dim for cell in title)
    assert all(cell.dim for cell in screen.styles("├──"))
    row, column = screen.find("(shown above)")
    assert all(cell.dim for cell in screen.cells[row][column : column + 13])
    number = screen.styles("21.")
    assert not any(cell.dim or cell.bold for cell in number)


@pytest.mark.own_index
def test_a_long_title_is_cut_before_its_mark(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    long = "A very long title " * 6
    (notes / "900-a.yaml").write_text(briefing_yaml(900, long.strip(), connections=[901, 901]))
    (notes / "901-b.yaml").write_text(briefing_yaml(901, long.strip(), connections=[]))
    run(["load", str(notes)])
    screen = run(["trace", "900", "--no-pager"], columns=60)
    assert screen.lines[1].startswith("├── 901. A very long title")
    assert screen.lines[2].endswith("… (Jan 2024) (shown above)")
    assert all(len(line) <= 70 for line in screen.lines)


def test_the_pager_is_used_when_the_output_is_taller_than_the_screen(pager: tuple[str, Path]) -> None:
    command, record = pager
    screen = run(["list"], columns=80, rows=24, env={"BRIEF_PAGER": command})
    assert screen.code == 0
    paged = record.read_bytes()
    assert paged.startswith(b"LESS=FRX\n")
    assert b"OpenAI Model Spec" in paged
    assert b"\x1b[1m" in paged  # the colours and styles survive
    assert "OpenAI Model Spec" not in screen.text  # the stub pager showed nothing itself


def test_short_output_is_not_paged(pager: tuple[str, Path]) -> None:
    command, record = pager
    screen = run(["path", "46", "24"], columns=80, rows=24, env={"BRIEF_PAGER": command})
    assert not record.exists()
    assert "24. Preparedness Framework (Beta)" in screen.text


@pytest.mark.parametrize(
    "args, env",
    [
        (["list", "--no-pager"], {}),
        (["search", "model", "-n", "40", "--no-pager"], {}),
        (["list"], {"BRIEF_PAGER": ""}),
    ],
)
def test_the_pager_can_be_turned_off(pager: tuple[str, Path], args: list[str], env: dict[str, str]) -> None:
    command, record = pager
    screen = run(args, columns=80, rows=24, env={"PAGER": command, "BRIEF_PAGER": command, **env})
    assert screen.code == 0
    assert not record.exists()


def test_pager_falls_back_to_PAGER(pager: tuple[str, Path]) -> None:
    command, record = pager
    run(["trace", "2", "--downstream"], columns=80, rows=24, env={"PAGER": command})
    assert b"(shown above)" in record.read_bytes()


def test_a_pipe_is_never_paged(pager: tuple[str, Path]) -> None:
    command, record = pager
    env = {**os.environ, "BRIEF_PAGER": command, "PAGER": command}
    for args in (["list"], ["search", "model", "-n", "40"], ["show", "46"]):
        result = subprocess.run([*BRIEF, *args], capture_output=True, text=True, env=env)
        assert result.returncode == 0
        assert result.stdout
    assert not record.exists()


def test_quitting_the_pager_early_is_quiet() -> None:
    # less reads the typed-ahead q and quits after its first screen; brief ends without a word
    screen = run(["trace", "2", "--downstream"], columns=80, rows=10, env={"PAGER": "less"}, keys=b"q")
    assert screen.code == 0
    assert "Error" not in screen.text and "Traceback" not in screen.text
    program = (
        "import signal; signal.signal(signal.SIGPIPE, signal.SIG_DFL)\n"
        "from briefcli.output import console\n"
        "console._page('true', 'x' * 2_000_000); print('done')"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (0, "done\n", "")


def test_usage_errors_are_two_lines_without_a_box() -> None:
    screen = run(["list", "--limit", "-1"], columns=80)
    assert screen.code == 2
    assert screen.lines == [
        "Error: Invalid value for '--limit' / '-n': '-1' is not a whole number, 0 or",
        "       more.",
        "Try 'brief list -h' for help.",
    ]
    assert all(cell.bold and cell.fg == "red" for cell in screen.styles("Error:"))


def test_show_stops_prose_at_a_reading_width_and_links_are_hyperlinks() -> None:
    screen = run(["show", "46", "--no-pager"], columns=200)
    assert max(len(line) for line in screen.lines) <= 88
    assert max(len(line) for line in screen.lines) > 80  # the summary does use the width
    assert b"\x1b]8;" in screen.raw and b"https://model-spec.openai.com/\x1b\\" in screen.raw
    assert "Link: Model Spec https://model-spec.openai.com/" in screen.lines
    piped = subprocess.run([*BRIEF, "show", "46"], capture_output=True, text=True).stdout
    assert "\x1b" not in piped and "Link: Model Spec https://model-spec.openai.com/\n" in piped


def test_show_keeps_each_header_label_with_its_value() -> None:
    screen = run(["show", "16", "--no-pager"], columns=40)
    header = screen.lines[: screen.lines.index("Summary")]
    for label in ("Tags:", "Also known as:"):
        assert any(line.startswith(label + " ") for line in header), header


@pytest.mark.parametrize("columns", [80, 200])
def test_the_list_is_a_table_whose_columns_line_up(columns: int) -> None:
    screen = run(["list", "--no-pager"], columns=columns, rows=1000)
    header = screen.lines[0]
    assert header.split() == ["#", "Title", "Organisation", "Month", "Category"]
    assert all(cell.bold for cell in screen.styles("Organisation"))
    month = header.index("Month")
    rows = [line for line in screen.lines[1:] if line.strip()]
    starts = [line for line in rows if line[:3].strip().isdigit()]
    assert [int(line[:3]) for line in starts] == list(range(1, 136))  # right-aligned numbers
    for line in starts:
        assert line[month : month + 8][:3] in "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), line
    assert all(len(line) <= columns for line in screen.lines)
    assert " 46  OpenAI Model Spec" in screen.text


@pytest.mark.own_index
def test_wide_characters_keep_the_list_aligned(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "900-a.yaml").write_text(briefing_yaml(900, "大规模语言模型的对齐研究与评测方法综述"))
    run(["load", str(notes)])
    screen = run(["list", "--no-pager", "--since", "2024-01", "--until", "2024-01"], columns=70)
    month = screen.lines[0].index("Month")
    row = next(i for i, line in enumerate(screen.lines) if line.startswith("900"))
    # pyte keeps a wide character in one cell and leaves the next empty: read cells, not text.
    assert "".join(cell.data or " " for cell in screen.cells[row][month : month + 8]) == "Jan 2024"
    assert "大规模" in screen.lines[row]
    assert all(len(line) <= 70 for line in screen.lines)


@pytest.mark.parametrize("args", [["--help"], ["show", "-h"]])
def test_help_on_a_terminal_is_typers_the_second_time_too(args: list[str], tmp_path: Path) -> None:
    cache = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    first = run(args, columns=100, env=cache)
    kept = list((tmp_path / "cache").rglob("*.txt"))
    assert first.code == 0 and len(kept) == 1
    again = run(args, columns=100, env=cache)
    assert (again.code, again.raw, again.lines) == (0, first.raw, first.lines)
    assert any(cell.bold for cell in again.styles("Usage:"))  # the colours were kept as well
    kept[0].write_text("what the cache holds\n")
    assert run(args, columns=100, env=cache).lines == ["what the cache holds"]
    narrower = run(args, columns=70, env=cache)  # another width: laid out by Typer again
    assert max(len(line) for line in narrower.lines) <= 70 and "Usage: brief" in narrower.text
    assert len(list((tmp_path / "cache").rglob("*.txt"))) == 2


def test_help_is_printed_when_the_cache_cannot_be_written(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache directory would be\n")
    screen = run(["--help"], columns=100, env={"XDG_CACHE_HOME": str(blocked)})
    assert screen.code == 0 and "Usage: brief" in screen.text and "Error" not in screen.text
