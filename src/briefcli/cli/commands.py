"""What each command does once its arguments are parsed: call the core and print the result.

Kept apart from the Typer declarations in cli.py so that the quick path in entry.py can run a
search without importing Typer; both paths call these same functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefcli.core.errors import UsageProblem
from briefcli.core.models import BriefingRef, Month, capped, plural
from briefcli.output import console

if TYPE_CHECKING:
    from briefcli.core.models import TraceNode, TraceSummary
    from briefcli.index.read import Filters, Store


def open_store(db: Path | None) -> Store:
    from briefcli.cli import paths
    from briefcli.index import write

    return write.open_index(paths.database_path(db), paths.bundled_corpus(), console.progress())


def filters(
    category: str | None = None,
    org: str | None = None,
    tag: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Filters:
    from briefcli.index.read import Filters

    return Filters(
        category=category,
        org=org,
        tag=tag,
        since=month(since, "--since", end=False),
        until=month(until, "--until", end=True),
    )


def month(text: str | None, option: str, *, end: bool) -> Month | None:
    if text is None:
        return None
    try:
        return Month.parse_bound(text, end=end)
    except ValueError as error:
        raise UsageProblem(f"Invalid value for {option}: {error}.") from None


def list_briefings(
    category: str | None,
    org: str | None,
    tag: str | None,
    since: str | None,
    until: str | None,
    sort: str,
    limit: int | None,
    as_json: bool,
    db: Path | None,
) -> None:
    from briefcli.output import forms, text

    chosen = filters(category, org, tag, since, until)
    briefings = open_store(db).find(chosen, sort, capped(limit))
    if as_json:
        console.show_json(forms.list_json(briefings))
    elif not briefings:
        console.note("No briefings match.")
    elif console.on_terminal():
        from briefcli.output import render

        console.show(render.briefings_table(briefings))
    else:
        console.write(text.briefings_lines(briefings))


def show(ref: str, as_json: bool, db: Path | None) -> None:
    from briefcli.index import search

    store = open_store(db)
    view = store.view(search.resolve(store, ref))
    assert view is not None  # resolve() only returns numbers in the index
    if as_json:
        from briefcli.output import forms

        console.show_json(forms.view_json(view))
    elif console.on_terminal():
        from briefcli.output import render

        console.show(render.briefing_detail(view))
    else:
        from briefcli.output import page

        console.write(page.plain(page.briefing_blocks(view), console.pipe_width()))


def search(
    query: Sequence[str],
    category: str | None,
    org: str | None,
    tag: str | None,
    since: str | None,
    until: str | None,
    limit: int,
    as_json: bool,
    db: Path | None,
) -> None:
    from briefcli.index.search import search as find
    from briefcli.output import forms, text

    chosen = filters(category, org, tag, since, until)
    results = find(open_store(db), " ".join(query), chosen, capped(limit) or 0)
    for notice in results.notices:
        console.note(notice)
    if results.corrections:
        fixed = ", ".join(f"{wrong} → {right}" for wrong, right in results.corrections.items())
        console.note(f"Showing results for corrected words: {fixed}")
    if as_json:
        console.show_json(forms.search_json(results))
    elif not results.hits:
        console.note("No matches.")
    elif console.on_terminal():
        from briefcli.output import render

        console.show(render.search_table(results))
    else:
        console.write(text.search_lines(results))


def trace(
    ref: str,
    upstream: bool,
    downstream: bool,
    both: bool,
    depth: int | None,
    limit: int | None,
    form: str,
    as_json: bool,
    db: Path | None,
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
    console.write(diagrams.mermaid(refs, rows) if form == "mermaid" else diagrams.dot(refs, rows))


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

        console.show(render.trace_lines(rows, refs))
        console.show(render.trace_footer(summary))
    else:
        console.write(guides.tree_text(rows, refs) + guides.trace_footer(summary) + "\n")


def readable_levels() -> int:
    """How many levels of a tree to draw: as many as leave room for titles, then a 'more' line."""
    if console.on_terminal():
        return max(6, (console.console().width - 30) // 4)
    return 24  # piped text has no width, but guides wider than a screen help no one


def path(start: str, goal: str, any_direction: bool, as_json: bool, db: Path | None) -> None:
    """The shortest chain of influence between two briefings, with each step's note."""
    from briefcli.index import explore, search
    from briefcli.output import forms, text

    store = open_store(db)
    start_id, goal_id = search.resolve(store, start), search.resolve(store, goal)
    found = explore.chain(store, start_id, goal_id, any_direction)
    if as_json:
        console.show_json(forms.path_json(found.found, found.way, found.steps, found.refs))
    else:
        console.write(text.path_text(found.found, found.steps, found.refs))


