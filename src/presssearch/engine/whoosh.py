"""The Whoosh engine: pure Python, nothing to compile, right for a few thousand articles.

All of presssearch's Whoosh code is here. The schema holds only Whoosh's own
classes: text fields arrive analyzed (index terms joined by spaces) and are
split on spaces, so an index stores no presssearch class and code can move
without breaking it.

Ranking is BM25F with statistics per language: a Spanish term's document
frequency is out of the Spanish documents, and so is the average length of
a Spanish body (:class:`LanguageBM25`). A :class:`~presssearch.engine.Coord`
query is a union that scales each document's score by the share of clauses
it matches (:class:`CoordMatcher`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh import matching, query, scoring
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.matching import ListMatcher
from whoosh.util.numeric import byte_to_length
from whoosh.util.times import datetime_to_long, long_to_datetime
from whoosh.writing import LockError

from presssearch import rank
from presssearch.engine import (
    COLUMNS,
    FIELDS,
    AllOf,
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

__all__ = ["WhooshEngine"]

#: Seconds to wait for Whoosh's write lock, held only by our own run.
WRITER_TIMEOUT = 30.0
#: Megabytes of postings the writer sorts in memory before spilling to disk
#: (Whoosh's default). Less lowers the parent's peak while it merges
#: segments, but a batch then spills and merges its runs: 32 cost a quarter
#: more CPU per page.
WRITER_MEMORY_MB = 128
#: Filters whose documents a reader keeps (the index does not change under it).
FILTER_CACHE = 64
#: Queries whose matches a reader keeps.
RECENT_QUERIES = 4


def build_schema() -> Schema:
    """The Whoosh schema of :data:`presssearch.engine.FIELDS`."""
    fields: dict[str, object] = {}
    for name, kind in FIELDS.items():
        if kind == "keyword":
            fields[name] = ID(stored=True, sortable=name in COLUMNS, unique=name == "key")
        elif kind == "keywords":
            fields[name] = KEYWORD()
        elif kind == "date":
            fields[name] = DATETIME(stored=True, sortable=True)
        elif kind == "stored":
            fields[name] = STORED()
        else:
            fields[name] = TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=True)
    return Schema(**fields)


class WhooshEngine:
    """A Whoosh index in one data folder."""

    name = "whoosh"

    def __init__(self, ix: whoosh_index.Index, data: Path) -> None:
        self._ix = ix
        self.data = data

    @classmethod
    def create(cls, data: Path) -> WhooshEngine:
        return cls(whoosh_index.create_in(str(data), build_schema()), data)

    @classmethod
    def open(cls, data: Path, *, for_writing: bool = False) -> WhooshEngine:
        """Open ``data``, its segments read from their files, not memory maps.

        Through a memory map Whoosh copies each file it opens inside a
        segment's compound file whole into memory (the terms, the columns):
        one query on 100,000 articles took 1.8 GB, read this way 54 MB. And
        indexing, which looks up every new document's near-duplicate bands
        in every segment, grew with the index. ``for_writing`` is accepted
        for the engine interface; reading is the same either way.
        """
        try:
            storage = FileStorage(str(data), supports_mmap=False)
            return cls(whoosh_index.FileIndex(storage), data)
        except (OSError, whoosh_index.EmptyIndexError) as exc:
            raise IndexStoreError(f"{data} cannot be read: {exc}") from exc

    def reader(self) -> WhooshReader:
        return WhooshReader(
            self._ix.searcher(weighting=LanguageBM25(B=rank.BM25_B, K1=rank.BM25_K1))
        )

    def writer(self) -> WhooshWriter:
        try:
            writer = self._ix.writer(timeout=WRITER_TIMEOUT, delay=0.1, limitmb=WRITER_MEMORY_MB)
        except LockError as exc:
            raise IndexLocked(
                f"the index in {self.data.parent} is being written by another program"
            ) from exc
        return WhooshWriter(writer)

    def doc_count(self) -> int:
        return self._ix.doc_count()

    def files(self) -> list[Path]:
        return [p for p in self.data.iterdir() if p.is_file()]

    def last_commit(self) -> dt.datetime | None:
        tocs = [p for p in self.files() if p.suffix == ".toc"]
        if not tocs:
            return None
        return dt.datetime.fromtimestamp(max(p.stat().st_mtime for p in tocs), tz=dt.UTC)

    def close(self) -> None:
        self._ix.close()


class WhooshWriter:
    """Adds, replaces and deletes documents until :meth:`commit` or :meth:`cancel`."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def add(self, fields: dict[str, Any]) -> None:
        # A new key: no need to look it up in every segment, as replace does.
        self._writer.add_document(**_values(fields))

    def replace(self, fields: dict[str, Any]) -> None:
        self._writer.update_document(**_values(fields))

    def delete(self, key: str) -> None:
        self._writer.delete_by_term("key", key)

    def commit(self) -> None:
        self._writer.commit()

    def cancel(self) -> None:
        self._writer.cancel()


