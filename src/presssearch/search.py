"""Queries: parsing, running, and turning Whoosh hits into :class:`SearchHit`.

A free-text word is looked up in every language at once: the parser copies
it into each language's title and body fields, and each copy is analyzed by
that field's analyzer, so ``película`` becomes ``pelicul`` in Spanish and
``pelicula`` elsewhere. Words are OR-grouped with a preference for documents
that match more of them. The syntax is Whoosh's: ``"phrases"``, ``AND``,
``OR``, ``NOT`` (upper case), ``field:value``, ``wild*``, ``term~``,
``date:[2025-01-01 TO 2025-02-01]``.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz.distance import OSA
from whoosh import matching, qparser, query, scoring
from whoosh.idsets import BitSet
from whoosh.qparser import syntax

from presssearch.analyze import WORD_PATTERN, field_language
from presssearch.errors import QueryError

if TYPE_CHECKING:
    from presssearch.index import Index

__all__ = [
    "ExportRow",
    "Filters",
    "SearchHit",
    "explain",
    "export",
    "facets",
    "normalize_query",
    "parse_query",
    "search",
    "suggest",
    "timeline",
]

TITLE_BOOST = 0.5
#: BM25F: term-frequency saturation and length normalization.
BM25_K1 = 2.2
BM25_B = 0.75
IDF_PER_LANGUAGE = True
#: Extra weight of a query word matched in the query's own language.
SOURCE_BONUS = 2.5
#: Translations per word and language, the dictionary's first senses first.
TRANSLATION_CAP = 4
#: The weight of all the translations of one query word together.
TRANSLATION_WEIGHT = 1.0
#: How much matching more of the query's words counts (0: not at all, 1: fully).
COORDINATION = 0.5
SNIPPET_CHARS = 240
SNIPPET_SCAN = 6000


@dataclass(frozen=True)
class SearchHit:
    """One result. Plain data: it stays valid after the index is closed."""

    id: str
    path: str
    title: str
    lang: str
    source: str | None
    published: dt.date | None
    score: float
    snippet: str
    url: str | None = None
    authors: tuple[str, ...] = ()
    group: str | None = None
    similar: int = 0
    similar_sources: tuple[str, ...] = ()


def weighting() -> scoring.WeightingModel:
    """The ranking function: BM25F with per-language statistics."""
    return LanguageBM25(B=BM25_B, K1=BM25_K1)


class LanguageBM25(scoring.BM25F):
    """BM25F whose statistics count only the documents of the field's language.

    Each language has its own fields, so a Spanish term's document frequency
    is out of the Spanish documents, and so is the average length of a
    Spanish body; Whoosh divides by every document of the index, which makes
    each language's documents look longer the more other languages there are.
    The IDF is the usual ``log(1 + (N - n + .5) / (n + .5))``.
    """

    def idf(self, searcher, fieldname, text):  # type: ignore[no-untyped-def]
        parent = searcher.get_parent()
        n = parent.doc_frequency(fieldname, text)
        total = _field_documents(parent, fieldname) if IDF_PER_LANGUAGE else parent.doc_count()
        return math.log(1 + (total - n + 0.5) / (n + 0.5))

    def scorer(self, searcher, fieldname, text, qf=1):  # type: ignore[no-untyped-def]
        if not searcher.schema[fieldname].scorable:
            return scoring.WeightScorer.for_(searcher, fieldname, text)
        return _LanguageBM25Scorer(searcher, fieldname, text, self.B, self.K1, qf=qf)


class _LanguageBM25Scorer(scoring.BM25FScorer):
    """BM25F's scorer with the per-language average length, set before its
    maximum score is computed (the search skips documents by that bound)."""

    def __init__(self, searcher, fieldname, text, B, K1, qf=1):  # type: ignore[no-untyped-def]
        parent = searcher.get_parent()
        self.idf = parent.idf(fieldname, text)
        documents = _field_documents(parent, fieldname)
        self.avgfl = (parent.field_length(fieldname) / documents) or 1
        self.B = B
        self.K1 = K1
        self.qf = qf
        self.setup(searcher, fieldname, text)


def _field_documents(searcher, fieldname: str) -> int:  # type: ignore[no-untyped-def]
    """How many documents can have ``fieldname``: those of its language."""
    cache = searcher.__dict__.setdefault("_presssearch_field_documents", {})
    if fieldname not in cache:
        total = searcher.doc_count()
        code = fieldname.rsplit("_", 1)[-1] if "_" in fieldname else None
        if code in ("en", "es", "fr"):
            count = searcher.doc_frequency("lang", code)
        elif code == "xx":
            count = total - sum(searcher.doc_frequency("lang", c) for c in ("en", "es", "fr"))
        else:
            count = total
        cache[fieldname] = max(count, 1)
    return cache[fieldname]


class CoordMatcher(matching.Matcher):
    """A union that scales each document's score by the share of clauses it matches.

    ``score = sum(clause scores) * ((1 - coord) + coord * matched / clauses)``,
    so a document with three of three query words outranks one that repeats
    a single word. (Whoosh's own coordination wrapper counts every term of
    every field and scores one-word queries 0.)
    """

    def __init__(self, matchers: list, clauses: int, coord: float) -> None:
        self._matchers = matchers
        self._clauses = clauses
        self._coord = coord

    def _active(self) -> list:
        return [m for m in self._matchers if m.is_active()]

    def is_active(self) -> bool:
        return any(m.is_active() for m in self._matchers)

    def id(self) -> int:
        return min(m.id() for m in self._matchers if m.is_active())

    def next(self) -> None:
        current = self.id()
        for m in self._active():
            if m.id() == current:
                m.next()

    def skip_to(self, id: int) -> None:
        for m in self._active():
            if m.id() < id:
                m.skip_to(id)

    def score(self) -> float:
        current = self.id()
        scores = [m.score() for m in self._active() if m.id() == current]
        share = len(scores) / self._clauses
        return sum(scores) * ((1.0 - self._coord) + self._coord * share)

    def children(self) -> list:
        return list(self._matchers)

    def copy(self) -> CoordMatcher:
        return CoordMatcher([m.copy() for m in self._matchers], self._clauses, self._coord)

    def replace(self, minquality: float = 0) -> matching.Matcher:
        active = [m.replace() for m in self._matchers if m.is_active()]
        active = [m for m in active if m.is_active()]
        if not active:
            return matching.NullMatcher()
        return CoordMatcher(active, self._clauses, self._coord)

    def reset(self) -> None:
        for m in self._matchers:
            m.reset()

    def supports(self, astype: str) -> bool:
        return all(m.supports(astype) for m in self._matchers)

    def supports_block_quality(self) -> bool:
        return False

    def max_quality(self) -> float:
        """An upper bound of any score: the coordination factor is at most 1."""
        try:
            return sum(m.max_quality() for m in self._matchers if m.is_active())
        except matching.NoQualityAvailable:
            return math.inf

    def value(self) -> bytes:
        raise NotImplementedError

    def weight(self) -> float:
        current = self.id()
        return sum(m.weight() for m in self._active() if m.id() == current)


class CoordOr(query.Or):
    """OR of the query's clauses with a preference for documents that match more of them."""

    def _matcher(self, subs, searcher, context):  # type: ignore[no-untyped-def]
        matchers = [sub.matcher(searcher, context) for sub in subs]
        return CoordMatcher(matchers, len(subs), COORDINATION)


