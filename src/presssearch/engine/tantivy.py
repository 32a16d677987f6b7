"""The tantivy engine: a compiled index for large collections.

The same documents and query trees as the Whoosh engine, on tantivy (the
official Python bindings). Text arrives analyzed by
:mod:`presssearch.analyze` (index terms joined by spaces) and is split by
tantivy's ``whitespace`` tokenizer, so both engines hold the same terms at
the same positions and phrases work alike.

Ranking is the Whoosh engine's: BM25 with statistics per language, and
presssearch's constants, coordination and length scale. The data folder
holds one tantivy index per analyzed language (``lang-en``, ``lang-es``,
``lang-fr``, and ``lang-xx`` for any other), so document counts and average
field lengths are those of the language's own articles. tantivy finds the
candidates by its own BM25 (its constants are fixed), and the best of them
are scored again exactly (see :class:`_Rescorer`). What differs from the
Whoosh engine:

- a document is stored in the index of its language: a change of language
  on re-indexing deletes it from one index and adds it to another, and a
  process killed in the instant between the languages' commits keeps part
  of the last batch (the next run completes it; Ctrl-C waits for the
  commits).

Documents are addressed as ``(language index, segment, document)`` tuples.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import math
import re
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import tantivy
from tantivy import Occur, Query

from presssearch import ranking as rank
from presssearch.analyze import field_language
from presssearch.engine import (
    COLUMNS,
    FIELD_LANGUAGES,
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
    remember,
)
from presssearch.errors import IndexLocked, IndexStoreError

__all__ = ["TantivyEngine", "TantivyReader", "TantivyWriter", "build_schema"]

#: Memory of each language's writer while it collects documents: a batch between two
#: commits fits (tantivy's minimum is 15 MB; four languages write at once).
WRITER_HEAP_BYTES = 20_000_000
#: Stored fields that are kept whole and never searched: tantivy keeps them as bytes.
_STORED_ONLY = frozenset(name for name, kind in FIELDS.items() if kind == "stored")
_PART = "lang-{}"
#: A number unique to each document (from its key), to name a set of documents in a query.
_NUMBER = "number"
#: When a document was written (nanoseconds, increasing): equal scores rank in that order.
_WRITTEN = "written"
#: Each text field's length in terms, by kind (a document has one language's fields).
_LENGTHS = {"title": "title_length", "body": "body_length",
            "source_terms": "source_length", "authors_terms": "authors_length"}  # fmt: skip

Handle = tuple[int, int, int]


def build_schema() -> tantivy.Schema:
    """The tantivy schema of :data:`presssearch.engine.FIELDS`."""
    builder = tantivy.SchemaBuilder()
    for name, kind in FIELDS.items():
        if kind == "keyword":
            builder.add_text_field(
                name, stored=True, fast=name in COLUMNS, tokenizer_name="raw", index_option="basic"
            )
        elif kind == "keywords":
            builder.add_text_field(name, tokenizer_name="whitespace", index_option="basic")
        elif kind == "date":
            builder.add_date_field(name, stored=True, indexed=True, fast=True)
        elif kind == "stored":
            builder.add_bytes_field(name, stored=True)
        else:
            builder.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    builder.add_unsigned_field(_NUMBER, indexed=True, fast=True)
    builder.add_unsigned_field(_WRITTEN, fast=True)
    for column in _LENGTHS.values():
        builder.add_unsigned_field(column, fast=True)
    return builder.build()


def _stamp(data: Path) -> tuple:
    """What changes when any language's index commits: its ``meta.json``."""
    stamps = []
    for code in FIELD_LANGUAGES:
        try:
            info = (data / _PART.format(code) / "meta.json").stat()
        except OSError:
            stamps.append(None)
        else:
            stamps.append((info.st_mtime_ns, info.st_size, info.st_ino))
    return tuple(stamps)


def _part_of(fields: dict[str, Any]) -> int:
    return FIELD_LANGUAGES.index(field_language(str(fields.get("lang") or "")))


