"""The explorer's pages and their JSON twins: /, /briefing/N, /search, /path.

Each page reads the index through Datasette's own read-only connection (execute_fn), with the same
index functions the CLI calls, and its JSON twin returns what the CLI's --json prints, built by
output/forms.py. User text reaches the HTML only through Jinja's autoescape.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlencode, urlsplit

from datasette.utils.asgi import Response

from briefcli.core.errors import BriefError, NoPath, NotFound, UsageProblem
from briefcli.core.models import HIGHLIGHT_END, HIGHLIGHT_START, Month
from briefcli.index import explore, search
from briefcli.index.read import Filters, Store
from briefcli.output import forms
from briefcli.web import graphs, metadata

PAGE_SIZE = 50
FACET_VALUES = 12  # values listed under each facet, most common first
SEARCH_LIMIT = 20
MAX_LIMIT = 200
SORTS = ("id", "date", "title")
NAVIGATION = (("Briefings", "/"), ("Search", "/search"), ("Path", "/path"), ("Tables", "/index"))

T = TypeVar("T")
View = Callable[[Any, Any], Awaitable[Response]]


def page(view: View) -> View:
    """Turn the project's errors into an error page, or an error object for a JSON twin."""

    @functools.wraps(view)
    async def wrapped(datasette: Any, request: Any) -> Response:
        try:
            return await view(datasette, request)
        except BriefError as problem:
            status = (
                404
                if isinstance(problem, NotFound | NoPath | graphs.NoPicture)
                else 400
                if isinstance(problem, UsageProblem)
                else 500
            )
            if _wants_json(request):
                return Response.json({"ok": False, "error": str(problem), "status": status}, status=status)
            context = {"message": str(problem), "status": status}
            return await _html(datasette, request, "brief_error.html", context, status)

    return wrapped


async def _read(datasette: Any, work: Callable[[Store], T]) -> T:
    """Run `work` on a Store over Datasette's read-only connection, in its thread pool."""
    database = datasette.get_database(metadata.DATABASE)
    path = Path(database.path)
    result: T = await database.execute_fn(lambda conn: work(Store(path, conn)))
    return result


async def _html(
    datasette: Any, request: Any, template: str, context: dict[str, Any], status: int = 200
) -> Response:
    context = {**context, "navigation": NAVIGATION, "request_path": request.path}
    body = await datasette.render_template(template, context, request=request)
    return Response.html(body, status=status)


def _wants_json(request: Any) -> bool:
    return bool(request.url_vars.get("format") == "json")


