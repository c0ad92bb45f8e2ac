"""Briefings as BibTeX entries, written with bibtexparser (the `bibtex` extra).

Keys are `brief` and the briefing's number padded to three digits (`brief046`): the number is a
briefing's stable identity, unique in a collection, so a key never changes between exports and
never collides. arXiv papers are `@misc` entries with `eprint`, `archivePrefix = {arXiv}` and, for
old-style identifiers that carry it, `primaryClass`; reports, frameworks and policies are
`@techreport` with the organisations as institution; anything else is `@misc` with them as
organization. Organisations are corporate authors, braced whole so that styles do not split
"Google DeepMind" into a first and last name. Text goes through bibtexparser's LaTeX encoder
(pylatexenc), and every word of a title with a capital letter is braced so styles keep its case.
URLs are written as they are.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

from briefcli.core.errors import BriefError
from briefcli.core.models import Briefing

ORG_FIELD = "brief-org-"  # organisations pass through the encoder under these names
REPORT_WORDS = ("report", "framework", "policy", "policies", "card", "standard", "code of practice")
_OLD_ARXIV_RE = re.compile(r"([a-z-]+(?:\.[A-Z]{2})?)/\d{7}(?:v\d+)?")
_BRACES_RE = re.compile(r"[{}]")


def key(b: Briefing) -> str:
    return f"brief{b.id:03d}"


def entry_type(b: Briefing) -> str:
    if b.arxiv:
        return "misc"
    described = " ".join((*b.tags, b.title)).lower()
    return "techreport" if any(word in described for word in REPORT_WORDS) else "misc"


def url(b: Briefing) -> str | None:
    if b.arxiv:
        return f"https://arxiv.org/abs/{b.arxiv}"
    return b.links[0].url if b.links else None


def to_bibtex(briefings: Iterable[Briefing]) -> str:
    """The entries as BibTeX text; each is encoded as it is taken, so progress can be shown."""
    try:
        from bibtexparser import middlewares, model
        from bibtexparser.entrypoint import write_string
        from bibtexparser.library import Library
    except ImportError:
        raise BriefError(
            "BibTeX export needs the bibtexparser package: pip install 'briefcli[bibtex]'."
        ) from None
    library = Library()
    encoder = middlewares.LatexEncodingMiddleware(keep_math=False, enclose_urls=False)
    # pylatexenc logs a warning for each character it has no LaTeX for (emoji...) and keeps it.
    quiet = logging.getLogger("pylatexenc")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        for b in briefings:
            library.add(_entry(b, model, encoder, library))
    finally:
        quiet.setLevel(level)
    written: str = write_string(
        library,
        unparse_stack=[
            middlewares.MonthAbbreviationMiddleware(),
            middlewares.AddEnclosingMiddleware(
                reuse_previous_enclosing=False, enclose_integers=False, default_enclosing="{"
            ),
        ],
    )
    return written


def _entry(b: Briefing, model: Any, encoder: Any, library: Any) -> Any:
    """One briefing as a bibtexparser Entry, its text LaTeX-encoded and its URLs left as they are."""
    kind = entry_type(b)
    text: list[tuple[str, Any]] = [("title", b.title)]
    if b.org:
        text += [(f"{ORG_FIELD}{i}", org) for i, org in enumerate(b.org)]
        text.append(("institution" if kind == "techreport" else "organization", ", ".join(b.org)))
    text += [("year", str(b.date.year)), ("month", b.date.month)]
    if b.tagline and not b.arxiv:
        text.append(("note", b.tagline))
    text += [("abstract", b.summary), ("keywords", ", ".join(b.tags))]
    fields = [model.Field(name, value) for name, value in text if value not in ("", None)]
    entry = encoder.transform_entry(model.Entry(kind, key(b), fields), library)
    names = [f.value for f in entry.fields if f.key.startswith(ORG_FIELD)]
    for i in range(len(names)):
        entry.pop(f"{ORG_FIELD}{i}")
    if names:  # each organisation braced whole: a corporate author, not first and last names
        author = model.Field("author", " and ".join(f"{{{name}}}" for name in names))
        entry.fields = [entry.fields[0], author, *entry.fields[1:]]
    for field in entry.fields:
        if field.key == "title":
            field.value = protect_capitals(field.value)
    raw = []
    if b.arxiv:
        raw += [("eprint", b.arxiv), ("archivePrefix", "arXiv")]
        old_style = _OLD_ARXIV_RE.fullmatch(b.arxiv)
        if old_style:
            raw.append(("primaryClass", old_style.group(1)))
    if address := url(b):
        raw.append(("url", address))
    for name, value in raw:  # braces cannot stand in a BibTeX value unescaped: percent-encode them
        entry.set_field(model.Field(name, value.replace("{", "%7B").replace("}", "%7D")))
    return entry


def protect_capitals(encoded: str) -> str:
    """Brace each word that has a capital letter (outside a LaTeX command's name)."""

    def guarded(word: str) -> str:
        letters = re.sub(r"\\[a-zA-Z]+", "", word)
        if not any(c.isupper() for c in letters) or not _balanced(word):
            return word
        return "{" + word + "}"

    return " ".join(guarded(word) for word in encoded.split(" "))


def _balanced(word: str) -> bool:
    depth = 0
    for match in _BRACES_RE.finditer(word):
        depth += 1 if match.group() == "{" else -1
        if depth < 0:
            return False
    return depth == 0