class CoordGroup(syntax.OrGroup):
    qclass = CoordOr


class ConstraintPlugin(qparser.Plugin):
    """Fielded terms and negations restrict the results; free words rank them.

    ``Audiard lang:es`` is Spanish documents ranked by ``Audiard``, and
    ``Audiard NOT Gascón`` is documents with Audiard and without Gascón,
    which is what a reader means, rather than Whoosh's OR of the parts.
    """

    def filters(self, parser):  # type: ignore[no-untyped-def]
        # After operators have made NOT groups (600), before fields are expanded.
        return [(self.restrict, 610)]

    def restrict(self, parser, group):  # type: ignore[no-untyped-def]
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                group[i] = self.restrict(parser, node)
        if not isinstance(group, CoordGroup):
            return group
        free, constraints = [], []
        for node in group:
            fielded = node.has_fieldname and node.fieldname is not None
            if fielded or isinstance(node, syntax.NotGroup):
                constraints.append(node)
            else:
                free.append(node)
        if not constraints or not free:
            return group
        return syntax.AndGroup([CoordGroup(free), *constraints])


class TranslatePlugin(qparser.Plugin):
    """Adds each free word's translations into the other languages (structured translation).

    A run of plain words is expanded by the bilingual lexicon; each word, or
    expression the lexicon knows (``Spanish language``), becomes one clause:
    the original words in every language, OR its translations, each looked
    up only in its own language's fields. The translations of one word into
    one language form a synonym group scored by its best match, with a
    weight of :data:`TRANSLATION_WEIGHT`, so a word with many translations
    does not dominate and the words of the query, names above all, keep
    their weight.
    """

    def __init__(self, lexicon) -> None:  # type: ignore[no-untyped-def]
        self.lexicon = lexicon

    def filters(self, parser):  # type: ignore[no-untyped-def]
        # After constraints (610), before fields are expanded (620).
        return [(self.translate, 615)]

    def translate(self, parser, group):  # type: ignore[no-untyped-def]
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                group[i] = self.translate(parser, node)
        if not isinstance(group, CoordGroup):
            return group
        out: list = []
        run: list = []
        for node in [*group, None]:
            plain = (
                node is not None
                and type(node) is syntax.WordNode
                and node.fieldname is None
                and _PLAIN_WORD.match(node.text)
            )
            if plain:
                run.append(node)
                continue
            if run:
                out.extend(self._clauses(run))
                run = []
            if node is not None:
                out.append(node)
        return CoordGroup(out)

    def _clauses(self, nodes: list) -> list:
        from presssearch.detect import ANALYZED_LANGUAGES

        words = [node.text for node in nodes]
        # A query long enough to have a language is translated from it only.
        source = _query_language(" ".join(words))
        clauses: list = []
        position = 0
        expansions = self.lexicon.expand(
            words,
            stopwords=_is_stop_word,
            source=source if source in ANALYZED_LANGUAGES else None,
            cap=TRANSLATION_CAP,
        )
        for expansion in expansions:
            covered = nodes[position : position + len(expansion.words)]
            position += len(expansion.words)
            alternatives = list(covered)
            # The words count more in their own language (the query's, or
            # else the one the lexicon knows them in): a document in that
            # language outranks its own translations.
            own_languages = (
                [source]
                if source in ANALYZED_LANGUAGES
                else [c for c in expansion.languages if c in ANALYZED_LANGUAGES]
            )
            # Names (no translation) too, when the query's language is known.
            known = source in ANALYZED_LANGUAGES or expansion.translations
            if own_languages and known and SOURCE_BONUS:
                codes = ",".join(sorted(own_languages))
                alternatives = []
                for node in covered:
                    elsewhere = copy.copy(node)
                    elsewhere.set_fieldname(f"@not-{codes}", override=True)
                    own = copy.copy(node)
                    own.set_fieldname(f"@{codes}", override=True)
                    own.set_boost(node.boost * (1 + SOURCE_BONUS))
                    alternatives += [elsewhere, own]
            for lang, translations in expansion.translations.items():
                synonyms = []
                for text in translations:
                    if " " in text:
                        phrase = qparser.PhrasePlugin.PhraseNode(text, 0)
                        phrase.set_fieldname(f"@{lang}")
                        phrase.startchar, phrase.endchar = (
                            covered[0].startchar,
                            covered[-1].endchar,
                        )
                        synonyms.append(phrase)
                    else:
                        word = syntax.WordNode(text)
                        word.set_fieldname(f"@{lang}")
                        word.startchar, word.endchar = covered[0].startchar, covered[-1].endchar
                        synonyms.append(word)
                if synonyms:
                    # One synonym group per language: the best translation counts.
                    group = syntax.DisMaxGroup(synonyms)
                    group.set_boost(TRANSLATION_WEIGHT)
                    alternatives.append(group)
            if len(alternatives) == 1:
                clauses.append(alternatives[0])
            else:
                clauses.append(syntax.OrGroup(alternatives))
        clauses.extend(nodes[position:])  # words the lexicon did not return
        return clauses


