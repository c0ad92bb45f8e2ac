"""Find briefings from what people type: full-text ranking, typo correction, loose references.

Raw user input is never handed to FTS5, whose query syntax fails on `AND`, `-`, `:`, `C++`,
unbalanced quotes and more. The query is split into words (letters and digits only, as the
index's unicode61 tokenizer splits text), and each word becomes a quoted prefix term `"word"*`.
Briefings matching every word rank above those matching only some; bm25 weights make a match in
the title or an alias count more than one in the tagline, and that more than one in the summary.
A word the index has never seen, even as a prefix, is corrected against the index's own
vocabulary (the fts5vocab table) with rapidfuzz, and the correction is reported.
"""

from __future__ import annotations

import re

from briefcli.errors import NotFound
from briefcli.models import HIGHLIGHT_END, HIGHLIGHT_START, BriefingRef, Hit, SearchResults
from briefcli.store import FTS_COLUMNS, NO_FILTERS, Filters, Store

MAX_QUERY_CHARS = 200
MAX_WORDS = 12
CANDIDATES = 200

# bm25 weights, in FTS_COLUMNS order: title, aliases, tagline, tags, org, summary, concepts
WEIGHTS = (10.0, 10.0, 4.0, 3.0, 3.0, 1.0, 1.0)
FIELD_NAMES = dict(
    zip(FTS_COLUMNS, ("title", "alias", "tagline", "tag", "org", "summary", "concept"), strict=True)
)
_SNIPPET_COLUMNS = ("summary", "concepts")
_WORD_RE = re.compile(r"[^\W_]+")
_NUMBER_RE = re.compile(r"#?0*(\d{1,9})")


def words(text: str) -> list[str]:
    """The words of `text` as the index sees them: lower-case letters and digits."""
    return [w.lower() for w in _WORD_RE.findall(text)]


def search(store: Store, query: str, filters: Filters = NO_FILTERS, limit: int = 20) -> SearchResults:
    results = SearchResults(query)
    if len(query) > MAX_QUERY_CHARS:
        query = query[:MAX_QUERY_CHARS]
        results.notices.append(f"The query was cut to its first {MAX_QUERY_CHARS} characters.")
    terms = list(dict.fromkeys(words(query)))
    if len(terms) > MAX_WORDS:
        terms = terms[:MAX_WORDS]
        results.notices.append(f"Only the first {MAX_WORDS} words were searched.")
    if not terms or limit <= 0:
        return results
    scores: dict[int, float] = {}
    number = _NUMBER_RE.fullmatch(query.strip())
    if number:
        scores[int(number.group(1))] = float("inf")
    terms = _corrected(store, terms, results.corrections)
    where, params = filters.sql("b")
    weights = ", ".join(str(w) for w in WEIGHTS)
    # All words first, then any word; a briefing keeps its better score.
    tiers = [(" ".join(_term(t) for t in terms), 1000.0)]
    if len(terms) > 1:
        tiers.append((" OR ".join(_term(t) for t in terms), 0.0))
        tiers.insert(0, ('"' + " ".join(terms) + '"', 2000.0))
    for expression, bonus in tiers:
        rows = store.conn.execute(
            f"SELECT f.rowid, -bm25(briefings_fts, {weights}) FROM briefings_fts f "
            f"JOIN briefings b ON b.id = f.rowid WHERE briefings_fts MATCH ?{where} "
            "ORDER BY bm25(briefings_fts, " + weights + ") LIMIT ?",
            [expression, *params, CANDIDATES],
        )
        for rowid, rank in rows:
            scores[rowid] = max(scores.get(rowid, float("-inf")), bonus + rank)
        if len(scores) >= limit and bonus < 2000.0:
            break
    ranked = sorted(scores, key=lambda i: (-scores[i], i))
    refs = store.refs(ranked[:limit])
    hits = [Hit(refs[i], scores[i]) for i in ranked[:limit] if not refs[i].missing]
    if number and hits and hits[0].ref.id == int(number.group(1)):
        hits[0].field = "number"
        if filters.active and not _passes(store, hits[0].ref.id, filters):
            hits.pop(0)
    _explain(store, hits, " OR ".join(_term(t) for t in terms))
    results.hits = hits
    return results


def _term(word: str) -> str:
    return f'"{word}"*'


