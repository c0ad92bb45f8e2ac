"""brief new, edit and open, with scripts standing in for the editor and the browser."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from tests.conftest import Run, briefing_yaml
from tests.test_process import BRIEF

from briefcli.sources.loader import KNOWN_FIELDS

ROOT = Path(__file__).resolve().parents[1]
# The number brief new takes in a fresh home: one above the bundled corpus.
NEXT = 1 + max(int(p.name.split("-")[0]) for p in (ROOT / "data" / "briefings").glob("*.yaml"))
Write = Callable[..., Path]

FULL = textwrap.dedent(
    """\
    id: {number}
    title: {title}
    tagline: Models trained to behave badly on a trigger keep the behaviour through safety training
    org: [Anthropic]
    date: 2024-01
    category: Alignment & Safety
    tags: [Deception]
    arxiv: "2401.05566"
    summary: >
      {summary}
    key_concepts:
      - title: A trigger that survives training
        body: A concept body.
    connections:
      - id: 14
        relation: influenced_by
        note: Uses the same kind of assistant model
    """
)


def script(folder: Path, name: str, body: str) -> Path:
    """An executable Python script: the stand-in for an editor or a browser."""
    path = folder / name
    path.write_text(f"#!{sys.executable}\nimport sys, os, pathlib\n" + textwrap.dedent(body))
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def editor(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Set $VISUAL to a script whose body (Python) edits the file named last on its command line."""

    def make(body: str) -> Path:
        log = isolated / "editor.log"
        path = script(
            isolated,
            "editor.py",
            f"target = pathlib.Path(sys.argv[-1])\n"
            f"with open({str(log)!r}, 'a') as log: log.write(repr(sys.argv[1:]) + '\\n')\n" + body,
        )
        monkeypatch.setenv("VISUAL", str(path))
        monkeypatch.delenv("EDITOR", raising=False)
        return log

    return make


def data_dir(isolated: Path) -> Path:
    return isolated / "home" / ".local" / "share" / "briefcli" / "briefings"


def test_new_without_an_editor_writes_the_template_and_loads_it(brief: Run, isolated: Path) -> None:
    result = brief("new", "--no-edit")
    path = data_dir(isolated) / f"{NEXT:03d}-untitled-briefing.yaml"
    assert result.stdout == f"Added {NEXT}. Untitled briefing ({path}). See it with: brief show {NEXT}\n"
    assert result.stderr.splitlines()[0] == f"Wrote {path}"
    fields = yaml.safe_load(path.read_text())
    assert sorted(fields) == sorted(KNOWN_FIELDS)  # every field a briefing can have
    assert fields["id"] == NEXT and len(fields["key_concepts"]) == 3
    assert re.search(r"\n#  - id: \d+\n#    relation: influenced_by", path.read_text())  # the example
    assert brief("show", str(NEXT)).stdout.startswith(f"{NEXT}. Untitled briefing\n")
    assert f"1  {path.parent}".replace(str(isolated / "home"), "~") in brief("roots").stdout


def test_new_takes_the_number_above_everything_in_the_collection_and_folder(
    brief: Run, write: Write, isolated: Path
) -> None:
    write("950-a.yaml", briefing_yaml(950))
    brief("load", str(isolated / "notes"))
    write("960-kept.yaml", "id: 960\n", data_dir(isolated))  # an unfinished file, not loaded
    brief("new", "--no-edit", code=1)  # the folder holds a broken file: it cannot be loaded
    assert (data_dir(isolated) / "961-untitled-briefing.yaml").is_file()


def test_new_opens_the_editor_then_loads_what_was_written(
    brief: Run, editor: Callable[[str], Path], isolated: Path
) -> None:
    summary = "Trains models with hidden backdoors and finds that safety training does not remove them."
    log = editor(
        f"target.write_text({FULL!r}.format(number={NEXT}, title='Sleeper Agents', summary={summary!r}))\n"
    )
    result = brief("new", "--title", "Sleeper Agents")
    path = data_dir(isolated) / f"{NEXT:03d}-sleeper-agents.yaml"
    assert log.read_text() == f"[{str(path)!r}]\n"
    assert result.stdout == f"Added {NEXT}. Sleeper Agents ({path}). See it with: brief show {NEXT}\n"
    assert f"{path}:11: warning: key_concepts: 1 key concept; write exactly 3" in result.stderr
    shown = brief("show", str(NEXT)).stdout
    assert "Trains models with hidden backdoors" in shown
    assert "14. Constitutional AI: Harmlessness from AI Feedback" in shown


def test_a_file_named_untitled_is_renamed_after_the_title_written(
    brief: Run, editor: Callable[[str], Path], isolated: Path
) -> None:
    editor(
        "text = target.read_text().replace('title: Untitled briefing', 'title: Sparse Crosscoders')\n"
        "target.write_text(text)\n"
    )
    result = brief("new")
    path = data_dir(isolated) / f"{NEXT:03d}-sparse-crosscoders.yaml"
    assert result.stdout == f"Added {NEXT}. Sparse Crosscoders ({path}). See it with: brief show {NEXT}\n"
    assert not (data_dir(isolated) / f"{NEXT:03d}-untitled-briefing.yaml").exists()
    assert brief("show", "sparse-crosscoders").stdout.startswith(f"{NEXT}. Sparse Crosscoders\n")


