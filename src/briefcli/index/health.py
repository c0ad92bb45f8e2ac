"""What `brief doctor` checks: the index file, its schema, the roots, the sources, the links.

Every check only reads. The index is opened as any command opens it (a file that is not brief's
is refused untouched), but never built or refreshed here: a doctor that repaired what it examines
could not report it. Each finding carries the command that fixes it.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from briefcli.core.errors import BriefError, IndexUnusable, InvalidData
from briefcli.core.models import Finding, plural
from briefcli.index import guard, schema
from briefcli.index.bundled import BUNDLED_ROOT

if TYPE_CHECKING:
    from _typeshed import StrPath

REBUILD = "brief load --rebuild"


def examine(path: StrPath) -> tuple[str, list[Finding]]:
    """A one-line summary of the index at `path`, and everything about it that needs attention."""
    try:
        kind = guard.identify(path)
    except IndexUnusable as error:
        return f"Index: {path}", [Finding("index", str(error), "brief --db OTHER-FILE ... (or move it away)")]
    if kind in ("missing", "empty"):
        return f"Index: {path} (not built yet; the first command builds it)", []
    try:
        conn = schema.connect(path)
        findings = _integrity(conn)
        if findings:
            return f"Index: {path}", findings
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version != schema.SCHEMA_VERSION:
            message = f"the index has schema version {version}; this brief uses {schema.SCHEMA_VERSION}"
            return f"Index: {path}", [Finding("schema", message, REBUILD)]
        count = conn.execute("SELECT count(*) FROM briefings").fetchone()[0]
        roots = [row[0] for row in conn.execute("SELECT path FROM roots ORDER BY path")]
        findings = _roots(roots) + _sources(conn, roots) + _dangling(conn)
    except sqlite3.DatabaseError as error:
        return f"Index: {path}", [Finding("integrity", str(guard.explain(error, path)), REBUILD)]
    except BriefError as error:
        return f"Index: {path}", [Finding("index", str(error), REBUILD)]
    summary = (
        f"Index: {path}, schema version {version}, {plural(count, 'briefing')}, "
        f"{plural(len(roots), 'loaded root')}"
    )
    return summary, findings


def _integrity(conn: sqlite3.Connection) -> list[Finding]:
    rows = [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]
    if rows == ["ok"]:
        return []
    return [Finding("integrity", f"the integrity check failed: {row}", REBUILD) for row in rows]


def _roots(roots: list[str]) -> list[Finding]:
    gone = [root for root in roots if not Path(root).exists()]
    if not gone:
        return []
    kept = " ".join(_quoted(root) for root in roots if root not in gone)
    fix = f"{REBUILD} {kept}".rstrip()
    return [Finding("root", f"{root}: this loaded root no longer exists", fix) for root in gone]


def _sources(conn: sqlite3.Connection, roots: list[str]) -> list[Finding]:
    """Files added, changed, removed or unreadable under each root that still exists."""
    from briefcli.sources import files

    findings: list[Finding] = []
    loaded: dict[str, dict[str, str]] = {}
    for path, root, digest in conn.execute(
        "SELECT path, root, digest FROM sources WHERE root != ?", [BUNDLED_ROOT]
    ):
        loaded.setdefault(root, {})[path] = digest
    for root in roots:
        if not Path(root).exists():
            continue
        fix = f"brief load {_quoted(root)}"
        known = loaded.get(root, {})
        try:
            found = {str(p) for p in files.discover([root])}
        except InvalidData as error:
            findings += [Finding("source", str(p), f"make it readable, then {fix}") for p in error.problems]
            continue
        except BriefError as error:
            findings.append(Finding("source", str(error), fix))
            continue
        for path in sorted(found | set(known)):
            if path not in known:
                findings.append(Finding("source", f"{path}: new since the last load", fix))
            elif path not in found:
                findings.append(Finding("source", f"{path}: removed since the last load", fix))
            else:
                try:
                    data = files.read(path)
                except files.Unreadable as error:
                    findings.append(Finding("source", str(error), f"make it readable, then {fix}"))
                    continue
                if hashlib.sha256(data).hexdigest() != known[path]:
                    findings.append(Finding("source", f"{path}: changed since the last load", fix))
    return findings


def _dangling(conn: sqlite3.Connection) -> list[Finding]:
    rows = conn.execute(
        "SELECT b.source, b.line, c.position, c.target_id, s.root FROM connections c "
        "JOIN briefings b ON b.id = c.source_id LEFT JOIN sources s ON s.path = b.source "
        "WHERE c.target_id NOT IN (SELECT id FROM briefings) ORDER BY b.source, c.position"
    )
    findings = []
    for source, line, position, target, root in rows:
        where = f"{source}:{line}" if line else source
        message = f"{where}: connections.{position}: links to {target}, which is not in the collection"
        reload = f"brief load {_quoted(root)}" if root and root != BUNDLED_ROOT else "brief load FILE"
        findings.append(
            Finding("link", message, f"write briefing {target} or remove the link, then {reload}")
        )
    return findings


def _quoted(path: str) -> str:
    import shlex

    return shlex.quote(path)
