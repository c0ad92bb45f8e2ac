"""Briefings as CSV: one row per briefing, for spreadsheets. Lists are joined with "; "."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from briefcli.core.models import INFLUENCED_BY, BriefingView

COLUMNS = (
    "id",
    "title",
    "tagline",
    "org",
    "date",
    "category",
    "tags",
    "arxiv",
    "links",
    "aliases",
    "summary",
    "key_concepts",
    "influenced_by",
    "influences",
    "related",
    "featured",
    "slug",
)
JOIN = "; "


def to_csv(views: Iterable[BriefingView]) -> str:
    """The whole table as text, with a header row and CRLF line ends (RFC 4180)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for view in views:
        b = view.briefing
        writer.writerow(
            (
                b.id,
                b.title,
                b.tagline,
                JOIN.join(b.org),
                str(b.date),
                b.category,
                JOIN.join(b.tags),
                b.arxiv or "",
                JOIN.join(link.url for link in b.links),
                JOIN.join(b.aliases),
                b.summary,
                JOIN.join(c.title for c in b.key_concepts),
                JOIN.join(str(e.other.id) for e in view.outgoing if e.relation == INFLUENCED_BY),
                JOIN.join(str(e.other.id) for e in view.incoming if e.relation == INFLUENCED_BY),
                JOIN.join(
                    str(e.other.id) for e in view.outgoing + view.incoming if e.relation != INFLUENCED_BY
                ),
                "yes" if b.featured else "",
                b.slug,
            )
        )
    return out.getvalue()
