"""The bundled corpus in the index: the root it is filed under, and how an upgrade is noticed."""

from __future__ import annotations

import json
import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from _typeshed import StrPath

BUNDLED_ROOT = ":bundled:"
# meta "bundled" holds the bundled corpus's fingerprint, or this for an index built without it
# (`brief load --rebuild --no-bundled`), so that later commands do not add it back.
WITHOUT_BUNDLED = "off"


def fingerprint(bundled: StrPath) -> str:
    """Names, sizes and modification times of the bundled files: cheap, and changes on upgrade."""
    entries = (
        sorted(
            (entry.name, entry.stat().st_size, entry.stat().st_mtime_ns)
            for entry in os.scandir(bundled)
            if entry.name.lower().endswith((".yaml", ".yml"))
        )
        if os.path.isdir(bundled)
        else []
    )
    return json.dumps([os.fspath(bundled), entries])
