"""The tantivy engine: a compiled index for large collections.

The same documents and query trees as the Whoosh engine, on tantivy (the
official Python bindings). Text arrives analyzed by
:mod:`presssearch.analyze` (index terms joined by spaces) and is split by
tantivy's ``whitespace`` tokenizer, so both engines hold the same terms at
the same positions and phrases work alike.

The data folder holds one tantivy index per analyzed language (``lang-en``,
``lang-es``, ``lang-fr``, and ``lang-xx`` for any other), so each language's
document count and field lengths are its own. tantivy finds the candidates
by its own BM25 (its constants are fixed), and :mod:`presssearch.ranking`
scores the best of them from statistics stored at index time
(:class:`_Statistics`): presssearch analyzes the text, so it writes each
term's frequency in each document as terms of a field of its own, and each
field's length as a column. What differs from the Whoosh engine:

- a document is stored in the index of its language: a change of language
  on re-indexing deletes it from one index and adds it to another, and a
  process killed in the instant between the languages' commits keeps part
  of the last batch (the next run completes it; Ctrl-C waits for the
  commits).

Documents are addressed as ``(language index, segment, document)`` tuples.
tantivy's searchers may be used by several threads at once. The module
imports without tantivy (``pip install 'presssearch[tantivy]'`` installs it),
so that presssearch can clean up after the engine anywhere.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import os
import re
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

try:
    import tantivy
    from tantivy import Occur, Query
except ImportError:  # the extra is not installed: the engine says what to install when used
    tantivy = None

from presssearch import ranking
from presssearch.analyze import field_language
from presssearch.engine import (
    COLUMNS,
    FIELD_LANGUAGES,
    FIELDS,
    LENGTH_COLUMNS,
    AllOf,
    AnyOf,
    BestOf,
    Coord,
    DateRange,
    EngineHit,
    EngineSpec,
    Everything,
    Fuzzy,
    Node,
    Not,
    Phrase,
    Term,
    Wildcard,
    field_lengths,
    length_column,
    remember,
)
from presssearch.errors import IndexLocked, IndexStoreError

__all__ = ["ENGINE", "TantivyEngine", "TantivyReader", "TantivyWriter", "build_schema"]


def _load() -> type[TantivyEngine]:
    if tantivy is None:
        raise ENGINE.missing()
    return TantivyEngine


def _close_inherited_locks() -> None:
    """Close the lock files a worker inherited from the parent at the fork.

    tantivy's lock (``.tantivy-meta.lock``) held by a thread of the parent
    when the pool forked would otherwise stay held by the worker's copy of
    the file after the parent lets it go, and the parent would wait for it
    forever.
    """
    with contextlib.suppress(OSError):
        for name in os.listdir("/proc/self/fd"):
            with contextlib.suppress(OSError, ValueError):
                target = os.readlink(f"/proc/self/fd/{name}")
                if os.path.basename(target).startswith(".tantivy-"):
                    os.close(int(name))


ENGINE = EngineSpec(
    name=__name__.rpartition(".")[2],  # an engine's name is its module's
    # One index folder per language, in which only tantivy writes.
    files=re.compile(r"^lang-(en|es|fr|xx)$"),
    load=_load,
    library="tantivy",
    extra="tantivy",
    summary="for large collections",
    atomic_commits=False,
    after_fork=_close_inherited_locks,
)

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
#: Each term's frequency in each text field of a document, in binary: the term
#: ``body_es:pelicul:2`` says that bit 2 of ``pelicul``'s frequency in ``body_es``
#: is set (a frequency of 5 is written as bits 0 and 2).
_FREQUENCIES = "frequencies"

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
    builder.add_text_field(_FREQUENCIES, tokenizer_name="whitespace", index_option="basic")
    for column in LENGTH_COLUMNS.values():
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

    name = ENGINE.name

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
    def open(cls, data: Path) -> TantivyEngine:
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

    def _files(self) -> list[Path]:
        return [p for p in self.data.rglob("*") if p.is_file()]

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self._files())

    def last_update(self) -> dt.datetime | None:
        """When a language's index last committed: its ``meta.json``'s time."""
        metas = [p for p in self._files() if p.name == "meta.json"]
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


def _number(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big")


def _frequency_terms(name: str, value: str) -> Iterator[str]:
    """The terms of :data:`_FREQUENCIES` for the text field ``name``: each set bit of each
    of its terms' frequency."""
    for term, count in Counter(value.split()).items():
        bit = 0
        while count:
            if count & 1:
                yield f"{name}:{term}:{bit}"
            count >>= 1
            bit += 1


