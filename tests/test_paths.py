"""Where the index lives by default: the same directory platformdirs names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import platformdirs
import pytest

from briefcli.cli import paths


@pytest.mark.parametrize(
    "variable, ours, theirs",
    [
        ("XDG_DATA_HOME", paths.data_directory, platformdirs.user_data_path),
        ("XDG_CACHE_HOME", paths.cache_directory, platformdirs.user_cache_path),
    ],
)
@pytest.mark.parametrize(
    "xdg, home",
    [
        (None, "/home/ada"),
        ("/data/xdg", "/home/ada"),
        ("", "/home/ada"),
        ("relative/xdg", "/home/ada"),
        ("/data/xdg", "relative-home"),
        (None, None),
    ],
)
def test_the_user_directories_are_the_ones_platformdirs_names(
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
    ours: Callable[[], Path],
    theirs: Callable[..., Path],
    xdg: str | None,
    home: str | None,
) -> None:
    for name, value in ((variable, xdg), ("HOME", home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    try:
        expected = theirs("briefcli", appauthor=False)
    except RuntimeError:  # no home directory at all: platformdirs refuses, and so may we
        return
    assert ours() == expected


def test_the_index_file_sits_in_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BRIEF_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", "/data/xdg")
    assert paths.database_path() == "/data/xdg/briefcli/index.db"
    assert paths.database_path("~/other.db") == str(Path("~/other.db").expanduser())
