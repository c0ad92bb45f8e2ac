"""Find briefings from what people type: full-text ranking, typo correction, loose references.

Raw user input is never handed to FTS5, whose query syntax fails on `AND`, `-`, `:`, `C++`,
unbalanced quotes and more. The query is split into words (letters and digits only, as the
index's unicode61 tokenizer splits text), and each word becomes a quoted prefix term `"word"*`,
except a single letter, which matches only itself; a letter with symbols attached, such as `C++`,
must also appear as written.

Ranking works in tiers, each ordered by bm25 with weights that favour titles and aliases over
taglines, tags and organisations, and those over summaries and concepts:

1. the words as a phrase in a title or alias, then all the words in titles and aliases;
2. the phrase, then all the words, in the short fields (title, aliases, tagline, tags, organisations);
3. the words as a phrase anywhere, then all the words anywhere;
4. any of the words anywhere.

A tier runs only while fewer than `limit` briefings have been found. Besides putting what people
usually mean first, this keeps search fast at 100,000 briefings: ranking every briefing whose
summary contains a common word is the expensive case, and it is reached only when titles and
aliases cannot fill the page.

A word the index has never seen, even as a prefix, is corrected against the index's vocabulary
(the `words` table) with rapidfuzz, and the correction is reported.
"""

from __future__ import annotations

import math
import re
import unicodedata

from briefcli.core.errors import NotFound
from briefcli.core.models import HIGHLIGHT_END, HIGHLIGHT_START, BriefingRef, Hit, SearchResults
from briefcli.index.read import NO_FILTERS, Filters, Store
from briefcli.index.schema import FTS_COLUMNS

MAX_QUERY_CHARS = 200
MAX_WORDS = 12
HEAD = "title names"  # the columns searched first
SHORT = "title names tagline tags org"  # the short fields, searched before summaries and concepts
# Among equally good matches, prefer briefings that more others say they were influenced by.
INFLUENCE_WEIGHT = 0.15
NUMBER_SCORE = 1_000_000.0  # a query that is a briefing's number puts it above every tier

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
    results = SearchResults(query, [], {}, [])
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
        scores[int(number.group(1))] = NUMBER_SCORE
    matched = _corrected(store, terms, results.corrections)
    tiers = _tiers(matched)
    literal = _literals(query)
    for position, expression in enumerate(tiers):  # the tier's bonus dwarfs any bm25 difference
        if len(scores) >= limit:
            break
        for rowid, rank in _ranked(store, expression, filters, exclude=scores, limit=limit, literal=literal):
            scores[rowid] = 1000.0 * (len(tiers) - position) + rank
    for found, cited in store.influence(scores).items():
        scores[found] += INFLUENCE_WEIGHT * math.log1p(cited)
    ranked = sorted(scores, key=lambda i: (-scores[i], i))
    refs = store.refs(ranked[:limit])
    hits = [Hit(refs[i], scores[i]) for i in ranked[:limit] if not refs[i].missing]
    if number and hits and hits[0].ref.id == int(number.group(1)):
        hits[0] = hits[0]._replace(field="number")
        if filters.active and not _passes(store, hits[0].ref.id, filters):
            hits.pop(0)
    results.hits.extend(_explain(store, hits, [word for word, _ in matched]))
    return results


def _tiers(terms: list[tuple[str, bool]]) -> list[str]:
    """FTS5 expressions from the strongest kind of match to the weakest."""
    every = " ".join(_term(word, prefix) for word, prefix in terms)
    if len(terms) == 1:
        return [f"{{{HEAD}}}: {every}", every]
    phrase = '"' + " ".join(word for word, _ in terms) + '"' + ("*" if terms[-1][1] else "")
    anything = " OR ".join(_term(word, prefix) for word, prefix in terms)
    return [
        f"{{{HEAD}}}: {phrase}",
        f"{{{HEAD}}}: ({every})",
        f"{{{SHORT}}}: {phrase}",
        f"{{{SHORT}}}: ({every})",
        phrase,
        every,
        anything,
    ]


