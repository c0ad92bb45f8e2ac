"""Plain text for pipes: one line per item, tab-separated where a script splits it. Never prints.

Kept apart from the rich renderables so that `brief search ... | head` never pays for importing rich.
"""

# Annotations evaluated, as in core/models.py: NamedTuple compiles those written as strings.
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from briefcli.core.models import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    Briefing,
    BriefingRef,
    Finding,
    Problem,
    SearchResults,
    plural,
)

# C0 and C1 controls (tab and newline kept), bidirectional overrides and isolates, which can make a
# line read differently from what it holds, and lone surrogates, which no stream can encode.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# The same in JSON, where the encoder leaves all but C0 raw; and every non-ASCII character, for a
# stream that cannot encode it (JSON means the same with \u escapes).
_JSON_RAW_RE = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")


_SPACE_RE = re.compile(r"\s+")


def clean(text: str) -> str:
    """Text safe for a terminal: control characters become visible escapes like \\x1b or \\u202e."""
    return _CONTROL_RE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def json_safe(text: str, ascii_only: bool = False) -> str:
    """JSON text with controls, bidi overrides and lone surrogates as \\u escapes, never raw.

    Such characters occur only inside JSON strings, so replacing them keeps the meaning."""
    return (_NON_ASCII_RE if ascii_only else _JSON_RAW_RE).sub(_json_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def one_line(text: str) -> str:
    if text.isprintable():  # the usual case, decided in C: no control characters, no line breaks
        return text.strip()
    return _SPACE_RE.sub(" ", clean(text)).strip()


def orgs(briefing: Briefing) -> str:
    return ", ".join(briefing.org)


FEATURED = "★ "  # before the title of a featured briefing, as the explorer marks it


def briefings_lines(briefings: Iterable[Briefing]) -> str:
    """A tab-separated line per briefing: number, title (after ★ when featured), org, month, category."""
    return "".join(
        _tabbed(str(b.id), FEATURED * b.featured + b.title, orgs(b), str(b.date), b.category)
        for b in briefings
    )


def _tabbed(*fields: str) -> str:
    return "\t".join(one_line(f).replace("\t", " ") for f in fields) + "\n"


def search_lines(results: SearchResults) -> str:
    """Tab-separated for pipes: number, title, month, field, snippet with [matches] bracketed."""
    return "".join(
        _tabbed(
            str(h.ref.id),
            h.ref.title,
            str(h.ref.date or ""),
            h.field,
            h.snippet.replace(HIGHLIGHT_START, "[").replace(HIGHLIGHT_END, "]"),
        )
        for h in results.hits
    )


MISSING = "(missing: not in the collection)"


def ref_text(ref: BriefingRef) -> str:
    if ref.date is None:
        return f"{ref.id}. {MISSING}"
    return f"{ref.id}. {one_line(ref.title)} ({ref.date.label})"


Step = tuple[int, str, "str | None"]  # the briefing reached, how it relates to the one before, note


def path_text(found: list[int], steps: list[Step], refs: Mapping[int, BriefingRef]) -> str:
    lines = [
        " → ".join(str(n) for n in found) + f"  ({plural(len(steps), 'step')})",
        ref_text(refs[found[0]]),
    ]
    for number, relation, note in steps:
        lines.append(f"  → {relation} {ref_text(refs[number])}")
        if note:
            lines.append(f"      {one_line(note)}")
    return "\n".join(lines) + "\n"


class Stats(NamedTuple):
    cited: list[tuple[BriefingRef, int]]
    reach: list[tuple[BriefingRef, int]]
    reach_exact: bool  # False when reach was computed for the most cited briefings only
    categories: list[tuple[str, int]]
    orgs: list[tuple[str, int]]
    years: list[tuple[str, int]]
    unconnected: list[BriefingRef]


def stats_text(stats: Stats) -> str:
    def ranked(rows: Iterable[tuple[BriefingRef, int]]) -> list[str]:
        return [f"  {count:>6}  {ref_text(ref)}" for ref, count in rows] or ["  none"]

    def counted(rows: Iterable[tuple[str, int]]) -> list[str]:
        return [f"  {count:>6}  {one_line(name)}" for name, count in rows] or ["  none"]

    scope = "" if stats.reach_exact else " (among the most cited)"
    lines = ["Most cited (briefings that say they were influenced by it)", *ranked(stats.cited), ""]
    lines += [f"Widest reach (briefings influenced directly or indirectly){scope}", *ranked(stats.reach), ""]
    lines += ["Briefings by category", *counted(stats.categories), ""]
    lines += ["Briefings by organisation", *counted(stats.orgs), ""]
    lines += ["Briefings by year", *counted(stats.years), ""]
    lines += ["Without any connection", *([f"  {ref_text(r)}" for r in stats.unconnected] or ["  none"])]
    return "\n".join(lines) + "\n"


def problem_line(problem: Problem) -> str:
    return one_line(str(problem))


def doctor_text(summary: str, findings: Sequence[Finding]) -> str:
    """What `brief doctor` found: each problem and, under it, the command that fixes it."""
    lines = [one_line(summary)]
    for finding in findings:
        lines += [f"problem: {one_line(finding.message)}", f"    fix: {one_line(finding.fix)}"]
    if findings:
        verb = "needs" if len(findings) == 1 else "need"
        lines.append(f"{plural(len(findings), 'problem')} {verb} attention.")
    else:
        lines.append("Nothing needs attention.")
    return "\n".join(lines) + "\n"
