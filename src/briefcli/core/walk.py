"""A trace as flat rows, depth first, in the order they are drawn: the walk behind every trace.

A trace of a briefing with 90,000 ancestors has about 270,000 lines. Built as a tree of objects,
walked again to draw it and again to number it, it took seconds; as one list of plain tuples,
made in one pass and read in one pass by whoever draws it, it takes a fraction of one. The
cycle and repeat policy is core/graph.py's (its module docstring); `graph.trace` builds the tree
of TraceNode objects from these rows for those who want one.

A row is `(level, node, kind, count, extra, last)`: the level below the root (0 for the root),
the node as the neighbours function names it, what the row is (the kinds below), a count that
depends on the kind, `extra` (the briefings of a BEYOND row), and whether it is the last line
under its parent, which decides its guide (└── or ├──).
"""

# Annotations evaluated, as in core/models.py: NamedTuple compiles those written as strings.

from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

from briefcli.core.models import TraceNode

Neighbours = Callable[[int], Sequence[int]]
WalkRow = tuple[int, int, int, int, int, bool]

# What a row is. NODE: a briefing, expanded here, or a leaf; its count is how many of its
# neighbours --limit left out. CUT: a briefing at --depth, its count the neighbours not followed.
NODE, REPEAT, CYCLE, CUT = 0, 1, 2, 3
# Lines of commentary under the node of the row: MORE, how many --limit left out (count); BEYOND,
# at the drawing's depth cap, how many levels (count) and new briefings (extra) lie below.
MORE, BEYOND = 4, 5


class Walk(NamedTuple):
    rows: list[WalkRow]
    seen: set[int]  # every node reached, the root included
    deepest: int  # the deepest level reached, drawn or not


def walk(
    root: int,
    neighbours: Neighbours,
    depth: int | None = None,
    limit: int | None = None,
    draw: int | None = None,
) -> Walk:
    """The rows of the trace from `root`, each node expanded once; `draw` caps the levels drawn.

    Below the cap the walk goes on, to the full depth, so that the summary is complete, but it
    only counts, on a BEYOND row under the node at the cap, how many levels and new nodes lie
    beneath. The walk keeps its own stack, so a chain 10,000 deep needs no recursion.
    """
    # expanded: nodes whose neighbours were followed; at_depth: nodes reached at --depth only.
    expanded, at_depth, on_path = {root}, set[int](), {root}
    following, hidden = _following(neighbours, root, limit)
    rows: list[WalkRow] = [(0, root, NODE, hidden, 0, True)]
    deepest = 1 if following else 0
    cap = -1 if draw is None else draw
    if cap == 0:
        sets = (expanded, at_depth, on_path)
        deepest = _capped(rows, root, 0, following, hidden, neighbours, depth, limit, *sets)
        return Walk(rows, expanded | at_depth, deepest)
    node, level, last = root, 0, len(following) - 1 if not hidden else -1
    pending = enumerate(following)
    stack: list[tuple[enumerate[int], int, int, int, int]] = []
    append, expand, enter = rows.append, expanded.add, on_path.add
    # The hot loop of a large trace, once per connection walked: set look-ups and an append,
    # and for each briefing expanded, one call for its neighbours.
    while True:
        below = level + 1
        for i, child in pending:
            if child in on_path:
                append((below, child, CYCLE, 0, 0, i == last))
            elif child in expanded:
                append((below, child, REPEAT, 0, 0, i == last))
            elif depth is not None and below >= depth:
                at_depth.add(child)
                more = len(neighbours(child))
                append((below, child, CUT if more else NODE, more, 0, i == last))
            else:
                expand(child)
                enter(child)
                nested = neighbours(child)
                more = 0
                if limit is not None and len(nested) > limit:
                    more = len(nested) - limit
                    nested = nested[:limit]
                append((below, child, NODE, more, 0, i == last))
                if below == cap:  # walked and counted, not drawn
                    sets = (expanded, at_depth, on_path)
                    reached = _capped(rows, child, below, nested, more, neighbours, depth, limit, *sets)
                    deepest = max(deepest, reached)
                    continue
                stack.append((pending, last, node, hidden, level))
                node, hidden, level, pending = child, more, below, enumerate(nested)
                last = -1 if more else len(nested) - 1
                if nested and below >= deepest:
                    deepest = below + 1
                break
        else:
            on_path.discard(node)
            if hidden:
                append((below, node, MORE, hidden, 0, True))
            if not stack:
                return Walk(rows, expanded | at_depth, deepest)
            pending, last, node, hidden, level = stack.pop()


def _following(neighbours: Neighbours, node: int, limit: int | None) -> tuple[Sequence[int], int]:
    """The neighbours of `node` to follow, and how many --limit leaves out."""
    following = neighbours(node)
    if limit is not None and len(following) > limit:
        return following[:limit], len(following) - limit
    return following, 0


def _capped(
    rows: list[WalkRow],
    top: int,
    level: int,
    following: Sequence[int],
    hidden: int,
    neighbours: Neighbours,
    depth: int | None,
    limit: int | None,
    expanded: set[int],
    at_depth: set[int],
    on_path: set[int],
) -> int:
    """Walk below `top`, at the drawing's cap, counting instead of drawing; add its commentary
    rows and return the deepest level reached."""
    levels = new = 0
    stack: list[tuple[Iterator[int], int, int]] = [(iter(following), level, top)]
    while stack:
        pending, at, node = stack[-1]
        below = at + 1
        for child in pending:
            levels = max(levels, below - level)
            if child in expanded:
                continue  # on the path (a cycle) or expanded before (a repeat)
            if depth is not None and below >= depth:
                if child not in at_depth:
                    at_depth.add(child)
                    new += 1
                continue
            new += child not in at_depth
            expanded.add(child)
            on_path.add(child)
            nested, _ = _following(neighbours, child, limit)
            stack.append((iter(nested), below, child))
            break
        else:
            stack.pop()
            on_path.discard(node)
    if levels:
        rows.append((level + 1, top, BEYOND, levels, new, not hidden))
    if hidden:
        rows.append((level + 1, top, MORE, hidden, 0, True))
    return level + levels


def tree_of(walked: Walk) -> TraceNode:
    """The tree of TraceNode objects that the rows of a walk draw."""
    root_row = walked.rows[0]
    root = TraceNode(root_row[1])
    root.hidden = root_row[3]
    path = [root]  # path[k]: the latest node at level k
    for level, node, kind, count, extra, _ in walked.rows[1:]:
        if kind == MORE:
            continue  # the count is on the node's own row
        if kind == BEYOND:
            path[level - 1].beyond_levels, path[level - 1].beyond_count = count, extra
            continue
        child = TraceNode(node)
        if kind == NODE:
            child.hidden = count
        elif kind == CUT:
            child.unexplored = count
        elif kind == REPEAT:
            child.repeat = True
        else:
            child.cycle = True
        path[level - 1].children.append(child)
        del path[level:]
        path.append(child)
    return root
