"""Briefing files on disk: unreadable entries, links, FIFOs, size, depth, odd names, suffixes."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tests.conftest import Run, briefing_yaml

Write = Callable[..., Path]


def denied_here(tmp: Path) -> bool:
    """Whether file permissions bind this process (false for root with CAP_DAC_OVERRIDE)."""
    probe = tmp / "probe"
    probe.write_text("x")
    probe.chmod(0)
    try:
        probe.read_text()
    except PermissionError:
        return True
    finally:
        probe.chmod(0o600)
        probe.unlink()
    return False


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[list[Path]]:
    """Paths to make unreadable; their permissions are restored afterwards."""
    if not denied_here(tmp_path):
        pytest.skip("file permissions do not apply to this user (root); .ci/run runs these without them")
    paths: list[Path] = []
    yield paths
    for path in paths:
        path.chmod(0o700)


def ids(brief: Run) -> list[int]:
    return [int(line.split("\t")[0]) for line in brief("list").stdout.splitlines()]


@pytest.mark.permissions
def test_an_unreadable_directory_fails_the_load_and_removes_nothing(
    brief: Run, write: Write, isolated: Path, locked: list[Path]
) -> None:
    notes = isolated / "notes"
    write("901-a.yaml", briefing_yaml(901))
    write("inner/902-b.yaml", briefing_yaml(902))
    brief("load", str(notes))
    (notes / "inner").chmod(0)
    locked.append(notes / "inner")
    result = brief("load", str(notes), code=1)
    assert result.stderr == (
        "Error: 1 problem found; nothing was loaded.\n"
        f"  {notes / 'inner'}: error: cannot read this directory: permission denied\n"
    )
    assert 902 in ids(brief)
    result = brief("validate", str(notes), code=1)
    assert f"{notes / 'inner'}: error: cannot read this directory: permission denied\n" in result.stdout


@pytest.mark.permissions
def test_an_unreadable_file_fails_the_load_and_removes_nothing(
    brief: Run, write: Write, isolated: Path, locked: list[Path]
) -> None:
    notes = isolated / "notes"
    write("901-a.yaml", briefing_yaml(901))
    secret = write("902-b.yaml", briefing_yaml(902))
    brief("load", str(notes))
    write("902-b.yaml", briefing_yaml(902, title="Changed"))
    secret.chmod(0)
    locked.append(secret)
    result = brief("load", str(notes), code=1)
    assert result.stderr == f"Error: Cannot read {secret}: permission denied.\n"
    assert 902 in ids(brief)
    assert "Fixture briefing 902" in brief("show", "902").stdout
    result = brief("validate", str(notes), code=1)
    assert f"{secret}: error: permission denied\n" in result.stdout


def test_links_inside_the_root_are_followed_and_links_out_of_it_skipped(
    brief: Run, write: Write, isolated: Path
) -> None:
    notes = isolated / "notes"
    write("901-a.yaml", briefing_yaml(901))
    outside = write("902-out.yaml", briefing_yaml(902), isolated / "elsewhere")
    write("sub/903-c.yaml", briefing_yaml(903))
    (notes / "sub" / "loop").symlink_to(notes)  # a link back up must not loop
    (notes / "alias.yaml").symlink_to(notes / "901-a.yaml")  # the same file twice counts once
    (notes / "out.yaml").symlink_to(outside)
    (notes / "outdir").symlink_to(outside.parent)
    (notes / "nowhere.yaml").symlink_to(isolated / "missing.yaml")
    result = brief("load", str(notes))
    assert result.stderr == (
        f"{notes / 'nowhere.yaml'}: warning: skipped: a symbolic link to nothing\n"
        f"{notes / 'out.yaml'}: warning: skipped: a symbolic link that leads outside the root given\n"
        f"{notes / 'outdir'}: warning: skipped: a symbolic link that leads outside the root given\n"
    )
    assert result.stdout.startswith("Loaded: 2 added, 0 updated, 0 unchanged, 0 removed.")
    assert 902 not in ids(brief)
    # Named on the command line, a link is followed: its target is the root.
    brief("load", str(notes / "out.yaml"))
    assert 902 in ids(brief)


def test_a_link_to_a_secret_never_shows_its_content(brief: Run, isolated: Path, write: Write) -> None:
    secret = write("secret.txt", "password: hunter2\n", isolated / "private")
    notes = isolated / "notes"
    notes.mkdir()
    (notes / "001-x.yaml").symlink_to(secret)
    result = brief("load", str(notes))
    assert "hunter2" not in result.stdout + result.stderr
    assert "Loaded: 0 added" in result.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifos_are_skipped_with_a_warning_and_refused_when_named(
    brief: Run, write: Write, isolated: Path
) -> None:
    notes = isolated / "notes"
    write("901-a.yaml", briefing_yaml(901))
    os.mkfifo(notes / "902-pipe.yaml")
    result = brief("load", str(notes))
    assert result.stderr == f"{notes / '902-pipe.yaml'}: warning: skipped: a FIFO (named pipe)\n"
    assert result.stdout.startswith("Loaded: 1 added,")
    result = brief("load", str(notes / "902-pipe.yaml"), code=1)
    assert result.stderr == (
        f"Error: {notes / '902-pipe.yaml'} is a FIFO (named pipe), not a briefing file or a directory.\n"
    )
    result = brief("validate", "/dev/null", code=1)
    assert result.stderr == "Error: /dev/null is a character device, not a briefing file or a directory.\n"


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    brief: Run, write: Write, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = isolated / "notes"
    write("901-a.yaml", briefing_yaml(901))
    big = write("902-big.yaml", briefing_yaml(902) + "#" * (1024 * 1024) + "\n")
    result = brief("load", str(notes), code=1)
    assert result.stderr == (
        f"Error: Cannot read {big}: 1 MB is over the limit of 1 MB for a briefing file.\n"
    )
    assert 901 not in ids(brief)
    result = brief("validate", str(notes), code=1)
    assert f"{big}: error: 1 MB is over the limit of 1 MB for a briefing file\n" in result.stdout
    monkeypatch.setenv("BRIEF_MAX_FILE_SIZE", str(2 * 1024 * 1024))
    assert brief("load", str(notes)).stdout.startswith("Loaded: 2 added,")


@pytest.fixture
def deep_tree(isolated: Path) -> Iterator[Callable[[int], Path]]:
    """Make directories `levels` deep under notes/ with a briefing at the bottom, by relative
    paths so that the depth can pass the system's limit on a path's length; remove them after
    (shutil.rmtree, which pytest uses, recurses once per level and gives up)."""
    top = isolated / "notes"

    def make(levels: int) -> Path:
        top.mkdir()
        here = os.getcwd()
        os.chdir(top)
        try:
            for _ in range(levels):
                os.mkdir("d")
                os.chdir("d")
            Path("901-deep.yaml").write_text(briefing_yaml(901))
        finally:
            os.chdir(here)
        return top

    yield make
    if top.exists():
        here = os.getcwd()
        os.chdir(top)
        depth = 0
        while os.path.isdir("d"):
            os.chdir("d")
            depth += 1
        for _ in range(depth):
            for name in os.listdir("."):
                os.unlink(name)
            os.chdir("..")
            os.rmdir("d")
        os.chdir(here)


def test_a_tree_thousands_of_levels_deep_fails_in_one_line(
    brief: Run, isolated: Path, deep_tree: Callable[[int], Path]
) -> None:
    deep_tree(2200)  # 4,400 characters: past PATH_MAX (4,096)
    result = brief("load", str(isolated / "notes"), code=1)
    lines = result.stderr.splitlines()
    assert lines[0] == "Error: 1 problem found; nothing was loaded."
    assert len(lines) == 2 and len(lines[1]) < 300, lines
    assert ": error: cannot read" in lines[1]
    assert lines[1].endswith("the path is too long for this system")
    assert lines[1].startswith(f"  {isolated / 'notes'}/d/d/")


def test_a_tree_deep_but_within_the_path_limit_loads(
    brief: Run, isolated: Path, deep_tree: Callable[[int], Path]
) -> None:
    deep_tree(1500)
    assert brief("load", str(isolated / "notes")).stdout.startswith("Loaded: 1 added,")
    assert "901" in brief("show", "901").stdout


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses file names that are not UTF-8")
def test_a_file_name_that_is_not_utf8_fails_in_one_line(brief: Run, write: Write, isolated: Path) -> None:
    notes = isolated / "notes"
    write("901-a.yaml", briefing_yaml(901))
    with open(os.fsencode(notes) + b"/902-caf\xe9.yaml", "w") as handle:
        handle.write(briefing_yaml(902))
    with open(os.fsencode(notes) + b"/notes-\xff.txt", "w") as handle:
        handle.write("not a briefing, so not a problem")
    result = brief("load", str(notes), code=1)
    assert result.stderr == (
        "Error: 1 problem found; nothing was loaded.\n"
        f"  {notes}/902-caf\\xe9.yaml: error: the file name is not UTF-8: rename it\n"
    )


def test_yaml_suffixes_count_in_any_case(brief: Run, write: Write, isolated: Path) -> None:
    write("901-a.YAML", briefing_yaml(901))
    write("902-b.YML", briefing_yaml(902))
    write("903-c.Yaml", briefing_yaml(903))
    write("904-d.yaml.txt", briefing_yaml(904))
    result = brief("load", str(isolated / "notes"))
    assert result.stdout.startswith("Loaded: 3 added,")
    assert [n for n in ids(brief) if n > 900] == [901, 902, 903]


@pytest.mark.parametrize(("limit", "read_whole"), [(10_000, True), (200, False)])
def test_a_file_that_grew_after_its_stat_is_read_to_its_end_or_refused_past_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int, read_whole: bool
) -> None:
    from briefcli.sources import files

    path = tmp_path / "901-a.yaml"
    path.write_text(briefing_yaml(901))
    real_fstat = os.fstat

    def stale_fstat(descriptor: int) -> os.stat_result:  # the size before the file grew
        status = list(real_fstat(descriptor))
        status[6] = 100  # st_size
        return os.stat_result(status)

    monkeypatch.setattr(os, "fstat", stale_fstat)
    if read_whole:
        assert files.read(path, limit=limit) == path.read_bytes()
    else:
        with pytest.raises(files.Unreadable, match="over the limit"):
            files.read(path, limit=limit)