def _document(fields: dict[str, Any]) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_unsigned(_NUMBER, _number(fields["key"]))
    for column, length in field_lengths(fields).items():
        doc.add_unsigned(column, length)
    frequencies = []
    for name, value in fields.items():
        kind = FIELDS[name]
        if kind == "text" and value:
            frequencies.extend(_frequency_terms(name, value))
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
    if frequencies:
        doc.add_text(_FREQUENCIES, " ".join(frequencies))
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
        self._field_totals: dict[str, float] = {}
        # The question of a term's frequency in one language, by (language, field, term).
        self._questions: dict[tuple[int, str, str], _Question | None] = {}
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
        them are then scored by :mod:`presssearch.ranking` (see
        :class:`_Statistics`), so both engines rank alike.
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
        stats = _Statistics(self, candidates, query, everything=depth is None)
        docs, scores = ranking.score(query, stats)
        order = ranking.best(docs, scores, stats.written(docs), limit)
        return [EngineHit(_handle(int(docs[i])), float(scores[i])) for i in order]

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

    def total_length(self, field: str) -> float:
        """The sum of ``field``'s lengths over the documents of the languages that have it."""
        if field not in self._field_totals:
            own = _own_part(field)
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
            if name in _STORED_ONLY and name != "signature":
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
        own = _own_part(field) if field in FIELDS else None
        searchers = self._searchers if own is None else self._searchers[own : own + 1]
        return sum(s.doc_freq(field, term) for s in searchers)

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


#: Candidates tantivy's ranking hands to presssearch's: this many times the hits
#: asked for, and at least RESCORE_MIN, from each language.
RESCORE_DEPTH = 2
RESCORE_MIN = 30
#: Frequency questions a reader remembers.
_QUESTIONS = 4096
#: The bits of one search's answer: tantivy adds up the constant scores of the
#: clauses a document matches in a 32-bit float, exact for whole numbers below 2**24.
_ANSWER_BITS = 24
#: A search whose terms are in at most this many documents of a language reads
#: every match and picks the candidates out; others name the candidates to tantivy.
#: Each match read costs about a microsecond in Python, and a search that names 60
#: candidates a few hundred: over the benchmark's queries at 6,000 documents, 150
#: was as fast as naming them always, and 2,000 a sixth slower.
WHOLE_MATCHES = 150


def _key(part: int, address: Any) -> int:
    """A candidate as one integer: its language index, segment and document."""
    return (part << 56) | (address.segment_ord << 32) | address.doc


def _handle(key: int) -> Handle:
    return (key >> 56, (key >> 32) & 0xFFFFFF, key & 0xFFFFFFFF)


@dataclasses.dataclass
class _Question:
    """What the ranking needs to know of each candidate of one language about one leaf:
    a term's frequency (one clause per bit), or whether the leaf matches (one bit)."""

    answer: tuple  # where the answer goes: ("frequency", field, term) or ("match", leaf)
    clauses: list[tuple[Query, int]]  # (query, the bit of the answer it stands for)
    width: int  # bits of the answer
    matches: int | None  # at most this many documents of the language match (None: unknown)


