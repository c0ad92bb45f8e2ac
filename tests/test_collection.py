"""The folders of a collection: brief load with no paths, brief roots, brief unload, and validation
against the whole collection."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import Run, briefing_yaml

Write = Callable[..., Path]
ROOT = Path(__file__).resolve().parents[1]
B = len(list((ROOT / "data" / "briefings").glob("*.yaml")))  # the bundled corpus


def ids(brief: Run) -> list[str]:
    return [line.split("\t")[0] for line in brief("list").stdout.splitlines()]


@pytest.fixture
def in_tmp(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(isolated)  # paths are shown relative to the current folder
    return isolated


def test_load_with_no_paths_rereads_every_root(brief: Run, write: Write, in_tmp: Path) -> None:
    write("901-a.yaml", briefing_yaml(901))
    write("902-b.yaml", briefing_yaml(902))
    write("911-c.yaml", briefing_yaml(911), in_tmp / "more")
    brief("load", "notes")
    brief("load", "more/911-c.yaml")
    write("901-a.yaml", briefing_yaml(901, title="Changed on disk"))
    (in_tmp / "notes" / "902-b.yaml").unlink()
    write("903-new.yaml", briefing_yaml(903))
    result = brief("load")
    assert result.stdout == (
        "Loaded: 1 added, 1 updated, 1 unchanged, 1 removed. "
        f"The index holds {B + 3} briefings ({in_tmp}/index.db).\n"
    )
    assert result.stderr == ""
    assert "Changed on disk" in brief("show", "901").stdout
    assert ids(brief)[-3:] == ["901", "903", "911"]


def test_load_with_no_paths_and_no_roots(brief: Run, isolated: Path) -> None:
    result = brief("load")
    assert result.stdout.startswith(
        f"Loaded: 0 added, 0 updated, 0 unchanged, 0 removed. The index holds {B} "
    )
    assert (
        result.stderr == "No folders are loaded yet: give files or directories, as in brief load ~/notes.\n"
    )


def test_roots_lists_the_bundled_corpus_and_each_folder(
    brief: Run, write: Write, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    write("951-a.yaml", briefing_yaml(951))
    write("952-b.yaml", briefing_yaml(952))
    home_notes = isolated / "home" / "briefings"
    write("950-h.yaml", briefing_yaml(950), home_notes)
    brief("load", "examples/notes", str(isolated / "notes"), str(home_notes))
    lines = brief("roots").stdout.splitlines()  # the bundled corpus, then the folders by path
    assert lines[0] == f"{B:>8}  the bundled corpus"
    assert sorted(lines[1:]) == sorted(
        ["       1  ~/briefings", f"       2  {isolated}/notes", "       1  examples/notes"]
    )
    data = json.loads(brief("roots", "--json").stdout)
    assert data[0]["bundled"] and data[0]["briefings"] == B
    assert {r["path"]: (r["bundled"], r["briefings"], r["exists"]) for r in data[1:]} == {
        str(home_notes): (False, 1, True),
        str(isolated / "notes"): (False, 2, True),
        str(ROOT / "examples" / "notes"): (False, 1, True),
    }
    assert Path(data[0]["path"], "046-openai-model-spec.yaml").is_file()


def test_a_deleted_folder_loses_its_briefings_and_says_so(brief: Run, write: Write, in_tmp: Path) -> None:
    write("901-a.yaml", briefing_yaml(901))
    brief("load", "notes")
    shutil.rmtree(in_tmp / "notes")
    result = brief("load")
    assert result.stdout.startswith(
        f"Loaded: 0 added, 0 updated, 0 unchanged, 1 removed. The index holds {B} "
    )
    assert result.stderr == "notes no longer exists: its briefings were removed. brief unload forgets it.\n"
    assert brief("roots").stdout == f"{B:>8}  the bundled corpus\n       0  notes  (no longer exists)\n"
    assert (
        brief("unload", "notes").stdout
        == f"Unloaded notes: 0 briefings removed. The index holds {B} briefings.\n"
    )
    assert brief("roots").stdout == f"{B:>8}  the bundled corpus\n"


def test_unload_forgets_a_folder_and_warns_of_links_left_dangling(
    brief: Run, write: Write, in_tmp: Path
) -> None:
    write("901-a.yaml", briefing_yaml(901))
    write("911-b.yaml", briefing_yaml(911, connections=[901]), in_tmp / "more")
    brief("load", "notes", "more")
    result = brief("unload", str(in_tmp / "notes"))
    assert result.stdout == f"Unloaded notes: 1 briefing removed. The index holds {B + 1} briefings.\n"
    assert result.stderr == (
        f"{in_tmp}/more/911-b.yaml:1: warning: connections.0.id: "
        "connection to 901, which is not in the collection\n"
    )
    assert "901" not in ids(brief)
    assert (in_tmp / "notes" / "901-a.yaml").is_file()  # the files stay
    assert brief("load").stdout.startswith("Loaded: 0 added, 0 updated, 1 unchanged, 0 removed.")


def test_unload_refuses_what_is_not_a_loaded_folder(brief: Run, write: Write, in_tmp: Path) -> None:
    write("901-a.yaml", briefing_yaml(901))
    brief("load", "notes")
    result = brief("unload", "elsewhere", code=1)
    assert result.stderr == "Error: elsewhere is not a loaded folder. Loaded: notes.\n"
    result = brief("unload", "notes/901-a.yaml", code=1)
    assert result.stderr == "Error: notes/901-a.yaml is not a loaded folder. Loaded: notes.\n"


@pytest.mark.parametrize("given", ["bundled", "its folder"])
def test_the_bundled_corpus_is_not_unloaded(brief: Run, given: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefcli.cli import paths

    monkeypatch.chdir(ROOT)
    # Its folder is inside the installed package, or data/briefings in an editable install.
    result = brief("unload", "bundled" if given == "bundled" else str(paths.bundled_corpus()), code=1)
    assert result.stderr == (
        "Error: The bundled corpus is not unloaded this way. To leave it out, rebuild the index from "
        "your own folders only: brief load --rebuild --no-bundled DIR...\n"
    )
    assert len(ids(brief)) == B


def test_an_index_without_the_bundled_corpus(brief: Run, write: Write, in_tmp: Path) -> None:
    write("901-a.yaml", briefing_yaml(901))
    brief("load", "--rebuild", "--no-bundled", "notes")
    assert brief("roots").stdout == "       1  notes\n"
    write("902-b.yaml", briefing_yaml(902))
    assert brief("load").stdout.startswith(
        "Loaded: 1 added, 0 updated, 1 unchanged, 0 removed. The index holds 2 "
    )
    assert (
        brief("unload", "notes").stdout
        == "Unloaded notes: 2 briefings removed. The index holds 0 briefings.\n"
    )
    assert brief("roots").stderr == "The index holds no briefings. Add some with brief load DIR.\n"


def test_the_example_notes_pass_strict_validation(brief: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = brief("validate", "--strict", "examples/notes")
    assert (result.stdout, result.stderr) == ("", "Checked 1 briefing: 0 errors, 0 warnings.\n")


def test_validate_resolves_connections_against_the_collection(brief: Run, write: Write, in_tmp: Path) -> None:
    write("901-a.yaml", briefing_yaml(901, date="2026-01", connections=[46, 999]))
    write("911-b.yaml", briefing_yaml(911), in_tmp / "more")
    write("902-b.yaml", briefing_yaml(902, date="2024-02", connections=[911, 45]))
    brief("load", "more")
    result = brief("validate", "notes")
    path = in_tmp / "notes"
    assert [line for line in result.stdout.splitlines() if "connections." in line] == [
        f"{path}/901-a.yaml:17: warning: connections.1.id: connection to 999, which is not in the collection",
        f"{path}/902-b.yaml:17: warning: connections.1.id: influenced by 45 (2025-09), "
        "which is later than this briefing (2024-02)",
    ]


def test_validate_finds_an_id_the_collection_already_uses(brief: Run, write: Write, in_tmp: Path) -> None:
    write("046-mine.yaml", briefing_yaml(46))
    result = brief("validate", "notes", code=1)
    bundled = json.loads(brief("roots", "--json").stdout)[0]["path"]
    assert [line for line in result.stdout.splitlines() if "error" in line] == [
        f"{in_tmp}/notes/046-mine.yaml:1: error: id: id 46 is already used by "
        f"{bundled}/046-openai-model-spec.yaml:1"
    ]


def test_a_loaded_folder_validates_against_itself_as_it_is_now(
    brief: Run, write: Write, in_tmp: Path
) -> None:
    write("901-a.yaml", briefing_yaml(901))
    write("902-b.yaml", briefing_yaml(902, connections=[901]))
    brief("load", "notes")
    os.remove(in_tmp / "notes" / "901-a.yaml")
    write("905-a.yaml", briefing_yaml(901))  # 901 moved to another file: not a clash
    result = brief("validate", "notes")
    assert [line for line in result.stdout.splitlines() if "id:" in line or "error" in line] == [
        f"{in_tmp}/notes/905-a.yaml:1: warning: id: file name '905-a.yaml' should be 901-slug.yaml "
        "(a lower-case, hyphenated slug)"
    ]


def test_validate_without_an_index_resolves_against_the_bundled_corpus(
    brief: Run, write: Write, in_tmp: Path
) -> None:
    write("901-a.yaml", briefing_yaml(901, date="2026-01", connections=[46, 999]))
    result = brief("validate", "notes")
    assert [line for line in result.stdout.splitlines() if "connections." in line] == [
        f"{in_tmp}/notes/901-a.yaml:17: warning: connections.1.id: "
        "connection to 999, which is not in the collection"
    ]
    assert not (in_tmp / "index.db").exists()


def test_a_folder_loaded_after_one_inside_it_keeps_the_files_it_already_has(
    brief: Run, write: Write, in_tmp: Path
) -> None:
    write("901-a.yaml", briefing_yaml(901), in_tmp / "notes" / "sub")
    brief("load", "notes/sub")
    write("902-b.yaml", briefing_yaml(902))
    result = brief("load", "notes")
    assert result.stdout == (
        f"Loaded: 1 added, 0 updated, 1 unchanged, 0 removed. The index holds {B + 2} briefings "
        f"({in_tmp}/index.db).\n"
    )
    assert ids(brief)[-2:] == ["901", "902"]