def _passes(store: Store, number: int, filters: Filters) -> bool:
    where, params = filters.sql("b")
    row = store.conn.execute(f"SELECT 1 FROM briefings b WHERE b.id = ?{where}", [number, *params])
    return row.fetchone() is not None


def _corrected(store: Store, terms: list[str], corrections: dict[str, str]) -> list[str]:
    """Replace each word the index does not know, even as a prefix, by its closest known word."""
    fixed = []
    for term in terms:
        known = store.conn.execute(
            "SELECT 1 FROM briefings_fts_vocab WHERE term >= ? AND term < ? LIMIT 1",
            [term, term + "\U0010ffff"],
        ).fetchone()
        if known or len(term) < 4 or term.isdigit():
            fixed.append(term)
            continue
        replacement = _closest_word(store, term)
        if replacement:
            corrections[term] = replacement
            fixed.append(replacement)
        else:
            fixed.append(term)
    return fixed


def _closest_word(store: Store, term: str) -> str | None:
    from rapidfuzz import distance, process

    vocabulary = [
        row[0]
        for row in store.conn.execute(
            "SELECT term FROM briefings_fts_vocab WHERE length(term) BETWEEN ? AND ?",
            [len(term) - 2, len(term) + 2],
        )
    ]
    max_edits = 1 if len(term) <= 5 else 2
    best = process.extractOne(term, vocabulary, scorer=distance.Levenshtein.distance, score_cutoff=max_edits)
    return best[0] if best else None


def _explain(store: Store, hits: list[Hit], expression: str) -> None:
    """Fill in, for each hit, the most important field that matched and a highlighted snippet."""
    if not hits:
        return
    parts = []
    for index, column in enumerate(FTS_COLUMNS):
        if column in _SNIPPET_COLUMNS:
            parts.append(f"snippet(briefings_fts, {index}, ?1, ?2, '…', 14)")
        else:
            parts.append(f"highlight(briefings_fts, {index}, ?1, ?2)")
    rows = store.conn.execute(
        f"SELECT rowid, {', '.join(parts)} FROM briefings_fts WHERE briefings_fts MATCH ?3 "
        "AND rowid IN (SELECT value FROM json_each(?4))",
        [HIGHLIGHT_START, HIGHLIGHT_END, expression, "[" + ",".join(str(h.ref.id) for h in hits) + "]"],
    )
    found = {row[0]: row[1:] for row in rows}
    for hit in hits:
        for column, text in zip(FTS_COLUMNS, found.get(hit.ref.id, ()), strict=False):
            if text and HIGHLIGHT_START in text:
                if not hit.field:
                    hit.field = FIELD_NAMES[column]
                hit.snippet = _readable(column, text)
                break


def _readable(column: str, text: str) -> str:
    """JSON arrays (aliases, tags, org) as comma-separated text; newlines as spaces."""
    if column in ("tags", "org") and text.startswith("["):
        text = text[1:-1].replace('", "', ", ").replace('"', "")
    return " ".join(text.split())


def resolve(store: Store, ref: str) -> int:
    """The number of the briefing `ref` names: a number, a slug, a title or alias, or close to one."""
    text = ref.strip()
    number = _NUMBER_RE.fullmatch(text)
    if number:
        wanted = int(number.group(1))
        if store.refs([wanted])[wanted].missing:
            raise NotFound(ref, [_name(r) for r in store.nearest_numbers(wanted)])
        return wanted
    if not text:
        raise NotFound(ref)
    exact = store.exact(text)
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        refs = store.refs(exact)
        raise NotFound(ref, [_name(refs[i]) for i in exact], ambiguous=True)
    from rapidfuzz import fuzz, process, utils

    best: dict[int, float] = {}
    names = store.names()
    for _, score, index in process.extract(
        text,
        [name for _, name in names],
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=20,
        score_cutoff=60,
    ):
        number_ = names[index][0]
        best[number_] = max(best.get(number_, 0.0), score)
    ranked = sorted(best, key=lambda i: -best[i])
    if ranked and best[ranked[0]] >= 90 and (len(ranked) == 1 or best[ranked[0]] - best[ranked[1]] >= 5):
        return ranked[0]
    refs = store.refs(ranked[:3])
    raise NotFound(
        ref, [_name(refs[i]) for i in ranked[:3]], ambiguous=len(ranked) > 1 and best[ranked[0]] >= 90
    )


def _name(ref: BriefingRef) -> str:
    return f"{ref.id}. {ref.title}"
