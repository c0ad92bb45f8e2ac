"""The YAML loader: every problem reported with file, line and field; YAML 1.1 cannot corrupt data."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import briefing_yaml

from briefcli.cli.paths import bundled_corpus
from briefcli.core.models import Briefing, Month, Problem
from briefcli.sources.collection import dangling_connections, duplicate_ids
from briefcli.sources.loader import parse


def problems_of(text: str) -> list[str]:
    _, problems = both_ways("notes/x.yaml", text.encode())
    return [str(p) for p in problems]


def both_ways(path: str, data: bytes) -> tuple[Briefing | None, list[Problem]]:
    """Parse as validate does (a line for every field) and as a load does; the two must agree."""
    briefing, problems = parse(path, data)
    quick, quick_problems = parse(path, data, lines=False)
    assert quick_problems == problems
    assert (quick is None) == (briefing is None)
    if briefing is not None and quick is not None:
        assert quick._replace(field_lines={}) == briefing._replace(field_lines={})
        for i in range(len(briefing.connections)):  # the lines a load keeps
            assert quick.line_of(f"connections.{i}") == briefing.line_of(f"connections.{i}")
    return briefing, problems


def test_a_valid_file_becomes_a_briefing() -> None:
    briefing, problems = parse("notes/901-fixture.yaml", briefing_yaml(901, connections=[46]).encode())
    assert problems == []
    assert briefing is not None
    assert (briefing.id, briefing.title, briefing.slug) == (901, "Fixture briefing 901", "fixture")
    assert briefing.date == Month(2024, 1)
    assert briefing.org == ("Fixture Lab",)
    assert briefing.connections[0].target == 46
    assert briefing.connections[0].note == "takes an idea from 46"


def test_yaml_one_one_surprises_stay_text() -> None:
    text = briefing_yaml(902, extra="arxiv: 2501.10000\naliases: [NO, yes, 0755]\n").replace(
        "org: [Fixture Lab]", "org: NO"
    )
    briefing, problems = parse("x.yaml", text.encode())
    assert problems == []
    assert briefing is not None
    assert briefing.org == ("NO",)
    assert briefing.arxiv == "2501.10000"  # not the float 2501.1
    assert briefing.aliases == ("NO", "yes", "0755")


def test_day_precision_and_quoted_dates_both_work() -> None:
    for written in ("2025-12-01", '"2025-12"', "'2025-12'"):
        briefing, problems = parse("x.yaml", briefing_yaml(903, date=written).encode())
        assert problems == [], written
        assert briefing is not None and briefing.date == Month(2025, 12)


def test_leading_zero_id_is_decimal() -> None:
    briefing, _ = parse("x.yaml", briefing_yaml(46).replace("id: 46", "id: 046").encode())
    assert briefing is not None and briefing.id == 46  # YAML 1.1 would read 046 as octal 38


def test_invalid_months_and_dates_are_errors_with_lines() -> None:
    assert problems_of(briefing_yaml(904, date="2025-13")) == [
        "notes/x.yaml:5: error: date: '2025-13' has no month 13: months run from 01 to 12"
    ]
    assert problems_of(briefing_yaml(904, date="2025-02-30")) == [
        "notes/x.yaml:5: error: date: '2025-02-30' is not a real date"
    ]
    assert problems_of(briefing_yaml(904, date="December")) == [
        "notes/x.yaml:5: error: date: 'December' is not a month: write YYYY-MM, for example 2025-12"
    ]


def test_missing_required_fields_are_all_listed() -> None:
    assert problems_of("tagline: nothing else\n") == [
        "notes/x.yaml:1: error: id: required field is missing",
        "notes/x.yaml:1: error: title: required field is missing",
        "notes/x.yaml:1: error: date: required field is missing",
        "notes/x.yaml:1: error: category: required field is missing",
        "notes/x.yaml:1: error: summary: required field is missing",
    ]


def test_unknown_keys_suggest_the_closest_known_one() -> None:
    found = problems_of(briefing_yaml(905).replace("tagline:", "tagilne:"))
    assert found == ["notes/x.yaml:3: error: tagilne: unknown field. Did you mean 'tagline'?"]


def test_duplicate_keys_are_caught() -> None:
    found = problems_of(briefing_yaml(906) + "title: Second title\n")
    assert found == ["notes/x.yaml:13: error: title: duplicate key (first given on line 2)"]


def test_a_string_where_a_list_belongs() -> None:
    briefing, problems = parse(
        "x.yaml", briefing_yaml(907).replace("tags: [Evaluations]", "tags: Policy").encode()
    )
    assert problems == [] and briefing is not None
    assert briefing.tags == ("Policy",)  # one tag, not six letters
    text = briefing_yaml(907).split("key_concepts:")[0] + "key_concepts: just a sentence\n"
    assert problems_of(text) == ["notes/x.yaml:10: error: key_concepts: must be a list, not a text"]


def test_wrong_types_name_the_field() -> None:
    text = briefing_yaml(908).replace("title: Fixture briefing 908", "title: [a, list]")
    assert problems_of(text) == ["notes/x.yaml:2: error: title: must be text, not a list"]
    text = briefing_yaml(908).replace("id: 908", "id: nine")
    assert problems_of(text) == ["notes/x.yaml:1: error: id: must be a whole number, not 'nine'"]


def test_bad_connections_are_located() -> None:
    text = briefing_yaml(909) + "connections:\n  - id: 1\n    relation: inspired_by\n  - just text\n"
    assert problems_of(text) == [
        "notes/x.yaml:15: error: connections.0.relation: 'inspired_by' is not one of influenced_by, related.",
        "notes/x.yaml:16: error: connections.1: each item must be a mapping, not a text",
    ]


def test_malformed_yaml_reports_the_line() -> None:
    assert problems_of("id: 1\ntitle: [unclosed\ndate: 2024-01\n") == [
        "notes/x.yaml:3:5: error: invalid YAML: did not find expected ',' or ']'"
    ]


def test_empty_non_mapping_and_non_utf8_files() -> None:
    assert problems_of("") == ["notes/x.yaml: error: the file is empty"]
    assert problems_of("- a\n- b\n") == [
        "notes/x.yaml:1: error: a briefing must be a mapping of fields, not list"
    ]
    _, problems = parse("x.yaml", b"id: 1\ntitle: caf\xe9\n")
    assert [p.message for p in problems] == ["not UTF-8 text (invalid continuation byte at byte 16)"]


def test_aliases_are_refused_so_they_cannot_explode() -> None:
    bomb = 'a: &a ["x", "x"]\nb: &b [*a, *a]\nc: &c [*b, *b]\n'
    assert "notes/x.yaml:2: error: b.0: YAML anchors and aliases (&name, *name) are not supported" in (
        problems_of(bomb)
    )


def test_duplicate_ids_name_both_files() -> None:
    first, _ = parse("a/one.yaml", briefing_yaml(910).encode())
    second, _ = parse("b/two.yaml", briefing_yaml(910).encode())
    assert first and second
    assert [str(p) for p in duplicate_ids([first, second])] == [
        "b/two.yaml:1: error: id: id 910 is already used by a/one.yaml:1"
    ]


def test_dangling_connections_are_warnings() -> None:
    briefing, _ = parse("a.yaml", briefing_yaml(911, connections=[999]).encode())
    assert briefing
    assert [str(p) for p in dangling_connections([briefing], {911})] == [
        "a.yaml:14: warning: connections.0.id: connection to 999, which is not in the collection"
    ]


def test_numbers_too_large_for_the_index_are_refused() -> None:
    text = (
        briefing_yaml(1).replace("id: 1", "id: 99999999999999999999")
        + "connections:\n  - id: 10000000000000001\n"
    )
    assert problems_of(text) == [
        "notes/x.yaml:1: error: id: 99999999999999999999 is too large: numbers go up to "
        "1,000,000,000,000,000",
        "notes/x.yaml:14: error: connections.0.id: 10000000000000001 is too large: numbers go up to "
        "1,000,000,000,000,000",
    ]


BUNDLED = sorted(Path(bundled_corpus()).glob("*.yaml"))
NOISE = [
    "id: 7\n",
    "title: again\n",
    "tags: x\n",
    "tags: {a: b}\n",
    "connections: [1]\n",
    "connections:\n  - {id: 3, relation: related}\n",
    "  - id: x\n",
    "\tindented\n",
    "a: &x [1]\n",
    "b: *x\n",
    "c: !!int 3\n",
    "d: !include x\n",
    "? [k]\n: v\n",
    "summary:\n",
    "- item\n",
    "date: 2025-13\n",
    "tagline: !!binary aGk=\n",
    "org: !x [a]\n",
    "featured: !!bool true\n",
    "featured: TRUE\n",
    "arxiv: !!str 2203.02155\n",
    "featured: maybe\n",
    "~: null\n",
    "key_concepts: [{title: t, extra: 1}]\n",
    "links: [{url: !!str x}, {label: y, url: !y z}]\n",
    "org: [&a A, *a]\n",
]


def with_noise(text: str, at: int, noise: str, replace: bool) -> str:
    """`noise` before, or instead of, line `at` of a real briefing."""
    lines = text.splitlines(keepends=True)
    at %= len(lines) + 1
    return "".join(lines[:at]) + noise + "".join(lines[at + replace :])


def test_each_kind_of_fault_before_or_instead_of_each_field() -> None:
    text = BUNDLED[0].read_text()
    fields = [i for i, line in enumerate(text.splitlines()) if line[:1].isalpha()] + [len(text)]
    for noise in NOISE:
        for at in fields:
            for replace in (False, True):
                both_ways(str(BUNDLED[0]), with_noise(text, at, noise, replace).encode())


@settings(max_examples=200, deadline=None)
@given(
    source=st.sampled_from(BUNDLED),
    cuts=st.lists(st.tuples(st.integers(0, 200), st.sampled_from(NOISE), st.booleans()), max_size=3),
)
def test_a_load_and_a_validation_find_the_same_briefing_and_problems(
    source: Path, cuts: list[tuple[int, str, bool]]
) -> None:
    text = source.read_text()
    for at, noise, replace in cuts:
        text = with_noise(text, at, noise, replace)
    both_ways(str(source), text.encode())
