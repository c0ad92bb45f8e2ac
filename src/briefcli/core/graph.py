"""Walk the influence graph through a `neighbours` function, so tests need no database.

Cycle policy: a trace is a tree of first visits, in depth-first order (as `cargo tree` prints).
A briefing reached again is kept as a leaf flagged `repeat` (already shown above) or `cycle` (it
is an ancestor on the current path, a self-loop included), and is never expanded twice. The tree
therefore has one node per edge walked and one expansion per briefing, so diamonds grow linearly,
cycles terminate, and the walk uses an explicit stack rather than recursion, so a chain 10,000
deep cannot hit Python's recursion limit.
"""

from __future__ import annotations

import collections
import functools
import operator
from collections import deque
from collections.abc import Iterable, Iterator, Sequence

from briefcli.core.models import Adjacency, Month, Trace, TraceNode, TraceSummary
from briefcli.core.walk import MORE, Neighbours, Walk, tree_of, walk


def trace(
    root: int,
    neighbours: Neighbours,
    depth: int | None = None,
    limit: int | None = None,
    draw: int | None = None,
) -> Trace:
    """The tree of everything reachable from `root`, each briefing expanded once.

    `draw` caps the levels of the tree that are built: the walk still goes to the full depth,
    so that the summary is complete, but below the cap it only counts, on the node at the cap,
    how many levels and new briefings lie beneath. That keeps a trace of a briefing with
    100,000 ancestors from building 300,000 tree nodes that no one will see.
    """
    walked = walk(root, neighbours, depth, limit, draw)
    return Trace(tree_of(walked), walked.seen, walked.deepest)


def trace_over(
    adjacency: Adjacency,
    root: int,
    direction: str,
    depth: int | None = None,
    limit: int | None = None,
    draw: int | None = None,
) -> tuple[Trace, TraceSummary]:
    """A trace over the graph arrays, with briefing numbers in the tree, and its summary."""
    start = adjacency.position(root)
    if start is None:
        return Trace(TraceNode(root), {root}, 0), TraceSummary(1, 0, None, None)
    walked = trace(start, adjacency.steps(direction), depth, limit, draw)
    for node, _ in walked.tree.walk():
        node.id = adjacency.ids[node.id]
    seen = {adjacency.ids[i] for i in walked.seen}
    return Trace(walked.tree, seen, walked.deepest), _summary(adjacency, walked.seen, walked.deepest)


def walk_over(
    adjacency: Adjacency,
    root: int,
    direction: str,
    depth: int | None = None,
    limit: int | None = None,
    draw: int | None = None,
) -> tuple[Walk, TraceSummary] | None:
    """The rows of a trace over the graph arrays, nodes named by their index in the arrays (the
    number of node i is adjacency.ids[i]), and its summary; None if `root` has no connection."""
    start = adjacency.position(root)
    if start is None:
        return None
    offsets, targets = (
        (adjacency.up_offsets, adjacency.up_targets)
        if direction == "upstream"
        else (adjacency.down_offsets, adjacency.down_targets)
    )
    # As lists: slicing and iterating a list hands out the ints it holds instead of making new ones.
    offsets, targets = list(offsets), list(targets)
    walked = walk(start, lambda i: targets[offsets[i] : offsets[i + 1]], depth, limit, draw)
    return walked, _summary(adjacency, walked.seen, walked.deepest)


def _summary(adjacency: Adjacency, seen: set[int], deepest: int) -> TraceSummary:
    months = [month for month in map(adjacency.months.__getitem__, seen) if month >= 0]
    first = Month.from_number(min(months)) if months else None
    last = Month.from_number(max(months)) if months else None
    return TraceSummary(len(seen), deepest, first, last)


def walk_edges(walked: Walk, numbers: Sequence[int], direction: str) -> list[tuple[int, int]]:
    """(source, target) numbers of the connection behind each line of a walk over the arrays,
    in the order of TraceNode.walk: by parent, depth first, and each parent's children in order."""
    path = [0] * (walked.deepest + 1)  # path[k]: the node of the latest line at level k
    lines = [0] * (walked.deepest + 1)  # and where that line is
    found: list[tuple[int, tuple[int, int]]] = []
    upstream = direction == "upstream"
    for index, (level, node, kind, *_) in enumerate(walked.rows):
        if kind >= MORE:
            continue
        path[level], lines[level] = node, index
        if level:
            parent, child = numbers[path[level - 1]], numbers[node]
            found.append((lines[level - 1], (parent, child) if upstream else (child, parent)))
    found.sort(key=lambda pair: pair[0])  # stable: children stay in order
    return [edge for _, edge in found]


