"""Read the text of an explorer page (a briefing as the web explorer publishes it).

A page runs: site chrome up to "← Back to Explorer"; "Category·Organisations·Mon YYYY"; "N. Title"
(with "★" before the number when featured); the tagline; a line of tags; "Summary" and its
paragraphs; "Key Concepts" and heading/body pairs; "Connections" and one line of graph labels run
together (ignored); then "Influenced by" and "Influences", lists of "N. Title" lines each followed
by a "Mon YYYY" line. Any section may be missing, and a concept heading may have no body.

Each paragraph is one line, with or without blank lines between. A heading is told from a body
by its shape and place: a body runs long, or ends a sentence right under a heading; a heading is
short. Two headings in a row mean the first has no body of its own; two bodies in a row are one
body of two paragraphs.
"""

# Annotations evaluated, as in core/models.py: NamedTuple compiles those written as strings.

import re
from typing import NamedTuple

from briefcli.core.errors import BriefError
from briefcli.core.models import MONTH_NAMES, Concept, Month

SECTIONS = ("summary", "key concepts", "connections", "influenced by", "influences")
LISTS = ("influenced by", "influences")
STARS = ("★", "☆")
HEADING_MAX = 200  # characters; a longer paragraph is a body whatever its ending
_BACK_RE = re.compile(r"^\s*(?:[←⟵⬅↩]|<-+|&larr;)?\s*back to (?:the )?explorer\s*$", re.I)
_NUMBERED_RE = re.compile(r"^\s*(★|☆|\*)?\s*(\d{1,9})\s*[.)]\s+(\S.*?)\s*$")
_MONTH_RE = re.compile(r"^\s*([A-Za-z]{3,9})\.?\s+(\d{4})\s*$")
_SEPARATORS_RE = re.compile(r"\s*[·•]\s*")
_ORG_SPLIT_RE = re.compile(r"\s*,\s*|\s+&\s+")
_TAG_SPLIT_RE = re.compile(r"\s*[·•,|]\s*")
_SENTENCE_END_RE = re.compile(r"[.!…。]['\"”’)\]]*$")
_SENTENCE_BREAK_RE = re.compile(r"[.!?]['\"”’)]*\s+[A-Z“\"(]")


class Listed(NamedTuple):
    """An entry of an "Influenced by" or "Influences" list."""

    number: int
    title: str
    date: Month | None


class Page(NamedTuple):
    number: int
    title: str
    date: Month
    category: str
    org: tuple[str, ...]
    summary: str
    tagline: str = ""
    tags: tuple[str, ...] = ()
    key_concepts: tuple[Concept, ...] = ()
    influenced_by: tuple[Listed, ...] = ()
    influences: tuple[Listed, ...] | None = None  # None when the page has no "Influences" section
    featured: bool = False
    warnings: tuple[str, ...] = ()


class NotAPage(BriefError):
    """Text that lacks what every explorer page has; the message says what is missing."""


def month(text: str) -> Month | None:
    """'Dec 2025', 'December 2025' or 'Sept 2025' as a Month; None if it is not one."""
    match = _MONTH_RE.match(text)
    if not match:
        return None
    name = match.group(1)[:3].title()
    if name not in MONTH_NAMES:
        return None
    return Month(int(match.group(2)), MONTH_NAMES.index(name) + 1)


def _meta(line: str) -> tuple[str, tuple[str, ...], Month] | None:
    parts = [p for p in _SEPARATORS_RE.split(line.strip()) if p]
    if len(parts) < 2:
        return None
    found = month(parts[-1])
    if found is None:
        return None
    category = parts[0] if len(parts) > 2 else ""
    orgs = [org for part in parts[1:-1] for org in _ORG_SPLIT_RE.split(part) if org]
    if len(parts) == 2:
        orgs = [org for org in _ORG_SPLIT_RE.split(parts[0]) if org]
    return category, tuple(orgs), found


def _section(line: str) -> str | None:
    name = " ".join(line.split()).lower()
    return name if name in SECTIONS else None


def _blocks(lines: list[str]) -> list[str]:
    """Paragraphs: a page holds each on a line of its own, blank lines between or not."""
    return [" ".join(line.split()) for line in lines if line.strip()]


def looks_like_body(block: str, *, after_heading: bool = False) -> bool:
    """A paragraph rather than a heading: it runs long, or ends a sentence and either follows a
    heading that has no body yet or is long enough to hold more than a title ("... et al.")."""
    if len(block) > HEADING_MAX:
        return True
    ends = bool(_SENTENCE_END_RE.search(block))
    if after_heading and ends:
        return True
    return len(block) > 100 and (ends or bool(_SENTENCE_BREAK_RE.search(block)))