@lru_cache(maxsize=4096)
def _query_language(text: str) -> str:
    from presssearch.detect import detect_language

    return detect_language(text, tie_break=False)


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from whoosh.lang.stopwords import stoplists

    return frozenset().union(*(stoplists[code] for code in ("en", "es", "fr")))


def _is_stop_word(word: str) -> bool:
    return word in _stop_words()


@lru_cache(maxsize=1)
def load_lexicon():  # type: ignore[no-untyped-def]
    """The bilingual lexicon, loaded once per process; None (and why) when missing."""
    from presssearch.translate import Lexicon, LexiconMissing

    try:
        return Lexicon.load(), None
    except LexiconMissing as exc:
        return None, str(exc)


def translation_unavailable() -> str | None:
    """Why queries cannot be translated here, or None when they can."""
    return load_lexicon()[1]


class FieldGroupPlugin(qparser.Plugin):
    """Expands a virtual field into the real per-language fields.

    An unfielded word goes to every title and body field, ``title:`` to the
    title fields, ``body:``/``text:`` to the body fields.
    """

    def __init__(self, groups: dict[str | None, tuple[str, ...]], boosts: dict[str, float]):
        self.groups = groups
        self.boosts = boosts

    def filters(self, parser):  # type: ignore[no-untyped-def]
        # After field names (100), operators (600) and constraints (610).
        return [(self.expand, 620)]

    def _fields(self, name: str | None) -> tuple[str, ...]:
        """The fields of a virtual field; ``@en,fr`` and ``@not-en,fr`` by language."""
        if name in self.groups:
            return self.groups[name]
        if not name or not name.startswith("@"):
            return ()
        every = self.groups[None]
        if name.startswith("@not-"):
            codes = set(name[5:].split(","))
            return tuple(f for f in every if f.rsplit("_", 1)[1] not in codes)
        codes = set(name[1:].split(","))
        return tuple(f for f in every if f.rsplit("_", 1)[1] in codes)

    def expand(self, parser, group):  # type: ignore[no-untyped-def]
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                group[i] = self.expand(parser, node)
            elif node.has_fieldname and self._fields(node.fieldname):
                copies = []
                for name in self._fields(node.fieldname):
                    new = copy.copy(node)
                    new.set_fieldname(name, override=True)
                    if name in self.boosts:
                        new.set_boost(new.boost * self.boosts[name])
                    copies.append(new)
                group[i] = syntax.OrGroup(copies)
        return group


