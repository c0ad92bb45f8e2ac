"""Where things live: the index file and the bundled corpus.

The index and the bundled corpus are plain strings: every read command finds them, and pathlib
(with urllib.parse and ipaddress, which it imports) costs about 3 ms, a tenth of a search.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

DB_ENV = "BRIEF_DB"
DB_FILENAME = "index.db"
APP = "briefcli"

# --db given before the command (`brief --db X list`); a --db after the command wins over it.
_before_command: str | os.PathLike[str] | None = None


def choose_database(path: str | os.PathLike[str] | None) -> None:
    global _before_command
    _before_command = path


def database_path(explicit: str | os.PathLike[str] | None = None) -> str:
    """The index to use: --db, else $BRIEF_DB, else the platform's user data directory."""
    explicit = explicit or _before_command
    if explicit:
        return os.path.expanduser(os.fspath(explicit))
    from_env = os.environ.get(DB_ENV)
    if from_env:
        return os.path.expanduser(from_env)
    return os.path.join(_user_directory("XDG_DATA_HOME", (".local", "share"), "user_data_path"), DB_FILENAME)


def data_directory() -> Path:
    """The user data directory, as platformdirs gives it (tests/test_paths.py compares the two)."""
    from pathlib import Path

    return Path(_user_directory("XDG_DATA_HOME", (".local", "share"), "user_data_path"))


def cache_directory() -> Path:
    """The user cache directory, as platformdirs gives it."""
    from pathlib import Path

    return Path(_user_directory("XDG_CACHE_HOME", (".cache",), "user_cache_path"))


def _user_directory(variable: str, under_home: tuple[str, ...], platformdirs_name: str) -> str:
    if sys.platform.startswith("linux"):
        # The usual Linux answer without importing platformdirs, a tenth of a read command's
        # start-up: $XDG_..._HOME when absolute, else the folder under $HOME, when that is absolute.
        xdg, home = os.environ.get(variable, ""), os.environ.get("HOME", "")
        if os.path.isabs(xdg):
            return os.path.join(xdg, APP)
        if os.path.isabs(home):
            return os.path.join(home, *under_home, APP)
    import platformdirs

    return str(getattr(platformdirs, platformdirs_name)(APP, appauthor=False))


def briefings_directory() -> Path:
    """Where `brief new` writes briefings unless told otherwise."""
    return data_directory() / "briefings"


def bundled_corpus() -> str:
    """The corpus shipped with the package (inside the wheel, or data/ in a source checkout)."""
    # A plain path, not importlib.resources (about 9 ms to import): brief is never run from a zip.
    here = os.path.dirname(os.path.realpath(__file__))
    packaged = os.path.join(os.path.dirname(here), "data", "briefings")
    if os.path.isdir(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(here))), "data", "briefings")
