"""What every command body starts with: the index opened, the filters and months parsed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefcli.core.errors import UsageProblem
from briefcli.core.models import Month
from briefcli.output import console

if TYPE_CHECKING:
    from _typeshed import StrPath

    from briefcli.index.read import Filters, Store


def open_store(db: StrPath | None) -> Store:
    from briefcli.cli import paths
    from briefcli.index import opening

    return opening.open_index(paths.database_path(db), paths.bundled_corpus(), console.progress())


def filters(
    category: str | None = None,
    org: str | None = None,
    tag: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Filters:
    from briefcli.index.read import Filters

    return Filters(
        category=category,
        org=org,
        tag=tag,
        since=month(since, "--since", end=False),
        until=month(until, "--until", end=True),
    )


def month(text: str | None, option: str, *, end: bool) -> Month | None:
    if text is None:
        return None
    try:
        return Month.parse_bound(text, end=end)
    except ValueError as error:
        raise UsageProblem(f"Invalid value for {option}: {error}.") from None