def _ranked(
    store: Store,
    expression: str,
    filters: Filters,
    exclude: dict[int, float],
    limit: int,
    literal: list[str] | None = None,
) -> list[tuple[int, float]]:
    """Up to `limit` new briefings for an FTS5 expression, best first, with their weighted bm25.

    Each `literal` ("c++") must also appear as written, in any case, somewhere in the briefing.
    """
    rank = f"bm25(briefings_fts, {', '.join(str(w) for w in WEIGHTS)})"
    # Briefings found by an earlier tier are skipped in SQL, so LIMIT counts only new ones.
    skip = "rowid NOT IN (SELECT value FROM json_each(?))"
    seen = "[" + ",".join(map(str, exclude)) + "]"
    every_text = " || ' ' || ".join(f"coalesce({column}, '')" for column in FTS_COLUMNS)
    verbatim = "".join(
        f" AND rowid IN (SELECT id FROM briefings WHERE instr(lower({every_text}), ?))" for _ in literal or []
    )
    if not filters.active:  # no join: the full-text index alone answers
        sql = (
            f"SELECT rowid, -{rank} FROM briefings_fts WHERE briefings_fts MATCH ? AND {skip}{verbatim} "
            f"ORDER BY {rank} LIMIT ?"
        )
        return store.conn.execute(sql, [expression, seen, *(literal or []), limit]).fetchall()
    where, params = filters.sql("b")
    sql = (
        f"SELECT f.rowid, -{rank} FROM briefings_fts f JOIN briefings b ON b.id = f.rowid "
        f"WHERE briefings_fts MATCH ? AND f.{skip}{verbatim.replace(' rowid', ' f.rowid')}{where} "
        f"ORDER BY {rank} LIMIT ?"
    )
    return store.conn.execute(sql, [expression, seen, *(literal or []), *params, limit]).fetchall()


_LITERAL_RE = re.compile(r"(?<![\w])[^\W\d_][^\w\s]+(?!\w)")


def _literals(query: str) -> list[str]:
    """One letter with symbols attached ("C++", "C#"): the index sees only "c", so these are
    matched as written, not as every word that starts with c."""
    return [found.lower() for found in _LITERAL_RE.findall(query)]


def _term(word: str, prefix: bool = True) -> str:
    return f'"{word}"*' if prefix else f'"{word}"'


def _passes(store: Store, number: int, filters: Filters) -> bool:
    where, params = filters.sql("b")
    row = store.conn.execute(f"SELECT 1 FROM briefings b WHERE b.id = ?{where}", [number, *params])
    return row.fetchone() is not None


def _corrected(store: Store, terms: list[str], corrections: dict[str, str]) -> list[tuple[str, bool]]:
    """Each word with whether to match it as a prefix; unknown words replaced by the closest known.

    The last word is a prefix (people stop typing mid-word), and so is any word the index knows
    only as the start of longer words. A complete word elsewhere is matched exactly: a prefix of a
    common word ("the"*) expands to hundreds of terms, which is slow on a large index.
    """
    fixed = []
    for position, term in enumerate(terms):
        last = position == len(terms) - 1
        exact, starts = store.conn.execute(
            "SELECT max(term = ?1), count(*) "
            "FROM (SELECT term FROM words WHERE term >= ?1 AND term < ?2 LIMIT 2)",
            [term, term + "\U0010ffff"],
        ).fetchone()
        if (exact and not last) or len(term) == 1:  # "c"* would match every word starting with c
            fixed.append((term, False))
            continue
        if starts or len(term) < 4 or term.isdigit():
            fixed.append((term, True))
            continue
        replacement = _closest_word(store, term)
        if replacement:
            corrections[term] = replacement
        fixed.append((replacement, False) if replacement else (term, True))
    return fixed


def _closest_word(store: Store, term: str) -> str | None:
    """The known word fewest edits away (one edit for short words, two for longer), if any.

    Words sharing the first letter are tried first, as typos there are rare; this reads a small
    slice of the vocabulary instead of every word of about the same length.
    """
    from rapidfuzz import distance, process

    max_edits = 1 if len(term) <= 5 else 2
    lengths = [len(term) - max_edits, len(term) + max_edits]
    for where, params in (
        ("term >= ? AND term < ? AND", [term[0], term[0] + "\U0010ffff"]),
        ("", []),
    ):
        vocabulary = [
            row[0]
            for row in store.conn.execute(
                f"SELECT term FROM words WHERE {where} length BETWEEN ? AND ?", [*params, *lengths]
            )
        ]
        best = process.extractOne(
            term, vocabulary, scorer=distance.Levenshtein.distance, score_cutoff=max_edits
        )
        if best:
            return str(best[0])
    return None


def _explain(store: Store, hits: list[Hit], terms: list[str]) -> list[Hit]:
    """Each hit with the most important field that matched and a highlighted snippet.

    Done here rather than with FTS5's highlight() and snippet(), which re-expand every prefix
    term across the whole index for each row: tens of milliseconds a hit for a word like "the".
    """
    if not hits:
        return hits
    wanted = tuple(_fold(t) for t in terms)
    columns = ", ".join(FTS_COLUMNS)
    rows = store.conn.execute(
        f"SELECT id, {columns} FROM briefings WHERE id IN (SELECT value FROM json_each(?))",
        ["[" + ",".join(str(h.ref.id) for h in hits) + "]"],
    )
    texts = {row[0]: row[1:] for row in rows}
    explained = []
    for hit in hits:
        best = (0, "", "")  # (how many query words the field holds, field, snippet)
        for column, text in zip(FTS_COLUMNS, texts.get(hit.ref.id, ()), strict=False):
            readable = _readable(column, text or "")
            folded = [_fold(word) for word in _WORD_RE.findall(readable)]
            matched = sum(any(_matches(word, term) for word in folded) for term in wanted)
            if matched > best[0]:  # ties go to the earlier, more important field
                whole = column not in _SNIPPET_COLUMNS
                best = (matched, FIELD_NAMES[column], _snippet(readable, wanted, whole=whole))
        if best[0]:
            hit = hit._replace(field=hit.field or best[1], snippet=best[2])
        explained.append(hit)
    return explained


