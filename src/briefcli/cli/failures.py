"""The one error boundary: expected failures become an 'Error: ...' line and an exit code."""

from __future__ import annotations

import os

from briefcli.core.errors import BriefError, UsageProblem
from briefcli.index.schema import DatabaseError
from briefcli.output import console


def failure(problem: BaseException) -> int | None:
    """Report an expected failure as one 'Error: ...' and return its exit code; None for a bug."""
    if os.environ.get("BRIEF_DEBUG"):
        return None
    if isinstance(problem, BriefError):
        console.error(str(problem))
        return 2 if isinstance(problem, UsageProblem) else 1
    if isinstance(problem, DatabaseError):  # a full disk, a lock, or an index altered behind brief's back
        from briefcli.index.guard import explain

        console.error(str(explain(problem, None)))
        return 1
    return None