@page
async def explorer(datasette: Any, request: Any) -> Response:
    chosen, shown = _filters(request.args)
    sort = request.args.get("sort") or "id"
    if sort not in SORTS:
        raise UsageProblem(f"Invalid sort '{sort}': choose id, date or title.")
    number = _number(request.args.get("page"), "page", default=1, low=1)

    def read(store: Store) -> tuple[Any, int, dict[str, list[tuple[str, int]]]]:
        found = store.find(chosen, sort, PAGE_SIZE, (number - 1) * PAGE_SIZE)
        return found, explore.count(store, chosen), explore.facets(store, chosen, FACET_VALUES)

    briefings, total, counts = await _read(datasette, read)
    pages = max(1, -(-total // PAGE_SIZE))
    previous = _query(request.args, page=number - 1 if number > 2 else None) if number > 1 else None
    following = _query(request.args, page=number + 1) if number < pages else None
    if _wants_json(request):
        headers = {"Link": f'</.json{following}>; rel="next"'} if following is not None else {}
        return Response.json(forms.list_json(briefings), headers=headers)
    facets = {
        name: [
            {
                "value": value,
                "count": n,
                "href": "/" + _query(request.args, **{name: value}, page=None),
                "active": shown.get(name) == value,
            }
            for value, n in values
        ]
        for name, values in counts.items()
    }
    context = {
        "briefings": forms.list_json(briefings),
        "total": total,
        "page": number,
        "pages": pages,
        "links": {
            "previous": None if previous is None else "/" + previous,
            "next": None if following is None else "/" + following,
        },
        "facets": facets,
        "active": [
            {"name": name, "value": value, "href": "/" + _query(request.args, **{name: None}, page=None)}
            for name, value in shown.items()
        ],
        "sort": sort,
        "sorts": [
            (key, "/" + _query(request.args, sort=None if key == "id" else key, page=None)) for key in SORTS
        ],
        "json_url": "/.json" + _query(request.args),
    }
    return await _html(datasette, request, "brief_explorer.html", context)


@page
async def briefing(datasette: Any, request: Any) -> Response:
    ref = unquote(request.url_vars["ref"])  # Datasette leaves the path's %-escapes in place
    suffix = ".json" if _wants_json(request) else ""

    def read(store: Store) -> tuple[int, Any]:
        number = search.resolve(store, ref)
        if str(number) != ref:
            return number, None
        view = store.view(number)
        return number, (view, graphs.traces(store, number)) if view else None

    number, found = await _read(datasette, read)
    if found is None:  # 046, a slug or a title: send the browser to the page's one address
        return Response.redirect(f"/briefing/{number}{suffix}")
    view, traces = found
    data = forms.view_json(view)
    if _wants_json(request):
        return Response.json(data)
    context = {
        "b": data,
        "links": [
            {**link, "safe": urlsplit(link["url"]).scheme in ("http", "https")} for link in data["links"]
        ],
        "traces": traces,
        "picture": graphs.can_draw() and graphs.drawable(traces),
        "row_url": f"/{metadata.DATABASE}/briefings/{number}",
    }
    return await _html(datasette, request, "brief_briefing.html", context)


@page
async def picture(datasette: Any, request: Any) -> Response:
    number = _number(request.url_vars["ref"], "briefing", low=0)

    def read(store: Store) -> str:
        if store.refs([number])[number].missing:
            raise NotFound(str(number))
        return graphs.dot_source(store, graphs.traces(store, number))

    svg = graphs.svg(await _read(datasette, read))
    # An SVG opened on its own is a document: it may draw, never run anything.
    headers = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"}
    return Response(svg, content_type="image/svg+xml; charset=utf-8", headers=headers)


@page
async def search_page(datasette: Any, request: Any) -> Response:
    query = request.args.get("q") or ""
    chosen, _ = _filters(request.args)
    limit = _number(request.args.get("limit"), "limit", default=SEARCH_LIMIT, low=0, high=MAX_LIMIT)
    results = await _read(datasette, lambda store: search.search(store, query, chosen, limit))
    if _wants_json(request):
        return Response.json(forms.search_json(results))
    hits = [
        {**form, "pieces": _pieces(hit.snippet)}
        for form, hit in zip(forms.search_json(results), results.hits, strict=True)
    ]
    context = {
        "query": query,
        "hits": hits,
        "corrections": results.corrections,
        "notices": results.notices,
        "json_url": "/search.json" + _query(request.args),
    }
    return await _html(datasette, request, "brief_search.html", context)


@page
async def path_page(datasette: Any, request: Any) -> Response:
    start, goal = (request.args.get(name) or "" for name in ("from", "to"))
    any_direction = request.args.get("any") not in (None, "", "0")
    context: dict[str, Any] = {"start": start, "goal": goal, "any": any_direction, "chain": None}
    if not start.strip() or not goal.strip():
        if _wants_json(request):
            raise UsageProblem("Give both ends of the chain: /path.json?from=A&to=B.")
        return await _html(datasette, request, "brief_path.html", context)

    def read(store: Store) -> explore.Chain:
        return explore.chain(store, search.resolve(store, start), search.resolve(store, goal), any_direction)

    chain = await _read(datasette, read)
    found = forms.path_json(chain.found, chain.way, chain.steps, chain.refs)
    if _wants_json(request):
        return Response.json(found)
    context.update(chain=found, json_url="/path.json" + _query(request.args))
    return await _html(datasette, request, "brief_path.html", context)


def _filters(args: Mapping[str, Any]) -> tuple[Filters, dict[str, str]]:
    """The filters of `brief list` from the query string, and the ones given, for display."""
    given = {name: args.get(name) for name in ("category", "org", "tag", "year", "since", "until")}
    shown = {name: value for name, value in given.items() if value}
    since, until = given["since"], given["until"]
    if given["year"]:
        since = until = given["year"]
    return (
        Filters(
            category=given["category"] or None,
            org=given["org"] or None,
            tag=given["tag"] or None,
            since=_month(since, "since", end=False),
            until=_month(until, "until", end=True),
        ),
        shown,
    )


def _month(text: str | None, name: str, *, end: bool) -> Month | None:
    if not text:
        return None
    try:
        return Month.parse_bound(text, end=end)
    except ValueError as error:
        raise UsageProblem(f"Invalid value for {name}: {error}.") from None


def _number(text: str | None, name: str, *, default: int = 0, low: int = 0, high: int | None = None) -> int:
    if text is None or text == "":
        return default
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        raise UsageProblem(f"Invalid {name} '{text}': give a whole number.")
    value = int(text)
    if value < low or (high is not None and value > high):
        limits = f"from {low}" + (f" to {high}" if high is not None else " up")
        raise UsageProblem(f"Invalid {name} {value}: give a number {limits}.")
    return value


def _query(args: Mapping[str, Any], **changes: Any) -> str:
    """The current query string with some parameters changed (None removes one)."""
    pairs = {key: args.get(key) for key in args}
    for key, value in changes.items():
        pairs[key] = None if value is None else str(value)
    kept = {key: value for key, value in pairs.items() if value not in (None, "")}
    return "?" + urlencode(kept) if kept else ""


def _pieces(snippet: str) -> list[tuple[str, bool]]:
    """A snippet as (text, highlighted) pieces, for the template to mark up without |safe."""
    pieces = []
    for index, part in enumerate(snippet.replace(HIGHLIGHT_END, HIGHLIGHT_START).split(HIGHLIGHT_START)):
        if part:
            pieces.append((part, index % 2 == 1))
    return pieces


ROUTES = [
    (r"^/(\.(?P<format>json))?$", explorer),
    (r"^/briefing/(?P<ref>[^/]+?)/graph\.svg$", picture),
    (r"^/briefing/(?P<ref>[^/]+?)(\.(?P<format>json))?$", briefing),
    (r"^/search(\.(?P<format>json))?$", search_page),
    (r"^/path(\.(?P<format>json))?$", path_page),
]
