"""A piped `brief show` is the page a terminal shows, wrapped alike, without importing rich."""

from __future__ import annotations

import pytest
from rich.console import Console

from briefcli.cli import paths
from briefcli.index.opening import open_index
from briefcli.output import page, render


@pytest.fixture(scope="module")
def views(tmp_path_factory: pytest.TempPathFactory) -> list:
    store = open_index(tmp_path_factory.mktemp("page") / "index.db", paths.bundled_corpus())
    return [store.view(b.id) for b in store.find()]


@pytest.mark.parametrize("width", [30, 80, 100, 200])
def test_plain_pages_match_rich_on_every_bundled_briefing(views: list, width: int) -> None:
    console = Console(width=width, highlight=False, emoji=False, markup=False, no_color=True)
    for view in views:
        with console.capture() as captured:
            console.print(render.briefing_detail(view))
        drawn = "".join(line.rstrip() + "\n" for line in captured.get().splitlines())
        reading = min(width, page.READING_WIDTH)  # prose stops at a reading width on wide screens
        assert page.plain(page.briefing_blocks(view), reading) == drawn, view.briefing.id


@pytest.mark.parametrize(
    "text, width, lines",
    [
        ("one two three", 7, ["one two ", "three"]),
        (
            "a https://example.org/a/very/long/path end",
            10,
            ["a ", "https://ex", "ample.org/", "a/very/lon", "g/path end"],
        ),
        ("wide 漢字漢字 text", 6, ["wide ", "漢字漢", "字 ", "text"]),
        ("", 5, [""]),
    ],
)
def test_fill_breaks_where_rich_breaks(text: str, width: int, lines: list[str]) -> None:
    from rich.text import Text

    assert page.fill(text, width) == lines
    wrapped = Text(text).wrap(Console(width=width), width)
    assert [str(line).rstrip() for line in wrapped] == [line.rstrip() for line in lines]
