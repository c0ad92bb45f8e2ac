"""The page of one briefing (`brief show`) as blocks of styled spans, drawn by rich or as plain text.

The layout is decided once, here. A terminal gets the blocks through rich (output/render.py); a
pipe gets them wrapped by `plain`, which fills lines exactly as rich does for this page (a test
compares the two on every bundled briefing) without importing rich, about half of the start-up
of `brief show | less`.
"""

# Annotations evaluated, as in core/models.py: NamedTuple compiles those written as strings.

import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

from briefcli.core.models import INFLUENCED_BY, BriefingRef, BriefingView, Edge
from briefcli.output.text import FEATURED, MISSING, clean, one_line, orgs

Span = tuple[str, str]  # text and a rich style name ("" for none)
URL = "url"  # the style of a link: an OSC 8 hyperlink on a terminal, the plain URL in a pipe
READING_WIDTH = 88  # prose on a wide terminal stops here, as lines longer than that are hard to read


class Block(NamedTuple):
    """A paragraph: its spans, wrapped to the width less `indent` spaces on every line."""

    spans: tuple[Span, ...]
    indent: int = 0


def briefing_blocks(view: BriefingView) -> list[Block]:
    b = view.briefing
    meta: list[Span] = [(" · ".join(one_line(p) for p in (b.category, orgs(b), b.date.label) if p), "dim")]
    if b.featured:
        meta += [(" · ", "dim"), (f"{FEATURED}featured", "yellow")]
    blocks = [Block(((f"{b.id}. ", "bold cyan"), (one_line(b.title), "bold"))), Block(tuple(meta))]
    if b.tagline:
        blocks.append(Block(((one_line(b.tagline), "italic"),)))
    # One header item a line, so that a wrap never parts a label from its value.
    for label, value in (
        ("Tags", ", ".join(b.tags)),
        ("Also known as", ", ".join(b.aliases)),
        ("arXiv", b.arxiv or ""),
    ):
        if value:
            blocks.append(Block(((f"{label}: ", "bold"), (one_line(value), ""))))
    for link in b.links:
        blocks.append(
            Block((("Link: ", "bold"), (one_line(link.label), ""), (" ", ""), (one_line(link.url), URL)))
        )
    blocks += [Block(()), Block((("Summary", "bold underline"),)), Block(((clean(b.summary), ""),), 2)]
    if b.key_concepts:
        blocks += [Block(()), Block((("Key concepts", "bold underline"),))]
        for number, concept in enumerate(b.key_concepts, 1):
            blocks.append(Block(((f"{number}. ", "bold"), (one_line(concept.title), "bold")), 2))
            if concept.body:
                blocks.append(Block(((clean(concept.body), ""),), 5))
    blocks += _edges("Influenced by", [e for e in view.outgoing if e.relation == INFLUENCED_BY])
    blocks += _edges("Influences", [e for e in view.incoming if e.relation == INFLUENCED_BY])
    related = [e for e in view.outgoing + view.incoming if e.relation != INFLUENCED_BY]
    if related:
        blocks += _edges("Related", related)
    return blocks


def ref_spans(ref: BriefingRef) -> tuple[Span, ...]:
    """'46. OpenAI Model Spec (Dec 2025)', or '99. (missing...)'."""
    if ref.date is None:
        return ((f"{ref.id}. ", "bold"), (MISSING, "red"))
    return ((f"{ref.id}. ", "bold"), (one_line(ref.title), ""), (f" ({ref.date.label})", "dim"))


def _edges(heading: str, edges: list[Edge]) -> list[Block]:
    blocks = [Block(()), Block(((heading, "bold underline"),))]
    if not edges:
        blocks.append(Block((("none", "dim"),), 2))
    for edge in edges:
        spans = ref_spans(edge.other)
        if edge.note:
            spans += ((" — ", "dim"), (one_line(edge.note), "dim"))
        blocks.append(Block(spans, 2))
    return blocks


def plain(blocks: Iterable[Block], width: int) -> str:
    """The blocks as text lines of at most `width` columns, filled as rich fills them."""
    out = []
    for block in blocks:
        text = "".join(span for span, _ in block.spans)
        margin = " " * block.indent
        for paragraph in text.split("\n"):
            out += [(margin + line).rstrip() for line in fill(paragraph, max(1, width - block.indent))]
    return "".join(line + "\n" for line in out)


_WORD_RE = re.compile(r"\s*\S+\s*")


def fill(text: str, width: int) -> list[str]:
    """Break text into lines as rich's divide_line does (rich/_wrap.py), so a pipe and a terminal
    wrap a page alike: a word that does not fit starts a new line; one longer than the whole
    width starts a new line and is cut into pieces. Importing rich's own costs more than this."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD_RE.finditer(text):
        start, word = match.start(), match.group()
        length = cells(word.rstrip())
        if width - offset >= length:
            offset += cells(word)
        elif length > width:
            pieces = _chop(word, width)
            for index, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if index == len(pieces) - 1:
                    offset = cells(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = cells(word)
    edges = [0, *breaks, len(text)]
    return [text[a:b] for a, b in zip(edges, edges[1:], strict=False)]


def cells(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(
        2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text
    )


def _chop(word: str, width: int) -> list[str]:
    pieces, current, used = [], "", 0
    for char in word:
        size = cells(char)
        if used + size > width and current:
            pieces.append(current)
            current, used = "", 0
        current += char
        used += size
    return [*pieces, current]