def path_over(adjacency: Adjacency, start: int, goal: int, direction: str) -> list[int] | None:
    """The shortest chain from `start` to `goal` upstream, downstream, or "any" way, in numbers."""
    first, last = adjacency.position(start), adjacency.position(goal)
    if first is None or last is None:
        return None
    if direction == "any":
        up, down = adjacency.steps("upstream"), adjacency.steps("downstream")
        found = shortest_path(first, last, lambda i: [*up(i), *down(i)])
    else:
        found = shortest_path(first, last, adjacency.steps(direction))
    return None if found is None else [adjacency.ids[i] for i in found]


def reach_over(adjacency: Adjacency, number: int) -> int:
    """How many briefings `number` influenced, directly or not."""
    start = adjacency.position(number)
    return 0 if start is None else reach(start, adjacency.steps("downstream"))


def reach_counts(
    adjacency: Adjacency, numbers: Sequence[int], order: Sequence[int] | None = None
) -> dict[int, int]:
    """How many briefings each of `numbers` influenced, directly or not, in one pass over the graph.

    Briefings are visited in topological order, each after everything that influenced it; each
    carries the set of `numbers` among its ancestors, as the bits of an int. The reach of a
    number is how many briefings carry its bit. A graph with a cycle (which brief refuses to
    load, but an index may predate that) has no such order: then each number gets a walk.
    `order`, if given, is topological_order(adjacency), kept from when the arrays were written.
    """
    if order is None or len(order) != len(adjacency.ids):
        order = topological_order(adjacency)
    if order is None:
        return {number: reach_over(adjacency, number) for number in numbers}
    seeds = [0] * len(adjacency.ids)
    for i, number in enumerate(numbers):
        if (position := adjacency.position(number)) is not None:
            seeds[position] |= 1 << i
    offsets, targets = adjacency.up_offsets, adjacency.up_targets
    masks = [0] * len(adjacency.ids)  # the bits of the numbers among each one's ancestors
    carried = [0] * len(adjacency.ids)  # and those it hands on: its own bit too
    either = operator.or_
    hand_on = carried.__getitem__
    for node in order:
        mask = functools.reduce(either, map(hand_on, targets[offsets[node] : offsets[node + 1]]), 0)
        masks[node] = mask
        carried[node] = mask | seeds[node]
    reach = [0] * len(numbers)
    for mask, times in collections.Counter(masks).items():  # few distinct masks: count each once
        bits = bin(mask)[:1:-1]  # bit i at index i
        i = bits.find("1")
        while i >= 0:
            reach[i] += times
            i = bits.find("1", i + 1)
    return dict(zip(numbers, reach, strict=True))


def topological_order(adjacency: Adjacency) -> list[int] | None:
    """Indexes with everything upstream of each before it (Kahn's algorithm); None on a cycle."""
    offsets = adjacency.up_offsets
    down_offsets, down_targets = adjacency.down_offsets, adjacency.down_targets
    waiting = [offsets[i + 1] - offsets[i] for i in range(len(adjacency.ids))]
    order = [i for i, count in enumerate(waiting) if count == 0]
    for node in order:  # the list grows as the loop runs
        for child in down_targets[down_offsets[node] : down_offsets[node + 1]]:
            waiting[child] -= 1
            if waiting[child] == 0:
                order.append(child)
    return order if len(order) == len(waiting) else None


def combine(parts: Sequence[tuple[Trace | Walk, TraceSummary]]) -> TraceSummary:
    """One summary for several traces from the same briefing (--both)."""
    seen: set[int] = set().union(*(walked.seen for walked, _ in parts))
    firsts = [summary.first for _, summary in parts if summary.first]
    lasts = [summary.last for _, summary in parts if summary.last]
    return TraceSummary(
        len(seen),
        max(summary.deepest for _, summary in parts),
        min(firsts) if firsts else None,
        max(lasts) if lasts else None,
    )


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

    Breadth-first from one end over the graph arrays: well under a second at 100,000 briefings.
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
