"""The index stores each text once, and other tools still search it: sqlite-utils' CLI, Datasette."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.conftest import Run


def _places(conn: sqlite3.Connection, text: str) -> list[str]:
    """Every table.column of the file whose values hold `text` (as bytes, so blobs count too)."""
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE '%VIRTUAL%'"
        )
    ]
    found = []
    for table in tables:
        for column in [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]:
            hits = conn.execute(
                f'SELECT count(*) FROM "{table}" WHERE instr(CAST("{column}" AS BLOB), ?) > 0',
                [text.encode()],
            ).fetchone()[0]
            if hits:
                found.append(f"{table}.{column}")
    return found


def test_summaries_and_key_concepts_are_stored_once(brief: Run, isolated: Path) -> None:
    shown = json.loads(brief("show", "46", "--json").stdout)
    with sqlite3.connect(isolated / "index.db") as conn:
        assert _places(conn, shown["summary"]) == ["briefings.summary"]
        for concept in shown["key_concepts"]:
            assert _places(conn, concept["body"]) == ["briefings.concepts"]
        # The full-text index reads its columns from briefings; it has no copy of its own.
        (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'briefings_fts'").fetchone()
        assert 'content="briefings"' in sql
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        assert "briefings_fts_content" not in names
        # The concepts view gives back each concept as the briefing has it.
        rows = conn.execute("SELECT title, body FROM concepts WHERE briefing_id = 46 ORDER BY position")
        assert [list(row) for row in rows] == [[c["title"], c["body"]] for c in shown["key_concepts"]]


def test_sqlite_utils_search_finds_a_briefing_by_its_summary(brief: Run, isolated: Path) -> None:
    brief("list")
    sqlite_utils = Path(sys.executable).parent / "sqlite-utils"
    found = subprocess.run(
        [
            str(sqlite_utils),
            "search",
            str(isolated / "index.db"),
            "briefings",
            "chain command",
            "-c",
            "id",
            "-c",
            "title",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(found.stdout)[0] == {"id": 46, "title": "OpenAI Model Spec"}


def test_a_concept_heading_alone_and_unusual_text_come_back_from_the_view(
    brief: Run, write, isolated: Path
) -> None:
    from tests.conftest import briefing_yaml

    text = briefing_yaml(901).replace(
        "key_concepts:\n",
        'key_concepts:\n  - title: "Ünïcode ☃ and \\"quotes\\""\n'
        '    body: "two\\n\\nparagraphs 🙂 \\0 and on"\n'
        "  - title: A heading with nothing under it\n",
    )
    brief("load", str(write("901-a.yaml", text)))
    shown = json.loads(brief("show", "901", "--json").stdout)["key_concepts"]
    assert shown[:2] == [
        {"title": 'Ünïcode ☃ and "quotes"', "body": "two\n\nparagraphs 🙂 \x00 and on"},
        {"title": "A heading with nothing under it", "body": ""},
    ]
    with sqlite3.connect(isolated / "index.db") as conn:
        rows = conn.execute("SELECT title, body FROM concepts WHERE briefing_id = 901 ORDER BY position")
        assert [{"title": t, "body": b} for t, b in rows] == shown
    assert brief("search", "paragraphs").stdout.startswith("901\t")


def test_search_ranks_the_bundled_corpus_as_before_the_text_was_stored_once(brief: Run) -> None:
    # Recorded with the release before migration 008 (the relevance suite's queries and the
    # benchmark's): the full-text index sees the same text, so ids, scores, fields and snippets match.
    recorded = json.loads((Path(__file__).parent / "data" / "search_before_text_once.json").read_text())
    changed = {}
    for query, expected in recorded.items():
        hits = json.loads(brief("search", "--json", "--", query).stdout)[:10]
        got = [[h["id"], h["score"], h["field"], h["snippet"]] for h in hits]
        if got != expected:
            changed[query] = got
    assert changed == {}
