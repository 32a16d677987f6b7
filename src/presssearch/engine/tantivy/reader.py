"""A point-in-time reader over the tantivy engine's languages."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import tantivy
from tantivy import Occur, Query

from presssearch import ranking
from presssearch.engine import (
    FIELDS,
    AllOf,
    AnyOf,
    BestOf,
    Coord,
    DateRange,
    EngineHit,
    Everything,
    Fuzzy,
    Node,
    Not,
    Phrase,
    Term,
    Wildcard,
    length_column,
    remember,
)
from presssearch.engine.tantivy.schema import STORED_ONLY, Handle, folder_stamp
from presssearch.engine.tantivy.statistics import (
    ANSWER_BITS,
    RESCORE_DEPTH,
    RESCORE_MIN,
    CandidateStatistics,
    Question,
    own_part,
    to_handle,
    within_language,
)

#: Documents read at once to tell which alternatives occur with a context (:meth:`together`).
TOGETHER_HITS = 8

#: Document frequencies a reader remembers (each a few hundred bytes).
_FREQUENCIES = 16_384


class TantivyReader:
    """Searchers over each language's index, taken at one moment."""

    def __init__(
        self, searchers: list[Any], schema: tantivy.Schema, data: Path, stamp: tuple
    ) -> None:
        self._searchers = searchers
        self._schema = schema
        self._data = data
        self._stamp = stamp
        self._stored: dict[Handle, dict[str, Any]] = {}
        self._field_totals: dict[str, float] = {}
        # The question of a term's frequency in one language, by (language, field, term).
        self._questions: dict[tuple[int, str, str], Question | None] = {}
        # How many documents of a language have a term, by (language, field, term).
        self._frequencies: dict[tuple[int, str, str], int] = {}
        # A results page asks for the hits, the facets and the timeline of one query.
        self._recent: dict[tuple, list[EngineHit]] = {}
        self._recent_counts: dict[tuple, Counter[tuple[Any, ...]]] = {}

    def doc_count(self) -> int:
        return sum(s.num_docs for s in self._searchers)

    def up_to_date(self) -> bool:
        """False once any language's index has committed since this reader was taken."""
        return folder_stamp(self._data) == self._stamp

    def close(self) -> None:
        self._searchers = []
        self._stored.clear()

    # -- searching ----------------------------------------------------------------------------

    def search(
        self, query: Node, *, filter: Node | None = None, limit: int | None = 10
    ) -> list[EngineHit]:
        """The best ``limit`` matches (all of them with None), best first.

        tantivy finds the candidates, ranked by its own BM25; the best of
        them are then scored by :mod:`presssearch.ranking` (see
        :class:`CandidateStatistics`), so both engines rank alike.
        """
        key = (query, filter, limit)
        found = self._recent.get(key)
        if found is None:
            found = self._ranked(query, filter, limit)
            remember(self._recent, key, found, RECENT_QUERIES)
        return list(found)

    def _ranked(self, query: Node, filter: Node | None, limit: int | None) -> list[EngineHit]:
        depth = None if limit is None else max(limit * RESCORE_DEPTH, RESCORE_MIN)
        candidates = self._candidates(query, filter, depth)
        if not candidates:
            return []
        stats = CandidateStatistics(self, candidates, query, everything=depth is None)
        docs, scores = ranking.score(query, stats)
        order = ranking.best(docs, scores, stats.written(docs), limit)
        return [EngineHit(to_handle(int(docs[i])), float(scores[i])) for i in order]

    def matches(self, query: Node, *, filter: Node | None = None) -> Iterator[Handle]:
        """Every match, unscored, in index order."""
        found = self._candidates(query, filter, None)
        return iter(sorted(h for part in found.values() for h in part))

    def count(self, query: Node, *, filter: Node | None = None, at_most: int) -> int:
        """How many documents match, up to ``at_most``: tantivy is asked for that many hits
        of each language that can match, no more."""
        found = 0
        for part, searcher in enumerate(self._searchers):
            own = within_language(query, part) if found < at_most else None
            if own is None or searcher.num_docs <= 0:
                continue
            hits = searcher.search(self._query(own, filter), at_most - found, count=False).hits
            found += len(hits)
        return found

    def together(self, each: Sequence[Node], context: Node) -> list[bool]:
        """For each of ``each``, whether a document matches both it and ``context``.

        One search answers for all of them: each alternative scores a power of
        two (:class:`CandidateStatistics` does the same), so the best few
        documents that match ``context`` and any of them say which ones they
        have; an alternative none of them has, while a document with it would
        have ranked among them, is in no document. Those the few documents
        leave open are counted one by one.
        """
        found = [False] * len(each)
        at_once = range(min(len(each), ANSWER_BITS))
        left = self._together_at_once(each, at_once, context, found) if at_once else []
        for i in [*left, *range(ANSWER_BITS, len(each))]:
            found[i] = self.count(AllOf((each[i], context)), at_most=1) > 0
        return found

    def _together_at_once(
        self, each: Sequence[Node], asked: range, context: Node, found: list[bool]
    ) -> list[int]:
        """Answer what one search per language can of :meth:`together` (in ``found``); the
        alternatives left open, to count one by one."""
        unsure: set[int] = set()
        for part, searcher in enumerate(self._searchers):
            own_context = within_language(context, part)
            if own_context is None or searcher.num_docs <= 0:
                continue
            bits: dict[int, tuple[int, Node]] = {}
            for i in asked:
                own = None if found[i] else within_language(each[i], part)
                if own is not None:
                    bits[i] = (len(bits), own)
            if not bits:
                continue
            alternatives = [
                (Occur.Should, Query.const_score_query(self._plain(own), float(1 << bit)))
                for bit, own in bits.values()
            ]
            query = Query.boolean_query(
                [
                    (Occur.Must, Query.const_score_query(self._plain(own_context), 0.0)),
                    (Occur.Must, Query.boolean_query(alternatives)),
                ]
            )
            hits = searcher.search(query, TOGETHER_HITS, count=False).hits
            have = 0
            for score, _ in hits:
                have |= round(score)
            # Every document scoring above the last one read is among those read.
            last = round(hits[-1][0]) if len(hits) == TOGETHER_HITS else 0
            for i, (bit, _) in bits.items():
                if have >> bit & 1:
                    found[i] = True
                elif last >= 1 << bit:
                    unsure.add(i)
        return sorted(i for i in unsure if not found[i])

    def _candidates(
        self, query: Node, filter: Node | None, depth: int | None
    ) -> dict[int, dict[Handle, Any]]:
        """Each language's best ``depth`` matches (all with None) by tantivy's own ranking.

        Each language's index is sent only the alternatives it can match: the
        words of the other languages' fields are left out of its query (they
        match nothing there and add nothing to a score, but tantivy would
        still look each of them up), which halves the time of a translated
        query.
        """
        found: dict[int, dict[Handle, Any]] = {}
        for part, searcher in enumerate(self._searchers):
            size = searcher.num_docs if depth is None else min(depth, searcher.num_docs)
            if size <= 0:
                continue
            own = within_language(query, part)
            if own is None:
                continue
            hits = searcher.search(self._query(own, filter), size, count=False).hits
            if hits:
                found[part] = {(part, a.segment_ord, a.doc): a for _, a in hits}
        return found

    def _query(self, node: Node, filter: Node | None) -> Query:
        q = self._translate(node)
        if filter is None:
            return q
        return Query.boolean_query(
            [(Occur.Must, q), (Occur.Must, Query.const_score_query(self._translate(filter), 0.0))]
        )

    def _translate(self, node: Node) -> Query:
        q = self._plain(node)
        boost = getattr(node, "boost", 1.0)
        if boost != 1.0 and not isinstance(node, _CONSTANT):
            q = Query.boost_query(q, boost)
        return q

    def _plain(self, node: Node) -> Query:
        schema = self._schema
        if isinstance(node, Term):
            if node.field not in FIELDS:
                return Query.empty_query()
            return Query.term_query(schema, node.field, node.text)
        if isinstance(node, Phrase):
            if len(node.terms) == 1:
                return Query.term_query(schema, node.field, node.terms[0])
            # Whoosh's slop 1 is tantivy's 0: the words next to each other.
            slop = max(node.slop - 1, 0)
            return Query.phrase_query(schema, node.field, list(node.terms), slop=slop)
        if isinstance(node, Wildcard):
            regex = _wildcard_regex(node.pattern)
            return Query.const_score_query(Query.regex_query(schema, node.field, regex), node.boost)
        if isinstance(node, Fuzzy):
            terms = self.expand(node)
            if not terms:
                return Query.empty_query()
            return Query.const_score_query(
                Query.term_set_query(schema, node.field, terms), node.boost
            )
        if isinstance(node, DateRange):
            start = dt.datetime.combine(node.start, dt.time.min) if node.start else None
            end = dt.datetime.combine(node.end, dt.time.max) if node.end else None
            inner = (
                Query.exists_query(node.field)
                if start is None and end is None
                else Query.range_query(schema, node.field, tantivy.FieldType.Date, start, end)
            )
            return Query.const_score_query(inner, node.boost)
        if isinstance(node, Everything):
            return Query.const_score_query(Query.all_query(), node.boost)
        if isinstance(node, Not):
            inner = Query.boolean_query(
                [(Occur.Must, Query.all_query()), (Occur.MustNot, self._translate(node.child))]
            )
            return Query.const_score_query(inner, 1.0)
        if isinstance(node, AllOf):
            clauses = [
                (Occur.MustNot, self._translate(c.child))
                if isinstance(c, Not)
                else (Occur.Must, self._translate(c))
                for c in node.children
            ]
            if all(occur == Occur.MustNot for occur, _ in clauses):
                clauses.append((Occur.Must, Query.all_query()))
            return Query.boolean_query(clauses)
        if isinstance(node, BestOf):
            return Query.disjunction_max_query([self._translate(c) for c in node.children])
        # AnyOf, and Coord (tantivy has no coordination: its clauses add up).
        assert isinstance(node, AnyOf | Coord)
        return Query.boolean_query([(Occur.Should, self._translate(c)) for c in node.children])

    def total_length(self, field: str) -> float:
        """The sum of ``field``'s lengths over the documents of the languages that have it."""
        if field not in self._field_totals:
            own = own_part(field)
            parts = range(len(self._searchers)) if own is None else [own]
            column, total = length_column(field), 0.0
            for part in parts:
                searcher = self._searchers[part]
                if searcher.num_docs:
                    found = searcher.aggregate(Query.all_query(), {"t": {"sum": {"field": column}}})
                    total += float(found["t"]["value"] or 0.0)
            self._field_totals[field] = total
        return self._field_totals[field]

    # -- documents ----------------------------------------------------------------------------

    def stored(self, doc: Handle) -> dict[str, Any]:
        cached = self._stored.get(doc)
        if cached is None:
            cached = remember(self._stored, doc, self._read(doc), _STORED_CACHE)
        return dict(cached)

    def _read(self, doc: Handle) -> dict[str, Any]:
        part, segment, number = doc
        found = self._searchers[part].doc(tantivy.DocAddress(segment, number)).to_dict()
        fields: dict[str, Any] = {}
        for name, values in found.items():
            if not values:
                continue
            value = values[0]
            if name in STORED_ONLY and name != "signature":
                value = bytes(value).decode("utf-8")
            elif name == "signature":
                value = bytes(value)
            elif isinstance(value, dt.datetime):
                value = value.date()
            fields[name] = value
        return fields

    def find(self, field: str, value: str) -> Handle | None:
        """The first document with ``value`` in the keyword ``field``."""
        q = Query.term_query(self._schema, field, value)
        for part, searcher in enumerate(self._searchers):
            if searcher.num_docs:
                result = searcher.search(q, 1, count=False)
                if result.hits:
                    address = result.hits[0][1]
                    return (part, address.segment_ord, address.doc)
        return None

    def scan(self, columns: tuple[str, ...]) -> Iterator[tuple[Any, ...]]:
        """The values of ``columns`` of every document, read from its stored fields."""
        for part, searcher in enumerate(self._searchers):
            if not searcher.num_docs:
                continue
            for _, address in searcher.search(Query.all_query(), searcher.num_docs).hits:
                fields = self._read((part, address.segment_ord, address.doc))
                yield tuple(fields.get(name) for name in columns)

    def value_counts(
        self, query: Node, columns: tuple[str, ...], *, filter: Node | None = None
    ) -> Counter[tuple[Any, ...]]:
        """How many matches have each combination of values of ``columns`` (None: no value).

        Counted by tantivy's aggregations, one level per column (a date column
        last, by day), without reading any stored document.
        """
        key = (query, filter, columns)
        counts = self._recent_counts.get(key)
        if counts is None:
            q = self._query(query, filter)
            request = _aggregation(columns)
            counts = Counter()
            for searcher in self._searchers:
                if searcher.num_docs:
                    _count_buckets(searcher.aggregate(q, request), columns, (), counts)
            remember(self._recent_counts, key, counts, RECENT_QUERIES)
        return Counter(counts)

    # -- terms --------------------------------------------------------------------------------

    def doc_frequency(self, field: str, term: str) -> int:
        own = own_part(field) if field in FIELDS else None
        parts = range(len(self._searchers)) if own is None else (own,)
        return sum(self.part_frequency(part, field, term) for part in parts)

    def part_frequency(self, part: int, field: str, term: str) -> int:
        """How many documents of one language have ``term`` in ``field`` (remembered:
        the index does not change under a reader)."""
        key = (part, field, term)
        found = self._frequencies.get(key)
        if found is None:
            found = remember(
                self._frequencies, key, self._searchers[part].doc_freq(field, term), _FREQUENCIES
            )
        return found

    def _terms(self, field: str, prefix: str) -> dict[str, int]:
        if field not in FIELDS or FIELDS[field] not in ("text", "keyword", "keywords"):
            return {}
        found: dict[str, int] = {}
        for searcher in self._searchers:
            if searcher.num_docs:
                for term, count in searcher.terms_with_prefix(field, prefix):
                    found[term] = found.get(term, 0) + count
        return found

    def terms_within(self, field: str, term: str, maxdist: int, prefix: int) -> Iterable[str]:
        from rapidfuzz.distance import Levenshtein

        return [
            t
            for t in self._terms(field, term[:prefix])
            if Levenshtein.distance(term, t, score_cutoff=maxdist) <= maxdist
        ]

    def expand(self, leaf: Wildcard | Fuzzy) -> list[str]:
        """The index terms a wildcard or fuzzy term stands for."""
        if isinstance(leaf, Fuzzy):
            return sorted(self.terms_within(leaf.field, leaf.text, leaf.maxdist, leaf.prefix))
        literal = re.split(r"[*?]", leaf.pattern, maxsplit=1)[0]
        pattern = re.compile(_wildcard_regex(leaf.pattern), re.DOTALL)
        return sorted(t for t in self._terms(leaf.field, literal) if pattern.fullmatch(t))


