"""Writing exports to disk without ever losing a file brief did not write.

A directory export refuses a non-empty directory unless forced. Every file is written to a
temporary name and renamed into place, so an interrupted export leaves whole files only. Each
directory export leaves a manifest (`.brief-export.json`, the name and SHA-256 of every file it
wrote); a forced export into the same directory again removes the files of the previous one that
it does not write this time, but only those still exactly as brief wrote them. Any other file is
left alone, except one of the same name as a file being written, which --force replaces.
"""

# Annotations evaluated, as in core/models.py: NamedTuple compiles those written as strings.

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from briefcli.core.errors import BriefError
from briefcli.core.models import Progress

MANIFEST = ".brief-export.json"


class Written(NamedTuple):
    directory: Path
    written: int
    removed: int  # files of an earlier export, unchanged since, that this one no longer has
    kept: list[str]  # files of an earlier export that were edited since: left in place


def write_directory(
    directory: Path,
    files: Iterable[tuple[str, str]],
    total: int,
    *,
    force: bool,
    progress: Progress | None = None,
) -> Written:
    """Write `files` ((name, text), made as they are written; `total` of them) into `directory`."""
    if directory.exists() and not directory.is_dir():
        raise BriefError(f"{directory} is a file, not a directory: give a directory to --out.")
    if directory.is_dir() and any(directory.iterdir()) and not force:
        raise BriefError(
            f"{directory} is not empty. Add --force to write into it: files of the same name are "
            "replaced, and brief deletes no file it did not write."
        )
    try:
        directory.mkdir(parents=True, exist_ok=True)
        before = _manifest(directory)
        digests: dict[str, str] = {}
        for done, (name, text) in enumerate(files, 1):
            data = text.encode("utf-8")
            _replace(directory / name, data)
            digests[name] = hashlib.sha256(data).hexdigest()
            if progress:
                progress(done, total)
        removed, kept = 0, []
        for name, digest in before.items():
            path = directory / name
            if name in digests or not path.is_file() or Path(name).name != name:
                continue
            if hashlib.sha256(path.read_bytes()).hexdigest() == digest:
                path.unlink()
                removed += 1
            else:
                kept.append(name)
        _replace(directory / MANIFEST, json.dumps(digests, indent=1, ensure_ascii=False).encode())
    except OSError as error:
        raise BriefError(f"Cannot write to {directory}: {error.strerror or error}.") from None
    return Written(directory, len(digests), removed, sorted(kept))


def write_file(path: Path, data: bytes, *, force: bool) -> None:
    """Write one export file; an existing non-empty file is replaced only when forced."""
    if path.is_dir():
        raise BriefError(f"{path} is a directory: give a file name to --out.")
    if path.is_file() and path.stat().st_size and not force:
        raise BriefError(f"{path} already exists. Add --force to replace it.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _replace(path, data)
    except OSError as error:
        raise BriefError(f"Cannot write {path}: {error.strerror or error}.") from None


def _manifest(directory: Path) -> dict[str, str]:
    try:
        data = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in data.items()}


def _replace(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it into place."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".brief-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
