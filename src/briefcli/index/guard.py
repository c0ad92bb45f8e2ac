"""Which files brief may touch, and what a failure to use one means for the user.

A file is brief's when its SQLite header carries brief's application id. The header is read
with plain file I/O before SQLite opens anything, because opening a database can change it
(a journal-mode switch rewrites the header; a WAL connection leaves `-wal` and `-shm` behind).
Any other file, SQLite or not, is refused untouched; `--rebuild` refuses it too.

The advice fits the cause: a read-only file, a folder where SQLite cannot create its journal, a
full disk, a lock held by another process. Only damage to an index of brief's own is answered
with `brief load --rebuild`, since that is the only case a rebuild helps.
"""

from __future__ import annotations

import errno
import os
import sqlite3

from briefcli.core.errors import IndexDamaged, IndexUnusable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from _typeshed import StrPath

APPLICATION_ID = 0x62726966  # "brif": marks a file as a brief index
_MAGIC = b"SQLite format 3\x00"
_CHOOSE = "Choose another file with --db or BRIEF_DB."


def identify(path: StrPath) -> str:
    """'missing', 'empty' (nothing in it yet) or 'ours'; raises IndexUnusable for anything else."""
    try:
        if os.path.isdir(path):
            raise IndexUnusable(f"{path} is a directory, not an index file. {_CHOOSE}")
        if os.path.exists(path) and not os.path.isfile(path):  # a FIFO would block the open below
            raise IndexUnusable(f"{path} is not a regular file, so it cannot be an index. {_CHOOSE}")
        with open(path, "rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        return "missing"
    except OSError as error:
        raise os_failure(path, error) from None
    if not header:
        return "empty"
    if not header.startswith(_MAGIC):
        raise IndexUnusable(
            f"{path} is not a brief index (it is not a SQLite database); it was left untouched. "
            f"{_CHOOSE} If you meant it to be brief's index, move it away first."
        )
    application_id = int.from_bytes(header[68:72], "big")
    if application_id == APPLICATION_ID:
        return "ours"
    schema_cookie, user_version = int.from_bytes(header[40:44], "big"), int.from_bytes(header[60:64], "big")
    if application_id == 0 and schema_cookie == 0 and user_version == 0:
        # Nothing was ever created in the file itself; but in WAL mode the header is rewritten only
        # at a checkpoint, so what the journal holds is read through a connection that cannot write.
        if journal_has_pages(path):
            return _peek(path)
        return "empty"  # such as a database brief began and did not finish
    raise foreign(path)


def journal_has_pages(path: StrPath) -> bool:
    try:
        return os.stat(f"{path}-wal").st_size > 32  # more than a WAL header
    except OSError:
        return False


def _peek(path: StrPath) -> str:
    """'ours' or 'empty', read through a read-only connection (which never checkpoints)."""
    try:
        conn = sqlite3.connect(f"{file_uri(path)}?mode=ro", uri=True)
        try:
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise explain(error, path) from None
    if application_id == APPLICATION_ID:
        return "ours"
    if application_id == 0 and tables == 0:
        return "empty"
    raise foreign(path)


def file_uri(path: StrPath) -> str:
    """The file: URI SQLite opens with query parameters (mode=ro, immutable=1)."""
    from pathlib import Path  # only here: pathlib costs every read command about 3 ms

    return Path(path).absolute().as_uri()


def foreign(path: StrPath) -> IndexUnusable:
    return IndexUnusable(
        f"{path} is a SQLite database that brief did not create; it was left untouched. {_CHOOSE}"
    )


def writable(path: StrPath) -> bool:
    """Whether SQLite can write the file and create its journal files beside it."""
    if not os.access(os.path.dirname(path) or ".", os.W_OK | os.X_OK):
        return False
    return not os.path.exists(path) or os.access(path, os.W_OK)


def explain(error: sqlite3.DatabaseError, path: StrPath | None) -> IndexUnusable:
    """The sentence for a SQLite failure, with advice that fits its cause."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    where = f"the index at {path}" if path else "the index"
    if code == sqlite3.SQLITE_FULL:
        return IndexUnusable(
            f"The disk holding {where} is full ({error}). Free some space and run the command "
            "again; the index is as it was before."
        )
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
        return IndexUnusable(_not_writable(path, error))
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return IndexUnusable(
            f"{where[0].upper() + where[1:]} is busy: another brief is writing to it ({error}). "
            "Try again in a moment."
        )
    if code == sqlite3.SQLITE_IOERR:
        return IndexUnusable(f"Reading or writing {where} failed ({error}): check the disk it is on.")
    return IndexDamaged(
        f"{where[0].upper() + where[1:]} cannot be used ({error}). It holds nothing that is not in "
        "the YAML sources: run `brief load --rebuild` to make it again."
    )


def os_failure(path: StrPath, error: OSError) -> IndexUnusable:
    """The sentence for a failure to open or create the index file or its folder."""
    reason = (error.strerror or str(error)).lower()
    if error.errno == errno.ENOSPC:
        return IndexUnusable(f"The disk holding {path} is full. Free some space and run the command again.")
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return IndexUnusable(f"Cannot open the index at {path}: {reason}. {_CHOOSE}")
    return IndexUnusable(f"Cannot open the index at {path}: {reason}.")


def _not_writable(path: StrPath | None, error: sqlite3.DatabaseError) -> str:
    if path is None:
        return f"The index cannot be written ({error}). {_CHOOSE}"
    folder = os.path.dirname(path) or "."
    wal = f"{path}-wal"
    if os.path.exists(path) and not os.access(path, os.W_OK):
        return (
            f"The index file {path} is read-only, so brief cannot update it. "
            f"Make it writable (chmod u+w '{path}') or choose another file with --db or BRIEF_DB."
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        return (
            f"The folder {folder} is not writable, and SQLite must create its journal beside "
            f"{os.path.basename(path)} there. Make the folder writable or choose another file with "
            "--db or BRIEF_DB."
        )
    if os.path.exists(wal) and not os.access(wal, os.W_OK):
        return f"{wal}, the index's journal, is read-only. Make it writable (chmod u+w '{wal}')."
    return f"The index at {path} cannot be written ({error}). {_CHOOSE}"
