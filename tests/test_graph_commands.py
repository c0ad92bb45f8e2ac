"""trace --both/--format, path, top and graph through the CLI; exports that real tools can read."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import Run, briefing_yaml

from briefcli.core.graph import trace
from briefcli.core.models import BriefingRef, Month
from briefcli.output import forms, guides

Write = Callable[..., Path]
HOSTILE_TITLES = ['"Quoted" [bracketed] #1 <b>bold</b>', "Back\\\\slash } { ; -- --> end", "[/] & 'single'"]


@pytest.fixture
def hostile(brief: Run, write: Write, isolated: Path) -> None:
    """Three briefings whose titles are built to break Mermaid, DOT and rich markup."""
    for number, title in enumerate(HOSTILE_TITLES, 901):
        connections = [number - 1] if number > 901 else [46]
        write(f"{number}-x.yaml", briefing_yaml(number, title=json.dumps(title), connections=connections))
    brief("load", str(isolated / "notes"))


def test_trace_both_shows_both_trees_under_one_root(brief: Run) -> None:
    lines = brief("trace", "24", "--both", "--depth", "1").stdout.splitlines()
    assert lines[:4] == [
        "24. Preparedness Framework (Beta) (Dec 2023)",
        "├── influenced by",
        "│   ├── 21. Anthropic's Responsible Scaling Policy (Sep 2023) … 1 more beyond --depth",
        "│   └── 17. Model evaluation for extreme risks (May 2023) … 1 more beyond --depth",
    ]
    assert lines[4] == "└── influences"
    assert "    └── 46. OpenAI Model Spec (Dec 2025)" in lines
    assert not any("26. Frontier Safety Framework" in line for line in lines)  # related, not influenced
    assert lines[-1].startswith(f"{len(lines) - 3} briefings, deepest level 1, ")


def test_trace_both_json(brief: Run) -> None:
    data = json.loads(brief("trace", "24", "--both", "--json").stdout)
    assert set(data) == {"upstream", "downstream"}
    assert data["upstream"]["id"] == data["downstream"]["id"] == 24
    assert 46 in [child["id"] for child in data["downstream"]["children"]]


def test_a_deep_chain_prints_whole_in_a_pipe(brief: Run, write: Write, isolated: Path) -> None:
    for number in range(1000, 1150):
        write(f"{number}-c.yaml", briefing_yaml(number, connections=[number + 1] if number < 1149 else []))
    brief("load", str(isolated / "notes"))
    lines = brief("trace", "1000").stdout.splitlines()
    assert len(lines) == 150 + 1
    assert lines[40] == " " * 4 * 39 + "└── 1040. Fixture briefing 1040 (Jan 2024)"
    assert lines[100] == " " * 4 * 99 + "└── 1100. Fixture briefing 1100 (Jan 2024)"
    # past 100 levels a line carries its level instead of ever-wider guides
    assert lines[101] == "[101] └── 1101. Fixture briefing 1101 (Jan 2024)"
    assert lines[149] == "[149] └── 1149. Fixture briefing 1149 (Jan 2024)"
    assert lines[-1] == "150 briefings, deepest level 149, Jan 2024"


def test_a_drawing_cap_ends_with_an_explicit_line() -> None:
    chain = {n: [n + 1] for n in range(100)}
    rows = list(guides.tree_rows(trace(0, lambda n: chain.get(n, []), draw=14).tree))
    assert len(rows) == 16
    assert rows[-1].text == "… continued by brief trace 14 (86 more levels, 86 more briefings)"


def test_ten_thousand_levels_draw_without_recursion_in_linear_space() -> None:
    chain = {n: [n + 1] for n in range(10_000)}
    rows = list(guides.tree_rows(trace(0, lambda n: chain.get(n, []), draw=64).tree))
    assert len(rows) == 66
    assert rows[-1].text == "… continued by brief trace 64 (9936 more levels, 9936 more briefings)"
    tree = trace(0, lambda n: chain.get(n, [])).tree
    refs = {n: BriefingRef(n, "t", Month(2024, 1)) for n in range(10_001)}
    drawn = guides.tree_text(guides.tree_rows(tree), refs)
    assert drawn.count("\n") == 10_001
    assert drawn.splitlines()[-1] == "[10000] └── 10000. t (Jan 2024)"
    assert len(drawn.encode()) < 400_000  # 20 kB of guides for the first 100 levels, then ~30 B a line
    text = forms.trace_json(tree, refs)
    assert text.count('"children": [') == 10_001
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(50_000)  # Python's own json reader recurses; jq and others do not
    try:
        assert json.loads(text)["children"][0]["id"] == 1
    finally:
        sys.setrecursionlimit(limit)


def test_a_hub_is_capped_and_says_how_many_are_left(brief: Run) -> None:
    tree = trace(0, lambda n: list(range(1, 5001)) if n == 0 else [], limit=200).tree
    rows = list(guides.tree_rows(tree))
    assert len(rows) == 1 + 200 + 1
    assert rows[-1].text == "… and 4800 more (raise --limit to see them)"
    assert rows[-2].guide == "├── "


def test_path_follows_influence_either_way(brief: Run) -> None:
    out = brief("path", "46", "21").stdout.splitlines()
    assert out[0] == "46 → 24 → 21  (2 steps)"
    assert out[2] == "  → influenced by 24. Preparedness Framework (Beta) (Dec 2023)"
    assert brief("path", "21", "46").stdout.splitlines()[0] == "21 → 24 → 46  (2 steps)"
    data = json.loads(brief("path", "46", "21", "--json").stdout)
    assert data["direction"] == "upstream"
    assert [step["id"] for step in data["path"]] == [46, 24, 21]
    assert data["path"][1]["relation"] == "influenced by" and data["path"][1]["note"]


def test_no_path_is_a_clear_error(brief: Run) -> None:
    result = brief("path", "1", "2", code=1)
    assert result.stderr == (
        "Error: No chain of influence links 1 and 2. Try --any-direction to ignore which way influence ran.\n"
    )
    assert brief("path", "1", "2", "--any-direction").stdout.startswith("1 → ")


def test_top_ranks_and_counts(brief: Run) -> None:
    data = json.loads(brief("top", "--json", "-n", "3").stdout)
    assert set(data) == {
        "most_cited",
        "reach",
        "reach_exact",
        "categories",
        "organisations",
        "years",
        "unconnected",
    }
    assert data["most_cited"][0] == {
        "id": 6,
        "title": "Language Models are Few-Shot Learners",
        "date": "2020-05",
        "missing": False,
        "cited_by": 20,
    }
    assert data["reach"][0]["id"] == 2 and data["reach_exact"] is True
    assert sum(data["categories"].values()) == 135
    assert data["years"]["2025"] == 26
    assert data["unconnected"] == []
    assert "Widest reach" in brief("top").stdout


def test_graph_json_of_a_neighbourhood(brief: Run) -> None:
    data = json.loads(brief("graph", "46", "--depth", "1", "--format", "json").stdout)
    assert [node["id"] for node in data["nodes"]] == [24, 46]
    assert data["edges"] == [
        {"source": 46, "target": 24, "relation": "influenced_by", "note": data["edges"][0]["note"]}
    ]


def test_graph_filters(brief: Run) -> None:
    data = json.loads(brief("graph", "--category", "interpretability", "--json").stdout)
    interpretability = [22, 27, 40, 55, 61, 63, 65, 71, 74, 83, 92, 97, 113, 114, 123]
    assert [node["id"] for node in data["nodes"]] == interpretability
    influenced = {
        (22, 71), (27, 22), (27, 92), (40, 22), (40, 27), (40, 123), (61, 55), (65, 61), (71, 55),
        (71, 61), (74, 61), (92, 71), (92, 74), (92, 83), (113, 22), (113, 92), (114, 97), (123, 27),
        (123, 61),
    }  # fmt: skip
    related = {(22, 92), (74, 65), (113, 27), (123, 40)}
    edges = [(e["source"], e["target"], e["relation"]) for e in data["edges"]]
    assert sorted(edges) == sorted(
        [(s, t, "influenced_by") for s, t in influenced] + [(s, t, "related") for s, t in related]
    )


def mermaid_is_well_formed(text: str) -> None:
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    node = re.compile(r'    n\d+\["[^"\n]*"\]')
    edge = re.compile(r"    n\d+ (-->|-\.-) n\d+")
    for line in lines[1:]:
        assert line.startswith("    %%") or node.fullmatch(line) or edge.fullmatch(line), line


def test_mermaid_escapes_hostile_titles(brief: Run, hostile: None) -> None:
    text = brief("graph", "903", "--depth", "3").stdout
    mermaid_is_well_formed(text)
    assert 'n901["901. #quot;Quoted#quot; [bracketed] #35;1<br>#lt;b#gt;bold#lt;/b#gt;<br>Jan 2024"]' in text
    assert "n901 --> n902" in text


@pytest.mark.skipif(not shutil.which("dot"), reason="Graphviz is not installed")
def test_dot_with_hostile_titles_renders_in_graphviz(brief: Run, hostile: None) -> None:
    for args in (["graph", "-f", "dot"], ["trace", "903", "--format", "dot"]):
        text = brief(*args).stdout
        rendered = subprocess.run(["dot", "-Tsvg"], input=text, capture_output=True, text=True, timeout=60)
        assert rendered.returncode == 0, rendered.stderr
        assert (
            "Back\\\\slash } { ; -- --&gt;" in rendered.stdout
            or "Back\\\\slash } { ; -- -->" in html.unescape(rendered.stdout)
        )


def test_dot_escapes_quotes_and_backslashes(brief: Run, hostile: None) -> None:
    text = brief("graph", "902", "--depth", "1", "-f", "dot").stdout
    assert 'n902 [label="902. Back\\\\\\\\slash } { ; -- -->\\nend\\nJan 2024", ' in text
    assert 'n901 [label="901. \\"Quoted\\" [bracketed] #1\\n<b>bold</b>\\nJan 2024", ' in text


def test_trace_tree_keeps_hostile_titles_literal(brief: Run, hostile: None) -> None:
    lines = brief("trace", "903").stdout.splitlines()
    assert lines[0] == "903. [/] & 'single' (Jan 2024)"
    assert lines[1] == "└── 902. Back\\\\slash } { ; -- --> end (Jan 2024)"
