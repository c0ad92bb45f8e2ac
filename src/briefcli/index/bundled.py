"""The bundled corpus in the index: the root it is filed under, and how an upgrade is noticed."""

import json
import os
from pathlib import Path

BUNDLED_ROOT = ":bundled:"
# meta "bundled" holds the bundled corpus's fingerprint, or this for an index built without it
# (`brief load --rebuild --no-bundled`), so that later commands do not add it back.
WITHOUT_BUNDLED = "off"


def fingerprint(bundled: Path) -> str:
    """Names, sizes and modification times of the bundled files: cheap, and changes on upgrade."""
    entries = (
        sorted(
            (entry.name, entry.stat().st_size, entry.stat().st_mtime_ns)
            for entry in os.scandir(bundled)
            if entry.name.lower().endswith((".yaml", ".yml"))
        )
        if bundled.is_dir()
        else []
    )
    return json.dumps([str(bundled), entries])
