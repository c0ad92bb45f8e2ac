"""Walk the influence graph through a `neighbours` function, so tests need no database.

Cycle policy: a trace is a tree of first visits, in depth-first order (as `cargo tree` prints).
A briefing reached again is kept as a leaf flagged `repeat` (already shown above) or `cycle` (it
is an ancestor on the current path, a self-loop included), and is never expanded twice. The tree
therefore has one node per edge walked and one expansion per briefing, so diamonds grow linearly,
cycles terminate, and the walk uses an explicit stack rather than recursion, so a chain 10,000
deep cannot hit Python's recursion limit.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping

from briefcli.models import Month, TraceNode, TraceSummary

Neighbours = Callable[[int], list[int]]


def following(adjacency: Mapping[int, list[int]]) -> Neighbours:
    """A neighbours function over an adjacency map loaded in memory."""
    return lambda number: adjacency.get(number, [])


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


def summarise(
    roots: Iterable[TraceNode], span: Callable[[set[int]], tuple[Month | None, Month | None]]
) -> TraceSummary:
    """How many briefings the trees hold, how deep they go, and (from `span`) the months they cover."""
    ids: set[int] = set()
    deepest = 0
    for root in roots:
        for node, level in root.walk():
            ids.add(node.id)
            deepest = max(deepest, level)
    first, last = span(ids)
    return TraceSummary(len(ids), deepest, first, last)


def cycles(nodes: Iterable[int], neighbours: Neighbours) -> list[list[int]]:
    """One closed path (first node repeated at the end) for each cycle in the graph, self-loops included.

    Tarjan's strongly connected components, run with an explicit stack; each component with more
    than one node, or with a self-loop, contains at least one cycle, and one is reported.
    """
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    found: list[list[int]] = []

    def visit(node: int) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        work.append((node, iter(neighbours(node))))

    for start in nodes:
        if start in index:
            continue
        work: list[tuple[int, Iterator[int]]] = []
        visit(start)
        while work:
            node, pending = work[-1]
            for following in pending:
                if following not in index:
                    visit(following)
                    break
                if following in on_stack:
                    low[node] = min(low[node], index[following])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1 or node in neighbours(node):
                        found.append(_cycle_within(component, neighbours))
    return found


def _cycle_within(component: set[int], neighbours: Neighbours) -> list[int]:
    """The shortest cycle through the smallest node of a strongly connected component."""
    start = min(component)
    parents: dict[int, int | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for following in neighbours(node):
            if following == start:
                path = [node]
                while (previous := parents[path[-1]]) is not None:
                    path.append(previous)
                return [*reversed(path), start]
            if following in component and following not in parents:
                parents[following] = node
                queue.append(following)
    raise AssertionError("a strongly connected component always contains a cycle")


def shortest_path(start: int, goal: int, neighbours: Neighbours) -> list[int] | None:
    """The fewest steps from `start` to `goal` (both included), or None if `goal` is unreachable.

    Breadth-first from both ends would touch fewer briefings, but needs neighbours both ways;
    one-sided BFS over an in-memory adjacency is well under a second at 100,000 briefings.
    """
    if start == goal:
        return [start]
    parents: dict[int, int] = {start: start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for following in neighbours(node):
            if following in parents:
                continue
            parents[following] = node
            if following == goal:
                path = [goal]
                while path[-1] != start:
                    path.append(parents[path[-1]])
                return path[::-1]
            queue.append(following)
    return None


def reach(start: int, neighbours: Neighbours) -> int:
    """How many briefings can be reached from `start` (itself excluded)."""
    seen = {start}
    queue = deque([start])
    while queue:
        for following in neighbours(queue.popleft()):
            if following not in seen:
                seen.add(following)
                queue.append(following)
    return len(seen) - 1
