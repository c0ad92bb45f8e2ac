"""Where the index lives by default: the same directory platformdirs names."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from briefcli.cli import paths


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
def test_the_data_directory_is_the_one_platformdirs_names(
    monkeypatch: pytest.MonkeyPatch, xdg: str | None, home: str | None
) -> None:
    for name, value in (("XDG_DATA_HOME", xdg), ("HOME", home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    try:
        expected = platformdirs.user_data_path("briefcli", appauthor=False)
    except RuntimeError:  # no home directory at all: platformdirs refuses, and so may we
        return
    assert paths.data_directory() == expected


def test_the_index_file_sits_in_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BRIEF_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", "/data/xdg")
    assert paths.database_path() == Path("/data/xdg/briefcli/index.db")
    assert paths.database_path("~/other.db") == Path("~/other.db").expanduser()
