"""brief load and the index: incremental, all-or-nothing, robust to broken files and databases."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run, briefing_yaml

from briefcli.index import rows, schema
from briefcli.index.read import Store

Write = Callable[..., Path]


def ids(brief: Run) -> list[str]:
    return [line.split("\t")[0] for line in brief("list").stdout.splitlines()]


def test_first_use_builds_the_index_from_the_bundled_corpus(brief: Run, isolated: Path) -> None:
    assert not (isolated / "index.db").exists()
    assert len(ids(brief)) == 135
    assert (isolated / "index.db").exists()


def test_default_database_lives_in_the_user_data_dir(brief: Run, isolated: Path, monkeypatch) -> None:
    monkeypatch.delenv("BRIEF_DB")
    brief("show", "46")
    assert (isolated / "home" / ".local" / "share" / "briefcli" / "index.db").is_file()


def test_db_option_overrides_the_environment(brief: Run, isolated: Path) -> None:
    brief("list", "--db", str(isolated / "other.db"))
    assert (isolated / "other.db").is_file()
    assert not (isolated / "index.db").exists()


def test_load_is_incremental_and_counts_changes(brief: Run, write: Write, isolated: Path) -> None:
    notes = isolated / "notes"
    write("901-a.yaml", briefing_yaml(901))
    write("902-b.yaml", briefing_yaml(902, connections=[901]))
    write("deeper/903-c.yml", briefing_yaml(903))
    result = brief("load", str(notes))
    assert result.stdout.startswith(
        "Loaded: 3 added, 0 updated, 0 unchanged, 0 removed. The index holds 138 briefings"
    )
    assert brief("load", str(notes)).stdout.startswith("Loaded: 0 added, 0 updated, 3 unchanged, 0 removed.")
    write("901-a.yaml", briefing_yaml(901, title="Renamed fixture"))
    (notes / "deeper" / "903-c.yml").unlink()
    assert brief("load", str(notes)).stdout.startswith("Loaded: 0 added, 1 updated, 1 unchanged, 1 removed.")
    assert "Renamed fixture" in brief("show", "901").stdout
    assert "903" not in ids(brief)


def test_load_json_report(brief: Run, write: Write) -> None:
    path = write("901-a.yaml", briefing_yaml(901, connections=[999]))
    data = json.loads(brief("load", str(path), "--json").stdout)
    assert {k: data[k] for k in ("added", "updated", "unchanged", "removed", "total")} == {
        "added": 1,
        "updated": 0,
        "unchanged": 0,
        "removed": 0,
        "total": 136,
    }
    assert data["warnings"] == [
        f"{path}:14: warning: connections.0.id: connection to 999, which is not in the collection"
    ]


def test_a_broken_file_loads_nothing_and_names_file_and_line(
    brief: Run, write: Write, isolated: Path
) -> None:
    write("901-good.yaml", briefing_yaml(901))
    broken = write("902-broken.yaml", briefing_yaml(902).replace("date: 2024-01", "date: [2024"))
    before = brief("list").stdout
    result = brief("load", str(isolated / "notes"), code=1)
    assert result.stdout == ""
    assert result.stderr.startswith("Error: 1 problem found; nothing was loaded.\n")
    assert f"{broken}:6:9: error: invalid YAML" in result.stderr
    assert brief("list").stdout == before


def test_every_problem_in_a_collection_is_listed(brief: Run, write: Write, isolated: Path) -> None:
    one = write("901-a.yaml", briefing_yaml(901, date="2024-13"))
    two = write("902-b.yaml", briefing_yaml(902).replace("category:", "categroy:"))
    err = brief("load", str(isolated / "notes"), code=1).stderr
    assert err.startswith("Error: 3 problems found; nothing was loaded.")
    assert f"{one}:5: error: date: '2024-13' has no month 13" in err
    assert f"{two}:6: error: categroy: unknown field. Did you mean 'category'?" in err
    assert f"{two}:1: error: category: required field is missing" in err


def test_duplicate_ids_name_both_files(brief: Run, write: Write, isolated: Path) -> None:
    first = write("901-a.yaml", briefing_yaml(901))
    second = write("901-b.yaml", briefing_yaml(901))
    err = brief("load", str(isolated / "notes"), code=1).stderr
    assert f"{second}:1: error: id: id 901 is already used by {first}:1" in err


def test_an_id_already_in_the_bundled_corpus_is_refused(brief: Run, write: Write) -> None:
    path = write("046-mine.yaml", briefing_yaml(46))
    err = brief("load", str(path), code=1).stderr
    assert f"{path}:1: error: id: id 46 is already used by " in err
    assert "046-openai-model-spec.yaml" in err
    assert brief("show", "46").stdout.startswith("46. OpenAI Model Spec")


def test_dangling_connections_warn_and_show_as_missing(brief: Run, write: Write) -> None:
    path = write("901-a.yaml", briefing_yaml(901, connections=[999, 46]))
    result = brief("load", str(path))
    assert (
        f"{path}:14: warning: connections.0.id: connection to 999, which is not in the collection"
        in result.stderr
    )
    out = brief("show", "901").stdout
    assert "999. (missing: not in the collection)" in out
    assert "46. OpenAI Model Spec (Dec 2025)" in out
    tree = brief("trace", "901").stdout
    assert "└── 46. OpenAI Model Spec" in tree or "├── 46. OpenAI Model Spec" in tree
    assert "999. (missing: not in the collection)" in tree
    data = json.loads(brief("trace", "901", "--json").stdout)
    assert data["children"][0] == {
        "id": 999,
        "title": None,
        "date": None,
        "missing": True,
        "repeat": False,
        "cycle": False,
        "more": 0,
        "children": [],
    }


def test_cycles_and_self_loops_terminate(brief: Run, write: Write, isolated: Path) -> None:
    write("901-a.yaml", briefing_yaml(901, connections=[902, 901]))
    write("902-b.yaml", briefing_yaml(902, connections=[903]))
    write("903-c.yaml", briefing_yaml(903, connections=[901]))
    assert (
        "error: connections.1.id: influenced by itself"
        in brief("load", str(isolated / "notes"), code=1).stderr
    )
    # A load refuses cycles now; an index written before it did may still hold them.
    (isolated / "notes" / "901-a.yaml").write_text(briefing_yaml(901, connections=[902]))
    (isolated / "notes" / "903-c.yaml").write_text(briefing_yaml(903))
    brief("load", str(isolated / "notes"))
    store = Store(isolated / "index.db", schema.connect(isolated / "index.db"))
    with store.conn:
        store.conn.executemany(
            "INSERT INTO connections (source_id, target_id, relation, note, position) "
            "VALUES (?, ?, ?, '', ?)",
            [(901, 901, "influenced_by", 1), (903, 901, "influenced_by", 0)],
        )
        rows.write_adjacency(store.conn)
    lines = brief("trace", "901").stdout.splitlines()
    assert lines[:5] == [
        "901. Fixture briefing 901 (Jan 2024)",
        "├── 902. Fixture briefing 902 (Jan 2024)",
        "│   └── 903. Fixture briefing 903 (Jan 2024)",
        "│       └── 901. Fixture briefing 901 (Jan 2024) ↻ cycle: already on this path",
        "└── 901. Fixture briefing 901 (Jan 2024) ↻ cycle: already on this path",
    ]
    assert lines[5] == "3 briefings, deepest level 3, Jan 2024"


def test_markup_and_escape_codes_in_titles_print_literally(brief: Run, write: Write, isolated: Path) -> None:
    write("901-a.yaml", briefing_yaml(901, title='"[/]"'))
    write("902-b.yaml", briefing_yaml(902, title='"[bold]x[/bold] and [red]y"', connections=[901]))
    write("903-c.yaml", briefing_yaml(903, title='"Clear \\e[2J screen"'))
    brief("load", str(isolated / "notes"))
    assert brief("show", "901").stdout.startswith("901. [/]\n")
    assert brief("show", "902").stdout.startswith("902. [bold]x[/bold] and [red]y\n")
    assert brief("trace", "902").stdout.splitlines()[1] == "└── 901. [/] (Jan 2024)"
    shown = brief("show", "903").stdout
    assert "\x1b" not in shown and "Clear \\x1b[2J screen" in shown
    assert "\x1b" not in brief("list").stdout


def test_rebuild_forgets_what_was_loaded(brief: Run, write: Write) -> None:
    path = write("901-a.yaml", briefing_yaml(901))
    brief("load", str(path))
    assert brief("load", "--rebuild").stdout.startswith(
        "Loaded: 135 added, 0 updated, 0 unchanged, 0 removed."
    )
    assert "901" not in ids(brief)


def test_load_of_a_missing_path(brief: Run, isolated: Path) -> None:
    err = brief("load", str(isolated / "nowhere"), code=1).stderr
    assert err == f"Error: No such file or directory: {isolated / 'nowhere'}\n"


def test_a_damaged_index_is_reported_then_rebuilt(brief: Run, isolated: Path) -> None:
    brief("list")
    index = isolated / "index.db"
    with sqlite3.connect(index) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = index.read_bytes()
    index.write_bytes(data[:100] + b"\xff" * (len(data) - 100))  # brief's header, damaged pages
    err = brief("list", code=1).stderr
    assert err == (
        f"Error: The index at {index} cannot be used (database disk image is malformed). "
        "It holds nothing that is not in the YAML sources: run `brief load --rebuild` to make it again.\n"
    )
    brief("load", "--rebuild")
    assert len(ids(brief)) == 135


def test_a_file_that_is_not_an_index_is_never_replaced(brief: Run, isolated: Path) -> None:
    index = isolated / "index.db"
    index.write_bytes(b"my notes, not a database\n" * 100)
    for args in (["list"], ["load", "--rebuild"], ["load", "--rebuild", "--db", str(index)]):
        err = brief(*args, code=1).stderr
        assert err == (
            f"Error: {index} is not a brief index (it is not a SQLite database); it was left untouched. "
            "Choose another file with --db or BRIEF_DB. If you meant it to be brief's index, move it away "
            "first.\n"
        )
    assert index.read_bytes() == b"my notes, not a database\n" * 100
    assert sorted(p.name for p in isolated.iterdir()) == ["home", "index.db"]


def test_a_foreign_sqlite_database_is_left_alone(brief: Run, isolated: Path) -> None:
    other = isolated / "mine.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE precious (x)")
        conn.execute("INSERT INTO precious VALUES (1)")
    with sqlite3.connect(other) as conn:
        conn.execute("PRAGMA journal_mode = delete")
    before = other.read_bytes()
    for args in (["list"], ["load", "--rebuild"], ["show", "46"], ["search", "spec"]):
        err = brief(*args, "--db", str(other), code=1).stderr
        assert err == (
            f"Error: {other} is a SQLite database that brief did not create; it was left untouched. "
            "Choose another file with --db or BRIEF_DB.\n"
        )
    assert other.read_bytes() == before  # byte for byte: not even the journal mode changed
    assert sorted(p.name for p in isolated.iterdir()) == ["home", "mine.db"]  # no -wal, no -shm


def test_an_index_of_another_schema_version_is_rebuilt_with_user_files(
    brief: Run, write: Write, isolated: Path
) -> None:
    path = write("901-a.yaml", briefing_yaml(901))
    brief("load", str(path.parent))
    with sqlite3.connect(isolated / "index.db") as conn:
        conn.execute("PRAGMA user_version = 99")
        conn.execute("DROP VIEW concepts")
    assert "901" in ids(brief)
    assert "Only concept" in brief("show", "901").stdout


def test_a_changed_bundled_corpus_is_picked_up(brief: Run, isolated: Path, monkeypatch) -> None:
    import shutil

    from briefcli.cli import paths

    copy = isolated / "bundled"
    shutil.copytree(paths.bundled_corpus(), copy)
    monkeypatch.setattr(paths, "bundled_corpus", lambda: copy)
    assert len(ids(brief)) == 135
    text = (copy / "046-openai-model-spec.yaml").read_text()
    (copy / "046-openai-model-spec.yaml").write_text(
        text.replace("title: OpenAI Model Spec", "title: OpenAI Model Spec v2")
    )
    assert brief("show", "46").stdout.startswith("46. OpenAI Model Spec v2\n")


def test_index_is_searchable_by_sqlite_utils(brief: Run, isolated: Path) -> None:
    import sqlite_utils

    brief("list")
    db = sqlite_utils.Database(isolated / "index.db")
    assert db["briefings"].detect_fts() == "briefings_fts"
    rows = list(db["briefings"].search("preparedness", columns=["id"]))
    assert {row["id"] for row in rows} >= {24, 42}
    assert db.execute("PRAGMA user_version").fetchone()[0] >= 1
    assert db["concepts"].count == 135 * 3


def test_an_index_altered_behind_briefs_back_gives_one_clear_error(brief: Run, isolated: Path) -> None:
    brief("list")
    with sqlite3.connect(isolated / "index.db") as conn:
        conn.execute("DROP TABLE connections")
    result = brief("show", "46", code=1)
    assert result.stderr == (
        "Error: The index cannot be used (no such table: connections). It holds nothing that is not in "
        "the YAML sources: run `brief load --rebuild` to make it again.\n"
    )
    brief("load", "--rebuild")
    assert "24. Preparedness Framework (Beta)" in brief("show", "46").stdout


def test_a_load_in_batches_is_still_all_or_nothing(
    brief: Run, write: Write, isolated: Path, monkeypatch
) -> None:
    from briefcli.index import write as index_write

    monkeypatch.setattr(index_write, "BATCH", 2)
    paths = [write(f"90{i}-x.yaml", briefing_yaml(900 + i)) for i in range(1, 6)]
    write("909-dup.yaml", briefing_yaml(901))  # the same id as a file in an earlier batch
    broken = write("910-broken.yaml", "id: [910\n")
    err = brief("load", str(isolated / "notes"), code=1).stderr
    assert err.startswith("Error: 2 problems found; nothing was loaded.\n")
    assert err.count("id 901 is already used by") == 1
    assert f"{paths[0]}:1" in err and f"{broken}:" in err
    assert not {"901", "902", "903", "904", "905"} & set(ids(brief))
    broken.unlink()
    (isolated / "notes" / "909-dup.yaml").unlink()
    assert brief("load", str(isolated / "notes")).stdout.startswith("Loaded: 5 added,")
    assert {"901", "902", "903", "904", "905"} <= set(ids(brief))


def test_briefings_staged_over_several_copies_are_all_stored_and_searchable(
    brief: Run, write: Write, isolated: Path, monkeypatch
) -> None:
    # A load stages briefings batch by batch and copies them into the full-text-indexed table
    # every COPY_EVERY (index/rows.py): none may be lost or left out of the full-text index.
    from briefcli.index import write as index_write

    monkeypatch.setattr(index_write, "BATCH", 2)
    monkeypatch.setattr(index_write, "COPY_EVERY", 3)
    for i in range(1, 10):
        write(f"90{i}-x.yaml", briefing_yaml(900 + i, f"Stagedword{i} briefing"))
    assert brief("load", str(isolated / "notes")).stdout.startswith("Loaded: 9 added,")
    assert {f"90{i}" for i in range(1, 10)} <= set(ids(brief))
    for i in (1, 5, 9):
        assert brief("search", f"stagedword{i}").stdout.startswith(f"90{i}\tStagedword{i} briefing\t")
    with sqlite3.connect(isolated / "index.db") as conn:
        conn.execute("INSERT INTO briefings_fts (briefings_fts) VALUES ('integrity-check')")
        assert not conn.execute("SELECT name FROM temp.sqlite_master").fetchall()


def schema_of(index: Path) -> list[str]:
    with sqlite3.connect(index) as conn:
        return sorted(sql for (sql,) in conn.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL"))


def test_a_load_larger_than_the_index_keeps_it_whole_when_it_fails(
    brief: Run, write: Write, isolated: Path
) -> None:
    # Adding more files than the index holds builds its indexes after the rows (index/rows.py):
    # a failure must leave every index, trigger and row as it was, and a success rebuild them.
    for number in (901, 902):
        write(f"{number}-x.yaml", briefing_yaml(number, f"Kept briefing {number}"))
    brief("load", "--rebuild", "--no-bundled", str(isolated / "notes"))
    before = schema_of(isolated / "index.db")
    with sqlite3.connect(isolated / "made.db") as made:  # the schema as the migrations make it
        from sqlite_utils import Database

        schema.migrations().apply(Database(made))
    assert {sql for sql in before if "INDEX" in sql} == {
        sql for sql in schema_of(isolated / "made.db") if "INDEX" in sql
    }
    more = isolated / "more"
    for number in (903, 904):
        write(f"{number}-x.yaml", briefing_yaml(number, f"Added briefing {number}"), more)
    broken = write("905-x.yaml", "id: 905\ntitle: [\n", more)
    assert brief("load", str(more), code=1).stderr.startswith("Error: ")
    assert schema_of(isolated / "index.db") == before
    assert ids(brief) == ["901", "902"]
    assert [hit["id"] for hit in json.loads(brief("search", "kept", "--json").stdout)] == [901, 902]
    broken.write_text(briefing_yaml(905, "Added briefing 905"))
    assert brief("load", str(more)).stdout.startswith("Loaded: 3 added,")
    assert schema_of(isolated / "index.db") == before
    assert sorted(hit["id"] for hit in json.loads(brief("search", "added", "--json").stdout)) == [
        903,
        904,
        905,
    ]
    with sqlite3.connect(isolated / "index.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