def _make_parser(schema, *, translate: bool):  # type: ignore[no-untyped-def]
    from presssearch.index import BODY_FIELDS, TITLE_FIELDS

    everything = TITLE_FIELDS + BODY_FIELDS
    groups: dict[str | None, tuple[str, ...]] = {
        None: everything,
        "title": TITLE_FIELDS,
        "body": BODY_FIELDS,
        "text": BODY_FIELDS,
    }
    parser = qparser.QueryParser(None, schema, group=CoordGroup)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(ConstraintPlugin())
    lexicon = load_lexicon()[0] if translate else None
    if lexicon is not None:
        parser.add_plugin(TranslatePlugin(lexicon))
    parser.add_plugin(
        qparser.FieldAliasPlugin(
            {
                "published": ["date"],
                "source": ["outlet", "site"],
                "authors": ["author", "by"],
                "lang": ["language"],
            }
        )
    )
    parser.add_plugin(FieldGroupPlugin(groups, {name: TITLE_BOOST for name in TITLE_FIELDS}))
    return parser


def _errors(q: query.Query) -> list[str]:
    """The messages of the error nodes Whoosh leaves in a query it could not fully parse."""
    found, stack = [], [q]
    while stack:
        node = stack.pop()
        error = getattr(node, "error", None)
        if error:
            found.append(str(error))
        stack.extend(node.children())
    return found


#: More edits than this make a fuzzy term match nearly anything, slowly.
MAX_FUZZY_EDITS = 2
#: Longer queries are refused: they are pasted documents, not questions.
MAX_QUERY_CHARS = 2000

# Typographic quotes and apostrophes as people type them, and control characters.
_QUOTES = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "ʼ": "'"}
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def normalize_query(text: str) -> str:
    """``text`` with typographic quotes made plain and control characters removed."""
    return _CONTROL.sub(" ", text.translate(_QUOTES)).strip()


def parse_query(text: str, schema, *, translate: bool = True) -> query.Query:  # type: ignore[no-untyped-def]
    """Parse ``text`` into a Whoosh query; raises :class:`QueryError`.

    With ``translate``, free words are expanded into their translations when
    the bilingual lexicon is installed.
    """
    text = normalize_query(text)
    if not text:
        raise QueryError("the query is empty")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query is {len(text):,} characters long; the limit is {MAX_QUERY_CHARS:,}"
        )
    try:
        q = _make_parser(schema, translate=translate).parse(text)
    except Exception as exc:  # whoosh raises bare Exceptions for bad dates and ranges
        raise QueryError(f"cannot parse query {text!r}: {exc}") from exc
    problems = _errors(q)
    if problems:
        raise QueryError(f"cannot parse query {text!r}: {problems[0]}")
    for leaf in q.leaves():
        if isinstance(leaf, query.FuzzyTerm) and leaf.maxdist > MAX_FUZZY_EDITS:
            raise QueryError(
                f"cannot parse query {text!r}: a fuzzy term allows at most"
                f" {MAX_FUZZY_EDITS} edits ({leaf.text}~{leaf.maxdist})"
            )
    _use_union_matchers(q)
    return q


