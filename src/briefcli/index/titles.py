"""Find a briefing by title and month, forgiving how another site writes the title.

Titles are compared after folding case, accents, dashes and punctuation, with rapidfuzz's ratio
and a cut-off. An acronym or version added in parentheses at the end ("... Learners (GPT-3)"),
or a short name before a colon ("InstructGPT: Training ..."), is forgiven when only one of the
two titles has it; when both have one, it must match too, so "Framework (Beta)" is not
"Framework (Version 2)". The month may differ by one, as the explorer
dates some papers by a later version.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from briefcli.core.models import Month

CUTOFF = 90  # rapidfuzz ratio, 0-100, after normalising
MONTHS_APART = 1
_TRAILING_RE = re.compile(r"\s*\(([^()]{1,40})\)\s*$")
_LEADING_RE = re.compile(r"^[^:]{1,24}:\s+(?=\S)")  # "InstructGPT: Training language models..."
_PUNCTUATION_RE = re.compile(r"[\W_]+")


def normal(title: str) -> str:
    """'Few‑Shot Learners!' -> 'few shot learners'."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return " ".join(_PUNCTUATION_RE.sub(" ", folded).split())


def forms(title: str) -> tuple[str, str | None]:
    """The whole title, and the title without the name added to it (None when it has none): a
    trailing parenthesis, or else a short name before a colon."""
    trailing = _TRAILING_RE.search(title)
    if trailing:
        return normal(title), normal(title[: trailing.start()])
    leading = _LEADING_RE.match(title)
    return normal(title), normal(title[leading.end() :]) if leading else None


class Titles:
    """Names (titles, aliases) with their numbers and months, to look a title up in."""

    def __init__(self, entries: Iterable[tuple[int, str, Month | None]]):
        self.by_month: dict[int | None, list[tuple[int, str, str | None]]] = {}
        for number, name, month in entries:
            whole, short = forms(name)
            self.by_month.setdefault(month.number if month else None, []).append((number, whole, short))

    def find(self, title: str, month: Month | None) -> int | None:
        """The number of the best match at or above the cut-off, or None."""
        from rapidfuzz import fuzz

        whole, short = forms(title)
        if month is None:
            candidates = [c for group in self.by_month.values() for c in group]
        else:
            candidates = [
                c
                for step in range(-MONTHS_APART, MONTHS_APART + 1)
                for c in self.by_month.get(month.number + step, [])
            ]
        best, best_score = None, float(CUTOFF)
        for number, other_whole, other_short in candidates:
            pairs = [(whole, other_whole)]
            if (short is None) != (other_short is None):  # an acronym added on one side only
                pairs.append((short or whole, other_short or other_whole))
            score = max(fuzz.ratio(a, b, score_cutoff=CUTOFF) for a, b in pairs)
            if score >= best_score and (best is None or score > best_score):
                best, best_score = number, score
        return best
