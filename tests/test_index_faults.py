"""Faults around the index file: read-only files and folders, a full disk, files that are not ours."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tests.conftest import Run, briefing_yaml
from tests.test_sources_on_disk import denied_here

from briefcli.index import schema

Write = Callable[..., Path]


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[list[Path]]:
    if not denied_here(tmp_path):
        pytest.skip("file permissions do not apply to this user (root); .ci/run runs these without them")
    paths: list[Path] = []
    yield paths
    for path in paths:
        path.chmod(0o755)


def lines(brief: Run) -> int:
    return len(brief("list").stdout.splitlines())


@pytest.mark.permissions
def test_a_read_only_index_is_read_and_says_so_when_written(
    brief: Run, write: Write, isolated: Path, locked: list[Path]
) -> None:
    index = isolated / "index.db"
    brief("list")
    index.chmod(0o444)
    locked.append(index)
    assert lines(brief) == 135
    note = write("901-a.yaml", briefing_yaml(901))
    err = brief("load", str(note), code=1).stderr
    assert err == (
        f"Error: The index file {index} is read-only, so brief cannot update it. Make it writable "
        f"(chmod u+w '{index}') or choose another file with --db or BRIEF_DB.\n"
    )
    index.chmod(0o644)  # reading it left nothing behind that blocks writing now
    assert brief("load", str(note)).stdout.startswith("Loaded: 1 added,")
    assert lines(brief) == 136


@pytest.mark.permissions
def test_an_unwritable_folder_says_so(brief: Run, write: Write, isolated: Path, locked: list[Path]) -> None:
    folder = isolated / "data"
    folder.mkdir()
    index = folder / "index.db"
    brief("list", "--db", str(index))
    with sqlite3.connect(index) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything into the file itself
    for leftover in folder.glob("index.db-*"):
        leftover.unlink()
    folder.chmod(0o555)
    locked.append(folder)
    assert len(brief("list", "--db", str(index)).stdout.splitlines()) == 135
    note = write("901-a.yaml", briefing_yaml(901))
    err = brief("load", str(note), "--db", str(index), code=1).stderr
    assert err == (
        f"Error: The folder {folder} is not writable, and SQLite must create its journal beside index.db "
        "there. Make the folder writable or choose another file with --db or BRIEF_DB.\n"
    )
    err = brief("list", "--db", str(folder / "new.db"), code=1).stderr
    assert "rebuild" not in err
    assert err.startswith(f"Error: The folder {folder} is not writable")


def test_a_full_disk_says_so_and_keeps_the_index(
    brief: Run, write: Write, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert lines(brief) == 135
    for number in range(901, 960):
        write(f"{number}-x.yaml", briefing_yaml(number, extra="aliases: [" + "word " * 300 + "]\n"))
    connect = schema.connect

    def full_disk(path: Path) -> sqlite3.Connection:  # the file may not grow: as on a full disk
        conn = connect(path)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 2}")
        return conn

    monkeypatch.setattr(schema, "connect", full_disk)
    err = brief("load", str(isolated / "notes"), code=1).stderr
    assert err == (
        f"Error: The disk holding the index at {isolated / 'index.db'} is full (database or disk is full). "
        "Free some space and run the command again; the index is as it was before.\n"
    )
    monkeypatch.setattr(schema, "connect", connect)
    assert lines(brief) == 135


def test_an_index_path_that_is_a_directory(
    brief: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEF_DB", str(isolated))
    err = brief("list", code=1).stderr
    assert err == (
        f"Error: {isolated} is a directory, not an index file. Choose another file with --db or BRIEF_DB.\n"
    )


def test_a_foreign_database_with_its_journal_pending_is_left_alone(brief: Run, isolated: Path) -> None:
    other = isolated / "theirs.db"
    holder = sqlite3.connect(other)  # kept open: its writes stay in the -wal, the header says nothing
    holder.execute("PRAGMA journal_mode = wal")
    holder.execute("CREATE TABLE precious (x)")
    holder.execute("INSERT INTO precious VALUES (1)")
    holder.commit()
    before = other.read_bytes(), (isolated / "theirs.db-wal").read_bytes()
    err = brief("list", "--db", str(other), code=1).stderr
    assert err.startswith(f"Error: {other} is a SQLite database that brief did not create")
    assert (other.read_bytes(), (isolated / "theirs.db-wal").read_bytes()) == before
    assert holder.execute("SELECT x FROM precious").fetchall() == [(1,)]
    holder.close()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_an_index_path_that_is_a_fifo_is_refused_without_blocking(brief: Run, isolated: Path) -> None:
    fifo = isolated / "pipe.db"
    os.mkfifo(fifo)
    err = brief("list", "--db", str(fifo), code=1).stderr
    assert err == (
        f"Error: {fifo} is not a regular file, so it cannot be an index. "
        "Choose another file with --db or BRIEF_DB.\n"
    )
