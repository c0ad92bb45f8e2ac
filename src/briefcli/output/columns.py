"""Tables laid out by hand, as lines of styled spans: the list of briefings on a terminal.

rich's Table measures every cell of every row several times over, which was most of the time
`brief list` took on a terminal. The layout here measures each cell once (see _widths).
"""

# Annotations evaluated, as in core/models.py: NamedTuple compiles those written as strings.

from collections.abc import Sequence
from typing import NamedTuple

from briefcli.output.page import Span, cells, fill

GAP = "  "


class Column(NamedTuple):
    header: str
    wraps: bool = False
    right: bool = False


Cell = tuple[Span, ...]


def lay_out(columns: Sequence[Column], rows: Sequence[Sequence[Cell]], width: int) -> list[tuple[Span, ...]]:
    """The header and the rows as lines of at most `width` columns (where the fixed columns fit)."""
    header: list[Cell] = [((c.header, "bold"),) for c in columns]
    texts = [["".join(piece for piece, _ in cell) for cell in row] for row in [header, *rows]]
    widths = _widths(columns, texts, width)
    lines: list[tuple[Span, ...]] = []
    for row, row_texts in zip([header, *rows], texts, strict=True):
        wrapped = [
            _wrap(cell, text, size) if column.wraps else [(cell, cells(text))]
            for column, cell, text, size in zip(columns, row, row_texts, widths, strict=True)
        ]
        for depth in range(max(len(parts) for parts in wrapped)):
            line: list[Span] = []
            for index, (column, parts, size) in enumerate(zip(columns, wrapped, widths, strict=True)):
                spans, used = parts[depth] if depth < len(parts) else ((), 0)
                padding = " " * max(0, size - used)
                line += [(GAP, "")] if index else []
                line += [(padding, ""), *spans] if column.right else [*spans, (padding, "")]
            lines.append(_trimmed(line))
    return lines


def _widths(columns: Sequence[Column], texts: list[list[str]], width: int) -> list[int]:
    """Every column as wide as its widest cell if the row fits. Else a wrapping column no wider
    than an equal share of the room keeps its whole width, and the others, each at least as wide
    as its longest word, share the rest in proportion to how much more each would take."""
    most = [max(cells(row[i]) for row in texts) for i in range(len(columns))]
    room = width - len(GAP) * (len(columns) - 1)
    fixed = sum(m for m, c in zip(most, columns, strict=True) if not c.wraps)
    # A word longer than an equal share of the room (a title in a script without spaces) is
    # cut rather than allowed to starve the other columns.
    fair = max(1, (room - fixed) // max(1, sum(c.wraps for c in columns)))
    least = [
        max(cells(c.header), min(fair, max(_longest_word(row[i]) for row in texts))) if c.wraps else most[i]
        for i, c in enumerate(columns)
    ]
    if sum(most) <= room:
        return most
    if sum(least) > room:  # too narrow for whole words: share what there is, words get cut
        spare = max(0, room - fixed)
        narrow = sum(m for m, c in zip(least, columns, strict=True) if c.wraps)
        return [max(1, spare * m // narrow) if c.wraps else m for m, c in zip(least, columns, strict=True)]
    chosen = list(least)
    sharing = [i for i, c in enumerate(columns) if c.wraps]
    for i in sorted(sharing, key=lambda i: most[i]):
        fair = (room - sum(chosen[j] for j in range(len(columns)) if j not in sharing)) // len(sharing)
        if most[i] <= fair and len(sharing) > 1:
            chosen[i] = most[i]  # a short column (the category) stays on one line
            sharing.remove(i)
    extra = room - sum(chosen)
    wanted = {i: most[i] - least[i] for i in sharing}
    for i in sharing:
        chosen[i] += extra * wanted[i] // max(1, sum(wanted.values()))
    for i in sorted(sharing, key=lambda i: -wanted[i])[: room - sum(chosen)]:
        chosen[i] += 1  # what rounding down left over, to the columns that want most
    return chosen


def _longest_word(text: str) -> int:
    return max((cells(word) for word in text.split()), default=0)


def _wrap(cell: Cell, text: str, width: int) -> list[tuple[tuple[Span, ...], int]]:
    """The cell's lines, each with its spans (styles kept across the breaks) and its width."""
    out, start = [], 0
    for piece in fill(text, width):
        end = start + len(piece)
        kept = piece.rstrip()
        out.append((_slice(cell, start, start + len(kept)), cells(kept)))
        start = end
    return out or [((), 0)]


def _slice(cell: Cell, start: int, end: int) -> tuple[Span, ...]:
    """The spans of `cell` between two offsets of its text."""
    found, offset = [], 0
    for piece, style in cell:
        low, high = max(start, offset), min(end, offset + len(piece))
        if low < high:
            found.append((piece[low - offset : high - offset], style))
        offset += len(piece)
    return tuple(found)


def _trimmed(line: list[Span]) -> tuple[Span, ...]:
    while line and not line[-1][0].strip():
        line.pop()
    if line:
        line[-1] = (line[-1][0].rstrip(), line[-1][1])
    return tuple(span for span in line if span[0])
