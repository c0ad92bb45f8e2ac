"""The influence graph as Mermaid and Graphviz DOT text.

The DOT drawing is laid out to be read as a picture: a timeline from left to right with one
column per year, labels wrapped to about 30 characters, nodes filled by category with a legend,
the briefing asked about outlined, and `related` lines that do not pull on the columns. That
keeps the whole bundled graph about as tall as it is wide, instead of a strip of one-line labels.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from briefcli.core.models import (
    INFLUENCED_BY,
    BriefingRef,
    Edge4,
    Month,
)
from briefcli.output.text import one_line, ref_text

LABEL_WIDTH = 30
_SPACES_RE = re.compile("( +)")
# Fill colours of the bundled categories (light, so black text stays readable); others cycle on.
CATEGORY_COLOURS = {
    "Foundations & Scaling": "#cfe2ff",
    "Alignment & Safety": "#d1f2d9",
    "Interpretability": "#fff3bf",
    "Reasoning & Agents": "#f3d9fa",
    "Evaluation & Red Teaming": "#ffdcc2",
    "Strategy & Governance": "#dde3ea",
}
_MORE_COLOURS = ("#c5f6fa", "#ffe3e3", "#e9fac8", "#e5dbff", "#fff0f6", "#f1f3f5")


def wrapped(text: str, width: int = LABEL_WIDTH) -> list[str]:
    """`text` in lines of about `width` characters, broken between words where it can be.

    The lines of textwrap.wrap(text, width, break_on_hyphens=False), found without its
    TextWrapper: a drawing of 100,000 briefings wraps 100,000 labels. After one_line the only
    whitespace left is the space, so words are what lies between runs of spaces.
    """
    text = one_line(text)
    if len(text) <= width:
        return [text]
    words = text.split(" ")
    if "" not in words and max(map(len, words)) <= width:
        # the usual label, single spaces and no word longer than a line: break at the last
        # space that fits, as textwrap would
        lines = []
        while len(text) > width:
            cut = text.rfind(" ", 0, width + 1)
            lines.append(text[:cut])
            text = text[cut + 1 :]
        return [*lines, text]
    return _wrapped_words(text, width)


def _wrapped_words(text: str, width: int) -> list[str]:
    """textwrap's own loop over words and runs of spaces, which cuts words longer than a line."""
    lines: list[str] = []
    chunks = [chunk for chunk in _SPACES_RE.split(text) if chunk]
    chunks.reverse()
    while chunks:
        line: list[str] = []
        size = 0
        if lines and not chunks[-1].strip():
            chunks.pop()  # spaces at the start of a line other than the first are dropped
        while chunks and size + len(chunks[-1]) <= width:
            size += len(chunks[-1])
            line.append(chunks.pop())
        if chunks and len(chunks[-1]) > width:  # a word longer than a line is cut
            room = width - size if width >= 1 else 1  # as textwrap: 0 when the line is full
            line.append(chunks[-1][:room])
            chunks[-1] = chunks[-1][room:]
        if line and not line[-1].strip():
            line.pop()  # and so are spaces (or nothing, cut from a long word) at the end of a line
        if line:
            lines.append("".join(line))
    return lines or [""]


def _label_lines(ref: BriefingRef) -> list[str]:
    if ref.date is None:
        return [ref_text(ref)]
    return [*wrapped(f"{ref.id}. {ref.title}"), ref.date.label]


def mermaid(refs: Mapping[int, BriefingRef], edges: Iterable[Edge4]) -> str:
    """A Mermaid flowchart; arrows run from a briefing to those it influenced."""
    return "".join(mermaid_chunks(refs, edges))


def mermaid_chunks(refs: Mapping[int, BriefingRef], edges: Iterable[Edge4]) -> Iterator[str]:
    """mermaid(), a part at a time, for writing without holding the whole text."""
    lines = [
        "flowchart LR",
        "    %% arrows point from a briefing to those it influenced; dotted lines are related",
    ]
    for number in sorted(refs):
        label = "<br>".join(_mermaid_text(line) for line in _label_lines(refs[number]))
        lines.append(f'    n{number}["{label}"]')
    for source, target, relation, _ in edges:
        if relation == INFLUENCED_BY:
            lines.append(f"    n{target} --> n{source}")
        else:
            lines.append(f"    n{source} -.- n{target}")
    return _joined(lines)


