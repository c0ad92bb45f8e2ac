"""Where things live: the index file and the bundled corpus."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DB_ENV = "BRIEF_DB"
DB_FILENAME = "index.db"
APP = "briefcli"

# --db given before the command (`brief --db X list`); a --db after the command wins over it.
_before_command: Path | None = None


def choose_database(path: Path | None) -> None:
    global _before_command
    _before_command = path


def database_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The index to use: --db, else $BRIEF_DB, else the platform's user data directory."""
    explicit = explicit or _before_command
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(DB_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return data_directory() / DB_FILENAME


def data_directory() -> Path:
    """The user data directory, as platformdirs gives it (tests/test_paths.py compares the two)."""
    return _user_directory("XDG_DATA_HOME", (".local", "share"), "user_data_path")


def cache_directory() -> Path:
    """The user cache directory, as platformdirs gives it."""
    return _user_directory("XDG_CACHE_HOME", (".cache",), "user_cache_path")


def _user_directory(variable: str, under_home: tuple[str, ...], platformdirs_name: str) -> Path:
    if sys.platform.startswith("linux"):
        # The usual Linux answer without importing platformdirs, a tenth of a read command's
        # start-up: $XDG_..._HOME when absolute, else the folder under $HOME, when that is absolute.
        xdg, home = os.environ.get(variable, ""), os.environ.get("HOME", "")
        if os.path.isabs(xdg):
            return Path(xdg, APP)
        if os.path.isabs(home):
            return Path(home, *under_home, APP)
    import platformdirs

    found: Path = getattr(platformdirs, platformdirs_name)(APP, appauthor=False)
    return found


def briefings_directory() -> Path:
    """Where `brief new` writes briefings unless told otherwise."""
    return data_directory() / "briefings"


def bundled_corpus() -> Path:
    """The corpus shipped with the package (inside the wheel, or data/ in a source checkout)."""
    # A plain path, not importlib.resources (about 9 ms to import): brief is never run from a zip.
    here = Path(__file__).resolve().parent
    packaged = here.parent / "data" / "briefings"
    if packaged.is_dir():
        return packaged
    return here.parents[2] / "data" / "briefings"
