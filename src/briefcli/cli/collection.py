"""The folders a collection is made of: brief roots, brief unload, and brief load with no paths."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from briefcli.cli import paths
from briefcli.cli.common import open_store
from briefcli.core.errors import BriefError
from briefcli.core.models import plural
from briefcli.output import console

if TYPE_CHECKING:
    from _typeshed import StrPath

    from briefcli.index.read import Store
    from briefcli.index.write import LoadReport


def roots(as_json: bool, db: Path | None) -> None:
    """List the bundled corpus and the loaded folders, with how many briefings each holds."""
    from briefcli.index import collection

    found = collection.roots(open_store(db))
    if as_json:
        bundled = str(paths.bundled_corpus())
        console.show_json(
            [
                {
                    "path": bundled if root.bundled else root.path,
                    "bundled": root.bundled,
                    "briefings": root.briefings,
                    "exists": root.exists,
                }
                for root in found
            ]
        )
        return
    if not found:
        console.note("The index holds no briefings. Add some with brief load DIR.")
    for root in found:
        where = "the bundled corpus" if root.bundled else shown(root.path)
        missing = "" if root.exists else "  (no longer exists)"
        console.write(f"{root.briefings:>8}  {where}{missing}\n")


def unload(path: Path, db: Path | None) -> None:
    """Forget a loaded folder and its briefings; the files themselves are left alone."""
    from briefcli.index import collection
    from briefcli.output import text

    store = open_store(db)
    key = str(path.expanduser().resolve())
    if key == os.path.realpath(paths.bundled_corpus()) or str(path) == "bundled":
        raise BriefError(
            "The bundled corpus is not unloaded this way. To leave it out, rebuild the index from "
            "your own folders only: brief load --rebuild --no-bundled DIR..."
        )
    known = collection.loaded(store)
    if key not in known:
        listed = "; ".join(shown(p) for p in known) or "none"
        raise BriefError(f"{shown(key)} is not a loaded folder. Loaded: {listed}.")
    removed, warnings = collection.Collection(store).unload(key)
    for warning in warnings:
        console.note(text.problem_line(warning))
    console.write(
        f"Unloaded {shown(key)}: {plural(removed, 'briefing')} removed. "
        f"The index holds {plural(store.count(), 'briefing')}.\n"
    )


def refresh(db: StrPath | None) -> tuple[Store, LoadReport]:
    """`brief load` with no paths: re-read every loaded root."""
    from briefcli.index import collection

    store = open_store(db)
    if not collection.loaded(store):
        console.note("No folders are loaded yet: give files or directories, as in brief load ~/notes.")
    report, missing = collection.Collection(store).refresh(paths.bundled_corpus(), console.progress())
    for key in missing:
        console.note(f"{shown(key)} no longer exists: its briefings were removed. brief unload forgets it.")
    return store, report


def shown(path: str) -> str:
    """A path as a person reads it: relative below the current folder, ~ below home."""
    here, home = Path.cwd(), Path.home()
    target = Path(path)
    if target.is_relative_to(here) and target != here:
        return str(target.relative_to(here))
    if target.is_relative_to(home):
        return os.path.join("~", target.relative_to(home))
    return path