class TantivyEngine:
    """One tantivy index per language in one data folder."""

    name = "tantivy"

    def __init__(self, parts: list[tantivy.Index], data: Path) -> None:
        self._parts = parts
        self.data = data

    @classmethod
    def create(cls, data: Path) -> TantivyEngine:
        schema = build_schema()
        parts = []
        for code in FIELD_LANGUAGES:
            folder = data / _PART.format(code)
            folder.mkdir()
            parts.append(tantivy.Index(schema, path=str(folder), reuse=False))
        return cls(parts, data)

    @classmethod
    def open(cls, data: Path, *, for_writing: bool = False) -> TantivyEngine:
        try:
            parts = [tantivy.Index.open(str(data / _PART.format(c))) for c in FIELD_LANGUAGES]
        except (OSError, ValueError) as exc:
            raise IndexStoreError(f"{data} cannot be read: {exc}") from exc
        return cls(parts, data)

    def reader(self) -> TantivyReader:
        stamp = _stamp(self.data)
        for part in self._parts:
            part.reload()
        searchers = [part.searcher() for part in self._parts]
        return TantivyReader(searchers, self._parts[0].schema, self.data, stamp)

    def writer(self) -> TantivyWriter:
        return TantivyWriter(self._parts, self.data)

    def doc_count(self) -> int:
        total = 0
        for part in self._parts:
            part.reload()
            total += part.searcher().num_docs
        return total

    def files(self) -> list[Path]:
        return [p for p in self.data.rglob("*") if p.is_file()]

    def last_commit(self) -> dt.datetime | None:
        metas = [p for p in self.files() if p.name == "meta.json"]
        if not metas:
            return None
        return dt.datetime.fromtimestamp(max(p.stat().st_mtime for p in metas), tz=dt.UTC)

    def close(self) -> None:
        self._parts = []


class TantivyWriter:
    """Adds, replaces and deletes documents until :meth:`commit` or :meth:`cancel`.

    A language's writer is opened when a document of that language (or a
    deletion) first needs it.
    """

    def __init__(self, parts: list[tantivy.Index], data: Path) -> None:
        self._parts = parts
        self._data = data
        self._writers: dict[int, Any] = {}
        self._clock = 0

    def _writer(self, part: int) -> Any:
        if part not in self._writers:
            try:
                self._writers[part] = self._parts[part].writer(
                    heap_size=WRITER_HEAP_BYTES, num_threads=1
                )
            except ValueError as exc:
                if "lock" in str(exc).lower():
                    raise IndexLocked(
                        f"the index in {self._data.parent} is being written by another program"
                    ) from exc
                raise IndexStoreError(f"cannot write in {self._data}: {exc}") from exc
        return self._writers[part]

    def add(self, fields: dict[str, Any]) -> None:
        self._clock = max(time.time_ns(), self._clock + 1)
        doc = _document(fields)
        doc.add_unsigned(_WRITTEN, self._clock)
        self._writer(_part_of(fields)).add_document(doc)

    def replace(self, fields: dict[str, Any]) -> None:
        self.delete(fields["key"])
        self.add(fields)

    def delete(self, key: str) -> None:
        for part in range(len(self._parts)):
            self._writer(part).delete_documents_by_term("key", key)

    def commit(self) -> None:
        """Commit every language's changes; Ctrl-C waits until all are committed.

        Each language's index commits on its own: a process killed in the
        instant between two of them keeps part of the batch, which the next
        run completes.
        """
        with _signals_held():
            for writer in self._writers.values():
                writer.commit()
        self._close()

    def cancel(self) -> None:
        for writer in self._writers.values():
            writer.rollback()
        self._close()

    def _close(self) -> None:
        for writer in self._writers.values():
            writer.wait_merging_threads()
        self._writers = {}


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Delay Ctrl-C and termination (in the main thread) until the block is done."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _length_column(field: str) -> str:
    return _LENGTHS.get(field) or _LENGTHS[field.split("_", 1)[0]]