def top(limit: int, as_json: bool, db: Path | None) -> None:
    """The most influential briefings, counts by category, organisation and year, the unconnected."""
    from briefcli.core import graph
    from briefcli.output import forms, text

    store = open_store(db)
    limit = capped(limit) or 0
    cited = store.most_cited(max(limit, REACH_CANDIDATES))
    everyone = store.count() <= EXACT_REACH_UP_TO
    if everyone:
        candidates = [BriefingRef(b.id, b.title, b.date) for b in store.find()]
    else:
        candidates = [ref for ref, _ in cited[:REACH_CANDIDATES]]
    adjacency = store.adjacency()
    reach = sorted(
        ((ref, graph.reach_over(adjacency, ref.id)) for ref in candidates),
        key=lambda pair: (-pair[1], pair[0].id),
    )
    reach = [pair for pair in reach if pair[1]][:limit]
    stats = text.Stats(
        cited=cited[:limit],
        reach=reach,
        reach_exact=everyone,
        categories=store.counts("category"),
        orgs=store.counts("org")[:limit],
        years=store.counts("year"),
        unconnected=store.unconnected(),
    )
    if as_json:
        console.show_json(forms.stats_json(stats))
    else:
        console.write(text.stats_text(stats))


# Reach (how many briefings one influenced, directly or not) takes a walk per briefing; above this
# many briefings it is computed for the most cited only, and the output says so.
EXACT_REACH_UP_TO = 2000
REACH_CANDIDATES = 10


def graph_export(
    ref: str | None,
    depth: int,
    category: str | None,
    org: str | None,
    since: str | None,
    until: str | None,
    form: str,
    as_json: bool,
    db: Path | None,
) -> None:
    """The whole graph, a filtered part, or the neighbourhood of one briefing, as Mermaid, DOT or JSON."""
    chosen = filters(category, org, None, since, until)
    form = "json" if as_json else form
    from briefcli.index import search
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
            chosen_ids = {b.id for b in store.find(chosen) if b.id in chosen_ids} | {centre}
    else:
        chosen_ids = {b.id for b in store.find(chosen)}
    refs = {n: r for n, r in store.refs(chosen_ids).items() if not r.missing}
    edges = store.edges(refs)
    if form == "json":
        console.show_json(forms.graph_json(refs, edges))
    else:
        console.write(diagrams.mermaid(refs, edges) if form == "mermaid" else diagrams.dot(refs, edges))


def load(
    paths: Sequence[Path] | None, rebuild: bool, no_bundled: bool, as_json: bool, db: Path | None
) -> None:
    from briefcli.cli import paths as where
    from briefcli.index import write
    from briefcli.output import text

    given = list(paths or [])

    if not given and not rebuild:
        raise UsageProblem("Give at least one file or directory to load, or --rebuild.")
    if no_bundled and not (rebuild and given):
        raise UsageProblem("--no-bundled builds a new index: use it with --rebuild and the paths to load.")
    db_path = where.database_path(db)
    if rebuild:
        store, report = write.rebuild(
            db_path, where.bundled_corpus(), given, console.progress(), with_bundled=not no_bundled
        )
    else:
        store = open_store(db)
        report = write.Writer(store).load(given, where.bundled_corpus(), console.progress())
    for warning in report.warnings:
        console.note(text.problem_line(warning))
    counts = {
        "added": report.added,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "removed": report.removed,
    }
    if as_json:
        console.show_json(
            {
                **counts,
                "total": store.count(),
                "database": str(db_path),
                "warnings": [str(w) for w in report.warnings],
            }
        )
    else:
        summary = ", ".join(f"{n} {label}" for label, n in counts.items())
        console.write(f"Loaded: {summary}. The index holds {store.count()} briefings ({db_path}).\n")


def validate(paths: Sequence[Path] | None, strict: bool, as_json: bool) -> int:
    """Print every problem; return the exit code (1 for errors, or for warnings when strict)."""
    from briefcli.cli import paths as where
    from briefcli.output import forms, text
    from briefcli.sources.validate import validate as check

    report = check(list(paths or []) or [where.bundled_corpus()])
    if as_json:
        console.show_json([forms.problem_json(p) for p in report.problems])
    else:
        console.write("".join(text.problem_line(p) + "\n" for p in report.problems))
        console.note(
            f"Checked {plural(report.briefings, 'briefing')}: "
            f"{plural(len(report.errors), 'error')}, {plural(len(report.warnings), 'warning')}."
        )
    return 1 if report.errors or (strict and report.warnings) else 0
