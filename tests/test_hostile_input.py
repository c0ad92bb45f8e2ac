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
    assert len(brief("list", "--limit", HUGE).stdout.splitlines()) == 46
    assert brief("trace", "46", "--depth", HUGE).stdout == brief("trace", "46").stdout
    assert brief("graph", "46", "--depth", HUGE).stdout == brief("graph", "46", "--depth", "50").stdout


@pytest.mark.parametrize("args", [["list", "--limit", "-1"], ["trace", "46", "--depth", "0"]])
def test_negative_or_zero_counts_are_refused_with_exit_2(brief: Run, args: list[str]) -> None:
    brief(*args, code=2)