def _mermaid_text(text: str) -> str:
    # Inside a quoted label Mermaid reads #name; as an entity; quotes and angle brackets break it.
    return text.replace("#", "#35;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def colours(categories: Iterable[str]) -> dict[str, str]:
    """A fill colour for each category: the bundled ones fixed, others from a cycle."""
    chosen: dict[str, str] = {}
    extra = 0
    for category in sorted(set(categories)):
        if category in CATEGORY_COLOURS:
            chosen[category] = CATEGORY_COLOURS[category]
        else:
            chosen[category] = _MORE_COLOURS[extra % len(_MORE_COLOURS)]
            extra += 1
    return chosen


def dot(
    refs: Mapping[int, BriefingRef],
    edges: Iterable[Edge4],
    categories: Mapping[int, str] | None = None,
    centre: int | None = None,
) -> str:
    """A Graphviz digraph; arrows run from a briefing to those it influenced, years left to right."""
    return "".join(dot_chunks(refs, edges, categories, centre))


def dot_chunks(
    refs: Mapping[int, BriefingRef],
    edges: Iterable[Edge4],
    categories: Mapping[int, str] | None = None,
    centre: int | None = None,
) -> Iterator[str]:
    """dot(), a part at a time, for writing without holding the whole text."""
    categories = categories or {}
    fills = colours(categories[n] for n in refs if n in categories)
    lines = [
        "digraph influence {",
        "    // arrows point from a briefing to those it influenced; dashed lines are related;",
        "    // one column per year, filled by category",
        "    rankdir=LR; newrank=true; ranksep=0.6; nodesep=0.12;",
        '    node [shape=box, style="rounded,filled", fillcolor="#f1f3f5", color="#868e96", '
        'fontname="Helvetica", fontsize=11, margin="0.12,0.06"];',
        '    edge [color="#868e96", arrowsize=0.6];',
    ]
    years = sorted({ref.date.year for ref in refs.values() if ref.date is not None})
    if years:  # the timeline: a row of year labels that every briefing is ranked against
        lines.append('    node [shape=plaintext, style="", fontsize=16, fontname="Helvetica-Bold"];')
        lines.append("    " + " -> ".join(f"y{year}" for year in years) + " [style=invis];")
        lines += [f'    y{year} [label="{year}"];' for year in years]
        lines.append(
            '    node [shape=box, style="rounded,filled", fontsize=11, fontname="Helvetica", '
            'fillcolor="#f1f3f5"];'
        )
    dates: dict[Month, str] = {}  # a few hundred months among 100,000 briefings
    for number in sorted(refs):
        ref = refs[number]
        if ref.date is None:
            text = label = _dot_text(ref_text(ref))
        else:
            date = dates.get(ref.date) or dates.setdefault(ref.date, ref.date.label)
            title = ref.title.strip() if ref.title.isprintable() else one_line(ref.title)
            text = f"{number}. {title} ({date})"  # ref_text, without the calls
            if "\\" in text or '"' in text:
                text = _dot_text(text)
            parts = wrapped(f"{number}. {ref.title}")
            if "\\" in (joined := "".join(parts)) or '"' in joined:
                parts = [_dot_text(part) for part in parts]
            label = "\\n".join(parts) + "\\n" + date
        fill = f', fillcolor="{fills[categories[number]]}"' if number in categories else ""
        bold = ', penwidth=3, color="#c92a2a", fontname="Helvetica-Bold"' if number == centre else ""
        lines.append(f'    n{number} [label="{label}", tooltip="{text}"{fill}{bold}];')
    by_year: dict[int, list[int]] = {}
    for number in sorted(refs):
        month = refs[number].date
        if month is not None:
            by_year.setdefault(month.year, []).append(number)
    for year in years:
        lines.append(f"    {{ rank=same; y{year}; {' '.join(f'n{n};' for n in by_year[year])} }}")
    for source, target, relation, note in edges:
        if note:
            note = note.strip() if note.isprintable() else one_line(note)
            if "\\" in note or '"' in note:
                note = _dot_text(note)
        tooltip = f'tooltip="{note}"' if note else ""
        if relation == INFLUENCED_BY:
            lines.append(f"    n{target} -> n{source} [{tooltip}];")
        else:  # shown, but it does not pull briefings into other columns
            extra = f", {tooltip}" if tooltip else ""
            lines.append(f"    n{source} -> n{target} [style=dashed, dir=none, constraint=false{extra}];")
    if fills:
        lines += _legend(fills, years[0] if years else None)
    lines.append("}")
    return _joined(lines)


def _joined(lines: list[str]) -> Iterator[str]:
    """The lines, each ended by a newline, in parts of a few thousand."""
    for start in range(0, len(lines), 8192):
        yield "\n".join(lines[start : start + 8192]) + "\n"


def _legend(fills: Mapping[str, str], first_year: int | None) -> list[str]:
    """A box per category, in a column of its own before the first year."""
    lines = ['    subgraph cluster_legend { label="Category"; fontname="Helvetica-Bold"; color="#ced4da";']
    keys = [f"legend{index}" for index in range(len(fills))]
    for key, (category, fill) in zip(keys, fills.items(), strict=True):
        lines.append(f'        {key} [label="{_dot_text(category)}", fillcolor="{fill}"];')
    lines.append("    }")
    lines.append(f"    {{ rank=same; {' '.join(key + ';' for key in keys)} }}")
    if first_year is not None:
        lines.append(f"    {keys[0]} -> y{first_year} [style=invis];")
    return lines


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