def _values(fields: dict[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    published = out.get("published")
    if isinstance(published, dt.date) and not isinstance(published, dt.datetime):
        out["published"] = dt.datetime.combine(published, dt.time())
    return out


class WhooshReader:
    """A Whoosh searcher, with the documents of recent filters remembered."""

    def __init__(self, searcher: Any) -> None:
        self._searcher = searcher
        self._scorer = _Scorer(searcher)
        self._filters: dict[Node, np.ndarray] = {}
        self._recent: dict[tuple[Node, Node | None], tuple[np.ndarray, np.ndarray]] = {}
        self._columns: dict[str, Sequence[Any]] = {}

    def doc_count(self) -> int:
        return self._searcher.doc_count()

    def up_to_date(self) -> bool:
        return self._searcher.up_to_date()

    def close(self) -> None:
        self._searcher.close()

    # -- searching ----------------------------------------------------------------------------

    def search(
        self, query: Node, *, filter: Node | None = None, limit: int | None = 10
    ) -> list[EngineHit]:
        """The best ``limit`` matches (all of them with None), best first.

        Equal scores rank by document number, as Whoosh's own collector does.
        """
        ids, scores = self._scored(query, filter)
        if limit is not None and len(ids) > limit:
            # The limit-th best score; everything at or above it is sorted.
            cut = -np.partition(-scores, limit - 1)[limit - 1]
            keep = scores >= cut
            ids, scores = ids[keep], scores[keep]
        order = np.lexsort((ids, -scores))
        if limit is not None:
            order = order[:limit]
        return [EngineHit(int(ids[i]), float(scores[i])) for i in order]

    def matches(self, query: Node, *, filter: Node | None = None) -> Iterator[int]:
        """Every match, unscored, in index order."""
        ids, _ = self._scored(query, filter)
        return iter(ids.tolist())

    def _scored(self, query: Node, filter: Node | None) -> tuple[np.ndarray, np.ndarray]:
        """Matches and scores, remembered for the last few queries: a results page
        asks for the hits, the facets and the timeline of the same query."""
        key = (query, filter)
        if key in self._recent:
            return self._recent[key]
        ids, scores = self._scorer.evaluate(query)
        if filter is not None and len(ids):
            keep = self._filter(filter)[ids]
            ids, scores = ids[keep], scores[keep]
        return remember(self._recent, key, (ids, scores), RECENT_QUERIES)

    def _filter(self, node: Node) -> np.ndarray:
        """Which documents a filter lets through (by document number), remembered.

        A language or date filter otherwise walks its postings (every day of
        a date range) on each query.
        """
        if node not in self._filters:
            mask = np.zeros(self._searcher.doc_count_all(), dtype=bool)
            ids, _ = self._scorer.evaluate(node)
            mask[ids] = True
            remember(self._filters, node, mask, FILTER_CACHE)
        return self._filters[node]

    # -- documents ----------------------------------------------------------------------------

    def stored(self, doc: int) -> dict[str, Any]:
        fields = dict(self._searcher.stored_fields(doc))
        published = fields.get("published")
        if isinstance(published, dt.datetime):
            fields["published"] = published.date()
        return fields

    def find(self, field: str, value: str) -> int | None:
        """The first document with ``value`` in the keyword ``field``."""
        return self._searcher.document_number(**{field: value})

    def all_docs(self) -> Iterator[int]:
        return iter(self._searcher.reader().all_doc_ids())

    def column(self, name: str) -> Sequence[Any]:
        """The values of a column by document (dates as days, None when missing)."""
        if name not in self._columns:
            parts = []
            for segment, offset in self._scorer._segments:
                count = segment.doc_count_all()
                if not segment.has_column(name):
                    # A segment none of whose documents has the value has no column.
                    parts.append((offset, count, None))
                elif name == "published":
                    parts.append((offset, count, _Dates(self._scorer.dates(segment, name))))
                else:
                    parts.append((offset, count, segment.column_reader(name)))
            self._columns[name] = _Column(parts)
        return self._columns[name]

    def value_counts(
        self, query: Node, columns: tuple[str, ...], *, filter: Node | None = None
    ) -> Counter[tuple[Any, ...]]:
        """How many matches have each combination of values of ``columns`` (None: no value)."""
        values = [self.column(name) for name in columns]
        return Counter(
            tuple(column[doc] for column in values) for doc in self.matches(query, filter=filter)
        )

    # -- terms --------------------------------------------------------------------------------

    def doc_frequency(self, field: str, term: str) -> int:
        return self._searcher.doc_frequency(field, term)

    def terms_within(self, field: str, term: str, maxdist: int, prefix: int) -> Iterable[str]:
        return self._searcher.reader().terms_within(field, term, maxdist, prefix=prefix)

    def expand(self, leaf: Wildcard | Fuzzy) -> list[str]:
        """The index terms a wildcard or fuzzy term stands for."""
        reader = self._searcher.reader()
        return [
            text.decode("utf-8") if isinstance(text, bytes) else text
            for _, text in to_whoosh(leaf).expanded_terms(reader)
        ]


class _Column(Sequence[Any]):
    """One column over every segment, None for documents of a segment that lacks it.

    (Whoosh's own multi-segment column reader misplaces documents when an
    earlier segment has no column of that name.)
    """

    def __init__(self, parts: list[tuple[int, int, Any]]) -> None:
        self._parts = parts
        self._starts = [offset for offset, _, _ in parts]
        self._size = sum(count for _, count, _ in parts)

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, docnum: int) -> Any:  # type: ignore[override]
        offset, _, column = self._parts[bisect.bisect_right(self._starts, docnum) - 1]
        return None if column is None else column[docnum - offset]


class _Dates(Sequence[Any]):
    """A segment's date column read as days: None for a document without a date."""

    def __init__(self, values: np.ndarray) -> None:
        self._values = values

    def __len__(self) -> int:
        return len(self._values)

    def __getitem__(self, docnum: int) -> dt.date | None:  # type: ignore[override]
        value = self._values[docnum]
        if value == _NO_DATE:
            return None
        day = long_to_datetime(int(value)).date()
        return day if day.year > 1 else None


# -- scoring --------------------------------------------------------------------------------

_EMPTY = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))
#: What Whoosh's date column holds for a document without a date.
_NO_DATE = np.uint64(2**64 - 1)
#: Whoosh stores each document's field length in one byte; this is what each byte means.
_BYTE_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


