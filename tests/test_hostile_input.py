"""Hostile input from files and from users: YAML tags, control characters, absurd numbers."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import Run, briefing_yaml

Write = Callable[..., Path]


@pytest.mark.parametrize(
    ("value", "tag", "column"),
    [
        ("!include other.yaml", "!include", 10),
        ("!!python/object/apply:os.system echo", "!!python/object/apply:os.system", 10),
        ("!secret x", "!secret", 10),
        ("!!int 5", "!!int", 10),
    ],
)
def test_an_unknown_yaml_tag_is_an_error_naming_file_and_line(
    brief: Run, write: Write, value: str, tag: str, column: int
) -> None:
    path = write(
        "901-a.yaml", briefing_yaml(901).replace("tagline: A fixture for tests", f"tagline: {value}")
    )
    expected = (
        f"{path}:3:{column}: error: tagline: the YAML tag '{tag}' is not supported: "
        "a briefing is plain text, lists and mappings"
    )
    result = brief("load", str(path), code=1)
    assert result.stderr == f"Error: 1 problem found; nothing was loaded.\n  {expected}\n"
    assert brief("validate", str(path), code=1).stdout == expected + "\n"
    assert "901" not in brief("list").stdout


def test_plain_and_str_tags_are_text(brief: Run, write: Write) -> None:
    path = write("901-a.yaml", briefing_yaml(901).replace("tagline: A fixture", "tagline: !!str A fixture"))
    brief("load", str(path))
    assert json.loads(brief("show", "901", "--json").stdout)["tagline"] == "A fixture for tests"


@pytest.mark.parametrize(("character", "code"), [("\x07", "U+0007"), ("\x1b", "U+001B"), ("\x9b", "U+009B")])
def test_a_control_character_in_a_file_gives_file_line_column(
    brief: Run, write: Write, character: str, code: str
) -> None:
    path = write("901-a.yaml", briefing_yaml(901).replace("A fixture for tests", f"A fix{character}ture"))
    expected = f"{path}:3:15: error: {code}, a control character, is not allowed in a YAML file"
    result = brief("load", str(path), code=1)
    assert result.stderr == f"Error: 1 problem found; nothing was loaded.\n  {expected}\n"
    assert brief("validate", str(path), code=1).stdout == expected + "\n"
    data = json.loads(brief("validate", str(path), "--json", code=1).stdout)
    assert (data[0]["line"], data[0]["column"]) == (3, 15)


def test_a_lone_surrogate_escape_is_an_error_not_a_crash(brief: Run, write: Write) -> None:
    path = write("901-a.yaml", briefing_yaml(901).replace("title: Fixture briefing 901", 'title: "x\\ud800"'))
    result = brief("load", str(path), code=1)
    assert result.stderr.startswith("Error: 1 problem found; nothing was loaded.\n")
    assert f"{path}:2:" in result.stderr


HUGE = "9" * 30


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--limit", HUGE],
        ["search", "spec", "--limit", HUGE],
        ["trace", "46", "--depth", HUGE, "--limit", HUGE],
        ["trace", "46", "--both", "--depth", HUGE],
        ["top", "--limit", HUGE],
        ["graph", "46", "--depth", HUGE],
    ],
)
def test_huge_limits_and_depths_are_clamped(brief: Run, args: list[str]) -> None:
    result = brief(*args)
    assert result.stdout


def test_huge_limits_give_all_there_is(brief: Run) -> None:
    assert len(brief("list", "--limit", HUGE).stdout.splitlines()) == 135
    assert brief("trace", "46", "--depth", HUGE).stdout == brief("trace", "46").stdout
    assert brief("graph", "46", "--depth", HUGE).stdout == brief("graph", "46", "--depth", "50").stdout


@pytest.mark.parametrize("args", [["list", "--limit", "-1"], ["trace", "46", "--depth", "0"]])
def test_negative_or_zero_counts_are_refused_with_exit_2(brief: Run, args: list[str]) -> None:
    brief(*args, code=2)


def test_a_cycle_is_an_error_in_load_as_in_validate(brief: Run, write: Write, isolated: Path) -> None:
    notes = isolated / "notes"
    write("901-a.yaml", briefing_yaml(901, connections=[902]))
    write("902-b.yaml", briefing_yaml(902, connections=[903]))
    write("903-c.yaml", briefing_yaml(903, connections=[901]))
    write("904-d.yaml", briefing_yaml(904, connections=[904]))
    expected = [
        f"{notes / '901-a.yaml'}:14: error: connections.0.id: influence runs in a circle: "
        "901 → 902 → 903 → 901 (each is influenced by the next)",
        f"{notes / '904-d.yaml'}:14: error: connections.0.id: influenced by itself",
    ]
    validated = [
        line for line in brief("validate", str(notes), code=1).stdout.splitlines() if ": error:" in line
    ]
    assert validated == expected
    before = brief("list").stdout
    result = brief("load", str(notes), code=1)
    assert result.stderr == "Error: 2 problems found; nothing was loaded.\n" + "".join(
        f"  {e}\n" for e in expected
    )
    assert brief("list").stdout == before


def test_a_cycle_through_briefings_loaded_earlier_is_caught(brief: Run, write: Write, isolated: Path) -> None:
    first = write("901-a.yaml", briefing_yaml(901, connections=[902]), isolated / "one")
    brief("load", str(first))
    second = write("902-b.yaml", briefing_yaml(902, connections=[901]), isolated / "two")
    result = brief("load", str(second), code=1)
    assert result.stderr == (
        "Error: 1 problem found; nothing was loaded.\n"
        f"  {second}:14: error: connections.0.id: influence runs in a circle: "
        "902 → 901 → 902 (each is influenced by the next)\n"
    )


def test_load_warnings_point_at_the_connection_and_only_for_files_read(
    brief: Run, write: Write, isolated: Path
) -> None:
    text = briefing_yaml(901, connections=[46, 999]) + "aliases: [A]\n"
    first = write("901-a.yaml", text, isolated / "one")
    warning = f"{first}:17: warning: connections.1.id: connection to 999, which is not in the collection"
    assert brief("load", str(isolated / "one")).stderr == warning + "\n"
    assert warning in brief("validate", str(first)).stdout
    write("902-b.yaml", briefing_yaml(902), isolated / "two")
    assert brief("load", str(isolated / "two")).stderr == ""  # nothing about the first root again
    assert brief("load", str(isolated / "one")).stderr == ""  # unchanged: not read again


@pytest.mark.parametrize("depth", [600, 990])
def test_yaml_nested_deeper_than_a_walk_can_go_is_an_error(
    brief: Run, write: Write, isolated: Path, depth: int
) -> None:
    write("901-a.yaml", briefing_yaml(901))
    text = briefing_yaml(902) + "extra: " + "[" * depth + "]" * depth + "\n"
    deep = write("902-b.yaml", text)
    line = text.count("\n")  # the last line: where the brackets are
    column = len("extra: ") + 101  # the first bracket more than 100 levels below the top
    message = "the YAML is nested more than 100 levels deep; a briefing needs 3"
    expected = f"{deep}:{line}:{column}: error: {message}"
    assert brief("validate", str(deep), code=1).stdout == expected + "\n"
    result = brief("load", str(isolated), code=1)
    assert result.stderr == f"Error: 1 problem found; nothing was loaded.\n  {expected}\n"
    assert "Traceback" not in result.stderr
