"""brief validate: every problem with file and line; errors exit 1, warnings only with --strict."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run, briefing_yaml

Write = Callable[..., Path]

LONG_SUMMARY = "summary: >\n  " + "word " * 70 + "\n"
CONCEPTS = "key_concepts:\n" + "".join(
    f"  - title: Concept {i}\n    body: {'word ' * 35}\n" for i in range(3)
)


def conforming(number: int, **kwargs) -> str:
    """A fixture briefing that meets every corpus convention."""
    text = briefing_yaml(number, **kwargs)
    start, end = text.index("summary:"), text.index("connections:") if "connections:" in text else len(text)
    return text[:start] + LONG_SUMMARY + CONCEPTS + text[end:]


def test_the_bundled_corpus_passes_strict(brief: Run) -> None:
    result = brief("validate", "--strict")
    assert result.stdout == ""
    assert result.stderr == "Checked 135 briefings: 0 errors, 0 warnings.\n"


def test_a_clean_collection(brief: Run, write: Write, isolated: Path) -> None:
    write("901-a.yaml", conforming(901))
    write("902-b.yaml", conforming(902, connections=[901]))
    assert (
        brief("validate", str(isolated / "notes"), "--strict").stderr
        == "Checked 2 briefings: 0 errors, 0 warnings.\n"
    )


def test_cycles_are_errors(brief: Run, write: Write, isolated: Path) -> None:
    a = write("901-a.yaml", conforming(901, connections=[902]))
    write("902-b.yaml", conforming(902, connections=[903]))
    write("903-c.yaml", conforming(903, connections=[901]))
    d = write("904-d.yaml", conforming(904, connections=[904]))
    result = brief("validate", str(isolated / "notes"), code=1)
    assert result.stdout == (
        f"{a}:18: error: connections.0.id: influence runs in a circle: 901 → 902 → 903 → 901 "
        "(each is influenced by the next)\n"
        f"{d}:18: error: connections.0.id: influenced by itself\n"
    )
    assert result.stderr == "Checked 4 briefings: 2 errors, 0 warnings.\n"


def test_schema_errors_and_duplicates_are_errors(brief: Run, write: Write, isolated: Path) -> None:
    a = write("901-a.yaml", conforming(901))
    b = write("901-b.yaml", conforming(901))
    c = write("902-c.yaml", conforming(902).replace("date: 2024-01", "date: 2024-00"))
    out = brief("validate", str(isolated / "notes"), code=1).stdout
    assert f"{b}:1: error: id: id 901 is already used by {a}:1\n" in out
    assert f"{c}:5: error: date: '2024-00' has no month 0: months run from 01 to 12\n" in out


def test_conventions_are_warnings_unless_strict(brief: Run, write: Write, isolated: Path) -> None:
    text = (
        conforming(903, date="2020-01", connections=[904, 999])
        .replace("tagline: A fixture for tests", "tagline: " + "x" * 121)
        .replace("title: Concept 1", "title: " + "h" * 81)
    )
    text += 'arxiv: "2203.02155"\n'
    bad = write("my notes.yaml", text)
    write("904-d.yaml", conforming(904, date="2021-01"))
    write("905-e.yaml", briefing_yaml(905))
    result = brief("validate", str(isolated / "notes"))
    lines = result.stdout.splitlines()
    assert (
        f"{bad}:1: warning: id: file name 'my notes.yaml' should be 903-slug.yaml "
        "(a lower-case, hyphenated slug)" in lines
    )
    assert f"{bad}:3: warning: tagline: 121 characters; keep it to 120" in lines
    assert any(
        line.startswith(f"{bad}:") and "key_concepts.1.title: heading of 81 characters" in line
        for line in lines
    )
    assert any(
        "connections.0.id: influenced by 904 (2021-01), which is later than this briefing (2020-01)" in line
        for line in lines
    )
    assert any(
        "connections.1.id: connection to 999, which is not in the collection" in line for line in lines
    )
    assert any(
        "arxiv: arXiv id 2203.02155 dates from 2022-03, but the briefing's date is 2020-01" in line
        for line in lines
    )
    assert any(
        "905-e.yaml:10: warning: key_concepts: 1 key concept; write exactly 3" in line for line in lines
    )
    assert any("905-e.yaml:8: warning: summary: 11 words; write 60 to 160" in line for line in lines)
    assert result.stderr.startswith("Checked 3 briefings: 0 errors, ")
    brief("validate", str(isolated / "notes"), "--strict", code=1)


def test_validate_json_and_index_untouched(brief: Run, write: Write, isolated: Path) -> None:
    path = write("901-a.yaml", conforming(901).replace("title: Fixture", "titel: Fixture"))
    data = json.loads(brief("validate", str(path), "--json", code=1).stdout)
    assert data[0] == {
        "path": str(path),
        "line": 1,
        "column": None,
        "field": "title",
        "severity": "error",
        "message": "required field is missing",
    }
    assert not (isolated / "index.db").exists()
