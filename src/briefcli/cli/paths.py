"""Where things live: the index file and the bundled corpus."""

from __future__ import annotations

import os
from pathlib import Path

DB_ENV = "BRIEF_DB"
DB_FILENAME = "index.db"


def database_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The index to use: --db, else $BRIEF_DB, else the platform's user data directory."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(DB_ENV)
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs

    return platformdirs.user_data_path("briefcli", appauthor=False) / DB_FILENAME


def bundled_corpus() -> Path:
    """The corpus shipped with the package (inside the wheel, or data/ in a source checkout)."""
    # A plain path, not importlib.resources (about 9 ms to import): brief is never run from a zip.
    here = Path(__file__).resolve().parent
    packaged = here.parent / "data" / "briefings"
    if packaged.is_dir():
        return packaged
    return here.parents[2] / "data" / "briefings"
