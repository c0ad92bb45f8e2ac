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
    if isinstance(problem, DatabaseError):  # an index damaged or altered behind brief's back
        console.error(f"The index cannot be used ({problem}). Run `brief load --rebuild` to make it again.")
        return 1
    return None
