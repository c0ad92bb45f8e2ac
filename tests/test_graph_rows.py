"""A trace drawn from the flat rows of its walk (pipes, JSON, Mermaid) is the trace drawn from its
tree (the terminal, the web page), for any graph; and the fast paths of the exports write what the
library functions they replace would have written."""

from __future__ import annotations

import json
import sqlite3
import textwrap
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import Run, briefing_yaml

from briefcli.core.graph import trace, walk_edges
from briefcli.core.models import BriefingRef, Month
from briefcli.core.walk import walk
from briefcli.output import diagrams, forms, guides
from briefcli.output.text import one_line, ref_text

graphs = st.dictionaries(st.integers(0, 25), st.lists(st.integers(0, 25), max_size=5), max_size=25)
options = st.tuples(
    st.integers(0, 25),  # the root
    st.none() | st.integers(1, 6),  # --depth
    st.none() | st.integers(1, 3),  # --limit
    st.none() | st.integers(1, 5),  # the drawing's cap
)


def refs_for(nodes: set[int]) -> dict[int, BriefingRef]:
    """Briefings named as in real data: some missing, some with titles that need care."""
    return {
        n: BriefingRef(n, "(missing)", None)
        if n % 7 == 3
        else BriefingRef(n, f' "Title" {n}\\ [x]\t' * (n % 3), Month(2000 + n, n % 12 + 1))
        for n in nodes
    }


@settings(max_examples=300, deadline=None)
@given(graphs, options)
def test_rows_draw_what_the_tree_draws(edges: dict[int, list[int]], chosen: tuple) -> None:
    root, depth, limit, draw = chosen
    neighbours = lambda n: edges.get(n, [])  # noqa: E731
    walked = walk(root, neighbours, depth, limit, draw)
    tree = trace(root, neighbours, depth, limit, draw)
    assert walked.seen == tree.seen and walked.deepest == tree.deepest
    refs = refs_for(walked.seen)
    size = max(walked.seen) + 1
    labels: list[str | None] = [ref_text(refs[n]) if n in refs else None for n in range(size)]
    numbers = list(range(size))
    for indent, with_root in (("", True), ("│   ", False)):
        drawn = "".join(guides.walk_text(walked.rows, labels, numbers, indent, with_root))
        assert drawn == guides.tree_text(guides.tree_rows(tree.tree, indent, with_root), refs)
    if draw is None:
        months = [refs[n].date.number if n in refs and refs[n].date else -1 for n in range(size)]
        titles = [refs[n].title if n in refs else None for n in range(size)]
        heads = forms.walk_heads(numbers, months, titles, walked.seen)
        assert forms.walk_json(walked.rows, heads) == forms.trace_json(tree.tree, refs)
        for direction in ("upstream", "downstream"):
            expected = [
                (parent.id, child.id) if direction == "upstream" else (child.id, parent.id)
                for parent, _ in tree.tree.walk()
                for child in parent.children
            ]
            assert walk_edges(walked, numbers, direction) == expected


words = st.text(alphabet=st.sampled_from("ab \t\n-é\x1b\u00a0x"), max_size=60)


@settings(max_examples=500, deadline=None)
@given(words, st.integers(1, 35))
def test_labels_wrap_as_textwrap_wraps_them(text: str, width: int) -> None:
    wanted = textwrap.wrap(one_line(text), width, break_long_words=True, break_on_hyphens=False) or [""]
    assert diagrams.wrapped(text, width) == wanted


titles = st.text(alphabet=st.sampled_from('ab "\\é\x1b\u2028\U0001f600'), max_size=12)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.integers(1, 40), st.none() | titles, max_size=8),
    st.lists(
        st.tuples(
            st.integers(1, 40),
            st.integers(1, 40),
            st.sampled_from(["influenced_by", "related"]),
            st.none() | titles,
        ),
        max_size=8,
    ),
)
def test_graph_json_is_json_dumps_indented(named: dict, edges: list) -> None:
    refs = {
        n: BriefingRef(n, "(missing)", None)
        if title is None
        else BriefingRef(n, title, Month(2024, n % 12 + 1))
        for n, title in named.items()
    }
    text = "".join(forms.graph_json_text(refs, edges))
    assert text == json.dumps(forms.graph_json(refs, edges), indent=2, ensure_ascii=False)


def test_top_counts_from_the_arrays_what_the_tables_hold(brief: Run, write, isolated: Path) -> None:  # noqa: ANN001
    """Dangling links cite nobody, a related connection connects both ends, the missing are not cited."""
    write("901-a.yaml", briefing_yaml(901, connections=[999_001]))  # dangling, but cited below
    write("902-b.yaml", briefing_yaml(902, connections=[901]))
    write("903-c.yaml", briefing_yaml(903, extra="connections:\n  - id: 904\n    relation: related\n"))
    write("904-d.yaml", briefing_yaml(904))
    write("905-e.yaml", briefing_yaml(905))
    write("906-f.yaml", briefing_yaml(906, connections=[999_002]))  # dangling only
    brief("load", str(isolated / "notes"))
    data = json.loads(brief("top", "--json", "-n", "200").stdout)
    cited = {row["id"]: row["cited_by"] for row in data["most_cited"]}
    assert 999_001 not in cited and cited[901] == 1 and 902 not in cited
    assert [row["id"] for row in data["unconnected"]] == [905, 906]


def test_an_index_without_the_titles_beside_the_arrays_traces_the_same(brief: Run, isolated: Path) -> None:
    """An index written before the titles were kept beside the graph arrays reads them from the table."""
    forms_of = [("trace", "46"), ("trace", "2", "--downstream", "--json"), ("trace", "24", "--both")]
    before = [brief(*args).stdout for args in forms_of]
    with sqlite3.connect(isolated / "index.db") as conn:
        assert conn.execute("DELETE FROM graph_arrays WHERE name = 'titles'").rowcount == 1
    assert [brief(*args).stdout for args in forms_of] == before
