"""The influence graph as Mermaid and Graphviz DOT text."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from briefcli.core.models import (
    INFLUENCED_BY,
    BriefingRef,
    Edge4,
)
from briefcli.output.text import one_line, ref_text


def mermaid(refs: Mapping[int, BriefingRef], edges: Iterable[Edge4]) -> str:
    """A Mermaid flowchart; arrows run from a briefing to those it influenced."""
    lines = [
        "flowchart LR",
        "    %% arrows point from a briefing to those it influenced; dotted lines are related",
    ]
    for number in sorted(refs):
        lines.append(f'    n{number}["{_mermaid_text(ref_text(refs[number]))}"]')
    for source, target, relation, _ in edges:
        if relation == INFLUENCED_BY:
            lines.append(f"    n{target} --> n{source}")
        else:
            lines.append(f"    n{source} -.- n{target}")
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    # Inside a quoted label Mermaid reads #name; as an entity; quotes and angle brackets break it.
    return text.replace("#", "#35;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def dot(refs: Mapping[int, BriefingRef], edges: Iterable[Edge4]) -> str:
    """A Graphviz digraph; arrows run from a briefing to those it influenced."""
    lines = [
        "digraph influence {",
        "    // arrows point from a briefing to those it influenced; dashed lines are related",
        "    rankdir=LR;",
        '    node [shape=box, style=rounded, fontname="Helvetica"];',
    ]
    for number in sorted(refs):
        lines.append(f'    n{number} [label="{_dot_text(ref_text(refs[number]))}"];')
    for source, target, relation, note in edges:
        tooltip = f' tooltip="{_dot_text(one_line(note))}"' if note else ""
        if relation == INFLUENCED_BY:
            lines.append(f"    n{target} -> n{source} [{tooltip.strip()}];")
        else:
            lines.append(
                f"    n{source} -> n{target} [style=dashed, dir=none{',' + tooltip if tooltip else ''}];"
            )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
