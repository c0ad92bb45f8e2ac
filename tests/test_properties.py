"""Property tests: arbitrary queries never break search; arbitrary graphs always trace."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import Run

from briefcli.core.graph import trace

FTS_NOISE = st.sampled_from(
    ['"', "'", "*", "-", ":", "(", ")", "^", "AND", "OR", "NOT", "NEAR", "+", "\x00", "\\"]
)
QUERIES = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(FTS_NOISE, st.text(min_size=1, max_size=8)), max_size=12).map(" ".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=QUERIES)
def test_no_query_breaks_search(brief: Run, query: str) -> None:
    result = brief("search", "--json", "--", query, code=None)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("[")


EDGES = st.dictionaries(st.integers(0, 30), st.lists(st.integers(0, 30), max_size=6), max_size=31)


@settings(max_examples=300, deadline=None)
@given(edges=EDGES, root=st.integers(0, 30), depth=st.one_of(st.none(), st.integers(1, 6)))
def test_any_graph_traces_to_a_finite_tree(edges: dict[int, list[int]], root: int, depth: int | None) -> None:
    tree = trace(root, lambda n: edges.get(n, []), depth=depth).tree
    expanded: set[int] = set()
    stack = [(tree, frozenset([tree.id]), 0)]
    while stack:
        node, path, level = stack.pop()
        if depth is not None:
            assert level <= depth
        if node.children:
            assert node.id not in expanded, "a briefing is expanded only once"
            expanded.add(node.id)
        for child in node.children:
            if child.cycle:
                assert child.id in path
            else:
                assert child.id not in path, "no node repeats on a path"
            stack.append((child, path | {child.id}, level + 1))


TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40).map(str.strip).filter(bool)
WORDS = st.lists(TEXT, max_size=3, unique=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=TEXT,
    tagline=TEXT,
    summary=TEXT,
    category=TEXT,
    org=WORDS,
    tags=WORDS,
    aliases=WORDS,
    year=st.integers(1950, 2100),
    month=st.integers(1, 12),
    concepts=st.lists(st.tuples(TEXT, TEXT), max_size=4),
)
def test_any_valid_briefing_survives_load_and_show(
    brief: Run, isolated, title, tagline, summary, category, org, tags, aliases, year, month, concepts
) -> None:
    import json

    import yaml

    source = {
        "id": 901,
        "title": title,
        "tagline": tagline,
        "org": org,
        "date": f"{year:04d}-{month:02d}",
        "category": category,
        "tags": tags,
        "aliases": aliases,
        "summary": summary,
        "key_concepts": [{"title": t, "body": b} for t, b in concepts],
        "connections": [{"id": 46, "relation": "influenced_by", "note": tagline}],
    }
    folder = isolated / "roundtrip"
    folder.mkdir(exist_ok=True)
    (folder / "901-x.yaml").write_text(yaml.safe_dump(source, allow_unicode=False), encoding="utf-8")
    brief("load", str(folder))
    shown = json.loads(brief("show", "901", "--json").stdout)
    assert {key: shown[key] for key in source} == source | {
        "connections": [{"id": 46, "relation": "influenced_by", "note": tagline}]
    }
    assert shown["influenced_by"][0]["id"] == 46


NUMBERS = st.sets(st.integers(1, 120_000), max_size=60)
DIGITS = st.text("0123456789", min_size=1, max_size=7)


@settings(max_examples=300, deadline=None)
@given(numbers=NUMBERS, prefix=DIGITS)
def test_completing_a_number_reads_the_ranges_a_scan_would_find(numbers: set[int], prefix: str) -> None:
    # The answer by key ranges must be the one a scan of every number's text would give.
    import sqlite3

    from briefcli.index.read import ref_choices

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE briefings (id INTEGER PRIMARY KEY, slug TEXT, title TEXT)")
    conn.executemany("INSERT INTO briefings VALUES (?, ?, ?)", [(n, f"s{n}", f"T{n}") for n in numbers])
    width = max(3, len(prefix)) if prefix.startswith("0") else 0
    expected = [(f"{n:0{width}d}", f"T{n}") for n in sorted(numbers) if f"{n:0{width}d}".startswith(prefix)]
    assert ref_choices(conn, prefix) == expected
    assert ref_choices(conn, prefix, titles=False) == [(ref, "") for ref, _ in expected]


SLUGS = st.sets(st.text("abAB-é0", min_size=1, max_size=6), max_size=30)


@settings(max_examples=200, deadline=None)
@given(slugs=SLUGS, prefix=st.text("abAB-é0%_", min_size=1, max_size=3).filter(lambda p: not p.isdigit()))
def test_completing_a_slug_ignores_ascii_case_as_like_does(slugs: set[str], prefix: str) -> None:
    import sqlite3

    from briefcli.index.read import ref_choices

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE briefings (id INTEGER PRIMARY KEY, slug TEXT, title TEXT)")
    conn.execute("CREATE INDEX idx_briefings_slug ON briefings (slug)")
    conn.executemany("INSERT INTO briefings (slug, title) VALUES (?, ?)", [(s, s.upper()) for s in slugs])
    folded = prefix.encode().lower()
    expected = sorted((s, s.upper()) for s in slugs if s.encode().lower().startswith(folded))
    assert ref_choices(conn, prefix) == expected
