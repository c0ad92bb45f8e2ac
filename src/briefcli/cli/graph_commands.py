"""The influence-graph commands once their arguments are parsed: trace, path, top and graph.

commands.py imports them, so that the fast path in entry.py and the Typer commands find every
command body as commands.NAME.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from briefcli.cli.common import filters, open_store
from briefcli.core.errors import UsageProblem
from briefcli.core.models import BriefingRef, capped
from briefcli.output import console

if TYPE_CHECKING:
    from _typeshed import StrPath

    from briefcli.core.models import Adjacency, TraceNode, TraceSummary
    from briefcli.core.walk import Walk
    from briefcli.index.read import Store


@console.pageable
def trace(
    ref: str,
    upstream: bool,
    downstream: bool,
    both: bool,
    depth: int | None,
    limit: int | None,
    form: str,
    as_json: bool,
    db: StrPath | None,
    *,
    no_pager: bool = False,
) -> None:
    """Trace up, down or both ways from a briefing, as a tree, JSON, Mermaid or DOT."""
    if upstream + downstream + both > 1:
        raise UsageProblem("Choose one of --upstream, --downstream and --both.")
    direction = "downstream" if downstream else "both" if both else "upstream"
    form = "json" if as_json else form
    from briefcli.core import graph
    from briefcli.index import search
    from briefcli.output import diagrams, forms

    store = open_store(db)
    root = search.resolve(store, ref)
    adjacency = store.adjacency()
    draw = readable_levels() if form == "tree" else None
    ways = ["upstream", "downstream"] if direction == "both" else [direction]
    if draw is None and form != "dot":
        with _collector_paused():
            flat = {way: graph.walk_over(adjacency, root, way, capped(depth), capped(limit)) for way in ways}
            if all(flat.values()):
                _show_flat(store, adjacency, form, {way: part for way, part in flat.items() if part})
                return
    walks = {way: graph.trace_over(adjacency, root, way, capped(depth), capped(limit), draw) for way in ways}
    trees = {way: walked.tree for way, (walked, _) in walks.items()}
    if form == "tree":
        _show_trees(store, trees, graph.combine(list(walks.values())))
        return
    ids = {node.id for tree in trees.values() for node, _ in tree.walk()}
    refs = store.refs(ids)
    if form == "json":
        if len(trees) == 1:
            console.show_json(forms.trace_json(trees[direction], refs))
        else:
            parts = ", ".join(f'"{way}": {forms.trace_json(tree, refs)}' for way, tree in trees.items())
            console.show_json("{" + parts + "}")
        return
    edges = [
        (parent.id, child.id) if way == "upstream" else (child.id, parent.id)
        for way, tree in trees.items()
        for parent, _ in tree.walk()
        for child in parent.children
    ]
    notes = {(s, t): note for s, t, relation, note in store.edges(ids) if relation == "influenced_by"}
    rows = [(s, t, "influenced_by", notes.get((s, t))) for s, t in dict.fromkeys(edges)]
    if form == "mermaid":
        console.write(diagrams.mermaid(refs, rows))
    else:
        known = {n: r for n, r in refs.items() if not r.missing}
        console.write(diagrams.dot(refs, rows, _categories(store, known), root))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector: a large trace makes 300,000 small tuples, none of them in a
    cycle, and every pass over the oldest generation walked all of them (a fifth of the trace)."""
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _show_flat(
    store: Store, adjacency: Adjacency, form: str, walks: dict[str, tuple[Walk, TraceSummary]]
) -> None:
    """A trace in a pipe, as text, JSON or Mermaid, drawn straight from the rows of its walks."""
    from briefcli.core import graph
    from briefcli.index import explore
    from briefcli.output import diagrams, forms, guides

    seen: set[int] = set().union(*(walked.seen for walked, _ in walks.values()))
    titles = explore.graph_titles(store, adjacency, seen)
    ids, months = adjacency.ids, adjacency.months
    if form == "json":
        heads = forms.walk_heads(ids, months, titles, seen)
        parts = {way: forms.walk_json(walked.rows, heads) for way, (walked, _) in walks.items()}
        if len(parts) == 1:
            console.show_json(next(iter(parts.values())))
        else:
            console.show_json("{" + ", ".join(f'"{way}": {text}' for way, text in parts.items()) + "}")
        return
    if form == "mermaid":
        refs = forms.walk_refs(ids, months, titles, seen)
        edges = dict.fromkeys(
            pair for way, (walked, _) in walks.items() for pair in graph.walk_edges(walked, ids, way)
        )
        console.write_all(diagrams.mermaid_chunks(refs, ((s, t, "influenced_by", None) for s, t in edges)))
        return
    labels = guides.walk_labels(ids, months, titles, seen)
    if len(walks) == 1:
        ((walked, _),) = walks.values()
        console.write_all(guides.walk_text(walked.rows, labels, ids))
    else:
        up, down = walks["upstream"][0], walks["downstream"][0]
        console.write(f"{labels[up.rows[0][1]]}\n")
        for heading, part, last in (("influenced by", up, False), ("influences", down, True)):
            console.write(("└── " if last else "├── ") + heading + "\n")
            indent = "    " if last else "│   "
            if len(part.rows) > 1:
                console.write_all(guides.walk_text(part.rows, labels, ids, indent=indent, with_root=False))
            else:
                console.write(indent + "└── none\n")
    console.write(guides.trace_footer(graph.combine(list(walks.values()))) + "\n")


