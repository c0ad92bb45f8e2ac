"""The `featured` field (the explorer's star) and an index of only the user's own sources."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run, briefing_yaml

Write = Callable[..., Path]


def test_a_featured_briefing_is_marked_in_show_list_and_json(brief: Run, write: Write) -> None:
    write("901-a.yaml", briefing_yaml(901, title="Starred fixture", extra="featured: true\n"))
    write("902-b.yaml", briefing_yaml(902, title="Plain fixture", extra="featured: False\n"))
    brief("load", str(write("903-c.yaml", briefing_yaml(903)).parent))
    assert brief("list", "--org", "Fixture").stdout == (
        "901\t★ Starred fixture\tFixture Lab\t2024-01\tAlignment & Safety\n"
        "902\tPlain fixture\tFixture Lab\t2024-01\tAlignment & Safety\n"
        "903\tFixture briefing 903\tFixture Lab\t2024-01\tAlignment & Safety\n"
    )
    shown = brief("show", "901").stdout.splitlines()
    assert shown[:2] == ["901. Starred fixture", "Alignment & Safety · Fixture Lab · Jan 2024 · ★ featured"]
    assert "featured" not in brief("show", "902").stdout
    listed = json.loads(brief("list", "--org", "Fixture", "--json").stdout)
    assert [b["featured"] for b in listed] == [True, False, False]
    assert json.loads(brief("show", "901", "--json").stdout)["featured"] is True


def test_featured_must_be_true_or_false(brief: Run, write: Write) -> None:
    path = write("901-a.yaml", briefing_yaml(901, extra="featured: sometimes\n"))
    result = brief("load", str(path), code=1)
    assert "901-a.yaml:13: error: featured: must be true or false, not 'sometimes'" in result.stderr
    assert "901" not in brief("list").stdout.split()


def test_the_index_stores_featured_as_a_column(brief: Run, write: Write, isolated: Path) -> None:
    brief("load", str(write("901-a.yaml", briefing_yaml(901, extra="featured: true\n"))))
    with sqlite3.connect(isolated / "index.db") as conn:
        rows = conn.execute("SELECT id, featured FROM briefings WHERE id IN (46, 901) ORDER BY id").fetchall()
        names = [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert rows == [(46, 0), (901, 1)]
    assert "006_featured" in names


def test_a_concept_may_be_a_heading_alone(brief: Run, write: Write) -> None:
    text = briefing_yaml(901).replace(
        "key_concepts:\n", "key_concepts:\n  - title: A heading with nothing under it\n"
    )
    brief("load", str(write("901-a.yaml", text)))
    shown = brief("show", "901").stdout
    assert "  1. A heading with nothing under it\n  2. Only concept\n     Enough text" in shown


def test_no_bundled_holds_only_the_given_sources_and_is_remembered(
    brief: Run, write: Write, isolated: Path
) -> None:
    notes = isolated / "notes"
    write("901-a.yaml", briefing_yaml(901))
    write("902-b.yaml", briefing_yaml(902, connections=[901]))
    result = brief("load", "--rebuild", "--no-bundled", str(notes))
    assert result.stdout.startswith("Loaded: 2 added, 0 updated, 0 unchanged, 0 removed. The index holds 2")
    assert [line.split("\t")[0] for line in brief("list").stdout.splitlines()] == ["901", "902"]
    assert brief("show", "46", code=1).stderr.startswith("Error: No briefing '46'.")
    # Later loads and every read keep the bundled corpus out.
    write("903-c.yaml", briefing_yaml(903))
    brief("load", str(notes))
    assert "holds 3 briefings" in brief("load", str(notes)).stdout
    assert brief("search", "OpenAI", "--json").stdout.strip() == "[]"
    # A plain --rebuild brings the bundled corpus back.
    assert "holds 135 briefings" in brief("load", "--rebuild").stdout


def test_no_bundled_survives_a_schema_upgrade(brief: Run, write: Write, isolated: Path) -> None:
    brief("load", "--rebuild", "--no-bundled", str(write("901-a.yaml", briefing_yaml(901)).parent))
    with sqlite3.connect(isolated / "index.db") as conn:
        conn.execute("PRAGMA user_version = 1")  # as if written by an older brief
    assert brief("list").stdout.splitlines() == [
        "901\tFixture briefing 901\tFixture Lab\t2024-01\tAlignment & Safety"
    ]


def test_no_bundled_needs_rebuild_and_paths(brief: Run, write: Write) -> None:
    path = write("901-a.yaml", briefing_yaml(901))
    for args in (["--no-bundled", str(path)], ["--rebuild", "--no-bundled"]):
        result = brief("load", *args, code=2)
        assert result.stderr == (
            "Error: --no-bundled builds a new index: use it with --rebuild and the paths to load.\n"
            "Try 'brief load -h' for help.\n"
        )
