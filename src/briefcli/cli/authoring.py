"""Writing briefings: brief new, brief edit and brief open.

A new or edited file is validated against the whole collection when the editor exits; a valid
one is loaded at once (its folder, or the loaded folder it lies in, becomes or stays a root), an
invalid one is kept and its problems listed. The bundled files live inside the installed package
and are never written to.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from briefcli.cli import paths
from briefcli.cli.common import open_store
from briefcli.core.errors import BriefError, InvalidData
from briefcli.core.models import Month, slugify
from briefcli.output import console

if TYPE_CHECKING:
    from briefcli.core.models import Briefing
    from briefcli.index.read import Store
    from briefcli.index.write import LoadReport

# Tried in turn when neither $VISUAL nor $EDITOR is set.
FALLBACK_EDITORS = ("editor", "nano", "vim", "vi", "notepad")
UNTITLED = "Untitled briefing"


def new(
    title: str | None, directory: Path | None, from_ref: str | None, no_edit: bool, db: Path | None
) -> None:
    """Write NNN-slug.yaml from the template (or a copy), edit it, check it and load it."""
    from briefcli.index import collection
    from briefcli.sources import template

    store = open_store(db)
    folder = (directory or paths.briefings_directory()).expanduser().resolve()
    if folder.exists() and not folder.is_dir():
        raise BriefError(f"{folder} is not a folder: give --dir a folder for the new briefing.")
    number = next_number(store, folder)
    if from_ref is None:
        today = date.today()
        example = collection.newest_id(store) or 1
        text = template.blank(number, title or UNTITLED, Month(today.year, today.month), example)
        slug = slugify(title or UNTITLED)
    else:
        original = _briefing(store, from_ref)
        text = template.copy(*_source_text(original), number, title, f"{original.id}. {original.title}")
        slug = slugify(title) if title else f"{original.slug}-copy"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{number:03d}-{slug or 'briefing'}.yaml"
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    console.note(f"Wrote {path}")
    if not no_edit:
        edit_until_valid(store, path)
    elif not check(store, path):
        raise BriefError(f"{path} has problems (listed above); it was kept but not loaded.")
    if title is None:
        path = _named_after_title(store, path)
    _load(store, path)
    loaded = store.briefing(number)
    shown = f"{loaded.id}. {loaded.title}" if loaded else str(number)
    console.write(f"Added {shown} ({path}). See it with: brief show {number}\n")


def edit(ref: str, db: Path | None) -> None:
    """Open a briefing's file in the editor, check it, and load it again."""
    store = open_store(db)
    briefing = _briefing(store, ref)
    path = Path(briefing.source or "")
    if _bundled(path):
        raise BriefError(
            f"{briefing.id}. {briefing.title} is a bundled briefing: it lives inside the installed "
            f"package and is not edited in place. Start your own copy with: brief new --from {briefing.id}"
        )
    if not path.is_file():
        raise BriefError(f"The file of {briefing.id}, {path}, is gone. Run brief load to refresh the index.")
    edit_until_valid(store, path)
    report = _load(store, path)
    state = "updated" if report.added or report.updated or report.removed else "unchanged"
    console.write(f"Saved {briefing.id}. {briefing.title} ({path}): {state}.\n")


def open_link(ref: str, print_only: bool, db: Path | None) -> None:
    """Open a briefing's primary link (its arXiv page for a paper) in the browser."""
    briefing = _briefing(open_store(db), ref)
    url = primary_link(briefing)
    if url is None:
        raise BriefError(f"{briefing.id}. {briefing.title} has no link: it gives neither arxiv nor links.")
    if print_only:
        console.write(url + "\n")
        return
    import webbrowser  # honours $BROWSER

    if not webbrowser.open(url):
        raise BriefError(f"No browser could be started (set BROWSER to choose one). The link is {url}")
    console.note(f"Opened {url}")


def primary_link(briefing: Briefing) -> str | None:
    if briefing.arxiv:
        return f"https://arxiv.org/abs/{briefing.arxiv}"
    return briefing.links[0].url if briefing.links else None