class _Scorer:
    """Scores a query tree term at a time, with arrays, over one searcher's segments.

    Whoosh's own matchers walk every posting of every term through several
    layers of Python objects; here each posting list is read a block at a
    time into arrays and every clause is combined with array operations. The
    scores are Whoosh's (the same BM25F with per-language statistics, the
    same boosts, sums, maxima and coordination), up to the order in which
    floating-point sums are added. Phrases are checked by Whoosh's matchers,
    which read positions.

    Reading posting blocks and length columns whole uses attributes of
    Whoosh's segment readers that are not public; ``pyproject.toml`` pins the
    Whoosh release they were read from, and the tests compare rankings.
    """

    def __init__(self, searcher: Any) -> None:
        self._searcher = searcher
        reader = searcher.reader()
        self._segments = [(reader, 0)] if reader.is_atomic() else list(reader.leaf_readers())
        self._subsearchers = (
            [(searcher, 0)] if not searcher.subsearchers else list(searcher.subsearchers)
        )
        self._size = reader.doc_count_all()
        self._lengths: dict[tuple[int, str], np.ndarray] = {}
        self._live: np.ndarray | None = None
        weighting = searcher.weighting
        self._B = getattr(weighting, "B", rank.BM25_B)
        self._K1 = getattr(weighting, "K1", rank.BM25_K1)

    def live(self) -> np.ndarray:
        """The numbers of the documents not deleted."""
        if self._live is None:
            mask = np.ones(self._size, dtype=bool)
            for segment, offset in self._segments:
                deleted = list(segment.deleted_docs_set) if segment.has_deletions() else []
                if deleted:
                    mask[np.asarray(deleted, dtype=np.int64) + offset] = False
            self._live = np.flatnonzero(mask)
        return self._live

    def evaluate(self, node: Node) -> tuple[np.ndarray, np.ndarray]:
        """The matching documents (sorted numbers) and their scores."""
        if isinstance(node, Term):
            return self._term(node)
        if isinstance(node, Phrase):
            return self._by_whoosh(node)
        if isinstance(node, DateRange):
            ids = self._date_range(node)
            return ids, np.full(len(ids), node.boost)
        if isinstance(node, Wildcard | Fuzzy):
            ids = np.fromiter(self._searcher.docs_for_query(to_whoosh(node)), dtype=np.int64)
            ids = np.unique(ids)
            return ids, np.full(len(ids), node.boost)
        if isinstance(node, Everything):
            ids = self.live()
            return ids, np.full(len(ids), node.boost)
        if isinstance(node, Not):
            inside, _ = self.evaluate(node.child)
            ids = np.setdiff1d(self.live(), inside, assume_unique=True)
            return ids, np.ones(len(ids))  # Whoosh's inverse matcher scores 1
        parts = [self.evaluate(child) for child in node.children]
        if isinstance(node, AllOf):
            ids, scores = parts[0]
            for other_ids, other_scores in parts[1:]:
                common, left, right = np.intersect1d(
                    ids, other_ids, assume_unique=True, return_indices=True
                )
                ids, scores = common, scores[left] + other_scores[right]
        else:
            ids, where = np.unique(np.concatenate([p[0] for p in parts]), return_inverse=True)
            values = np.concatenate([p[1] for p in parts])
            if isinstance(node, BestOf):
                scores = np.zeros(len(ids))
                np.maximum.at(scores, where, values)
            else:
                scores = np.bincount(where, weights=values, minlength=len(ids))
                if isinstance(node, Coord):
                    matched = np.bincount(where, minlength=len(ids))
                    share = matched / len(node.children)
                    scores = scores * ((1.0 - node.coord) + node.coord * share)
        if node.boost != 1.0:
            scores = scores * node.boost
        return ids, scores

    def _term(self, node: Term) -> tuple[np.ndarray, np.ndarray]:
        schema = self._searcher.schema
        if node.field not in schema:
            return _EMPTY
        field = schema[node.field]
        all_ids, all_weights = [], []
        for segment, offset in self._segments:
            ids, weights = _postings(segment, node.field, node.text)
            if not len(ids):
                continue
            if segment.has_deletions():
                keep = ~np.isin(ids, np.fromiter(segment.deleted_docs_set, dtype=np.int64))
                ids, weights = ids[keep], weights[keep]
            if field.scorable:
                lengths = self._field_lengths(segment, offset, node.field)
                weights = self._bm25(node, weights, _BYTE_LENGTHS[lengths[ids]])
            all_ids.append(ids + offset)
            all_weights.append(weights)
        if not all_ids:
            return _EMPTY
        scores = np.concatenate(all_weights)
        if node.boost != 1.0:
            scores = scores * node.boost
        return np.concatenate(all_ids), scores

    def _date_range(self, node: DateRange) -> np.ndarray:
        """Documents dated from ``node.start`` to ``node.end``, read off the date column.

        A range of days is otherwise expanded into every date term in it and
        their postings walked one document at a time.
        """
        low = datetime_to_long(dt.datetime.combine(node.start, dt.time.min)) if node.start else 0
        high = (
            datetime_to_long(dt.datetime.combine(node.end, dt.time.max))
            if node.end
            else _NO_DATE - 1
        )
        parts = []
        for segment, offset in self._segments:
            values = self.dates(segment, node.field)
            ids = np.flatnonzero((values >= low) & (values <= high) & (values != _NO_DATE))
            if len(ids) and segment.has_deletions():
                ids = ids[~np.isin(ids, np.fromiter(segment.deleted_docs_set, dtype=np.int64))]
            parts.append(ids + offset)
        return np.concatenate(parts) if parts else _EMPTY[0]

    @staticmethod
    def dates(segment: Any, field: str) -> np.ndarray:
        """A segment's date column as integers (Whoosh's microsecond longs), _NO_DATE if none."""
        column = (
            segment.column_reader(field, translate=False) if segment.has_column(field) else None
        )
        return _fixed_width(column, segment.doc_count_all(), np.dtype(">u8"), _NO_DATE)

    def _bm25(self, node: Term, tf: np.ndarray, fl: np.ndarray) -> np.ndarray:
        searcher = self._searcher
        n = searcher.doc_frequency(node.field, node.text)
        documents = _field_documents(searcher, node.field)
        idf = math.log(1 + (documents - n + 0.5) / (n + 0.5))
        avgfl = (searcher.field_length(node.field) / documents) or 1
        B, K1 = self._B, self._K1
        return idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))

    def _field_lengths(self, segment: Any, offset: int, field: str) -> np.ndarray:
        """Each document's length byte for ``field`` in ``segment`` (0 where none)."""
        key = (offset, field)
        if key not in self._lengths:
            column = segment._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
            count = segment.doc_count_all()
            self._lengths[key] = _fixed_width(column, count, np.dtype(np.uint8), 0)
        return self._lengths[key]

    def _by_whoosh(self, node: Node) -> tuple[np.ndarray, np.ndarray]:
        """Whoosh's own matcher, one match at a time: for phrases, which need positions."""
        q = to_whoosh(node)
        ids: list[int] = []
        scores: list[float] = []
        for subsearcher, offset in self._subsearchers:
            m = q.matcher(
                subsearcher, subsearcher.boolean_context().set(weighting=self._searcher.weighting)
            )
            while m.is_active():
                ids.append(m.id() + offset)
                scores.append(m.score())
                m.next()
        order = np.argsort(ids, kind="stable")
        return np.asarray(ids, dtype=np.int64)[order], np.asarray(scores)[order]


