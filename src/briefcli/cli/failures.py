"""The one error boundary: expected failures become an 'Error: ...' line and an exit code."""

from __future__ import annotations

import os
from typing import Any

from briefcli.core.errors import BriefError, UsageProblem
from briefcli.index.schema import DatabaseError
from briefcli.output import console


def failure(problem: BaseException, command: str = "brief") -> int | None:
    """Report an expected failure as one 'Error: ...' and return its exit code; None for a bug.

    A usage problem also says where help is, as click's own usage errors do.
    """
    if os.environ.get("BRIEF_DEBUG"):
        return None
    if isinstance(problem, UsageProblem):
        console.error(str(problem), f"Try '{command} -h' for help.")
        return 2
    if isinstance(problem, BriefError):
        console.error(str(problem))
        return 1
    if isinstance(problem, DatabaseError):  # a full disk, a lock, or an index altered behind brief's back
        from briefcli.index.guard import explain

        console.error(str(explain(problem, None)))
        return 1
    return None


def usage(problem: Any) -> None:
    """A click usage error as 'Error: ...' and the line that says where help is.

    click words a count out of range as "-1 is not in the range x>=0"; brief says "'-1' is not a
    whole number, 0 or more", and the same for a value that is not a number at all.
    """
    message = problem.format_message()
    kind = getattr(getattr(problem, "param", None), "type", None)
    low, high = getattr(kind, "min", None), getattr(kind, "max", None)
    where, _, detail = message.rpartition(": ")
    if isinstance(low, int) and where and " is not " in detail:
        value = detail.split(" is not ")[0].strip("'")
        message = f"{where}: '{value}' is not a whole number, {_plain_range(low, high)}."
    ctx = getattr(problem, "ctx", None)
    hint = ""
    if ctx is not None and ctx.command.get_help_option(ctx) is not None:
        hint = f"Try '{ctx.command_path} {ctx.help_option_names[0]}' for help."
    console.error(message, hint)


def plain_ranges(command: Any) -> None:
    """Help says "[0 or more]" instead of click's "[x>=0]" for every count option."""
    for sub in getattr(command, "commands", {}).values():
        for param in sub.params:
            kind = param.type
            if type(kind).__name__ == "IntRange" and kind.min is not None:
                kind._describe_range = lambda low=kind.min, high=kind.max: _plain_range(low, high)


def _plain_range(low: int, high: int | None) -> str:
    return f"{low} or more" if high is None else f"from {low} to {high}"
