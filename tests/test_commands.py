"""list, show, search and trace through the real CLI on the bundled corpus."""

from __future__ import annotations

import json

import pytest
from tests.conftest import Run


def test_show_prints_every_part_of_a_briefing(brief: Run) -> None:
    out = brief("show", "46").stdout
    lines = out.splitlines()
    assert lines[0] == "46. OpenAI Model Spec"
    assert lines[1] == "Strategy & Governance · OpenAI · Dec 2025"
    assert "Tags: Policy" in out
    for heading in ("Summary", "Key concepts", "Influenced by", "Influences"):
        assert heading in lines
    assert "  1. A written specification of behaviour, values and refusal boundaries" in lines
    assert "  2. User autonomy over paternalism" in lines
    assert "  3. A living document revised from feedback and use" in lines
    upstream = lines[lines.index("Influenced by") + 1]
    assert upstream.startswith("  24. Preparedness Framework (Beta) (Dec 2023)")
    assert lines[lines.index("Influences") + 1] == "  none"


def test_show_lists_connections_both_ways(brief: Run) -> None:
    lines = brief("show", "24").stdout.splitlines()
    influences = lines[lines.index("Influences") + 1 :]
    assert any(line.startswith("  46. OpenAI Model Spec (Dec 2025)") for line in influences)


@pytest.mark.parametrize(
    "ref", ["46", "046", "#46", "openai-model-spec", "OpenAI Model Spec", "model spec", "openai modle spec"]
)
def test_show_accepts_any_reference(brief: Run, ref: str) -> None:
    assert brief("show", ref).stdout.startswith("46. OpenAI Model Spec\n")


def test_show_unknown_number_suggests_neighbours(brief: Run) -> None:
    result = brief("show", "136", code=1)
    assert result.stdout == ""
    assert (
        result.stderr == "Error: No briefing '136'. Did you mean 135. Claude's new constitution; "
        "134. Natural Emergent Misalignment from Reward Hacking in Production RL?\n"
    )


def test_show_unknown_words_exit_one(brief: Run) -> None:
    result = brief("show", "quantum chromodynamics", code=1)
    assert result.stderr.startswith("Error: No briefing 'quantum chromodynamics'.")


def test_show_ambiguous_reference_lists_candidates(brief: Run) -> None:
    result = brief("show", "preparedness framework", code=1)
    assert "24. Preparedness Framework (Beta)" in result.stderr
    assert "42. Preparedness Framework (Version 2)" in result.stderr


def test_show_json_has_every_field(brief: Run) -> None:
    data = json.loads(brief("show", "46", "--json").stdout)
    assert data["id"] == 46
    assert data["title"] == "OpenAI Model Spec"
    assert data["org"] == ["OpenAI"]
    assert data["date"] == "2025-12"
    assert data["category"] == "Strategy & Governance"
    assert data["tags"] == ["Policy"]
    assert data["arxiv"] is None
    assert len(data["key_concepts"]) == 3
    assert set(data["key_concepts"][0]) == {"title", "body"}
    assert data["influenced_by"] == [
        {
            "id": 24,
            "title": "Preparedness Framework (Beta)",
            "date": "2023-12",
            "note": data["influenced_by"][0]["note"],
            "missing": False,
        }
    ]
    assert data["influences"] == []
    for key in ("tagline", "summary", "links", "aliases", "connections", "slug"):
        assert key in data


def test_list_pipes_one_tab_separated_line_per_briefing(brief: Run) -> None:
    lines = brief("list").stdout.splitlines()
    assert len(lines) == 135
    assert (
        lines[0] == "1\tConcrete Problems in AI Safety\tGoogle Brain, OpenAI, Stanford, UC Berkeley"
        "\t2016-06\tAlignment & Safety"
    )
    assert lines[-1] == "135\tClaude's new constitution\tAnthropic\t2026-01\tAlignment & Safety"


def test_list_filters_and_sorts(brief: Run) -> None:
    out = brief("list", "--category", "strategy & governance", "--since", "2025", "--sort", "title").stdout
    titles = [line.split("\t")[1] for line in out.splitlines()]
    assert titles == sorted(titles, key=str.lower)
    assert "OpenAI Model Spec" in titles and "Preparedness Framework (Beta)" not in titles
    months = [line.split("\t")[3] for line in brief("list", "--until", "2017-06").stdout.splitlines()]
    assert months == ["2016-06", "2017-06", "2017-06"]
    ids = [
        line.split("\t")[0]
        for line in brief("list", "--org", "anthropic", "--tag", "interpretability").stdout.splitlines()
    ]
    assert ids == ["22", "27", "40", "61", "65", "71", "123"]
    assert brief("list", "--limit", "2").stdout.count("\n") == 2


def test_list_with_no_match_is_not_an_error(brief: Run) -> None:
    result = brief("list", "--org", "nobody at all")
    assert result.stdout == ""
    assert result.stderr == "No briefings match.\n"


def test_list_rejects_a_bad_month_as_usage(brief: Run) -> None:
    result = brief("list", "--since", "2025-13", code=2)
    assert "--since" in result.stderr and "no month 13" in result.stderr