class _Statistics:
    """What :mod:`presssearch.ranking` scores from, over tantivy's candidates.

    Document counts and lengths come from each language's index (its number
    of documents, the sum of a length column); each candidate's field
    lengths and writing time from columns. Term frequencies come from the
    terms of :data:`_FREQUENCIES` written at index time: a term's frequency
    in a candidate is the sum of the bits whose terms the candidate has.

    All the questions of one query are asked before it is scored, several at
    once: each clause of a search scores a constant, a power of two, so the
    score tantivy gives a document holds the answers of all the questions of
    that search side by side (a frequency in as many bits as its largest
    value in the index needs, a match in one bit; 24 bits a search). A
    search reads every match when its terms are rare enough, else only the
    candidates, named by number.
    """

    def __init__(
        self,
        reader: TantivyReader,
        candidates: dict[int, dict[Handle, Any]],
        query: Node,
        *,
        everything: bool = False,
    ) -> None:
        self._reader = reader
        self._searchers = reader._searchers
        self._candidates = candidates
        self._everything = everything  # the candidates are every match: read every match
        found = sorted(
            (_key(part, address), address)
            for part, handles in candidates.items()
            for address in handles.values()
        )
        self._scope = np.fromiter((k for k, _ in found), dtype=np.int64, count=len(found))
        self._addresses = [address for _, address in found]
        self._columns: dict[str, np.ndarray] = {}
        # Each question's answers, as arrays of candidates and values, a search at a time.
        self._answers: dict[tuple, list[tuple[np.ndarray, np.ndarray]]] = {}
        self._filters: dict[int, Query] = {}
        self._ask(query)

    # -- what the ranking asks ----------------------------------------------------------------

    def scope(self) -> np.ndarray:
        return self._scope

    def documents(self, language: str | None) -> int:
        if language is None:
            return self._reader.doc_count()
        return self._searchers[FIELD_LANGUAGES.index(language)].num_docs

    def total_length(self, field: str) -> float:
        return self._reader.total_length(field)

    def doc_frequency(self, field: str, term: str) -> int:
        return self._reader.doc_frequency(field, term)

    def frequencies(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        keys, counts = self._answer(("frequency", field, term), Term(field, term))
        if len(keys) > 1:
            order = np.argsort(keys)
            keys, counts = keys[order], counts[order]
        return keys, counts.astype(np.float64)

    def lengths(self, field: str, docs: np.ndarray) -> np.ndarray:
        return self._column(length_column(field))[np.searchsorted(self._scope, docs)]

    def matching(self, leaf: Node) -> np.ndarray:
        return np.unique(self._answer(("match", _unboosted(leaf)), leaf)[0])

    def _answer(self, answer: tuple, leaf: Node) -> tuple[np.ndarray, np.ndarray]:
        if answer not in self._answers:
            self._ask_about([leaf])
        found = self._answers[answer]
        if not found:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        if len(found) > 1:
            found[:] = [tuple(np.concatenate(parts) for parts in zip(*found, strict=True))]
        return found[0]

    def written(self, docs: np.ndarray) -> np.ndarray:
        """When each of ``docs`` was written: equal scores rank in that order."""
        return self._column(_WRITTEN)[np.searchsorted(self._scope, docs)]

    def _column(self, name: str) -> np.ndarray:
        """A numeric column's values for every candidate, in the order of the scope."""
        if name not in self._columns:
            values = np.zeros(len(self._scope), dtype=np.float64)
            start = 0
            for part in sorted(self._candidates):
                count = len(self._candidates[part])
                addresses = self._addresses[start : start + count]
                found = self._searchers[part].fast_field_values(name, addresses)
                values[start : start + count] = [v or 0 for v in found]
                start += count
            self._columns[name] = values
        return self._columns[name]

    # -- asking tantivy -------------------------------------------------------------------------

    def _ask(self, query: Node) -> None:
        """Ask every question the ranking will have about ``query``'s leaves."""
        self._ask_about(list(dict.fromkeys(_leaves(query))))

    def _ask_about(self, leaves: list[Node]) -> None:
        by_part: dict[int, dict[tuple, _Question]] = {}
        for leaf in leaves:
            for part, question in self._questions(leaf):
                by_part.setdefault(part, {}).setdefault(question.answer, question)
        for leaf in leaves:  # every answer exists, if only empty
            if isinstance(leaf, Term) and FIELDS.get(leaf.field) == "text":
                self._answers.setdefault(("frequency", leaf.field, leaf.text), [])
            else:
                self._answers.setdefault(("match", _unboosted(leaf)), [])
                if isinstance(leaf, Phrase):
                    for word in leaf.terms:
                        self._answers.setdefault(("frequency", leaf.field, word), [])
        for part, questions in by_part.items():
            for group, whole in self._groups(part, list(questions.values())):
                self._search(part, group, whole)

    def _parts(self, field: str | None) -> list[int]:
        """The languages with candidates whose documents can have ``field`` (None: any)."""
        own = None if field is None else _own_part(field)
        return [p for p in self._candidates if own is None or p == own]

    def _questions(self, leaf: Node) -> Iterator[tuple[int, _Question]]:
        if isinstance(leaf, Term) and FIELDS.get(leaf.field) == "text":
            for part in self._parts(leaf.field):
                question = self._frequency(part, leaf.field, leaf.text)
                if question is not None:
                    yield part, question
            return
        if isinstance(leaf, Phrase):
            for word in leaf.terms:
                yield from self._questions(Term(leaf.field, word))
        if isinstance(leaf, Term | Phrase | Wildcard | Fuzzy | DateRange):
            if FIELDS.get(leaf.field) is None:
                return
            plain = _unboosted(leaf)
            field = leaf.field if FIELDS[leaf.field] == "text" else None
            for part in self._parts(field):
                matches = None
                if isinstance(leaf, Term):
                    matches = self._searchers[part].doc_freq(leaf.field, leaf.text)
                elif isinstance(leaf, Phrase):
                    searcher = self._searchers[part]
                    matches = min(searcher.doc_freq(leaf.field, t) for t in leaf.terms)
                if matches == 0:
                    continue
                query = self._reader._plain(plain)
                yield part, _Question(("match", plain), [(query, 0)], 1, matches)

    def _frequency(self, part: int, field: str, term: str) -> _Question | None:
        """The question of ``term``'s frequency in ``field``, or None if no document has it
        (remembered by the reader: the index does not change under it)."""
        key = (part, field, term)
        questions = self._reader._questions
        if key not in questions:
            remember(questions, key, self._new_frequency(part, field, term), _QUESTIONS)
        return questions[key]

    def _new_frequency(self, part: int, field: str, term: str) -> _Question | None:
        searcher = self._searchers[part]
        matches = searcher.doc_freq(field, term)
        if not matches:
            return None
        schema = self._reader._schema
        clauses = []
        for name, _ in searcher.terms_with_prefix(_FREQUENCIES, f"{field}:{term}:"):
            bit = int(name.rsplit(":", 1)[1])
            clauses.append((Query.term_query(schema, _FREQUENCIES, name), bit))
        if not clauses:
            return None
        width = max(bit for _, bit in clauses) + 1
        return _Question(("frequency", field, term), clauses, width, matches)

    def _groups(
        self, part: int, questions: list[_Question]
    ) -> Iterator[tuple[list[_Question], bool]]:
        """The questions in as few groups of at most :data:`_ANSWER_BITS` bits as fit (the
        widest placed first, each in the first group with room), each with whether its
        search reads every match (its terms are rare) or names the candidates."""
        groups: list[tuple[list[_Question], list[int]]] = []
        for question in sorted(questions, key=lambda q: -q.width):
            for group, room in groups:
                if room[0] >= question.width:
                    group.append(question)
                    room[0] -= question.width
                    break
            else:
                groups.append(([question], [_ANSWER_BITS - question.width]))
        for group, _ in groups:
            matches = [q.matches for q in group]
            if self._everything:
                yield group, True
            else:
                known = all(m is not None for m in matches)
                yield group, known and sum(m or 0 for m in matches) <= WHOLE_MATCHES

    def _search(self, part: int, group: list[_Question], whole: bool) -> None:
        """One search for the questions of ``group``, and their answers recorded."""
        searcher = self._searchers[part]
        clauses, shifts, shift = [], [], 0
        for question in group:
            for query, bit in question.clauses:
                value = float(1 << (shift + bit))
                clauses.append((Occur.Should, Query.const_score_query(query, value)))
            shifts.append(shift)
            shift += question.width
        if whole:
            size = searcher.num_docs
            if not self._everything:
                size = min(sum(q.matches or 0 for q in group), size)
            hits = searcher.search(Query.boolean_query(clauses), max(size, 1), count=False).hits
        else:
            query = Query.boolean_query([(Occur.Must, self._within(part)), *clauses])
            hits = searcher.search(query, len(self._candidates[part]), count=False).hits
        if not hits:
            return
        found = np.array([(s, a.segment_ord, a.doc) for s, a in hits], dtype=np.float64)
        answers = np.rint(found[:, 0]).astype(np.int64)
        keys = (part << 56) | (found[:, 1].astype(np.int64) << 32) | found[:, 2].astype(np.int64)
        if whole and not self._everything:
            at = np.minimum(np.searchsorted(self._scope, keys), len(self._scope) - 1)
            keep = self._scope[at] == keys
            keys, answers = keys[keep], answers[keep]
        for question, at in zip(group, shifts, strict=True):
            values = (answers >> at) & ((1 << question.width) - 1)
            found = values != 0
            if found.any():
                self._answers[question.answer].append((keys[found], values[found]))

    def _within(self, part: int) -> Query:
        """A query matching the candidates of one language (scoring 0), by their numbers.

        One term per candidate: tantivy's term-set query walks the whole
        dictionary of the field, eight times slower here.
        """
        if part not in self._filters:
            addresses = list(self._candidates[part].values())
            numbers = self._searchers[part].fast_field_values(_NUMBER, addresses)
            schema = self._reader._schema
            anyone = [(Occur.Should, Query.term_query(schema, _NUMBER, n)) for n in numbers]
            self._filters[part] = Query.const_score_query(Query.boolean_query(anyone), 0.0)
        return self._filters[part]


def _leaves(node: Node) -> Iterator[Node]:
    """Every leaf of ``node``, those under a :class:`~presssearch.engine.Not` too."""
    if isinstance(node, Not):
        yield from _leaves(node.child)
    elif isinstance(node, AnyOf | BestOf | Coord | AllOf):
        for child in node.children:
            yield from _leaves(child)
    elif not isinstance(node, Everything):
        yield node


def _unboosted(leaf: Node) -> Node:
    return leaf if leaf.boost == 1.0 else dataclasses.replace(leaf, boost=1.0)


def _own_part(field: str) -> int | None:
    """The language index of a field only that language's documents have
    (``body_es``), or None for a field of every language (the outlet)."""
    code = ranking.field_language(field)
    return None if code is None else FIELD_LANGUAGES.index(code)


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