def _show_trees(store: Store, trees: dict[str, TraceNode], summary: TraceSummary) -> None:
    from briefcli.output import guides

    if len(trees) == 1:
        rows = list(guides.tree_rows(next(iter(trees.values()))))
    else:
        rows = [guides.Row("", trees["upstream"])]
        for heading, way, last in (("influenced by", "upstream", False), ("influences", "downstream", True)):
            rows.append(guides.Row("└── " if last else "├── ", None, heading))
            tree = trees[way]
            indent = "    " if last else "│   "
            if tree.children or tree.beyond_levels:
                rows += guides.tree_rows(tree, indent=indent, with_root=False)
            else:
                rows.append(guides.Row(indent + "└── ", None, "none"))
    refs = store.refs(row.node.id for row in rows if row.node is not None)
    if console.on_terminal():
        from briefcli.output import render

        console.show(render.trace_lines(rows, refs, console.console().width))
        console.show(render.trace_footer(summary))
    else:
        console.write(guides.tree_text(rows, refs) + guides.trace_footer(summary) + "\n")


def readable_levels() -> int | None:
    """How many levels of a tree to draw on a terminal: as many as leave room for a number and a
    mark, then a 'continued by' line. A pipe has no width: it gets the whole tree."""
    if console.on_terminal():
        from briefcli.output.guides import DRAWN_LEVELS

        return min(DRAWN_LEVELS, max(6, (console.console().width - 24) // 4))
    return None


@console.pageable
def path(
    start: str, goal: str, any_direction: bool, as_json: bool, db: StrPath | None, *, no_pager: bool = False
) -> None:
    """The shortest chain of influence between two briefings, with each step's note."""
    from briefcli.index import explore, search
    from briefcli.output import forms, text

    store = open_store(db)
    start_id, goal_id = search.resolve(store, start), search.resolve(store, goal)
    found = explore.chain(store, start_id, goal_id, any_direction)
    if as_json:
        console.show_json(forms.path_json(found.found, found.way, found.steps, found.refs))
    elif console.on_terminal():
        from briefcli.output import reports

        console.show(reports.path_page(found.found, found.steps, found.refs))
    else:
        console.write(text.path_text(found.found, found.steps, found.refs))


@console.pageable
def top(limit: int, as_json: bool, db: StrPath | None, *, no_pager: bool = False) -> None:
    """The most influential briefings, counts by category, organisation and year, the unconnected."""
    from briefcli.core import graph
    from briefcli.index import explore
    from briefcli.output import forms, text

    store = open_store(db)
    adjacency = store.adjacency()
    limit = capped(limit) or 0
    cited = explore.most_cited(store, adjacency, max(limit, REACH_CANDIDATES))
    everyone = store.count() <= EXACT_REACH_UP_TO
    if everyone:
        candidates = [BriefingRef(b.id, b.title, b.date) for b in store.find()]
    else:
        candidates = [ref for ref, _ in cited[:REACH_CANDIDATES]]
    counts = graph.reach_counts(adjacency, [ref.id for ref in candidates], explore.graph_order(store))
    reach = sorted(((ref, counts[ref.id]) for ref in candidates), key=lambda pair: (-pair[1], pair[0].id))
    reach = [pair for pair in reach if pair[1]][:limit]
    stats = text.Stats(
        cited=cited[:limit],
        reach=reach,
        reach_exact=everyone,
        categories=store.counts("category"),
        orgs=store.counts("org")[:limit],
        years=explore.years(adjacency),
        unconnected=explore.unconnected(store, adjacency),
    )
    if as_json:
        console.show_json(forms.stats_json(stats))
    elif console.on_terminal():
        from briefcli.output import reports

        console.show(reports.stats_page(stats))
    else:
        console.write(text.stats_text(stats))


# Reach (how many briefings one influenced, directly or not) is counted in one pass for a set of
# candidates, a bit each; above this many briefings the candidates are the most cited, and the
# output says so.
EXACT_REACH_UP_TO = 2000
REACH_CANDIDATES = 10


@console.pageable
def graph_export(
    ref: str | None,
    depth: int,
    category: str | None,
    org: str | None,
    since: str | None,
    until: str | None,
    form: str,
    as_json: bool,
    out: StrPath | None,
    db: StrPath | None,
    *,
    no_pager: bool = False,
) -> None:
    """The whole graph, a filtered part, or the neighbourhood of one briefing, as Mermaid, DOT or
    JSON text, or an SVG or PNG picture drawn by Graphviz."""
    chosen = filters(category, org, None, since, until)
    form = "json" if as_json else form
    from briefcli.index import explore, search
    from briefcli.output import diagrams, forms

    store = open_store(db)
    if ref is not None:
        centre = search.resolve(store, ref)
        up, down = store.neighbours("upstream"), store.neighbours("downstream")
        chosen_ids = {centre}
        frontier = {centre}
        for _ in range(capped(depth) or 0):
            frontier = {n for f in frontier for n in (*up(f), *down(f))} - chosen_ids
            if not frontier:
                break  # nothing new is reachable: more steps would find nothing
            chosen_ids |= frontier
        if chosen.active:
            chosen_ids = {n for n in store.numbers(chosen) if n in chosen_ids} | {centre}
    else:
        chosen_ids = set(store.numbers(chosen))
    refs = explore.graph_refs(store, store.adjacency(), chosen_ids)
    edges = store.edges(refs)
    if form == "json":
        console.show_json_text(forms.graph_json_text(refs, edges))
    elif form == "mermaid":
        console.write_all(diagrams.mermaid_chunks(refs, edges))
    else:
        drawing = diagrams.dot_chunks(
            refs, edges, _categories(store, refs), centre if ref is not None else None
        )
        if form == "dot":
            console.write_all(drawing)
        else:
            _picture("".join(drawing), form, out)


def _categories(store: Store, wanted: Iterable[int]) -> dict[int, str]:
    every = store.categories()
    return {n: every[n] for n in wanted if n in every}


def _picture(drawing: str, form: str, out: StrPath | None) -> None:
    """Render DOT text to an SVG or PNG file with Graphviz's `dot`."""
    import shutil
    import subprocess

    from briefcli.core.errors import BriefError

    if out is None:
        raise UsageProblem(f"--format {form} draws a picture: give the file to write with --out.")
    program = shutil.which("dot")
    if program is None:
        raise BriefError(
            "Drawing a picture needs Graphviz's dot, which is not installed: install the graphviz "
            "package (apt install graphviz, brew install graphviz, or graphviz.org/download)."
        )
    done = subprocess.run(
        [program, f"-T{form}", "-o", str(out)], input=drawing.encode(), capture_output=True, check=False
    )
    if done.returncode != 0:
        problem = done.stderr.decode(errors="replace").strip().splitlines()
        raise BriefError(f"Graphviz could not draw {out}: {problem[-1] if problem else 'it failed'}.")
    console.note(f"Wrote {out}.")
