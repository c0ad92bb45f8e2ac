"""The project's exceptions. Each carries its data and a full sentence for the user."""

from __future__ import annotations

from collections.abc import Sequence

from briefcli.core.models import Problem, plural


class BriefError(Exception):
    """Base class: str(error) is a complete sentence the CLI prints after 'Error: '."""


class NotFound(BriefError):
    """A reference that names no briefing, with the closest candidates."""

    def __init__(self, ref: str, candidates: Sequence[str] = (), *, ambiguous: bool = False):
        self.ref = ref
        self.candidates = list(candidates)
        self.ambiguous = ambiguous
        if ambiguous:
            message = f"'{ref}' matches more than one briefing: " + "; ".join(self.candidates)
            message += ". Use the number."
        else:
            message = f"No briefing '{ref}'."
            if self.candidates:
                message += " Did you mean " + "; ".join(self.candidates) + "?"
            elif ref.strip():
                message += f" No close match; try: brief search {ref.strip()}"
        super().__init__(message)


class InvalidData(BriefError):
    """Source files with errors; nothing was loaded."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        lines = [f"{plural(len(errors), 'problem')} found; nothing was loaded."]
        lines += [str(p) for p in errors]
        super().__init__("\n".join(lines))


class IndexUnusable(BriefError):
    """The index file cannot be used (corrupt, foreign or from a newer brief)."""


class IndexDamaged(IndexUnusable):
    """An index of brief's own that is damaged: rebuilding it is safe and helps."""


class NoPath(BriefError):
    """No chain of connections links two briefings."""


class UsageProblem(BriefError):
    """Arguments that parse but make no sense together; exit code 2."""


class OutputFailed(BriefError):
    """Standard output cannot be written (closed, or its disk full)."""