def test_list_json_shape(brief: Run) -> None:
    data = json.loads(brief("list", "--json", "--org", "OpenAI", "--since", "2025-12").stdout)
    assert data == [
        {
            "id": 46,
            "slug": "openai-model-spec",
            "title": "OpenAI Model Spec",
            "tagline": data[0]["tagline"],
            "org": ["OpenAI"],
            "date": "2025-12",
            "category": "Strategy & Governance",
            "tags": ["Policy"],
            "arxiv": None,
            "links": [{"label": "Model Spec", "url": "https://model-spec.openai.com/"}],
            "aliases": ["Model Spec", "OpenAI Spec"],
            "featured": False,
            "source": data[0]["source"],
        }
    ]
    assert data[0]["source"].endswith("046-openai-model-spec.yaml")


def test_search_spec_finds_the_model_spec_first(brief: Run) -> None:
    first = brief("search", "spec").stdout.splitlines()[0]
    assert first.split("\t")[:4] == ["46", "OpenAI Model Spec", "2025-12", "title"]
    assert first.endswith("OpenAI Model [Spec]")


def test_search_json_is_ranked_with_scores(brief: Run) -> None:
    data = json.loads(brief("search", "constitutional", "--json").stdout)
    assert data[0]["id"] == 14
    assert set(data[0]) == {"id", "title", "date", "score", "field", "snippet"}
    scores = [hit["score"] for hit in data]
    assert scores == sorted(scores, reverse=True)


def test_search_forgives_typos_and_says_so(brief: Run) -> None:
    result = brief("search", "constitutonal")
    assert result.stdout.splitlines()[0].startswith("14\t")
    assert result.stderr == "Showing results for corrected words: constitutonal → constitutional\n"


def test_search_finds_a_number_and_prefixes(brief: Run) -> None:
    assert brief("search", "46").stdout.startswith("46\tOpenAI Model Spec")
    data = json.loads(brief("search", "#24", "--json").stdout)  # strict JSON: no Infinity
    assert (data[0]["id"], data[0]["field"]) == (24, "number")
    assert json.dumps(data, allow_nan=False)
    assert brief("search", "monosem").stdout.splitlines()[0].split("\t")[0] in {"22", "27"}


def test_search_with_filters(brief: Run) -> None:
    out = brief("search", "reasoning", "--org", "deepseek").stdout
    assert sorted(line.split("\t")[0] for line in out.splitlines()) == ["105", "119", "36"]
    out = brief("search", "reasoning", "--org", "deepseek", "--since", "2025").stdout
    assert [line.split("\t")[0] for line in out.splitlines()] == ["36"]


HOSTILE = [
    '"',
    "'",
    '"unbalanced',
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "a AND",
    "NEAR(a b)",
    "*",
    "-",
    ":",
    "(",
    ")",
    "C++",
    "don't",
    "title:spec",
    "^spec",
    "{x}",
    "\x00",
    "\x00\x00",
    "",
    " ",
    "\t",
    "[/]",
    "[bold]x",
    "\x1b[2J",
    "%",
    "_",
    "\\",
    "😀",
    "x" * 10_000,
    "spec " * 5_000,
    "-spec",
    "spec*",
    "'; DROP TABLE briefings; --",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_search_survives_hostile_strings(brief: Run, query: str) -> None:
    result = brief("search", "--", query)
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout or "No matches." in result.stderr


def test_search_caps_overlong_queries_with_a_message(brief: Run) -> None:
    result = brief("search", "--", "spec " * 100)
    assert "The query was cut to its first 200 characters." in result.stderr


def test_trace_upstream_shows_24_under_46(brief: Run) -> None:
    lines = brief("trace", "46", "--upstream").stdout.splitlines()
    assert lines[0] == "46. OpenAI Model Spec (Dec 2025)"
    assert lines[1] == "└── 24. Preparedness Framework (Beta) (Dec 2023)"
    assert lines[-1].endswith("Jun 2016 – Dec 2025")


def test_trace_marks_repeats_and_limits_depth(brief: Run) -> None:
    out = brief("trace", "46", "--depth", "2").stdout
    assert out.splitlines()[0] == "46. OpenAI Model Spec (Dec 2025)"
    assert "more beyond --depth" in out
    full = brief("trace", "46").stdout
    assert "(shown above)" in full
    assert full.splitlines()[-1].startswith("19 briefings, deepest level 9")


def test_trace_downstream_and_json(brief: Run) -> None:
    out = brief("trace", "24", "--downstream").stdout
    assert "46. OpenAI Model Spec (Dec 2025)" in out
    data = json.loads(brief("trace", "46", "--json").stdout)
    assert {k: data[k] for k in ("id", "title", "date", "repeat", "cycle", "missing")} == {
        "id": 46,
        "title": "OpenAI Model Spec",
        "date": "2025-12",
        "repeat": False,
        "cycle": False,
        "missing": False,
    }
    assert [child["id"] for child in data["children"]] == [24]
    assert brief("trace", "46", "--upstream", "--downstream", code=2).stderr.startswith("Error: Choose one")


def test_no_arguments_prints_help(brief: Run) -> None:
    result = brief(code=None)
    assert "Usage" in result.stdout + result.stderr
    assert "search" in result.stdout + result.stderr
