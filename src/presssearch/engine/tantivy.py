"""The tantivy engine: a compiled index for large collections.

The same documents and query trees as the Whoosh engine, on tantivy (the
official Python bindings). Text arrives analyzed by
:mod:`presssearch.analyze` (index terms joined by spaces) and is split by
tantivy's ``whitespace`` tokenizer, so both engines hold the same terms at
the same positions and phrases work alike.

Ranking is BM25 with statistics per language, as on Whoosh: the data folder
holds one tantivy index per analyzed language (``lang-en``, ``lang-es``,
``lang-fr``, and ``lang-xx`` for any other), so document counts and average
field lengths are those of the language's own articles. A query runs on
each and the hits are merged by score. What differs from the Whoosh engine:

- tantivy's BM25 has its own constants (k1 1.2, b 0.75) and one-byte field
  lengths; scores are close to Whoosh's, not equal;
- it has no coordination factor: a :class:`~presssearch.engine.Coord` group
  adds up its clauses' scores as a plain OR does;
- a document is stored in the index of its language, so a change of
  language on re-indexing deletes it from one and adds it to another in two
  commits.

Documents are addressed as ``(language index, segment, document)`` tuples.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import tantivy
from tantivy import Occur, Query

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
)
from presssearch.errors import IndexLocked, IndexStoreError

__all__ = ["TantivyEngine", "TantivyReader", "TantivyWriter", "build_schema"]

#: Memory of each language's writer while it collects documents (tantivy's minimum is 15 MB).
WRITER_HEAP_BYTES = 40_000_000
#: Stored fields that are kept whole and never searched: tantivy keeps them as bytes.
_STORED_ONLY = frozenset(name for name, kind in FIELDS.items() if kind == "stored")
_PART = "lang-{}"

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
        self._writer(_part_of(fields)).add_document(_document(fields))

    def replace(self, fields: dict[str, Any]) -> None:
        self.delete(fields["key"])
        self.add(fields)

    def delete(self, key: str) -> None:
        for part in range(len(self._parts)):
            self._writer(part).delete_documents_by_term("key", key)

    def commit(self) -> None:
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


def _document(fields: dict[str, Any]) -> tantivy.Document:
    doc = tantivy.Document()
    for name, value in fields.items():
        if value is None or value == "":
            continue
        kind = FIELDS[name]
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
        """The best ``limit`` matches (all of them with None), best first."""
        q = self._query(query, filter)
        hits: list[tuple[float, Handle]] = []
        for part, searcher in enumerate(self._searchers):
            size = searcher.num_docs if limit is None else min(limit, searcher.num_docs)
            if size <= 0:
                continue
            result = searcher.search(q, size, count=False)
            hits.extend((float(s), (part, a.segment_ord, a.doc)) for s, a in result.hits)
        key = _best_first
        best = sorted(hits, key=key) if limit is None else heapq.nsmallest(limit, hits, key=key)
        return [EngineHit(handle, score) for score, handle in best]

    def matches(self, query: Node, *, filter: Node | None = None) -> Iterator[Handle]:
        """Every match, unscored, in index order."""
        return iter(sorted(hit.doc for hit in self.search(query, filter=filter, limit=None)))

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
            return Query.phrase_query(schema, node.field, list(node.terms), slop=node.slop)
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
        if len(self._stored) >= _STORED_CACHE:
            del self._stored[next(iter(self._stored))]
        self._stored[doc] = fields
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


def _best_first(hit: tuple[float, Handle]) -> tuple[float, Handle]:
    return (-hit[0], hit[1])


def _wildcard_regex(pattern: str) -> str:
    """A wildcard (``*`` any letters, ``?`` one) as a regular expression matching whole terms."""
    return "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)


class _Column(Sequence[Any]):
    """A column's values, read from each document's stored fields when asked for."""

    def __init__(self, reader: TantivyReader, name: str) -> None:
        self._reader = reader
        self._name = name

    def __len__(self) -> int:
        return self._reader.doc_count()

    def __getitem__(self, doc: Handle) -> Any:  # type: ignore[override]
        return self._reader.stored(doc).get(self._name)