def next_number(store: Store, folder: Path) -> int:
    """One above every id in the collection, the bundled files and the files already in `folder`."""
    from briefcli.index.collection import highest_id

    highest = highest_id(store)
    for place in (paths.bundled_corpus(), folder):
        names = os.listdir(place) if os.path.isdir(place) else []
        numbers = [int(n.split("-", 1)[0]) for n in names if n.split("-", 1)[0].isdigit()]
        highest = max([highest, *numbers])
    return highest + 1


def edit_until_valid(store: Store, path: Path) -> None:
    """Open the editor; when it exits, check the file, offering (on a terminal) to fix it again."""
    while True:
        run_editor(path)
        if check(store, path):
            return
        if not (sys.stdin.isatty() and sys.stderr.isatty()) or not _ask("Open it again to fix it? [Y/n] "):
            raise BriefError(f"{path} has problems (listed above); it was kept but not loaded.")


def check(store: Store, path: Path) -> bool:
    """Print the file's problems (file:line), checked against the collection; True if loadable."""
    from briefcli.index.collection import collection
    from briefcli.output import text
    from briefcli.sources.validate import validate

    report = validate([path], collection(store))
    for problem in report.problems:
        console.note(text.problem_line(problem))
    return not report.errors


def run_editor(path: Path) -> None:
    command = editor_command()
    try:
        finished = subprocess.run([*command, str(path)], check=False)
    except OSError as error:
        reason = f"Cannot start the editor '{command[0]}': {error.strerror}. Set VISUAL or EDITOR."
        raise BriefError(reason) from None
    if finished.returncode != 0:
        code = finished.returncode
        raise BriefError(f"The editor exited with code {code}; {path} was kept but not loaded.")


def editor_command() -> list[str]:
    """$VISUAL, else $EDITOR (a command with arguments, such as `code -w`), else one on PATH."""
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            return shlex.split(value)
    for name in FALLBACK_EDITORS:
        found = shutil.which(name)
        if found:
            return [found]
    raise BriefError("No editor found: set VISUAL or EDITOR (for example EDITOR=nano), or use --no-edit.")


def _ask(question: str) -> bool:
    sys.stderr.write(question)
    sys.stderr.flush()
    answer = sys.stdin.readline().strip().lower()
    return answer in ("", "y", "yes")


def _load(store: Store, path: Path) -> LoadReport:
    """Load the root that holds `path`: a loaded folder it lies in, else its own folder."""
    from briefcli.index import collection, write

    resolved = path.resolve()
    holders = [Path(key) for key in collection.loaded(store) if resolved.is_relative_to(key)]
    root = max(holders, key=lambda p: len(p.parts)) if holders else resolved.parent
    try:
        report = write.Writer(store).load([root], paths.bundled_corpus(), console.progress())
    except InvalidData as error:
        raise BriefError(f"{path} is valid, but its folder {root} could not be loaded. {error}") from None
    return report  # its warnings about the file were listed when it was checked


def _named_after_title(store: Store, path: Path) -> Path:
    """Rename NNN-untitled-briefing.yaml after the title written in the editor, if that name is free."""
    from briefcli.index.collection import slug_taken
    from briefcli.sources import loader

    briefing, _ = loader.parse(str(path), path.read_bytes())
    if briefing is None:
        return path
    slug = slugify(briefing.title) or "briefing"
    wanted = path.with_name(f"{briefing.id:03d}-{slug}.yaml")
    if wanted == path or wanted.exists() or slug_taken(store, slug):
        return path
    path.rename(wanted)
    return wanted


def _briefing(store: Store, ref: str) -> Briefing:
    from briefcli.index import search

    found = store.briefing(search.resolve(store, ref))
    assert found is not None  # resolve() only returns numbers in the index
    return found


def _source_text(briefing: Briefing) -> tuple[str, dict[str, int]]:
    """The text of a briefing's file, and the line of each field in it."""
    from briefcli.sources import loader

    path = Path(briefing.source or "")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BriefError(f"Cannot read the file of {briefing.id}, {path}: {error.strerror}.") from None
    parsed, _ = loader.parse(str(path), data)
    if parsed is None:
        raise BriefError(f"The file of {briefing.id}, {path}, has changed and no longer loads: fix it first.")
    return data.decode("utf-8-sig"), dict(parsed.field_lines) | {"id": parsed.line or 1}


def _bundled(path: Path) -> bool:
    return path.resolve().is_relative_to(os.path.realpath(paths.bundled_corpus()))