def _use_union_matchers(q: query.Query) -> None:
    """Make every OR score its matches.

    On indexes under 5,000 documents Whoosh picks a preloading OR matcher
    for three or more clauses, and it scores every match 0.
    """
    stack = [q]
    while stack:
        node = stack.pop()
        if isinstance(node, query.Or):
            node.matcher_type = query.Or.DEFAULT_MATCHER
        stack.extend(node.children())


_SPACE = re.compile(r"\s+")
# Words cut as the analyzers cut them, so snippet terms match index terms.
_WORD = re.compile(WORD_PATTERN)


def explain(index: Index, text: str, *, translate: bool = True) -> str:
    """The parsed form of the query ``text``, as the search engine runs it."""
    return str(parse_query(text, index.searcher().schema, translate=translate))


#: Only the first words of a query get spelling suggestions.
SUGGEST_WORDS = 12
_PLAIN_WORD = re.compile(r"^[^\W\d_][\w'’]*$")
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})


#: A suggested word must occur in at least this many documents...
SUGGEST_MIN_DOCS = 3
#: ...and in this many times more than the word typed.
SUGGEST_RATIO = 10


def suggest(index: Index, text: str) -> str | None:
    """A corrected query, made of real words of the index, or None.

    A word is replaced only when the replacement is clearly better: a word of
    the index, written within one edit of the word typed (two for words of
    seven letters or more, a swap of two letters counting as one), found in
    at least :data:`SUGGEST_MIN_DOCS` documents and :data:`SUGGEST_RATIO`
    times as many as the word typed. A word the bilingual dictionaries know
    is correctly spelled, and is kept even when the index lacks it. Index
    terms are stems, so candidates are compared as written in a document
    that contains them.
    """
    from presssearch.analyze import analyzer_for, fold
    from presssearch.index import FIELD_LANGUAGES

    searcher = index.searcher()
    reader = searcher.reader()
    lexicon = load_lexicon()[0]
    changed = False
    out: list[str] = []
    for position, word in enumerate(normalize_query(text).split()):
        if (
            position >= SUGGEST_WORDS
            or not _PLAIN_WORD.match(word)
            or word in _OPERATORS
            or _is_stop_word(word.lower())
        ):
            out.append(word)
            continue
        terms = {code: analyze_one(analyzer_for(code), word) for code in FIELD_LANGUAGES}
        typed = max(
            (
                reader.doc_frequency(field, term)
                for code, term in terms.items()
                if term
                for field in (f"title_{code}", f"body_{code}")
            ),
            default=0,
        )
        if typed and typed * SUGGEST_RATIO >= reader.doc_count():
            out.append(word)  # common enough that nothing can be far more common
            continue
        if lexicon is not None and not typed and _known_word(lexicon, word):
            out.append(word)  # spelled right; the index just lacks it
            continue
        folded = fold(word.lower())
        allowed = 1 if len(folded) < 7 else 2
        best: tuple[int, int, str] | None = None  # (distance, -documents, word)
        for code, term in terms.items():
            if not term or len(term) < 3:
                continue
            field = f"body_{code}"
            for candidate in reader.terms_within(field, term, allowed, prefix=1):
                df = reader.doc_frequency(field, candidate)
                if df < max(SUGGEST_MIN_DOCS, typed * SUGGEST_RATIO) or candidate == term:
                    continue
                surface = _surface_word(searcher, field, candidate)
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


def _known_word(lexicon, word: str) -> bool:  # type: ignore[no-untyped-def]
    """True when the bilingual dictionaries have ``word`` in English, Spanish or French."""
    return any(lexicon.lookup(word, lang) is not None for lang in ("en", "es", "fr"))


def analyze_one(analyzer, word: str) -> str | None:  # type: ignore[no-untyped-def]
    """The single index term ``analyzer`` makes of ``word``, or None."""
    terms = [t.text for t in analyzer(word) if not t.stopped]
    return terms[0] if len(terms) == 1 else None


def _surface_word(searcher, field: str, term: str) -> str | None:  # type: ignore[no-untyped-def]
    """How ``term`` is written in the first document that contains it."""
    matcher = query.Term(field, term).matcher(searcher)
    if not matcher.is_active():
        return None
    stored = searcher.stored_fields(matcher.id())
    analyzer = searcher.schema[field].analyzer
    text = stored.get("text", "") + " " + stored.get("title", "")
    forms: Counter[str] = Counter()
    for token in analyzer(text, chars=True, removestops=False):
        if token.text == term:
            forms[text[token.startchar : token.endchar].lower()] += 1
    return forms.most_common(1)[0][0] if forms else None