def _fixed_width(column: Any, count: int, dtype: np.dtype, missing: Any) -> np.ndarray:
    """A Whoosh column of fixed-width values read whole: one value per document.

    Documents past the values written (or all, without a column) get ``missing``.
    """
    values = np.full(count, missing, dtype=dtype)
    stored = min(column._count, count) if column is not None else 0
    if stored:
        raw = column._dbfile.get(column._basepos, stored * dtype.itemsize)
        values[:stored] = np.frombuffer(raw, dtype=dtype)
    return values


def _postings(segment: Any, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """The document numbers and weights (term frequencies) of a term in one segment."""
    btext = segment._text_to_bytes(field, text)
    if (field, btext) not in segment._terms:
        return _EMPTY
    m = segment._terms.matcher(field, btext, segment.schema[field].format)
    if isinstance(m, ListMatcher):  # short lists are kept inside the term's entry
        ids = np.asarray(m._ids, dtype=np.int64)
        if m._all_weights:
            weights = np.full(len(ids), float(m._all_weights))
        elif m._weights:
            weights = np.asarray(m._weights, dtype=np.float64)
        else:
            weights = np.ones(len(ids))
        return ids, weights
    id_blocks, weight_blocks = [], []
    while m.is_active():
        m._read_ids()
        m._read_weights()
        id_blocks.append(np.asarray(m._ids, dtype=np.int64))
        weight_blocks.append(np.asarray(m._weights, dtype=np.float64))
        m._next_block()
    return np.concatenate(id_blocks), np.concatenate(weight_blocks)


# -- queries --------------------------------------------------------------------------------


def to_whoosh(node: Node) -> query.Query:
    """The Whoosh query of a plan's node."""
    if isinstance(node, Term):
        return query.Term(node.field, node.text, boost=node.boost)
    if isinstance(node, Phrase):
        return query.Phrase(node.field, list(node.terms), slop=node.slop, boost=node.boost)
    if isinstance(node, Wildcard):
        return query.Wildcard(node.field, node.pattern, boost=node.boost)
    if isinstance(node, Fuzzy):
        return query.FuzzyTerm(
            node.field, node.text, boost=node.boost, maxdist=node.maxdist, prefixlength=node.prefix
        )
    if isinstance(node, DateRange):
        start = dt.datetime.combine(node.start, dt.time.min) if node.start else None
        end = dt.datetime.combine(node.end, dt.time.max) if node.end else None
        return query.DateRange(node.field, start, end, boost=node.boost)
    if isinstance(node, Everything):
        return query.Every(boost=node.boost)
    if isinstance(node, Not):
        return query.Not(to_whoosh(node.child), boost=node.boost)
    children = [to_whoosh(child) for child in node.children]
    if isinstance(node, AllOf):
        return query.And(children, boost=node.boost)
    if isinstance(node, BestOf):
        return query.DisjunctionMax(children, boost=node.boost)
    if isinstance(node, Coord):
        return CoordOr(children, coord=node.coord, boost=node.boost)
    q = query.Or(children, boost=node.boost)
    # On indexes under 5,000 documents Whoosh picks a preloading OR matcher
    # for three or more clauses, and it scores every match 0.
    q.matcher_type = query.Or.DEFAULT_MATCHER
    return q


class CoordOr(query.Or):
    """OR of the query's clauses with a preference for documents that match more of them."""

    def __init__(self, subqueries: list, coord: float, boost: float = 1.0) -> None:
        super().__init__(subqueries, boost=boost)
        self.coord = coord
        self.matcher_type = query.Or.DEFAULT_MATCHER

    def _matcher(self, subs, searcher, context):  # type: ignore[no-untyped-def]
        matchers = [sub.matcher(searcher, context) for sub in subs]
        return CoordMatcher(matchers, len(subs), self.coord)


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


# -- ranking --------------------------------------------------------------------------------


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
        total = _field_documents(parent, fieldname)
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
