"""Graph walks over plain dicts: no database needed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefcli.core.graph import (
    cycles,
    reach,
    reach_counts,
    reach_over,
    shortest_path,
    topological_order,
    trace,
)
from briefcli.core.models import Adjacency, TraceNode


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


def adjacency_of(edges: dict[int, list[int]]) -> Adjacency:
    """The arrays a load writes, for a map of briefing -> what influenced it."""
    ids = sorted(set(edges) | {t for targets in edges.values() for t in targets})
    index = {n: i for i, n in enumerate(ids)}
    up = [[index[t] for t in edges.get(n, [])] for n in ids]
    down: list[list[int]] = [[] for _ in ids]
    for i, targets in enumerate(up):
        for t in targets:
            down[t].append(i)

    def flat(lists: list[list[int]]) -> tuple[list[int], list[int]]:
        offsets = [0]
        for items in lists:
            offsets.append(offsets[-1] + len(items))
        return offsets, [x for items in lists for x in items]

    (up_offsets, up_targets), (down_offsets, down_targets) = flat(up), flat(down)
    return Adjacency(ids, [0] * len(ids), up_offsets, up_targets, down_offsets, down_targets)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.integers(0, 30), st.lists(st.integers(0, 30), max_size=4), max_size=30),
    st.lists(st.integers(0, 32), max_size=8),
)
def test_reach_in_one_pass_is_reach_by_walking(edges: dict[int, list[int]], numbers: list[int]) -> None:
    acyclic = {n: [t for t in targets if t < n] for n, targets in edges.items()}
    for graph in (acyclic, edges):  # with cycles too: the walk is the fallback
        adjacency = adjacency_of(graph)
        walked = {n: reach_over(adjacency, n) for n in numbers}
        assert reach_counts(adjacency, numbers) == walked
        assert reach_counts(adjacency, numbers, topological_order(adjacency)) == walked  # kept at load


def test_reach_counts_each_descendant_once() -> None:
    diamond = adjacency_of({2: [1], 3: [1], 4: [2, 3], 5: [4]})
    assert reach_counts(diamond, [1, 2, 4, 5, 99]) == {1: 4, 2: 2, 4: 1, 5: 0, 99: 0}
