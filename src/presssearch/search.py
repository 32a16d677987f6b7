"""Searching: a query's plan run by the engine, turned into :class:`SearchHit` results.

The plan (see :mod:`presssearch.plan`) is run by the index's engine; above
the engine, for every engine alike, the top of the ranking is collapsed to
one hit per near-duplicate group, and each hit gets a snippet of the text
that matched. Spelling suggestions come from the index's own words.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from presssearch.analyze import LANGUAGES, analyzer_for, field_language, fold
from presssearch.engine import (
    FIELD_LANGUAGES,
    EngineHit,
    EngineReader,
    Fuzzy,
    Phrase,
    Term,
    Wildcard,
)
from presssearch.errors import QueryError
from presssearch.plan import (
    Plan,
    _is_stop_word,
    _query_language,
    load_lexicon,
    plan_query,
)
from presssearch.records import SearchHit, SearchOptions, stored_metadata
from presssearch.snippets import lead, snippet
from presssearch.syntax import OPERATORS, PLAIN_WORD, normalize_query

__all__ = ["SearchHit", "group_members", "search", "suggest"]


def search(reader: EngineReader, text: str, options: SearchOptions) -> list[SearchHit]:
    """The best ``options.limit`` documents for the query ``text``, best first,
    after the first ``options.offset`` of them.

    With ``options.collapse``, near-duplicates (the same story in several
    outlets) are shown once, as their best hit, with the number and outlets
    of the others in ``similar`` and ``similar_sources``.
    """
    if options.limit < 1:
        raise QueryError("the limit must be at least 1")
    if options.offset < 0:
        raise QueryError("the offset must be 0 or more")
    plan = plan_query(text, options, reader=reader)
    if plan.query is None or reader.doc_count() == 0:
        return []
    query_terms = _positive_terms(plan, reader)
    hits = []
    best = _best(reader, plan, options.offset + options.limit, options.collapse)
    for hit, fields in best[options.offset :]:
        code = field_language(fields.get("lang", ""))
        stored_text = fields.get("text", "")
        terms = query_terms.get(f"body_{code}", set()) | query_terms.get(f"title_{code}", set())
        passage = snippet(stored_text, terms, code) if stored_text else ""
        group = fields.get("dup_group")
        others = group_members(reader, group, hit.doc) if options.collapse and group else []
        hits.append(
            SearchHit(
                **stored_metadata(fields),
                score=round(hit.score, 4),
                snippet=passage or lead(stored_text),
                group=group,
                similar=len(others),
                similar_sources=tuple(
                    dict.fromkeys(o["source"] for o in others if o.get("source"))
                ),
            )
        )
    return hits


#: Collapsing looks at this many hits per hit asked for, and more if it must.
COLLAPSE_FETCH = 3


def _best(
    reader: EngineReader, plan: Plan, limit: int, collapse: bool
) -> list[tuple[EngineHit, dict[str, Any]]]:
    """The best ``limit`` hits and their stored fields; with ``collapse``, one per group.

    Only the top of the ranking is collapsed (fetched again, deeper, in the rare
    case that it holds too few groups), so the search scores no document twice.
    """
    assert plan.query is not None
    fetch = limit * COLLAPSE_FETCH if collapse else limit
    while True:
        results = reader.search(plan.query, filter=plan.filter, limit=fetch)
        if not collapse:
            return [(hit, reader.stored(hit.doc)) for hit in results]
        best: list[tuple[EngineHit, dict[str, Any]]] = []
        groups: set[str | None] = set()
        for hit in results:
            fields = reader.stored(hit.doc)
            group = fields.get("dup_group")
            if group and group in groups:
                continue
            groups.add(group)
            best.append((hit, fields))
            if len(best) == limit:
                return best
        if len(results) < fetch:
            return best
        fetch *= 4


def _positive_terms(plan: Plan, reader: EngineReader) -> dict[str, set[str]]:
    """Field -> the index terms the query looks for (not those it excludes).

    Wildcards and fuzzy terms count as the index terms they expand to. A hit's
    snippet highlights those of its language.
    """
    out: dict[str, set[str]] = {}
    for leaf in plan.positive_leaves():
        if isinstance(leaf, Term):
            out.setdefault(leaf.field, set()).add(leaf.text)
        elif isinstance(leaf, Phrase):
            out.setdefault(leaf.field, set()).update(leaf.terms)
        elif isinstance(leaf, Wildcard | Fuzzy):
            out.setdefault(leaf.field, set()).update(reader.expand(leaf))
    return out


def group_members(reader: EngineReader, group: str, doc: Any) -> list[dict[str, Any]]:
    """Stored fields of the other documents of a near-duplicate group."""
    if reader.doc_frequency("dup_group", group) < 2:
        return []
    return [
        reader.stored(other) for other in reader.matches(Term("dup_group", group)) if other != doc
    ]


#: Only the first words of a query get spelling suggestions.
SUGGEST_WORDS = 12


#: A suggested word must occur in at least this many documents.
SUGGEST_MIN_DOCS = 3


def suggest(reader: EngineReader, text: str) -> str | None:
    """A corrected query, made of real words of the index, or None.

    A word the index has (``Kirchner``, in any document) is never replaced,
    nor one the bilingual dictionaries know (spelled right, even where the
    index lacks it). Another is replaced only when the replacement is clearly
    better: a word of the documents in the query's language (in English,
    Spanish or French when that is unknown: never a word of another
    language), written within one edit of the word typed (two for words of
    seven letters or more, a swap of two letters counting as one), found in at
    least :data:`SUGGEST_MIN_DOCS` documents. Index terms are stems, so
    candidates are compared as written in a document that contains them.
    """
    lexicon = load_lexicon()[0]
    detected = _query_language(normalize_query(text))
    languages = (detected,) if detected in LANGUAGES else LANGUAGES
    changed = False
    out: list[str] = []
    for position, word in enumerate(normalize_query(text).split()):
        if (
            position >= SUGGEST_WORDS
            or not PLAIN_WORD.match(word)
            or word in OPERATORS
            or _is_stop_word(word.lower())
        ):
            out.append(word)
            continue
        terms = {code: _one_term(code, word) for code in FIELD_LANGUAGES}
        typed = max(
            (
                reader.doc_frequency(field, term)
                for code, term in terms.items()
                if term
                for field in (f"title_{code}", f"body_{code}")
            ),
            default=0,
        )
        if typed or (lexicon is not None and _known_word(lexicon, word)):
            out.append(word)  # a word of the index, or spelled right: the index just lacks it
            continue
        from rapidfuzz.distance import OSA  # only for the words a query did not find

        folded = fold(word.lower())
        allowed = 1 if len(folded) < 7 else 2
        best: tuple[int, int, str] | None = None  # (distance, -documents, word)
        for code, term in terms.items():
            if not term or len(term) < 3 or code not in languages:
                continue
            field = f"body_{code}"
            for candidate in reader.terms_within(field, term, allowed, prefix=1):
                df = reader.doc_frequency(field, candidate)
                if df < SUGGEST_MIN_DOCS or candidate == term:
                    continue
                surface = _surface_word(reader, field, candidate)
                if not surface:
                    continue
                distance = OSA.distance(folded, fold(surface), score_cutoff=allowed)
                key = (distance, -df, surface)
                if distance <= allowed and (best is None or key < best):
                    best = key
        if best is None:
            out.append(word)
            continue
        out.append(best[2])
        changed = True
    return " ".join(out) if changed else None


def _one_term(code: str, word: str) -> str | None:
    """The single index term the ``code`` analyzer makes of ``word``, or None."""
    terms = analyzer_for(code).terms(word)
    return terms[0] if len(terms) == 1 else None


def _known_word(lexicon, word: str) -> bool:  # type: ignore[no-untyped-def]
    """True when the bilingual dictionaries have ``word`` in English, Spanish or French."""
    return any(lexicon.lookup(word, lang) is not None for lang in LANGUAGES)


def _surface_word(reader: EngineReader, field: str, term: str) -> str | None:
    """How ``term`` is written in the first document that contains it."""
    doc = next(reader.matches(Term(field, term)), None)
    if doc is None:
        return None
    stored = reader.stored(doc)
    text = stored.get("text", "") + " " + stored.get("title", "")
    forms: Counter[str] = Counter()
    for _, start, end in analyzer_for(field.rsplit("_", 1)[1]).occurrences(text, {term}):
        forms[text[start:end].lower()] += 1
    return forms.most_common(1)[0][0] if forms else None