def snippet(text: str, terms: set[str], lang: str) -> str:
    """The passage of ``text`` with the most distinct matched ``terms``, highlighted.

    Matched words are wrapped in ``<em>``; everything else is HTML-escaped.
    Words are analyzed as the index analyzed them (``terms`` are index
    terms), over the first :data:`SNIPPET_SCAN` characters. Empty when no
    word matches.
    """
    from presssearch.analyze import analyzer_for

    term = analyzer_for(lang).term  # type: ignore[attr-defined]
    scan = text[:SNIPPET_SCAN]
    hits = []
    for match in _WORD.finditer(scan):
        found, stop = term(match.group())
        if not stop and found in terms:
            hits.append((match.start(), match.end(), found))
    if not hits:
        return ""
    best_start, best_score = 0, (-1, 0)
    for i, (start, _, _) in enumerate(hits):
        window = [h for h in hits[i:] if h[1] <= start + SNIPPET_CHARS]
        score = (len({h[2] for h in window}), len(window))
        if score > best_score:
            best_start, best_score = i, score
    first = hits[best_start][0]
    # From the start when the match is near it; else some context before it.
    begin = 0 if first < SNIPPET_CHARS // 2 else first - SNIPPET_LEAD
    if begin:
        space = scan.find(" ", begin, first)
        begin = space + 1 if space != -1 else begin
    end = min(len(scan), begin + SNIPPET_CHARS)
    if end < len(scan):
        space = scan.rfind(" ", begin, end)
        end = space if space > first else end
    parts = ["… " if begin else ""]
    cursor = begin
    for start, stop_, _ in hits:
        if start < begin or stop_ > end:
            continue
        parts.append(html.escape(_SPACE.sub(" ", scan[cursor:start]), quote=False))
        parts.append(f"<em>{html.escape(scan[start:stop_], quote=False)}</em>")
        cursor = stop_
    parts.append(html.escape(_SPACE.sub(" ", scan[cursor:end]), quote=False))
    if end < len(text):
        parts.append(" …")
    return "".join(parts).strip()


#: Characters of context before the first matched word of a snippet.
SNIPPET_LEAD = 60


def _lead(text: str) -> str:
    """The start of ``text``, cut at a word boundary, HTML-escaped."""
    text = " ".join(text.split())
    if len(text) > SNIPPET_CHARS:
        text = text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return html.escape(text, quote=False)


def _filter(
    schema,  # type: ignore[no-untyped-def]
    *,
    lang: str | None,
    source: str | None,
    since: dt.date | None,
    until: dt.date | None,
) -> query.Query | None:
    parts: list[query.Query] = []
    if lang:
        parts.append(query.Term("lang", lang.strip().lower()))
    if source:
        words = [t.text for t in schema["source"].analyzer(source)]
        if not words:
            raise QueryError(f"--source {source!r} has no words to match")
        parts.append(
            query.Phrase("source", words) if len(words) > 1 else query.Term("source", words[0])
        )
    if since or until:
        start = dt.datetime.combine(since, dt.time.min) if since else None
        end = dt.datetime.combine(until, dt.time.max) if until else None
        parts.append(query.DateRange("published", start, end))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else query.And(parts)


@dataclass(frozen=True)
class Filters:
    """Restrictions on the documents a query may return; they do not change the order."""

    lang: str | None = None
    source: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None

    def query(self, schema) -> query.Query | None:  # type: ignore[no-untyped-def]
        return _filter(
            schema, lang=self.lang, source=self.source, since=self.since, until=self.until
        )


#: Filters whose documents a searcher keeps (the index does not change under it).
FILTER_CACHE = 64


def _matching(index: Index, text: str, filters: Filters, translate: bool):  # type: ignore[no-untyped-def]
    searcher = index.searcher()
    q = parse_query(text, searcher.schema, translate=translate)
    return searcher, q, _filter_documents(searcher, filters.query(searcher.schema))


