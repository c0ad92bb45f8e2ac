"""A large load parses in worker processes: the same index, the same problems, nothing left behind."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from tests.conftest import Run, briefing_yaml
from tests.test_process import BRIEF

from briefcli.sources import files, scan

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked, where a system can")
TABLES = ("briefings", "orgs", "tags", "connections", "aliases", "sources")


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Loads here use two workers from the first file, 3 files a chunk; the forks are counted."""
    monkeypatch.setattr(scan, "PARALLEL_FROM", 1)
    monkeypatch.setattr(scan, "CHUNK", 3)
    monkeypatch.setattr(scan, "_cores", lambda: 2)
    made: list[int] = []
    fork = os.fork

    def counted() -> int:
        child = fork()
        if child:
            made.append(child)
        return child

    monkeypatch.setattr(os, "fork", counted)
    return made


def serially(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan, "PARALLEL_FROM", 10**9)


def contents(index: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(index) as conn:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return {t: sorted(conn.execute(f"SELECT * FROM {t}"), key=repr) for t in TABLES if t in names}


def test_workers_store_what_a_serial_load_stores(
    brief: Run, isolated: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    brief("load", "--rebuild", "--db", str(isolated / "parallel.db"))
    assert len(forks) == 2
    serially(monkeypatch)
    brief("load", "--rebuild", "--db", str(isolated / "serial.db"))
    parallel, serial = contents(isolated / "parallel.db"), contents(isolated / "serial.db")
    assert len(parallel["briefings"]) == 135
    assert parallel == serial
    found = brief("search", "constitutional", "--db", str(isolated / "parallel.db")).stdout
    assert "Constitutional AI: Harmlessness from AI Feedback" in found


def test_problems_found_by_workers_are_reported_as_a_serial_load_reports_them(
    brief: Run, write, isolated: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(901, 921):
        write(f"{number}-fixture.yaml", briefing_yaml(number, connections=[number - 1]))
    write("905-fixture.yaml", briefing_yaml(905) + "summary: [a list]\n")  # a duplicate key
    write("930-broken.yaml", "id: 930\ntitle: [unclosed\n")
    write("931-again.yaml", briefing_yaml(912))  # the number of another file
    notes = str(isolated / "notes")
    parallel = brief("load", notes, code=1)
    assert forks
    serially(monkeypatch)
    serial = brief("load", notes, code=1)
    assert parallel.stderr == serial.stderr
    assert "930-broken.yaml:3:1: error: invalid YAML" in parallel.stderr
    assert "905-fixture.yaml:13: error: summary: duplicate key" in parallel.stderr
    assert "931-again.yaml:1: error: id: id 912 is already used by" in parallel.stderr
    assert "901" not in brief("list").stdout  # all or nothing, in workers too


def unreadable(monkeypatch: pytest.MonkeyPatch, name: str, *, in_workers_only: bool) -> None:
    """Make reading `name` fail: in the workers only, or in every process."""
    loader, read = os.getpid(), files.read

    def failing(path: str | Path, limit: int | None = None) -> bytes:
        if str(path).endswith(name) and (os.getpid() != loader or not in_workers_only):
            raise files.Unreadable(str(path), "permission denied")
        return read(path, limit)

    monkeypatch.setattr(files, "read", failing)


def test_a_file_a_worker_cannot_read_is_read_again_by_the_loader(
    brief: Run, write, isolated: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(901, 911):
        write(f"{number}-fixture.yaml", briefing_yaml(number))
    unreadable(monkeypatch, "907-fixture.yaml", in_workers_only=True)  # replaced as it was read
    assert brief("load", str(isolated / "notes")).stdout.startswith("Loaded: 10 added")
    assert "Fixture briefing 907" in brief("show", "907").stdout


def test_a_file_no_process_can_read_fails_the_load_as_a_serial_load_does(
    brief: Run, write, isolated: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(901, 911):
        write(f"{number}-fixture.yaml", briefing_yaml(number))
    unreadable(monkeypatch, "907-fixture.yaml", in_workers_only=False)
    parallel = brief("load", str(isolated / "notes"), code=1)
    serially(monkeypatch)
    assert parallel.stderr == brief("load", str(isolated / "notes"), code=1).stderr
    assert "907-fixture.yaml: permission denied" in parallel.stderr
    assert "901" not in brief("list").stdout


def test_a_worker_that_dies_leaves_the_rest_to_the_loader(
    brief: Run, write, isolated: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(901, 931):
        write(f"{number}-fixture.yaml", briefing_yaml(number))
    loader, whole = os.getpid(), scan.scan

    def killed(path: str, known_digest: str | None) -> scan.Scanned:
        if os.getpid() != loader and path.endswith("913-fixture.yaml"):
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel ends a process out of memory
        return whole(path, known_digest)

    monkeypatch.setattr(scan, "scan", killed)
    assert brief("load", str(isolated / "notes")).stdout.startswith("Loaded: 30 added")
    numbers = {int(line.split("\t")[0]) for line in brief("list").stdout.splitlines()}
    assert set(range(901, 931)) <= numbers
    for child in forks:  # each was waited for: none is left a zombie
        with pytest.raises(ChildProcessError):
            os.waitpid(child, os.WNOHANG)


def test_a_process_with_threads_reads_the_files_itself(brief: Run, forks: list[int]) -> None:
    stop = threading.Event()
    server = threading.Thread(target=stop.wait)  # as a web server's thread would be
    server.start()
    try:
        assert "Constitutional AI" in brief("search", "constitutional").stdout
    finally:
        stop.set()
        server.join()
    assert forks == []


def children_of(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def alive(pid: int) -> bool:
    try:  # a zombie has ended: only its parent's wait is missing
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not BRIEF or sys.platform != "linux", reason="needs brief on PATH and Linux's /proc")
@pytest.mark.parametrize("ending", ["Ctrl-C", "the loader killed"])
def test_no_worker_outlives_its_loader(isolated: Path, ending: str) -> None:
    notes = isolated / "notes"
    notes.mkdir()
    for number in range(1001, 1001 + 4 * scan.PARALLEL_FROM):
        (notes / f"{number}.yaml").write_text(briefing_yaml(number), encoding="utf-8")
    command = [BRIEF, "load", str(notes), "--db", str(isolated / "index.db")]
    loader = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    workers: list[int] = []
    while not workers and loader.poll() is None:
        workers = children_of(loader.pid)
    assert workers, "the load ended before its workers were seen"
    if ending == "Ctrl-C":
        os.killpg(loader.pid, signal.SIGINT)  # as a terminal sends it: to every process of the job
    else:
        loader.kill()
    _, stderr = loader.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while any(alive(worker) for worker in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(worker) for worker in workers)
    assert stderr == b""
