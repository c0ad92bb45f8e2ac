"""The index file as other tools see it: declared foreign keys, and only searchable tables searchable."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils
from tests.conftest import Run, briefing_yaml


def test_connections_orgs_and_tags_declare_their_briefing(brief: Run, isolated: Path) -> None:
    brief("list")
    db = sqlite_utils.Database(isolated / "index.db")
    declared = {
        (fk.table, fk.column, fk.other_table, fk.other_column)
        for table in ("orgs", "tags", "connections")
        for fk in db[table].foreign_keys
    }
    assert declared == {
        ("orgs", "briefing_id", "briefings", "id"),
        ("tags", "briefing_id", "briefings", "id"),
        ("connections", "source_id", "briefings", "id"),
        ("connections", "target_id", "briefings", "id"),
    }
    # The rebuilt tables keep their primary keys and the indexes the read queries use.
    assert db["connections"].pks == ["source_id", "position"]
    assert {tuple(index.columns) for index in db["connections"].indexes} >= {("target_id",)}
    assert {tuple(index.columns) for index in db["tags"].indexes} >= {("tag",)}


def test_a_dangling_connection_still_loads_although_its_key_is_declared(
    brief: Run, write: Callable[..., Path], isolated: Path
) -> None:
    path = write("901-a.yaml", briefing_yaml(901, connections=[46, 999]))
    result = brief("load", str(path))
    assert "999" in result.stderr
    with sqlite3.connect(isolated / "index.db") as conn:
        rows = conn.execute("SELECT target_id FROM connections WHERE source_id = 901 ORDER BY position")
        assert rows.fetchall() == [(46,), (999,)]


def test_every_table_a_search_tool_finds_searchable_can_be_searched(brief: Run, isolated: Path) -> None:
    brief("list")
    db = sqlite_utils.Database(isolated / "index.db")
    searchable = {name: db[name].detect_fts() for name in db.table_names()}
    searchable = {name: fts for name, fts in searchable.items() if fts}
    assert searchable == {"briefings": "briefings_fts", "briefings_fts": "briefings_fts"}
    for name in searchable:
        assert list(db[name].search("preparedness")), name
    in_file = db.execute("SELECT name FROM sqlite_master WHERE sql LIKE '%fts5vocab%'").fetchall()
    assert in_file == []


def test_typo_correction_still_reads_the_vocabulary_after_a_load(
    brief: Run, write: Callable[..., Path]
) -> None:
    path = write("901-a.yaml", briefing_yaml(901, "Zymurgical orchestration"))
    brief("load", str(path))
    result = brief("search", "zymurgicel")
    assert "zymurgicel → zymurgical" in result.stderr
    assert result.stdout.startswith("901\tZymurgical orchestration")