def test_an_editor_command_with_arguments(
    brief: Run, editor: Callable[[str], Path], isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = editor("")
    monkeypatch.setenv("VISUAL", f"{os.environ['VISUAL']} -w --new-window")
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")  # VISUAL wins
    brief("new", "--title", "Flags")
    assert (
        log.read_text() == f"['-w', '--new-window', {str(data_dir(isolated) / f'{NEXT:03d}-flags.yaml')!r}]\n"
    )


def test_editor_falls_back_to_one_on_path(
    brief: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = isolated / "bin"
    bin_dir.mkdir()
    script(bin_dir, "nano", f"open({str(isolated / 'nano.log')!r}, 'w').write(sys.argv[-1])\n")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setenv("PATH", str(bin_dir))
    brief("new")
    assert (isolated / "nano.log").read_text() == str(
        data_dir(isolated) / f"{NEXT:03d}-untitled-briefing.yaml"
    )


def test_no_editor_at_all(brief: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setenv("PATH", str(isolated / "empty"))
    result = brief("new", code=1)
    assert result.stderr.splitlines()[-1] == (
        "Error: No editor found: set VISUAL or EDITOR (for example EDITOR=nano), or use --no-edit."
    )


def test_an_invalid_file_is_kept_with_its_problems_and_not_loaded(
    brief: Run, editor: Callable[[str], Path], isolated: Path
) -> None:
    editor("target.write_text(target.read_text().replace('date: ', 'date: 2025-13 #'))\n")
    result = brief("new", code=1)
    path = data_dir(isolated) / f"{NEXT:03d}-untitled-briefing.yaml"
    assert f"{path}:7: error: date: '2025-13' has no month 13: months run from 01 to 12" in result.stderr
    assert (
        result.stderr.splitlines()[-1]
        == f"Error: {path} has problems (listed above); it was kept but not loaded."
    )
    assert path.is_file()
    brief("show", str(NEXT), code=1)


def test_an_editor_that_fails_keeps_the_file(
    brief: Run, editor: Callable[[str], Path], isolated: Path
) -> None:
    editor("sys.exit(3)\n")
    result = brief("new", code=1)
    path = data_dir(isolated) / f"{NEXT:03d}-untitled-briefing.yaml"
    assert (
        result.stderr.splitlines()[-1]
        == f"Error: The editor exited with code 3; {path} was kept but not loaded."
    )
    assert path.is_file()


def test_new_from_a_bundled_briefing_copies_it(brief: Run, isolated: Path) -> None:
    bundled = ROOT / "data" / "briefings" / "046-openai-model-spec.yaml"
    before = hashlib.sha256(bundled.read_bytes()).hexdigest()
    result = brief("new", "--from", "46", "--no-edit")
    path = data_dir(isolated) / f"{NEXT:03d}-openai-model-spec-copy.yaml"
    assert result.stdout == f"Added {NEXT}. OpenAI Model Spec ({path}). See it with: brief show {NEXT}\n"
    text = path.read_text()
    assert text.startswith("# Started as a copy of 46. OpenAI Model Spec.\n")
    assert text.replace(f"id: {NEXT}", "id: 46").splitlines()[1:] == bundled.read_text().splitlines()
    assert hashlib.sha256(bundled.read_bytes()).hexdigest() == before
    assert "24. Preparedness Framework (Beta)" in brief("show", str(NEXT)).stdout


def test_new_from_with_a_title(brief: Run, isolated: Path) -> None:
    brief("new", "--from", "model spec", "--title", "My spec: notes", "--no-edit")
    path = data_dir(isolated) / f"{NEXT:03d}-my-spec-notes.yaml"
    assert 'title: "My spec: notes"\n' in path.read_text()
    assert brief("show", str(NEXT)).stdout.startswith(f"{NEXT}. My spec: notes\n")


def test_new_in_a_folder_of_your_own(brief: Run, write: Write, isolated: Path) -> None:
    notes = isolated / "notes"
    write("950-a.yaml", briefing_yaml(950))
    brief("load", str(notes))
    result = brief("new", "--dir", str(notes / "2025"), "--title", "Deeper", "--no-edit")
    assert result.stdout.startswith(f"Added 951. Deeper ({notes}/2025/951-deeper.yaml).")
    assert brief("roots", "--json").stdout.count('"bundled": false') == 1  # still the one root
    brief("new", "--dir", str(notes / "950-a.yaml"), code=2)


def test_edit_reopens_and_reloads_a_loaded_briefing(
    brief: Run, write: Write, editor: Callable[[str], Path], isolated: Path
) -> None:
    path = write("950-a.yaml", briefing_yaml(950))
    brief("load", str(isolated / "notes"))
    editor("target.write_text(target.read_text().replace('Fixture briefing 950', 'Edited title'))\n")
    assert brief("edit", "950").stdout == f"Saved 950. Fixture briefing 950 ({path}): updated.\n"
    assert brief("show", "950").stdout.startswith("950. Edited title\n")
    editor("")
    assert brief("edit", "edited title").stdout == f"Saved 950. Edited title ({path}): unchanged.\n"


def test_edit_keeps_the_index_when_the_edit_is_invalid(
    brief: Run, write: Write, editor: Callable[[str], Path], isolated: Path
) -> None:
    path = write("950-a.yaml", briefing_yaml(950))
    brief("load", str(isolated / "notes"))
    editor("target.write_text(target.read_text().replace('title:', 'titel:'))\n")
    result = brief("edit", "950", code=1)
    assert f"{path}:2: error: titel: unknown field. Did you mean 'title'?" in result.stderr
    assert brief("show", "950").stdout.startswith("950. Fixture briefing 950\n")


def test_a_bundled_briefing_is_not_edited_in_place(brief: Run, editor: Callable[[str], Path]) -> None:
    log = editor("")
    result = brief("edit", "46", code=1)
    assert result.stderr == (
        "Error: 46. OpenAI Model Spec is a bundled briefing: it lives inside the installed package and "
        "is not edited in place. Start your own copy with: brief new --from 46\n"
    )
    assert not log.exists()


@pytest.mark.parametrize(
    ("ref", "url"), [("6", "https://arxiv.org/abs/2005.14165"), ("46", "https://model-spec.openai.com/")]
)
def test_open_print_gives_the_primary_link(brief: Run, ref: str, url: str) -> None:
    assert brief("open", ref, "--print").stdout == url + "\n"


def test_open_without_a_link(brief: Run, write: Write, isolated: Path) -> None:
    write("950-a.yaml", briefing_yaml(950))
    brief("load", str(isolated / "notes"))
    result = brief("open", "950", code=1)
    assert (
        result.stderr == "Error: 950. Fixture briefing 950 has no link: it gives neither arxiv nor links.\n"
    )


@pytest.mark.skipif(not BRIEF, reason="the brief command is not installed on PATH")
def test_open_starts_the_browser_given_in_browser(isolated: Path) -> None:
    log = isolated / "browser.log"
    browser = script(isolated, "browser.py", f"open({str(log)!r}, 'w').write(repr(sys.argv[1:]))\n")
    env = {**os.environ, "BROWSER": f"{browser} --new-tab %s"}
    result = subprocess.run([BRIEF, "open", "gpt-3"], capture_output=True, text=True, env=env, timeout=60)
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == "Opened https://arxiv.org/abs/2005.14165\n"
    assert log.read_text() == "['--new-tab', 'https://arxiv.org/abs/2005.14165']"


@pytest.mark.skipif(not BRIEF, reason="the brief command is not installed on PATH")
def test_open_when_the_browser_fails(isolated: Path) -> None:
    browser = script(isolated, "browser.py", "sys.exit(1)\n")
    env = {**os.environ, "BROWSER": str(browser)}
    result = subprocess.run([BRIEF, "open", "46"], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1
    assert result.stderr == (
        "Error: No browser could be started (set BROWSER to choose one). The link is https://model-spec.openai.com/\n"
    )


@pytest.mark.skipif(not BRIEF or sys.platform == "win32", reason="needs brief and a pseudo-terminal")
def test_on_a_terminal_an_invalid_file_can_be_reopened_and_fixed(isolated: Path) -> None:
    import pty

    count = isolated / "count"
    fixer = script(
        isolated,
        "editor.py",
        f"""\
        target = pathlib.Path(sys.argv[-1])
        count = pathlib.Path({str(count)!r})
        first = not count.exists()
        count.write_text("x")
        good = target.read_text().replace("date: 2025-13", "date: 2024-02")
        target.write_text(good.replace("date: ", "date: 2025-13 #", 1) if first else good)
        """,
    )
    env = {**os.environ, "VISUAL": str(fixer), "COLUMNS": "100"}
    pid, fd = pty.fork()
    if pid == 0:  # the child: brief on a terminal
        os.execve(BRIEF, [BRIEF, "new", "--title", "Fix me"], env)
    seen = b""
    answered = False
    while True:
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break  # the terminal closed: brief has exited
        if not chunk:
            break
        seen += chunk
        if not answered and b"Open it again to fix it? [Y/n]" in seen:
            os.write(fd, b"y\n")
            answered = True
    _, status = os.waitpid(pid, 0)
    text = seen.decode(errors="replace")
    assert answered, text
    assert os.waitstatus_to_exitcode(status) == 0, text
    assert "error: date: '2025-13' has no month 13" in text
    assert f"Added {NEXT}. Fix me" in text
