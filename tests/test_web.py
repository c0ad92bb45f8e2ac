"""brief serve's pages and JSON twins, through Datasette's own test client, in process."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import Run, briefing_yaml
from tests.web_support import Site, cli_json, trace_from_json, trace_lists

pytest.importorskip("datasette", reason="the web extra is not installed: pip install 'briefcli[web]'")

Write = Callable[..., Path]


@pytest.fixture
def site(brief: Run) -> Site:
    return Site()


# -- the explorer ------------------------------------------------------------------------------


def test_explorer_lists_numbered_briefings_with_their_line_and_tagline(brief: Run, site: Site) -> None:
    listed = []
    for number in (1, 2, 3):  # 135 briefings, 50 a page
        found = site.html(f"/?page={number}")
        assert f"135 briefings, page {number} of 3" in found
        listed += [int(n) for n in re.findall(r'<a class="brief-title" href="/briefing/(\d+)">', found)]
    assert listed == [b["id"] for b in cli_json(brief, "list")]
    page = site.html("/")
    assert (
        '<a class="brief-title" href="/briefing/46"><span class="brief-num">46.</span> OpenAI Model Spec</a>'
        in page
    )
    assert '<div class="brief-meta">Strategy &amp; Governance · OpenAI · 2025-12</div>' in page
    tagline = cli_json(brief, "show", "46")["tagline"].replace("'", "&#39;")
    assert f'<p class="brief-tagline">{tagline}</p>' in page
    assert '<form class="brief-search" action="/search" method="get" role="search">' in page
    top = cli_json(brief, "top")
    for facet, counts in (("org", top["organisations"]), ("category", top["categories"])):
        for value, n in list(counts.items())[:5]:
            href = f"/?{facet}=" + value.replace(" ", "+").replace("&", "%26")
            shown = value.replace("&", "&amp;")
            assert f'<li><a href="{href}">{shown}</a> <span class="brief-n">{n}</span></li>' in page


def every_page(site: Site, path: str) -> list[Any]:
    """The JSON twin of the explorer, followed from page to page through its Link headers."""
    found: list[Any] = []
    next_path: str | None = path
    while next_path is not None:
        response = site.get(next_path)
        found += response.json()
        link = re.fullmatch(r'<([^>]+)>; rel="next"', response.headers.get("link", ""))
        next_path = link.group(1) if link else None
    return found


def test_explorer_json_is_what_brief_list_prints(brief: Run, site: Site) -> None:
    assert every_page(site, "/.json") == cli_json(brief, "list")
    assert every_page(site, "/.json?sort=date") == cli_json(brief, "list", "--sort", "date")


@pytest.mark.parametrize(
    ("query", "options"),
    [
        ("category=Strategy+%26+Governance", ["--category", "Strategy & Governance"]),
        ("org=Anthropic", ["--org", "Anthropic"]),
        ("tag=Policy", ["--tag", "Policy"]),
        ("year=2024", ["--since", "2024", "--until", "2024"]),
        ("since=2023-06&until=2024-03", ["--since", "2023-06", "--until", "2024-03"]),
        ("org=OpenAI&year=2025", ["--org", "OpenAI", "--since", "2025", "--until", "2025"]),
    ],
)
def test_explorer_filters_as_brief_list_does(brief: Run, site: Site, query: str, options: list[str]) -> None:
    expected = cli_json(brief, "list", *options)
    assert expected, "the fixture filter should match something"
    assert site.json(f"/.json?{query}") == expected
    page = site.html(f"/?{query}")
    assert f"{len(expected)} briefing" in page
    assert re.findall(r'href="/briefing/(\d+)"', page) == [str(b["id"]) for b in expected]


def test_facets_count_the_briefings_that_pass_the_other_filters(brief: Run, site: Site) -> None:
    page = site.html("/?org=Anthropic")
    anthropic = cli_json(brief, "list", "--org", "Anthropic")
    by_category: dict[str, int] = {}
    for b in anthropic:
        by_category[b["category"]] = by_category.get(b["category"], 0) + 1
    for category, n in by_category.items():
        href = "/?org=Anthropic&amp;category=" + category.replace(" ", "+").replace("&", "%26")
        assert (
            f'<li><a href="{href}">{category.replace("&", "&amp;")}</a> <span class="brief-n">{n}</span></li>'
            in (page)
        )
    assert '<a class="brief-chip" href="/" title="Remove this filter">org: Anthropic' in page
    assert '<li><a href="/?org=Anthropic" aria-current="true">Anthropic</a>' in page


def test_a_long_trace_is_cut_and_says_how_much_it_left_out(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefcli.web import graphs

    monkeypatch.setattr(graphs, "LISTED", 5)
    page = site.html("/briefing/46")
    upstream = page[page.index('<section class="brief-traces">') : page.index("<h3>Downstream")]
    assert len(re.findall(r'href="/briefing/\d+"', upstream)) == 4  # the briefing itself is the fifth
    assert "more not listed</span>" in upstream


def test_explorer_pages_through_a_long_list(brief: Run, site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefcli.web import pages

    monkeypatch.setattr(pages, "PAGE_SIZE", 10)
    everything = cli_json(brief, "list")
    second = site.get("/.json?page=2")
    assert second.json() == everything[10:20]
    assert second.headers["link"] == '</.json?page=3>; rel="next"'
    last = site.get(f"/.json?page={-(-len(everything) // 10)}")
    assert last.json() == everything[len(everything) // 10 * 10 :]
    assert "link" not in last.headers
    page = site.html("/?page=2")
    assert '<a href="/" rel="prev">← Previous</a>' in page
    assert '<a href="/?page=3" rel="next">Next →</a>' in page
    assert '<a href="/?page=2" rel="prev">← Previous</a>' in site.html("/?page=3")
    assert site.json("/.json?page=99") == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page=0", "Invalid page 0: give a number from 1 up."),
        ("page=two", "Invalid page 'two': give a whole number."),
        ("sort=size", "Invalid sort 'size': choose id, date or title."),
        ("since=2025-13", "Invalid value for since: "),
    ],
)
def test_bad_explorer_parameters_are_one_clear_error(site: Site, query: str, message: str) -> None:
    error = site.json(f"/.json?{query}", status=400)
    assert error["ok"] is False and error["status"] == 400
    assert error["error"].startswith(message)
    assert message.replace("'", "&#39;") in site.html(f"/?{query}", status=400)


# -- a briefing --------------------------------------------------------------------------------


def test_briefing_page_reads_like_the_briefing(brief: Run, site: Site) -> None:
    shown = cli_json(brief, "show", "46")
    page = site.html("/briefing/46")
    assert "<title>46. OpenAI Model Spec</title>" in page
    assert '<h1><span class="brief-num">46.</span> OpenAI Model Spec</h1>' in page
    assert '<a href="/?category=Strategy%20%26%20Governance">Strategy &amp; Governance</a>' in page
    assert '<a class="brief-chip" href="/?tag=Policy">Policy</a>' in page
    assert f"<p>{shown['summary'].strip()}</p>".replace("'", "&#39;").replace('"', "&#34;") in page
    for concept in shown["key_concepts"]:
        assert f"<h3>{concept['title']}</h3>" in page
    assert (
        '<a href="/briefing/24"><span class="brief-num">24.</span> Preparedness Framework (Beta)</a>' in page
    )
    assert shown["influenced_by"][0]["note"].replace("'", "&#39;") in page
    assert '<a href="/index/briefings/46">row in the index</a>' in page


def test_connections_both_ways_link_to_the_other_pages(brief: Run, site: Site) -> None:
    page = site.html("/briefing/24")
    shown = cli_json(brief, "show", "24")
    assert shown["influences"], "24 should influence something"
    section = page[page.index("<h3>Influences</h3>") : page.index("<h3>Related</h3>")]
    assert re.findall(r'href="/briefing/(\d+)"', section) == [str(e["id"]) for e in shown["influences"]]
    before = page[page.index("<h3>Influenced by</h3>") : page.index("<h3>Influences</h3>")]
    assert re.findall(r'href="/briefing/(\d+)"', before) == [str(e["id"]) for e in shown["influenced_by"]]


def test_traces_are_nested_lists_matching_brief_trace(brief: Run, site: Site) -> None:
    from briefcli.web import graphs

    for number in ("46", "24", "2"):
        page = site.html(f"/briefing/{number}")
        traces = page.index('<section class="brief-traces">')
        middle = page.index("<h3>Downstream: what it led to</h3>")
        upstream, downstream = page[traces:middle], page[middle:]
        for part, options in ((upstream, []), (downstream, ["--downstream"])):
            walk = ["--depth", str(graphs.LEVELS), "--limit", str(graphs.CHILDREN), *options]
            expected = trace_from_json(cli_json(brief, "trace", number, *walk))
            if expected:
                assert trace_lists(part)[0] == expected
            else:
                assert '<p class="brief-none">None.</p>' in part.split("</div>")[0]
    deep = cli_json(brief, "trace", "2", "--downstream", "--depth", str(graphs.LEVELS))
    beyond = [int(n) for n in re.findall(r"and (\d+) more further down", site.html("/briefing/2"))]
    stack, expected_beyond = [deep], []
    while stack:
        node = stack.pop()
        expected_beyond += [node["more"]] if node["more"] else []
        stack += node["children"]
    assert beyond and sorted(beyond) == sorted(expected_beyond)


def test_briefing_json_is_what_brief_show_prints(brief: Run, site: Site) -> None:
    assert site.json("/briefing/46.json") == cli_json(brief, "show", "46")
    assert site.json("/briefing/24.json") == cli_json(brief, "show", "24")


@pytest.mark.parametrize("ref", ["046", "openai-model-spec", "OpenAI%20Model%20Spec"])
def test_other_references_redirect_to_the_numbered_page(site: Site, ref: str) -> None:
    assert site.get(f"/briefing/{ref}", status=302).headers["location"] == "/briefing/46"
    assert site.get(f"/briefing/{ref}.json", status=302).headers["location"] == "/briefing/46.json"


def test_an_unknown_briefing_is_a_404_with_the_clis_sentence(brief: Run, site: Site) -> None:
    sentence = brief("show", "136", code=1).stderr.removeprefix("Error: ").strip()
    assert site.json("/briefing/136.json", status=404) == {"ok": False, "error": sentence, "status": 404}
    page = site.html("/briefing/136", status=404)
    assert f'<p class="brief-error">{sentence}</p>'.replace("'", "&#39;") in page


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_the_picture_of_the_traces_is_svg_from_graphviz(site: Site) -> None:
    assert '<img src="/briefing/46/graph.svg"' in site.html("/briefing/46")
    response = site.get("/briefing/46/graph.svg")
    assert response.headers["content-type"] == "image/svg+xml; charset=utf-8"
    assert "script-src" not in response.headers["content-security-policy"]  # default-src 'none' covers it
    svg = response.text
    assert "<svg" in svg and '<a xlink:title="46. OpenAI Model Spec (Dec 2025)">' in svg
    assert '<a xlink:title="24. Preparedness Framework (Beta) (Dec 2023)">' in svg
    site.get("/briefing/136/graph.svg", status=404)


def test_no_picture_of_traces_too_large_to_read(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefcli.web import graphs

    monkeypatch.setattr(graphs, "MAX_PICTURE", 5)
    assert "graph.svg" not in site.html("/briefing/46")
    text = site.get("/briefing/46/graph.svg", status=404).text
    assert "briefings, too many to draw." in text


def test_no_picture_without_graphviz(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert "graph.svg" not in site.html("/briefing/46")
    error = site.get("/briefing/46/graph.svg", status=404).text
    assert "Graphviz is not installed on the server, so there is no picture." in error


# -- search ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["spec", "specificaton", "constitutional ai", "responsible scaling", "C++ AND -x: \"don't", "*", "46"],
)
def test_search_json_is_what_brief_search_prints(brief: Run, site: Site, query: str) -> None:
    from urllib.parse import quote

    expected = cli_json(brief, "search", "--limit", "20", "--", query)
    assert site.json(f"/search.json?q={quote(query)}") == expected
    page = site.html(f"/search?q={quote(query)}")
    assert re.findall(r'<li>\s*<a href="/briefing/(\d+)">', page) == [str(h["id"]) for h in expected]


def test_search_page_shows_corrections_and_marks_matched_words(site: Site) -> None:
    page = site.html("/search?q=specificaton")
    assert "Showing results for corrected words:" in page
    assert "<del>specificaton</del> → <strong>specification</strong>" in page
    assert "<mark>specifications</mark>" in page
    assert 'value="specificaton"' in page


def test_search_takes_the_filters_and_limit_of_brief_search(brief: Run, site: Site) -> None:
    expected = cli_json(brief, "search", "safety", "--category", "Alignment", "--limit", "3")
    assert site.json("/search.json?q=safety&category=Alignment&limit=3") == expected
    assert len(expected) == 3
    assert site.json("/search.json?q=safety&limit=500", status=400)["error"] == (
        "Invalid limit 500: give a number from 0 to 200."
    )


def test_an_empty_search_shows_the_form(site: Site) -> None:
    assert site.json("/search.json") == []
    page = site.html("/search?q=")
    assert '<input type="search" name="q" value=""' in page
    assert "No matches." not in page


# -- path --------------------------------------------------------------------------------------


def test_path_is_what_brief_path_prints(brief: Run, site: Site) -> None:
    expected = cli_json(brief, "path", "46", "1")
    assert site.json("/path.json?from=46&to=1") == expected
    page = site.html("/path?from=46&to=1")
    assert re.findall(r'href="/briefing/(\d+)"', page) == [str(step["id"]) for step in expected["path"]]
    assert page.count('<div class="brief-relation">influenced by') == len(expected["path"]) - 1
    assert site.json("/path.json?from=model+spec&to=concrete+problems") == expected
    assert site.json("/path.json?from=1&to=46&any=1") == cli_json(brief, "path", "1", "46", "--any-direction")


def test_no_chain_is_a_404_with_the_clis_sentence(brief: Run, write: Write, site: Site) -> None:
    brief("load", str(write("901-a.yaml", briefing_yaml(901))))
    fresh = Site()
    sentence = brief("path", "901", "46", code=1).stderr.removeprefix("Error: ").strip()
    assert fresh.json("/path.json?from=901&to=46", status=404)["error"] == sentence
    assert site.json("/path.json?from=46", status=400)["error"] == (
        "Give both ends of the chain: /path.json?from=A&to=B."
    )
    assert '<input name="from" value="46"' in site.html("/path?from=46")


# -- Datasette's own pages ---------------------------------------------------------------------


def test_datasette_pages_are_tidy_titled_and_hide_the_internals(site: Site) -> None:
    database = site.json("/index.json")
    tables = {t["name"]: t for t in database["tables"]}
    hidden = {name for name, t in tables.items() if t["hidden"]}
    assert hidden == {
        "graph_arrays",
        "words",
        "meta",
        "_sqlite_migrations",
        "briefings_fts",
        "briefings_fts_config",
        "briefings_fts_data",
        "briefings_fts_docsize",
        "briefings_fts_idx",
    }
    visible = set(tables) - hidden
    assert visible >= {"briefings", "connections", "orgs", "tags", "sources", "roots"}
    assert [view["name"] for view in database["views"]] == ["concepts"]  # cut out of briefings
    metadata = site.json("/-/metadata.json")["databases"]["index"]["tables"]
    for name in visible | {"concepts"}:
        assert metadata[name]["title"] and metadata[name]["description"], name
    page = site.html("/index")
    assert page.index('href="/index/briefings"') < page.index('href="/index/connections"')
    assert "_sqlite_migrations" not in page and "graph_arrays" not in page
    assert site.json("/-/databases.json")[0]["is_mutable"] is False


def test_foreign_keys_link_rows_to_their_briefing_with_its_title(site: Site) -> None:
    rows = site.json("/index/connections.json?source_id=46&_labels=on&_shape=array")
    assert rows[0]["source_id"] == {"value": 46, "label": "OpenAI Model Spec"}
    assert rows[0]["target_id"] == {"value": 24, "label": "Preparedness Framework (Beta)"}
    page = site.html("/index/concepts?briefing_id=46")
    assert '<a href="/index/briefings/46">OpenAI Model Spec</a>' in page
    for table in ("orgs", "tags"):
        assert '<a href="/index/briefings/46">OpenAI Model Spec</a>' in site.html(
            f"/index/{table}?briefing_id=46"
        )


def test_every_table_datasette_offers_to_search_can_be_searched(site: Site) -> None:
    tables = site.json("/index.json")["tables"]
    searchable = sorted(t["name"] for t in tables if t["fts_table"])
    assert searchable == ["briefings", "briefings_fts"]
    for name in searchable:
        for query in ("preparedness", 'C++ AND "', "*"):
            site.get(f"/index/{name}.json?_search={query}")
    rows = site.json("/index/briefings.json?_search=preparedness&_shape=array&_col=title")
    assert {row["title"] for row in rows} >= {"Preparedness Framework (Beta)"}
    # Words of a key concept, which the index reads from briefings.concepts (stored once).
    rows = site.json("/index/briefings.json?_search=chain+command+overridden&_shape=array&_col=title")
    assert [row["title"] for row in rows] == ["OpenAI Model Spec"]


def test_the_menu_of_datasettes_pages_leads_back_to_the_explorer(site: Site) -> None:
    page = site.html("/index/briefings")
    for label, href in (("Briefings", "/"), ("Search", "/search"), ("Path", "/path")):
        assert f'<li><a href="{href}">{label}</a></li>' in page


# -- hostile text ------------------------------------------------------------------------------

HOSTILE = '<script>alert("x")</script> [bold]quotes\' & "brackets" [/]'


def test_hostile_text_renders_as_text_on_every_page(brief: Run, write: Write) -> None:
    extra = (
        "links:\n"
        "  - {label: '<b>click</b>', url: 'javascript:alert(1)'}\n"
        "  - {label: ok, url: 'https://example.org/?a=\"><script>x</script>'}\n"
    )
    text = briefing_yaml(901, json.dumps(HOSTILE), connections=[46], extra=extra)
    text = text.replace("tagline: A fixture for tests", "tagline: '<img src=x onerror=alert(1)>'")
    text = text.replace("tags: [Evaluations]", 'tags: ["<i>tag</i>"]')
    brief("load", str(write("901-hostile.yaml", text)))
    site = Site()
    pages = [
        "/?page=3",  # 901 comes last, after the 135 bundled briefings
        "/?tag=%3Ci%3Etag%3C%2Fi%3E",
        "/briefing/901",
        "/briefing/46",
        "/search?q=script+alert",
        "/path?from=901&to=46",
        "/index/briefings/901",
        "/index/briefings?_sort_desc=id",  # the table comes a page at a time: 901 first
        "/index/connections?source_id=901",
    ]
    for path in pages:
        page = site.html(path)
        assert "alert(&#34;x&#34;)" in page or "alert(&quot;x&quot;)" in page, path
        for raw in ("<script>alert", "<img src=x", "<i>tag</i>", "<b>click</b>", 'href="javascript:'):
            assert raw not in page, (path, raw)
    briefing = site.html("/briefing/901")
    assert (
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; [bold]quotes&#39; &amp; &#34;brackets&#34; [/]"
        in briefing
    )
    assert "&lt;b&gt;click&lt;/b&gt; <code>javascript:alert(1)</code>" in briefing
    assert 'href="https://example.org/?a=&#34;&gt;&lt;script&gt;x&lt;/script&gt;"' in briefing
    assert site.json("/briefing/901.json")["title"] == HOSTILE