def _number(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big")


def _document(fields: dict[str, Any]) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_unsigned(_NUMBER, _number(fields["key"]))
    for name, value in fields.items():
        kind = FIELDS[name]
        if kind == "text":
            doc.add_unsigned(_length_column(name), len(value.split()) if value else 0)
        if value is None or value == "":
            continue
        if kind == "date":
            if not isinstance(value, dt.datetime):
                value = dt.datetime.combine(value, dt.time())
            doc.add_date(name, value)
        elif kind == "stored":
            doc.add_bytes(name, value if isinstance(value, bytes) else str(value).encode("utf-8"))
        else:
            doc.add_text(name, str(value))
    return doc


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
        self._field_stats: dict[tuple[int, str], tuple[float, float]] = {}
        self._field_totals: dict[str, float] = {}
        # A results page asks for the hits, the facets and the timeline of one query.
        self._recent: dict[tuple, list[EngineHit]] = {}
        self._recent_counts: dict[tuple, Counter[tuple[Any, ...]]] = {}

    def doc_count(self) -> int:
        return sum(s.num_docs for s in self._searchers)

    def up_to_date(self) -> bool:
        """False once any language's index has committed since this reader was taken."""
        return _stamp(self._data) == self._stamp

    def close(self) -> None:
        self._searchers = []
        self._stored.clear()

    # -- searching ----------------------------------------------------------------------------

    def search(
        self, query: Node, *, filter: Node | None = None, limit: int | None = 10
    ) -> list[EngineHit]:
        """The best ``limit`` matches (all of them with None), best first.

        tantivy finds the candidates, ranked by its own BM25; the best of
        them are then scored as the Whoosh engine scores them (see
        :class:`_Rescorer`), so both engines rank alike.
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
        rescorer = _Rescorer(self, candidates)
        scores = rescorer.evaluate(query)
        written = rescorer.written()
        ranked = sorted(scores, key=lambda h: (-scores[h], written.get(h, 0), h))
        if limit is not None:
            ranked = ranked[:limit]
        return [EngineHit(handle, scores[handle]) for handle in ranked]

    def matches(self, query: Node, *, filter: Node | None = None) -> Iterator[Handle]:
        """Every match, unscored, in index order."""
        found = self._candidates(query, filter, None)
        return iter(sorted(h for part in found.values() for h in part))

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
            own = _within_language(query, part)
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

    def _statistics(self, part: int, field: str, q: Query, doc: Handle) -> tuple[float, float]:
        """The document count and average length tantivy's BM25 uses for ``field``.

        Read once per reader from tantivy's explanation of a term's score.
        """
        key = (part, field)
        if key not in self._field_stats:
            address = tantivy.DocAddress(doc[1], doc[2])
            found = json.loads(q.explain(self._searchers[part], address).to_json())
            values = dict(_described(found))
            self._field_stats[key] = (values["N"], values["avgdl"] or 1.0)
        return self._field_stats[key]

    def _shared_statistics(self, field: str, term: str) -> tuple[float, float, float] | None:
        """For a field every language's index has: documents, average length and the
        term's document count over the whole index (None for a language's own field)."""
        if _own_part(field) is not None:
            return None
        if field not in self._field_totals:
            column, total = _length_column(field), 0.0
            for searcher in self._searchers:
                if searcher.num_docs:
                    found = searcher.aggregate(Query.all_query(), {"t": {"sum": {"field": column}}})
                    total += float(found["t"]["value"] or 0.0)
            self._field_totals[field] = total
        documents = float(self.doc_count()) or 1.0
        average = (self._field_totals[field] / documents) or 1.0
        return documents, average, float(self.doc_frequency(field, term))

    # -- documents ----------------------------------------------------------------------------

    def stored(self, doc: Handle) -> dict[str, Any]:
        cached = self._stored.get(doc)
        if cached is not None:
            return dict(cached)
        part, segment, number = doc
        found = self._searchers[part].doc(tantivy.DocAddress(segment, number)).to_dict()
        fields: dict[str, Any] = {}
        for name, values in found.items():
            if not values:
                continue
            value = values[0]
            if name in _STORED_ONLY and name != "signature":
                value = bytes(value).decode("utf-8")
            elif name == "signature":
                value = bytes(value)
            elif isinstance(value, dt.datetime):
                value = value.date()
            fields[name] = value
        remember(self._stored, doc, fields, _STORED_CACHE)
        return dict(fields)

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

    def all_docs(self) -> Iterator[Handle]:
        return self.matches(Everything())

    def column(self, name: str) -> Sequence[Any]:
        """The values of a column by document (dates as days, None when missing)."""
        return _Column(self, name)

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
        return sum(s.doc_freq(field, term) for s in self._searchers)

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


def _described(node: dict) -> Iterator[tuple[str, float]]:
    """``(name, value)`` of each figure in a tantivy explanation (``N``, ``avgdl``, ...)."""
    name = str(node.get("description", "")).split(",", 1)[0]
    yield name, float(node.get("value", 0.0))
    for child in node.get("details", ()) or ():
        yield from _described(child)


#: Candidates tantivy's ranking hands to the exact scoring: this many times the
#: hits asked for, and at least RESCORE_MIN, from each language.
RESCORE_DEPTH = 2
RESCORE_MIN = 30
#: A term in at most this many documents of a language is searched whole when rescoring.
FEW_MATCHES = 300
#: ... and so is a term in at most this many times as many documents as the candidates.
WHOLE_SHARE = 4
#: tantivy's BM25 constants, fixed in the library.
_TANTIVY_K1 = 1.2
_TANTIVY_B = 0.75


class _Rescorer:
    """Scores candidates as the Whoosh engine does: BM25 with presssearch's constants.

    tantivy's BM25 has its own k1 and no coordination factor, and these cost
    measurable ranking quality. Each term of the query is searched again
    among the candidates only; from tantivy's score of a document for one
    term, its field length and the field's statistics (the same per-language
    statistics the Whoosh engine uses), the term's frequency in the document
    is recovered exactly, and the document is scored with
    :data:`presssearch.rank.BM25_K1` and ``BM25_B`` over its length on
    :data:`presssearch.rank.LENGTH_SCALE`; the query tree then
    adds, maximizes and coordinates as :class:`~presssearch.engine.whoosh`
    does.
    """

    def __init__(self, reader: TantivyReader, candidates: dict[int, dict[Handle, Any]]) -> None:
        self._reader = reader
        self._candidates = candidates
        self._all = frozenset(h for part in candidates.values() for h in part)
        self._within: dict[int, Query] = {}
        self._lengths: dict[tuple[int, str], dict[Handle, int]] = {}

    def evaluate(self, node: Node) -> dict[Handle, float]:
        """Candidate -> score, for the candidates ``node`` matches."""
        if isinstance(node, Term):
            return self._term(node)
        if isinstance(node, Phrase):
            return self._phrase(node)
        if isinstance(node, Wildcard | Fuzzy | DateRange | Everything):
            return dict.fromkeys(self._raw(node), node.boost)
        if isinstance(node, Not):
            inside = self.evaluate(node.child)
            return {h: 1.0 for h in self._all if h not in inside}
        parts = [self.evaluate(child) for child in node.children]
        scores: dict[Handle, float]
        if isinstance(node, AllOf):
            scores = dict(parts[0])
            for other in parts[1:]:
                scores = {h: v + other[h] for h, v in scores.items() if h in other}
        elif isinstance(node, BestOf):
            scores = {}
            for part in parts:
                for h, v in part.items():
                    if v > scores.get(h, -math.inf):
                        scores[h] = v
        else:
            scores = {}
            matched: dict[Handle, int] = {}
            for part in parts:
                for h, v in part.items():
                    scores[h] = scores.get(h, 0.0) + v
                    matched[h] = matched.get(h, 0) + 1
            if isinstance(node, Coord):
                n, c = len(node.children), node.coord
                scores = {h: v * ((1.0 - c) + c * matched[h] / n) for h, v in scores.items()}
        if node.boost != 1.0:
            scores = {h: v * node.boost for h, v in scores.items()}
        return scores

    def _parts(self, field: str) -> list[int]:
        """The languages whose index can hold ``field`` and have candidates."""
        own = _own_part(field)
        wanted = range(len(FIELD_LANGUAGES)) if own is None else [own]
        return [p for p in wanted if p in self._candidates]

    def _among(self, part: int, q: Query, matches: int | None = None) -> list[tuple[float, Handle]]:
        """tantivy's scores of ``q`` for the candidates of one language.

        A term in at most :data:`FEW_MATCHES` documents (``matches``), or in
        not many more documents than there are candidates (every match of an
        export), is searched whole, and its candidates picked out here: that
        is cheaper than naming the candidates to tantivy.
        """
        searcher = self._reader._searchers[part]
        many = len(self._candidates[part]) * WHOLE_SHARE
        if matches is not None and matches <= max(FEW_MATCHES, many):
            if not matches:
                return []
            candidates = self._candidates[part]
            hits = searcher.search(q, matches, count=False).hits
            found = ((float(s), (part, a.segment_ord, a.doc)) for s, a in hits)
            return [(s, h) for s, h in found if h in candidates]
        if part not in self._within:
            numbers = self._reader._searchers[part].fast_field_values(
                _NUMBER, list(self._candidates[part].values())
            )
            # One term per candidate: tantivy's term-set query walks the whole
            # dictionary of the field, eight times slower here.
            schema = self._reader._schema
            anyone = [(Occur.Should, Query.term_query(schema, _NUMBER, n)) for n in numbers]
            self._within[part] = Query.const_score_query(Query.boolean_query(anyone), 0.0)
        both = Query.boolean_query([(Occur.Must, q), (Occur.Must, self._within[part])])
        hits = searcher.search(both, len(self._candidates[part]), count=False).hits
        return [(float(s), (part, a.segment_ord, a.doc)) for s, a in hits]

    def _raw(self, node: Node) -> dict[Handle, float]:
        q = self._reader._translate(node)
        fields = [node.field] if hasattr(node, "field") else []
        parts = self._parts(fields[0]) if fields else list(self._candidates)
        return {h: s for part in parts for s, h in self._among(part, q)}

    def _phrase(self, node: Phrase) -> dict[Handle, float]:
        """A phrase scores as its words together, where it occurs (as on Whoosh)."""
        found = self._raw(node)
        words = [self._term(Term(node.field, text)) for text in node.terms]
        return {h: node.boost * sum(w.get(h, 0.0) for w in words) for h in found}

    def _term(self, node: Term) -> dict[Handle, float]:
        if node.field not in FIELDS:
            return {}
        if FIELDS[node.field] != "text":
            return dict.fromkeys(self._raw(Term(node.field, node.text)), node.boost)
        reader = self._reader
        q = Query.term_query(reader._schema, node.field, node.text)
        k1, b = rank.BM25_K1, rank.BM25_B
        shared = reader._shared_statistics(node.field, node.text)
        scores: dict[Handle, float] = {}
        for part in self._parts(node.field):
            matches = reader._searchers[part].doc_freq(node.field, node.text)
            hits = self._among(part, q, matches)
            if not hits:
                continue
            # tantivy's own statistics, to read the term's frequency off its score...
            documents, own_average = reader._statistics(part, node.field, q, hits[0][1])
            n = matches
            top = _idf(documents, n) * (_TANTIVY_K1 + 1)
            # ... and the ranking's: the language's own, or the whole index's for a
            # field every language has (the outlet, the authors).
            average = own_average
            if shared is not None:
                documents, average, n = shared
            weight = _idf(documents, n) * node.boost
            lengths = self._field_lengths(part, node.field)
            for score, h in hits:
                length = lengths.get(h, 0)
                norm = _TANTIVY_K1 * (
                    1 - _TANTIVY_B + _TANTIVY_B * _fieldnorm(length) / own_average
                )
                tf = max(round(score * norm / (top - score)) if top > score else 1, 1)
                scaled = rank.scaled_length(length)
                scores[h] = weight * (tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * scaled / average))
        return scores

    def written(self) -> dict[Handle, int]:
        """When each candidate was written: equal scores rank in that order, as on Whoosh."""
        found: dict[Handle, int] = {}
        for part in self._candidates:
            found.update(self._column(part, _WRITTEN))
        return found

    def _field_lengths(self, part: int, field: str) -> dict[Handle, int]:
        return self._column(part, _length_column(field))

    def _column(self, part: int, column: str) -> dict[Handle, int]:
        key = (part, column)
        if key not in self._lengths:
            handles = self._candidates[part]
            values = self._reader._searchers[part].fast_field_values(column, list(handles.values()))
            self._lengths[key] = {h: v or 0 for h, v in zip(handles, values, strict=True)}
        return self._lengths[key]


def _own_part(field: str) -> int | None:
    """The language index of a field only that language's documents have
    (``body_es``), or None for a field of every language (the outlet)."""
    code = field.rsplit("_", 1)[-1]
    if FIELDS.get(field) == "text" and code in FIELD_LANGUAGES:
        return FIELD_LANGUAGES.index(code)
    return None


def _within_language(node: Node, part: int) -> Node | None:
    """``node`` without the alternatives that can only match documents of another
    language than ``part``'s (None if it can match none of them): the same
    matches and the same tantivy scores in that language's index."""
    if isinstance(node, Term | Phrase | Wildcard | Fuzzy):
        own = _own_part(node.field)
        return node if own is None or own == part else None
    if isinstance(node, AnyOf | BestOf | Coord | AllOf):
        inside = [_within_language(child, part) for child in node.children]
        if isinstance(node, AllOf):
            # Every clause must match (a Not never comes back None).
            if any(child is None for child in inside):
                return None
        else:
            inside = [child for child in inside if child is not None]
            if not inside:
                return None
        if len(inside) == len(node.children) and all(
            a is b for a, b in zip(inside, node.children, strict=True)
        ):
            return node
        return dataclasses.replace(node, children=tuple(inside))
    return node


def _idf(documents: float, n: float) -> float:
    return math.log(1 + (documents - n + 0.5) / (n + 0.5))


def _fieldnorm(length: int) -> int:
    """A field length as tantivy keeps it: on one byte, exact up to 24, then a log scale.

    It is Lucene's scheme: past 24, the length above 24 keeps its highest
    four bits.
    """
    if length < 24:
        return length
    rest = length - 24
    shift = max(rest.bit_length() - 4, 0)
    return 24 + ((rest >> shift) << shift)


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


class _Column(Sequence[Any]):
    """A column's values, read from each document's stored fields when asked for."""

    def __init__(self, reader: TantivyReader, name: str) -> None:
        self._reader = reader
        self._name = name

    def __len__(self) -> int:
        return self._reader.doc_count()

    def __getitem__(self, doc: Handle) -> Any:  # type: ignore[override]
        return self._reader.stored(doc).get(self._name)
