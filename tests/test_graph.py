"""Graph walks over plain dicts: no database needed."""

from __future__ import annotations

from briefcli.core.graph import cycles, reach, shortest_path, trace
from briefcli.core.models import TraceNode


def over(edges: dict[int, list[int]]):  # noqa: ANN201 - a neighbours function
    return lambda node: edges.get(node, [])


def trace_tree(*args, **kwargs) -> TraceNode:  # noqa: ANN002, ANN003
    return trace(*args, **kwargs).tree


def shape(node: TraceNode) -> list:
    """A compact picture of a tree: [id, flags, children...] built without recursion limits mattering here."""
    flag = "cycle" if node.cycle else "repeat" if node.repeat else ""
    return [node.id, flag, *[shape(child) for child in node.children]]


def test_a_diamond_expands_each_node_once() -> None:
    tree = trace_tree(1, over({1: [2, 3], 2: [4], 3: [4], 4: [5]}))
    assert shape(tree) == [1, "", [2, "", [4, "", [5, ""]]], [3, "", [4, "repeat"]]]


def test_a_ladder_of_diamonds_stays_linear() -> None:
    edges = {}
    for rung in range(0, 60, 2):  # 30 stacked diamonds: 2^30 paths, 90 edges
        edges[rung] = [rung + 1, rung + 2]
        edges[rung + 1] = [rung + 2]
    nodes = list(trace(0, over(edges)).tree.walk())
    assert len(nodes) == 1 + 90


def test_cycles_and_self_loops_terminate_and_are_marked() -> None:
    tree = trace_tree(1, over({1: [1, 2], 2: [3], 3: [1]}))
    assert shape(tree) == [1, "", [1, "cycle"], [2, "", [3, "", [1, "cycle"]]]]


def test_depth_limits_and_counts_what_is_left() -> None:
    tree = trace_tree(1, over({1: [2], 2: [3, 4], 3: [5]}), depth=1)
    assert shape(tree) == [1, "", [2, ""]]
    assert tree.children[0].unexplored == 2


def test_a_node_first_reached_at_the_depth_limit_is_expanded_when_reached_shallower() -> None:
    tree = trace_tree(1, over({1: [2, 3], 2: [3], 3: [4]}), depth=2)
    assert shape(tree) == [1, "", [2, "", [3, ""]], [3, "", [4, ""]]]


def test_a_10000_deep_chain_needs_no_recursion() -> None:
    chain = {n: [n + 1] for n in range(10_000)}
    walked = trace(0, over(chain))
    assert (len(walked.seen), walked.deepest) == (10_001, 10_000)


def test_the_drawing_cap_counts_what_it_leaves_out() -> None:
    chain = {n: [n + 1] for n in range(100)}
    chain[50] = [51, 3]  # a repeat below the cap adds no new briefing
    walked = trace(0, over(chain), draw=10)
    nodes = list(walked.tree.walk())
    assert max(level for _, level in nodes) == 10
    cut = nodes[-1][0]
    assert (cut.id, cut.beyond_levels, cut.beyond_count) == (10, 90, 90)
    assert (len(walked.seen), walked.deepest) == (101, 100)


def test_a_hub_is_capped_with_a_count() -> None:
    tree = trace_tree(0, over({0: list(range(1, 5001))}), limit=100)
    assert len(tree.children) == 100
    assert tree.hidden == 4900


def test_shortest_path_and_reach() -> None:
    edges = {1: [2, 3], 2: [4], 3: [4], 4: [5], 6: [1]}
    assert shortest_path(1, 5, over(edges)) == [1, 2, 4, 5]
    assert shortest_path(5, 1, over(edges)) is None
    assert shortest_path(3, 3, over(edges)) == [3]
    assert reach(1, over(edges)) == 4
    assert reach(5, over(edges)) == 0


def test_cycles_are_found_once_each() -> None:
    edges = {1: [2], 2: [3], 3: [1, 4], 4: [4], 5: [6]}
    assert cycles(sorted(edges), over(edges)) == [[4, 4], [1, 2, 3, 1]]
    assert cycles([1], over({1: [2], 2: []})) == []
