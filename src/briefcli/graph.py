"""Walk the influence graph through a `neighbours` function, so tests need no database.

Cycle policy: a trace is a tree of first visits, in depth-first order (as `cargo tree` prints).
A briefing reached again is kept as a leaf flagged `repeat` (already shown above) or `cycle` (it
is an ancestor on the current path, a self-loop included), and is never expanded twice. The tree
therefore has one node per edge walked and one expansion per briefing, so diamonds grow linearly,
cycles terminate, and the walk uses an explicit stack rather than recursion, so a chain 10,000
deep cannot hit Python's recursion limit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from briefcli.models import Month, TraceNode, TraceSummary

Neighbours = Callable[[int], list[int]]


def trace(root: int, neighbours: Neighbours, depth: int | None = None, limit: int | None = None) -> TraceNode:
    """The tree of everything reachable from `root`, each briefing expanded once."""
    top = TraceNode(root)
    expanded = {root}
    on_path = {root}
    stack: list[tuple[TraceNode, Iterator[int], int]] = []

    def enter(node: TraceNode, level: int) -> None:
        following = neighbours(node.id)
        if limit is not None and len(following) > limit:
            node.hidden = len(following) - limit
            following = following[:limit]
        stack.append((node, iter(following), level))

    enter(top, 0)
    while stack:
        node, pending, level = stack[-1]
        child_id = next(pending, None)
        if child_id is None:
            stack.pop()
            on_path.discard(node.id)
            continue
        child = TraceNode(child_id)
        node.children.append(child)
        if child_id in on_path:
            child.cycle = True
        elif child_id in expanded:
            child.repeat = True
        elif depth is not None and level + 1 >= depth:
            child.unexplored = len(neighbours(child_id))
        else:
            expanded.add(child_id)
            on_path.add(child_id)
            enter(child, level + 1)
    return top


def summarise(root: TraceNode, months: Callable[[int], Month | None]) -> TraceSummary:
    """How many briefings the tree holds, how deep it goes, and the months it spans."""
    ids: set[int] = set()
    deepest = 0
    for node, level in root.walk():
        ids.add(node.id)
        deepest = max(deepest, level)
    dates = sorted(d for d in map(months, ids) if d is not None)
    return TraceSummary(len(ids), deepest, dates[0] if dates else None, dates[-1] if dates else None)
