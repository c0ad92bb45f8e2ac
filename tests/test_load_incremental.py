"""A load reads each file at most once, and an unchanged file (same size, time, inode) not at all."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import Run, briefing_yaml

from briefcli.sources import files

Write = Callable[..., Path]


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count how often each file is read by brief."""
    counted: Counter[str] = Counter()
    real = files.read

    def counting(path: str | Path, limit: int | None = None) -> bytes:
        counted[os.fspath(path)] += 1
        return real(path, limit)

    monkeypatch.setattr(files, "read", counting)
    return counted


def age(path: Path, seconds: int = 60) -> None:
    """Date a file a minute back, as files are that were not written during this load."""
    stamp = path.stat().st_mtime_ns - seconds * 1_000_000_000
    os.utime(path, ns=(stamp, stamp))


def loaded(brief: Run, folder: Path) -> str:
    return str(brief("load", str(folder)).stdout.split(". The index")[0])


def test_each_file_is_read_once_and_an_unchanged_one_not_at_all(
    brief: Run, write: Write, isolated: Path, reads: Counter[str]
) -> None:
    notes = isolated / "notes"
    paths = [write(f"90{i}-x.yaml", briefing_yaml(900 + i)) for i in range(1, 4)]
    for path in paths:
        age(path)
    assert loaded(brief, notes) == "Loaded: 3 added, 0 updated, 0 unchanged, 0 removed"
    assert {str(p): reads[str(p)] for p in paths} == {str(p): 1 for p in paths}
    reads.clear()
    assert loaded(brief, notes) == "Loaded: 0 added, 0 updated, 3 unchanged, 0 removed"
    assert not reads  # size, time and inode unchanged: nothing read, nothing hashed


def test_a_touched_file_is_hashed_again_and_stays_unchanged(
    brief: Run, write: Write, isolated: Path, reads: Counter[str]
) -> None:
    path = write("901-a.yaml", briefing_yaml(901))
    age(path)
    brief("load", str(path.parent))
    reads.clear()
    age(path, 30)  # a new time, the same bytes
    assert loaded(brief, path.parent) == "Loaded: 0 added, 0 updated, 1 unchanged, 0 removed"
    assert reads == {str(path): 1}


def test_an_edit_that_keeps_size_and_time_is_still_seen_when_the_file_was_racily_new(
    brief: Run, write: Write, isolated: Path
) -> None:
    path = write("901-a.yaml", briefing_yaml(901, title="Version A"))
    brief("load", str(path.parent))  # the file was written a moment ago: its time proves little
    status = path.stat()
    path.write_text(briefing_yaml(901, title="Version B"))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert path.stat().st_size == status.st_size
    assert loaded(brief, path.parent) == "Loaded: 0 added, 1 updated, 0 unchanged, 0 removed"
    assert "Version B" in brief("show", "901").stdout


def test_an_edit_during_a_load_is_caught_by_the_next_one(
    brief: Run, write: Write, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write("901-a.yaml", briefing_yaml(901, title="Before the edit"))
    age(path)
    brief("list")  # the bundled corpus is indexed first
    real_read = files.read

    def read_then_edit(name: str | Path, limit: int | None = None) -> bytes:
        data = real_read(name, limit)
        if os.fspath(name) == str(path) and b"Before" in path.read_bytes():
            path.write_text(briefing_yaml(901, title="After the edit"))  # behind the load's back
        return data

    monkeypatch.setattr(files, "read", read_then_edit)
    brief("load", str(path.parent))
    monkeypatch.setattr(files, "read", real_read)
    assert "Before the edit" in brief("show", "901").stdout  # what was hashed is what was parsed
    assert loaded(brief, path.parent) == "Loaded: 0 added, 1 updated, 0 unchanged, 0 removed"
    assert "After the edit" in brief("show", "901").stdout