def _filter_documents(searcher, flt: query.Query | None) -> BitSet | query.Query | None:  # type: ignore[no-untyped-def]
    """The documents a filter lets through, remembered by the searcher.

    A language or date filter otherwise walks its postings (every day of a
    date range) on each query. A filter that lets nothing through stays a
    query: Whoosh takes an empty set for no filter at all.
    """
    if flt is None:
        return None
    cache = searcher.__dict__.setdefault("_presssearch_filters", {})
    key = repr(flt)
    if key not in cache:
        if len(cache) >= FILTER_CACHE:
            del cache[next(iter(cache))]
        docs = BitSet(searcher.docs_for_query(flt), size=searcher.doc_count_all())
        cache[key] = docs if docs else flt
    return cache[key]


def search(
    index: Index,
    text: str,
    *,
    lang: str | None = None,
    source: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = 10,
    collapse: bool = True,
    translate: bool = True,
) -> list[SearchHit]:
    """The best ``limit`` documents for the query ``text``, best first.

    With ``collapse``, near-duplicates (the same story in several outlets)
    are shown once, as their best hit, with the number and outlets of the
    others in ``similar`` and ``similar_sources``.
    """
    from presssearch.index import stored_metadata

    if limit < 1:
        raise QueryError("the limit must be at least 1")
    searcher, q, flt = _matching(index, text, Filters(lang, source, since, until), translate)
    query_terms = _positive_terms(q, searcher.reader())
    hits = []
    for hit in _best(searcher, q, flt, limit, collapse):
        fields = hit.fields()
        code = field_language(fields.get("lang", ""))
        stored_text = fields.get("text", "")
        terms = query_terms.get(f"body_{code}", set()) | query_terms.get(f"title_{code}", set())
        passage = snippet(stored_text, terms, code) if stored_text else ""
        group = fields.get("dup_group")
        others = _group_members(searcher, group, hit.docnum) if collapse and group else []
        hits.append(
            SearchHit(
                **stored_metadata(fields),
                score=round(float(hit.score), 4),
                snippet=passage or _lead(stored_text),
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


def _best(searcher, q, flt, limit: int, collapse: bool) -> list:  # type: ignore[no-untyped-def]
    """The best ``limit`` hits; with ``collapse``, only the best of each near-duplicate group.

    Only the top of the ranking is collapsed (fetched again, deeper, in the rare
    case that it holds too few groups), so the search scores no document twice.
    """
    fetch = limit * COLLAPSE_FETCH if collapse else limit
    while True:
        results = searcher.search(q, limit=fetch, filter=flt)
        if not collapse:
            return list(results)
        best, groups = [], set()
        for hit in results:
            group = hit.get("dup_group")
            if group and group in groups:
                continue
            groups.add(group)
            best.append(hit)
            if len(best) == limit:
                return best
        if results.scored_length() < fetch:
            return best
        fetch *= 4


def _positive_terms(q: query.Query, reader) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    """Field -> the index terms the query looks for (not those it excludes).

    Wildcards and fuzzy terms count as the index terms they expand to. A hit's
    snippet highlights those of its language.
    """
    out: dict[str, set[str]] = {}
    stack = [q]
    while stack:
        node = stack.pop()
        if isinstance(node, query.Not):
            continue
        if isinstance(node, query.AndNot):
            stack.append(node.a)
        elif node.is_leaf():
            for field, text in node.expanded_terms(reader, phrases=True):
                word = text.decode("utf-8") if isinstance(text, bytes) else text
                out.setdefault(field, set()).add(word)
        else:
            stack.extend(node.children())
    return out


def _group_members(searcher, group: str, docnum: int) -> list[dict]:  # type: ignore[no-untyped-def]
    """Stored fields of the other documents of a near-duplicate group."""
    if searcher.doc_frequency("dup_group", group) < 2:
        return []
    return [
        searcher.stored_fields(other)
        for other in query.Term("dup_group", group).docs(searcher)
        if other != docnum
    ]


INTERVALS = ("day", "week", "month")


def bucket(day: dt.date, interval: str) -> str:
    """The label of the time bucket of ``day``: 2025-02-03, 2025-W06 or 2025-02."""
    if interval == "day":
        return day.isoformat()
    if interval == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if interval == "month":
        return f"{day.year}-{day.month:02d}"
    raise QueryError(f"unknown interval {interval!r}: use day, week or month")


def all_columns(index: Index) -> Iterator[tuple[str, str | None, dt.date | None]]:
    """(lang, outlet, published date) of every document of the index."""
    searcher = index.searcher()
    yield from _columns(searcher, searcher.reader().all_doc_ids())


def _matching_columns(searcher, q, flt):  # type: ignore[no-untyped-def]
    docnums = searcher.search(q, filter=flt, limit=None, scored=False).docs()
    return _columns(searcher, docnums)


def _columns(searcher, docnums):  # type: ignore[no-untyped-def]
    """(lang, outlet, published date) of the documents ``docnums``."""
    reader = searcher.reader()
    if reader.doc_count() == 0:
        return
    langs = reader.column_reader("lang")
    outlets = reader.column_reader("outlet")
    dates = reader.column_reader("published", translate=False)
    for docnum in sorted(docnums):
        day = _long_to_date(dates[docnum])
        yield langs[docnum] or "und", outlets[docnum] or None, day


def _long_to_date(value) -> dt.date | None:  # type: ignore[no-untyped-def]
    from whoosh.util.times import long_to_datetime

    try:
        day = long_to_datetime(value).date()
    except (OverflowError, ValueError, TypeError):
        return None  # the column's value for a document without a date
    return day if day.year > 1 else None


def facets(
    index: Index,
    text: str,
    *,
    lang: str | None = None,
    source: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    interval: str = "day",
    translate: bool = True,
) -> dict[str, dict[str, int]]:
    """Counts of all the documents matching ``text`` by language, outlet and date bucket.

    Documents without a date count under ``"undated"``; without an outlet,
    under ``"unknown"``. Counts are over the whole result set, duplicates
    included, not just the hits shown.
    """
    bucket(dt.date.today(), interval)  # validates the interval
    searcher, q, flt = _matching(index, text, Filters(lang, source, since, until), translate)
    by_lang: Counter[str] = Counter()
    by_source: Counter[str] = Counter()
    by_date: Counter[str] = Counter()
    for code, outlet, day in _matching_columns(searcher, q, flt):
        by_lang[code] += 1
        by_source[outlet or "unknown"] += 1
        by_date[bucket(day, interval) if day else "undated"] += 1
    return {
        "lang": dict(by_lang.most_common()),
        "source": dict(by_source.most_common()),
        "date": dict(sorted(by_date.items())),
    }


def timeline(
    index: Index,
    text: str,
    *,
    interval: str = "day",
    by: str = "lang",
    lang: str | None = None,
    source: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    translate: bool = True,
) -> dict[str, dict[str, int]]:
    """Matching documents per time bucket, one series per language or outlet.

    Returns ``{series: {bucket: count}}`` with every series over the same
    buckets, from the first to the last dated match, empty buckets included.
    Undated documents are left out.
    """
    if by not in ("lang", "source"):
        raise QueryError(f"unknown series {by!r}: use lang or source")
    bucket(dt.date.today(), interval)
    searcher, q, flt = _matching(index, text, Filters(lang, source, since, until), translate)
    counts: dict[str, Counter[str]] = {}
    days: list[dt.date] = []
    for code, outlet, day in _matching_columns(searcher, q, flt):
        if day is None:
            continue
        days.append(day)
        series = code if by == "lang" else (outlet or "unknown")
        counts.setdefault(series, Counter())[bucket(day, interval)] += 1
    if not days:
        return {}
    labels = _bucket_range(min(days), max(days), interval)
    return {
        series: {label: counter.get(label, 0) for label in labels}
        for series, counter in sorted(counts.items(), key=lambda kv: -sum(kv[1].values()))
    }


def _bucket_range(first: dt.date, last: dt.date, interval: str) -> list[str]:
    labels: list[str] = []
    day = first
    while day <= last:
        label = bucket(day, interval)
        if not labels or labels[-1] != label:
            labels.append(label)
        day += dt.timedelta(days=1)
    return labels


@dataclass(frozen=True)
class ExportRow:
    """One matching document, as ``presssearch export`` writes it."""

    id: str
    path: str
    url: str | None
    title: str
    source: str | None
    authors: tuple[str, ...]
    published: dt.date | None
    lang: str
    group: str | None
    score: float


def export(
    index: Index,
    text: str,
    *,
    lang: str | None = None,
    source: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    translate: bool = True,
) -> Iterator[ExportRow]:
    """Every document matching ``text``, best first (not only the top hits)."""
    from presssearch.index import stored_metadata

    searcher, q, flt = _matching(index, text, Filters(lang, source, since, until), translate)
    results = searcher.search(q, filter=flt, limit=None)
    for docnum, score in results.items():
        fields = searcher.stored_fields(docnum)
        yield ExportRow(
            **stored_metadata(fields),
            group=fields.get("dup_group"),
            score=round(float(score), 4),
        )
