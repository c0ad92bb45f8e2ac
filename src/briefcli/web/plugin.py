"""The Datasette hooks: the explorer's routes, and links to them from Datasette's own menu."""

from __future__ import annotations

from typing import Any

import markupsafe
from datasette import hookimpl

from briefcli.web import metadata, pages

STATIC = "brief-static"  # where web/static is served: /brief-static/brief.css


def register_routes() -> list[tuple[str, Any]]:
    return pages.ROUTES


def menu_links() -> list[dict[str, str]]:
    return [{"href": href, "label": label} for label, href in pages.NAVIGATION]


def render_cell(value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """A concept's briefing_id as a link to its briefing, labelled with its title.

    Datasette draws that link from a declared foreign key, and concepts is a view (it cuts the
    text out of briefings, which stores it once), which can declare none.
    """
    if (database, table, column) != (metadata.DATABASE, "concepts", "briefing_id") or type(value) is not int:
        return None

    async def link() -> markupsafe.Markup:
        rows = await datasette.get_database(database).execute(
            "SELECT title FROM briefings WHERE id = ?", [value]
        )
        href = datasette.urls.row(database, "briefings", str(value))
        title = rows.first()[0] if rows.first() else str(value)
        return markupsafe.Markup('<a href="{}">{}</a>&nbsp;<em>{}</em>').format(href, title, value)

    return link


# Marked by calling hookimpl rather than as a decorator, which would hide the types from mypy.
hookimpl(register_routes)
hookimpl(menu_links)
hookimpl(render_cell)
