"""Open the index for a command: create it, or bring the bundled corpus up to date, when needed.

Every command opens the index and most only read it, so the write path (index/write.py and the
modules it imports: about a millisecond of every command) is imported only when something
is written.
"""

from __future__ import annotations

import os

from briefcli.core.models import Progress
from briefcli.index import guard, schema
from briefcli.index.bundled import BUNDLED_ROOT, WITHOUT_BUNDLED, fingerprint
from briefcli.index.read import Store

TYPE_CHECKING = False
if TYPE_CHECKING:
    from _typeshed import StrPath


def open_index(path: StrPath, bundled: StrPath, progress: Progress | None = None) -> Store:
    """Open the index at `path`, creating or refreshing it from `bundled` when needed."""
    path, bundled = os.fspath(path), os.fspath(bundled)
    store = Store(path, schema.connect(path))
    state = schema.state(store.conn, path)
    if state != "current":
        from briefcli.index.write import Writer

        Writer(store).rebuild_roots(bundled, [], progress, keep_roots=state == "stale")
    elif not guard.writable(path):
        pass  # a read-only index is read as it is, even when the bundled corpus is newer
    elif (stored := store.meta("bundled")) != WITHOUT_BUNDLED and stored != fingerprint(bundled):
        from briefcli.index.write import Writer

        Writer(store).load_roots([(BUNDLED_ROOT, bundled)], progress, bundled=bundled)
    return store
