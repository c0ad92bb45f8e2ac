"""brief doctor: integrity and schema, roots that went, sources changed on disk, dangling links."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run, briefing_yaml

Write = Callable[..., Path]


def test_a_healthy_index_needs_nothing(brief: Run, isolated: Path) -> None:
    brief("list")
    result = brief("doctor")
    assert result.stdout == (
        f"Index: {isolated / 'index.db'}, schema version {schema_version()}, 135 briefings, 0 loaded roots\n"
        "Nothing needs attention.\n"
    )
    data = json.loads(brief("doctor", "--json").stdout)
    assert data == {
        "database": str(isolated / "index.db"),
        "summary": result.stdout.splitlines()[0],
        "ok": True,
        "findings": [],
    }


def schema_version() -> int:
    from briefcli.index import schema

    return schema.SCHEMA_VERSION


def test_doctor_never_builds_or_changes_the_index(brief: Run, isolated: Path) -> None:
    result = brief("doctor")
    assert (
        result.stdout
        == f"Index: {isolated / 'index.db'} (not built yet; the first command builds it)\n"
        + ("Nothing needs attention.\n")
    )
    assert not (isolated / "index.db").exists()


def test_changed_new_removed_and_unreadable_sources_and_a_root_gone(
    brief: Run, write: Write, isolated: Path
) -> None:
    notes, other = isolated / "notes", isolated / "other"
    write("901-a.yaml", briefing_yaml(901))
    write("902-b.yaml", briefing_yaml(902))
    write("903-c.yaml", briefing_yaml(903))
    write("904-d.yaml", briefing_yaml(904), other)
    brief("load", str(notes), str(other))
    assert brief("doctor").stdout.endswith("Nothing needs attention.\n")
    write("901-a.yaml", briefing_yaml(901, title="Edited"))
    (notes / "902-b.yaml").unlink()
    write("905-e.yaml", briefing_yaml(905))
    shutil.rmtree(other)
    result = brief("doctor", code=1)
    assert result.stdout.splitlines()[1:] == [
        f"problem: {other}: this loaded root no longer exists",
        f"    fix: brief load --rebuild {notes}",
        f"problem: {notes / '901-a.yaml'}: changed since the last load",
        f"    fix: brief load {notes}",
        f"problem: {notes / '902-b.yaml'}: removed since the last load",
        f"    fix: brief load {notes}",
        f"problem: {notes / '905-e.yaml'}: new since the last load",
        f"    fix: brief load {notes}",
        "4 problems need attention.",
    ]
    findings = json.loads(brief("doctor", "--json", code=1).stdout)["findings"]
    assert [f["check"] for f in findings] == ["root", "source", "source", "source"]
    assert findings[1] == {
        "check": "source",
        "message": f"{notes / '901-a.yaml'}: changed since the last load",
        "fix": f"brief load {notes}",
    }


def test_dangling_links_are_findings(brief: Run, write: Write, isolated: Path) -> None:
    notes = isolated / "notes"
    write("901-a.yaml", briefing_yaml(901, connections=[902]))
    write("902-b.yaml", briefing_yaml(902))
    brief("load", str(notes))
    (notes / "902-b.yaml").unlink()
    brief("load", str(notes))
    lines = brief("doctor", code=1).stdout.splitlines()
    assert lines[1:] == [
        f"problem: {notes / '901-a.yaml'}:1: connections.0: links to 902, which is not in the collection",
        f"    fix: write briefing 902 or remove the link, then brief load {notes}",
        "1 problem needs attention.",
    ]


def test_a_damaged_or_foreign_index_is_a_finding(brief: Run, isolated: Path) -> None:
    brief("list")
    index = isolated / "index.db"
    with sqlite3.connect(index) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(index.read_bytes())
    page = 4096
    data[page * 3 : page * 3 + 200] = b"\xff" * 200  # one damaged page, the header intact
    index.write_bytes(bytes(data))
    result = brief("doctor", code=1)
    assert "problem: " in result.stdout and "    fix: brief load --rebuild" in result.stdout
    foreign = isolated / "mine.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE precious (x)")
    before = foreign.read_bytes()
    result = brief("doctor", "--db", str(foreign), code=1)
    assert result.stdout.splitlines()[1] == (
        f"problem: {foreign} is a SQLite database that brief did not create; it was left untouched. "
        "Choose another file with --db or BRIEF_DB."
    )
    assert foreign.read_bytes() == before


def test_an_old_schema_version_is_a_finding(brief: Run, isolated: Path) -> None:
    brief("list")
    with sqlite3.connect(isolated / "index.db") as conn:
        conn.execute("PRAGMA user_version = 1")
    lines = brief("doctor", code=1).stdout.splitlines()
    assert lines[1:] == [
        f"problem: the index has schema version 1; this brief uses {schema_version()}",
        "    fix: brief load --rebuild",
        "1 problem needs attention.",
    ]