def _concepts(lines: list[str]) -> tuple[list[Concept], list[str]]:
    concepts: list[list[str]] = []  # [heading, body paragraphs...]
    warnings = []
    for block in _blocks(lines):
        if looks_like_body(block, after_heading=bool(concepts) and len(concepts[-1]) == 1):
            if concepts:
                concepts[-1].append(block)
            else:
                warnings.append("a Key Concepts paragraph has no heading above it; it was left out")
        else:
            concepts.append([block])
    for item in concepts:
        if len(item) == 1:
            warnings.append(f"the key concept '{item[0]}' has no body")
    return [Concept(item[0], "\n\n".join(item[1:])) for item in concepts], warnings


def _listed(lines: list[str]) -> list[Listed]:
    found: list[Listed] = []
    for line in lines:
        if not line.strip():
            continue
        numbered = _NUMBERED_RE.match(line)
        when = month(line)
        if when is not None and found and found[-1].date is None:
            found[-1] = found[-1]._replace(date=when)
        elif numbered and when is None:
            found.append(Listed(int(numbered.group(2)), numbered.group(3), None))
        else:
            break  # the list has ended: what follows is the site's footer, if anything
    return found


def parse(text: str) -> Page:
    """Read one page; raise NotAPage saying what is missing when the text is not one."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    start = next((i + 1 for i, line in enumerate(lines) if _BACK_RE.match(line)), 0)
    meta_at = next((i for i in range(start, len(lines)) if _meta(lines[i])), None)
    if meta_at is None:
        raise NotAPage("no 'Category·Organisation·Mon YYYY' line")
    category, orgs, date = _meta(lines[meta_at]) or ("", (), Month(1, 1))
    if not category:
        raise NotAPage(f"no category before the organisation on line {meta_at + 1}")
    filled = [i for i in range(meta_at + 1, len(lines)) if lines[i].strip()]
    star_alone = bool(filled) and lines[filled[0]].strip() in STARS
    title_at = filled[int(star_alone)] if len(filled) > star_alone else None
    numbered = _NUMBERED_RE.match(lines[title_at]) if title_at is not None else None
    if title_at is None or numbered is None:
        raise NotAPage(f"no 'N. Title' line after line {meta_at + 1}")
    number = int(numbered.group(2))
    # The graph's legend can put "Influenced by" or "Influences" on a line of its own above the
    # lists, so each list heading may come more than once: the last list that has entries wins.
    sections: dict[str, list[str]] = {"": []}
    lists: dict[str, list[Listed]] = {}

    def close(section: str) -> None:
        if section in LISTS:
            # A title cut short ("Preparedness Fra…") is a graph label, not a list entry.
            entries = [e for e in _listed(sections[section]) if not e.title.endswith(("…", "..."))]
            if entries or section not in lists:
                lists[section] = entries

    current = ""
    for line in lines[title_at + 1 :]:
        name = _section(line)
        if name is None or (name in sections and name not in LISTS):
            sections[current].append(line)  # a heading met again outside the lists is text
            continue
        close(current)
        current = name
        sections[current] = []
    close(current)
    head = _blocks(sections[""])
    tagline, tags = "", tuple[str, ...]()
    if len(head) == 1 and len(head[0].split()) <= 3 and not looks_like_body(head[0]):
        tags = tuple(t for t in _TAG_SPLIT_RE.split(head[0]) if t)
    elif head:
        tagline = head[0]
        if len(head) > 1:
            tags = tuple(t for t in _TAG_SPLIT_RE.split(head[1]) if t)
    summary = "\n\n".join(_blocks(sections.get("summary", [])))
    if not summary:
        raise NotAPage("no 'Summary' section, or an empty one")
    concepts, warnings = _concepts(sections.get("key concepts", []))
    return Page(
        number=number,
        title=numbered.group(3),
        date=date,
        category=category,
        org=orgs,
        summary=summary,
        tagline=tagline,
        tags=tags,
        key_concepts=tuple(concepts),
        influenced_by=tuple(lists.get(LISTS[0], [])),
        influences=tuple(lists[LISTS[1]]) if LISTS[1] in lists else None,
        featured=numbered.group(1) is not None or star_alone,
        warnings=tuple(warnings),
    )