def _matches(word: str, term: str) -> bool:
    """Whether a folded word is matched by a query term: as a prefix, or whole for one letter."""
    return word == term if len(term) == 1 else word.startswith(term)


def _fold(word: str) -> str:
    """A word as the index compares it: lower case, accents removed (remove_diacritics)."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _snippet(text: str, wanted: tuple[str, ...], *, whole: bool, width: int = 14) -> str:
    """`text` with every word that starts with a wanted term marked; long text cut to `width` words."""
    pieces = _WORD_RE.split(text)
    found = _WORD_RE.findall(text)
    marked = [any(_matches(_fold(word), term) for term in wanted) for word in found]
    if not any(marked):
        return ""
    start, end = 0, len(found)
    if not whole and len(found) > width:
        first = marked.index(True)
        start = max(0, first - width // 3)
        end = min(len(found), start + width)
    out = ["…"] if start > 0 else []
    for index in range(start, end):
        word = found[index]
        if index > start:
            out.append(pieces[index])
        out.append(f"{HIGHLIGHT_START}{word}{HIGHLIGHT_END}" if marked[index] else word)
    if end < len(found):
        out.append(pieces[end].rstrip() + "…")
    elif whole:
        out.append(pieces[end])
    return "".join(out).strip()


def _readable(column: str, text: str) -> str:
    """JSON arrays (tags, org) as comma-separated text; newlines as spaces."""
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
    spelled: dict[int, str] = {}  # the name that scored best
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
        if score > best.get(number_, 0.0):
            best[number_], spelled[number_] = score, names[index][1]
    ranked = sorted(best, key=lambda i: -best[i])
    if ranked and best[ranked[0]] >= 90 and (len(ranked) == 1 or best[ranked[0]] - best[ranked[1]] >= 5):
        return ranked[0]
    named = _named(store, text)  # what search finds in titles and aliases: "gpt4" is GPT-4
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        refs = store.refs(named[:5])
        raise NotFound(ref, [_name(refs[i]) for i in named[:5]], ambiguous=True)
    # Only plausible candidates: WRatio gives 60 or so to any short word found inside a long title,
    # and 86 to a title that shares only "of"; a candidate must also share a word, typos allowed.
    close = [
        i
        for i in ranked[:3]
        if best[i] >= SUGGEST and best[i] >= best[ranked[0]] - 10 and _shares_a_word(text, spelled[i])
    ]
    refs = store.refs(close)
    raise NotFound(ref, [_name(refs[i]) for i in close], ambiguous=len(close) > 1 and best[close[0]] >= 90)


SUGGEST = 80  # the least rapidfuzz WRatio score at which a name is offered as "did you mean"


def _shares_a_word(text: str, name: str) -> bool:
    """Whether a word of three letters or more in `text` is one or two edits from a word of `name`."""
    from rapidfuzz.distance import Levenshtein

    theirs = [w for w in words(name) if len(w) >= 3]
    return any(
        Levenshtein.distance(mine, word, score_cutoff=1 if len(mine) <= 5 else 2)
        <= (1 if len(mine) <= 5 else 2)
        for mine in words(text)
        if len(mine) >= 3
        for word in theirs
    )


def _named(store: Store, text: str) -> list[int]:
    """Briefings whose title or aliases hold every word of `text`, as search matches them.

    A phrase match in one title or alias beats scattered words, so "model spec" names 46 alone.
    """
    terms = list(dict.fromkeys(words(text)))[:MAX_WORDS]
    if not terms:
        return []
    every = " ".join(_term(word, prefix=len(word) > 1) for word in terms)
    phrase = '"' + " ".join(terms) + '"' + ("*" if len(terms[-1]) > 1 else "")
    for expression in (f"{{{HEAD}}}: {phrase}", f"{{{HEAD}}}: ({every})"):
        found = _ranked(store, expression, NO_FILTERS, exclude={}, limit=6)
        if found:
            return [rowid for rowid, _ in found]
    return []


def _name(ref: BriefingRef) -> str:
    return f"{ref.id}. {ref.title}"