#: Stored documents a reader remembers (a results page reads each hit's a few times).
_STORED_CACHE = 256
#: Nodes whose boost is their constant score, not a multiplier.
_CONSTANT = (Wildcard, Fuzzy, DateRange, Everything)


def _wildcard_regex(pattern: str) -> str:
    """A wildcard (``*`` any letters, ``?`` one) as a regular expression matching whole terms."""
    return "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)


#: Queries a reader remembers the results and counts of.
RECENT_QUERIES = 16


#: Most distinct values tantivy's aggregations return for one column.
_MAX_BUCKETS = 65_000


def _aggregation(columns: tuple[str, ...]) -> dict[str, Any]:
    """Nested aggregations over ``columns``: terms for keywords, days for a date (last)."""
    name, rest = columns[0], columns[1:]
    if FIELDS[name] == "date":
        if rest:
            raise ValueError("a date column comes last")
        return {
            name: {"date_histogram": {"field": name, "fixed_interval": "1d", "min_doc_count": 1}}
        }
    spec: dict[str, Any] = {
        "terms": {"field": name, "size": _MAX_BUCKETS, "missing": _MISSING, "min_doc_count": 1}
    }
    if rest:
        spec["aggs"] = _aggregation(rest)
    return {name: spec}


_MISSING = ""


def _count_buckets(
    found: dict[str, Any],
    columns: tuple[str, ...],
    prefix: tuple[Any, ...],
    counts: Counter[tuple[Any, ...]],
    total: int | None = None,
) -> None:
    name, rest = columns[0], columns[1:]
    buckets = found[name]["buckets"]
    if FIELDS[name] == "date":
        dated = 0
        for b in buckets:
            if b["doc_count"]:
                day = dt.datetime.fromtimestamp(b["key"] / 1000, tz=dt.UTC).date()
                counts[(*prefix, day)] += b["doc_count"]
                dated += b["doc_count"]
        if total is not None and total > dated:
            counts[(*prefix, None)] += total - dated
        return
    for b in buckets:
        value = None if b["key"] == _MISSING else b["key"]
        if rest:
            _count_buckets(b, rest, (*prefix, value), counts, b["doc_count"])
        else:
            counts[(*prefix, value)] += b["doc_count"]
