"""A briefing's traces for its page: nested lists both ways, and a Graphviz picture of them."""

from __future__ import annotations

import itertools
import shutil
import subprocess
from typing import Any

from briefcli.core import graph
from briefcli.core.errors import BriefError
from briefcli.core.models import INFLUENCED_BY
from briefcli.index import explore
from briefcli.index.read import Store
from briefcli.output import diagrams, forms

LEVELS = 8  # levels of a trace walked for the page; at the last, it counts what lies beyond
CHILDREN = 50  # briefings listed under one briefing
LISTED = 500  # briefings listed in one trace; a hub of a large collection reaches thousands
MAX_PICTURE = 120  # briefings in a picture: beyond, Graphviz draws an unreadable tangle, slowly
WAYS = ("upstream", "downstream")


class NoPicture(BriefError):
    """There is no picture to send: Graphviz is missing, or the traces are too large to draw."""


def traces(store: Store, number: int) -> dict[str, dict[str, Any]]:
    """The upstream and downstream trees from a briefing, as nested dicts for the template."""
    adjacency = store.adjacency()
    trees = {way: graph.trace_over(adjacency, number, way, LEVELS, CHILDREN)[0].tree for way in WAYS}
    # The first LISTED nodes, depth first: a whole subtree stays together, and what is left out
    # is counted on the last node listed above it.
    listed = {way: [node for node, _ in itertools.islice(tree.walk(), LISTED)] for way, tree in trees.items()}
    refs = store.refs(node.id for nodes in listed.values() for node in nodes)
    out = {}
    for way, nodes in listed.items():
        items = {
            id(node): {
                **forms.ref_json(refs[node.id]),
                "repeat": node.repeat,
                "cycle": node.cycle,
                "deeper": node.unexplored,  # connections beyond the last level
                "hidden": node.hidden,  # connections not listed: past CHILDREN, or past LISTED
                "children": [],
            }
            for node in nodes
        }
        for node in nodes:
            item = items[id(node)]
            for child in node.children:
                if id(child) in items:
                    item["children"].append(items[id(child)])
                else:
                    item["hidden"] += 1
        out[way] = items[id(trees[way])]
    return out


def edges(trees: dict[str, dict[str, Any]]) -> list[tuple[int, int]]:
    """(source, target) of every influenced_by connection the trees show, once each."""
    found = []
    for way, tree in trees.items():
        stack = [tree]
        while stack:
            parent = stack.pop()
            for child in parent["children"]:
                found.append(
                    (parent["id"], child["id"]) if way == "upstream" else (child["id"], parent["id"])
                )
                stack.append(child)
    return list(dict.fromkeys(found))


def drawable(trees: dict[str, dict[str, Any]]) -> bool:
    """Whether the picture would show anything, and few enough briefings to read."""
    shown = {n for pair in edges(trees) for n in pair}
    return 1 < len(shown) <= MAX_PICTURE


def can_draw() -> bool:
    return shutil.which("dot") is not None


def dot_source(store: Store, trees: dict[str, dict[str, Any]]) -> str:
    """The trees as one Graphviz digraph, with each connection's note as its tooltip."""
    pairs = edges(trees)
    numbers = {n for pair in pairs for n in pair} or {trees["upstream"]["id"]}
    if len(numbers) > MAX_PICTURE:
        raise NoPicture(f"The traces hold {len(numbers)} briefings, too many to draw.")
    notes = {(s, t): note for s, t, relation, note in store.edges(numbers) if relation == INFLUENCED_BY}
    rows = [(s, t, INFLUENCED_BY, notes.get((s, t))) for s, t in pairs]
    centre = trees["upstream"]["id"]
    return diagrams.dot(store.refs(numbers), rows, explore.categories(store, numbers), centre)


def svg(source: str) -> str:
    """Graphviz's SVG drawing of DOT `source`."""
    dot = shutil.which("dot")
    if dot is None:
        raise NoPicture("Graphviz is not installed on the server, so there is no picture.")
    try:
        done = subprocess.run([dot, "-Tsvg"], input=source, capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        raise BriefError("Graphviz took too long to draw the picture.") from None
    if done.returncode != 0:
        raise BriefError(f"Graphviz could not draw the picture: {done.stderr.strip()}")
    return done.stdout
