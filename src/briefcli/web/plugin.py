"""The Datasette hooks: the explorer's routes, and links to them from Datasette's own menu."""

from __future__ import annotations

from typing import Any

from datasette import hookimpl

from briefcli.web import pages

STATIC = "brief-static"  # where web/static is served: /brief-static/brief.css


def register_routes() -> list[tuple[str, Any]]:
    return pages.ROUTES


def menu_links() -> list[dict[str, str]]:
    return [{"href": href, "label": label} for label, href in pages.NAVIGATION]


# Marked by calling hookimpl rather than as a decorator, which would hide the types from mypy.
hookimpl(register_routes)
hookimpl(menu_links)
