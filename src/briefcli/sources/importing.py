"""Turn explorer pages into briefings, alone or resolved against a collection.

Alone, each page keeps its own number and its "Influenced by" numbers: a pure conversion. Against
a collection, a page whose document is already there is not written again (unless forced, when
it takes a new number); a page whose number belongs to another document takes the next free
number; and each "Influenced by" entry is looked up by title and month in the collection, then
among the other pages of the same import, before its page number is kept with a warning.

Title matching is passed in (index/titles.py), as it needs rapidfuzz, which the index owns.
"""

# Annotations evaluated, as in core/models.py: NamedTuple compiles those written as strings.

from collections.abc import Callable, Sequence
from typing import NamedTuple

from briefcli.core.models import INFLUENCED_BY, Briefing, Connection, Month, slugify
from briefcli.sources.explorer_page import Listed, Page

Finder = Callable[[str, "Month | None"], "int | None"]  # (title, month) -> number or None
MakeFinder = Callable[[list[tuple[int, str, "Month | None"]]], Finder]

WRITTEN, EXISTS, RENUMBERED = "written", "exists", "renumbered"


class Outcome(NamedTuple):
    file: str
    briefing: Briefing  # with the number it is (or already was) known by
    status: str  # WRITTEN, EXISTS or RENUMBERED
    warnings: list[str]


def briefing(page: Page, number: int | None = None, connections: Sequence[int] | None = None) -> Briefing:
    """The page as a briefing, under its own number and influences unless others are given."""
    targets = [item.number for item in page.influenced_by] if connections is None else connections
    return Briefing(
        id=page.number if number is None else number,
        title=page.title,
        date=page.date,
        category=page.category,
        summary=page.summary,
        tagline=page.tagline,
        org=page.org,
        tags=page.tags,
        key_concepts=page.key_concepts,
        connections=tuple(Connection(t, INFLUENCED_BY) for t in dict.fromkeys(targets)),
        featured=page.featured,
        slug=slugify(page.title) or "briefing",
    )


def disagreements(pages: Sequence[Page]) -> list[list[str]]:
    """For each page, a warning for each page of the same import whose lists contradict it.

    Only "Influenced by" makes connections; "Influences" is derived, so it serves only to check.
    """
    by_number = {page.number: page for page in pages}
    found: list[list[str]] = [[] for _ in pages]
    for index, page in enumerate(pages):
        for item in page.influences or ():
            other = by_number.get(item.number)
            if other is not None and page.number not in {i.number for i in other.influenced_by}:
                found[index].append(
                    f"this page says it influences {other.number}, but the page of {other.number} "
                    f"does not list {page.number} under Influenced by"
                )
        for item in page.influenced_by:
            other = by_number.get(item.number)
            if other is not None and other.influences is not None:
                if page.number not in {i.number for i in other.influences}:
                    found[index].append(
                        f"this page says it was influenced by {other.number}, but the page of "
                        f"{other.number} does not list {page.number} under Influences"
                    )
    return found


def plan(
    pages: Sequence[tuple[str, Page]],
    collection: Finder,
    taken: set[int],
    make_finder: MakeFinder,
    *,
    force: bool = False,
) -> list[Outcome]:
    """Decide the number, status and connections of each page against a collection."""
    found = [collection(page.title, page.date) for _, page in pages]
    known = [existing is not None and not force for existing in found]
    # Pages that keep their own number claim it first, so that a renumbered page never takes the
    # number of a later page of the same import.
    taken = set(taken)
    keeps = set()
    for (_, page), skip in zip(pages, known, strict=True):
        if not skip and page.number not in taken:
            keeps.add(page.number)
    claimed = taken | keeps
    numbers: list[int] = []
    statuses: list[str] = []
    warnings = disagreements([page for _, page in pages])
    for index, (_, page) in enumerate(pages):
        existing = found[index]
        if known[index]:
            assert existing is not None
            numbers.append(existing)
            statuses.append(EXISTS)
            warnings[index].insert(0, f"already in the collection as {existing}")
            continue
        if existing is not None:
            warnings[index].append(f"already in the collection as {existing}; written again as --force asks")
        if page.number in keeps:
            keeps.discard(page.number)  # the first page to claim a number keeps it
            number, status = page.number, WRITTEN
        else:
            number, status = _next_free(taken, claimed), RENUMBERED
            if page.number not in taken:
                why = "is used by another page of this import"
            elif existing == page.number:
                why = "is already in the collection"
            else:
                why = "belongs to another briefing"
            warnings[index].append(f"number {page.number} {why}: written as {number}")
        claimed.add(number)
        numbers.append(number)
        statuses.append(status)
    in_import = make_finder([(n, page.title, page.date) for n, (_, page) in zip(numbers, pages, strict=True)])
    outcomes = []
    for index, (file, page) in enumerate(pages):
        targets = []
        for item in page.influenced_by:
            target = _resolve(item, collection, in_import, numbers[index])
            if target is None:
                warnings[index].append(
                    f"'{item.number}. {item.title}' under Influenced by is not in the collection "
                    f"nor in this import: kept as {item.number}"
                )
                target = item.number
            targets.append(target)
        made = briefing(page, numbers[index], targets)
        outcomes.append(Outcome(file, made, statuses[index], warnings[index]))
    return outcomes


def _next_free(collection: set[int], claimed: set[int]) -> int:
    """The first number after the collection's last that nothing has claimed."""
    number = max(collection, default=0) + 1
    while number in claimed:
        number += 1
    return number


def _resolve(item: Listed, collection: Finder, in_import: Finder, itself: int) -> int | None:
    for finder in (collection, in_import):
        found = finder(item.title, item.date)
        if found is not None and found != itself:
            return found
    return None
