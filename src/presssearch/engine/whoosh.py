"""The Whoosh engine: pure Python, nothing to compile, right for a few thousand articles.

All of presssearch's Whoosh code is here. The schema holds only Whoosh's own
classes: text fields arrive analyzed (index terms joined by spaces) and are
split on spaces, so an index stores no presssearch class and code can move
without breaking it.

Whoosh keeps the postings, positions and columns; :mod:`presssearch.ranking`
scores a query from them (:class:`_Statistics`), over every document of the
index. Whoosh's own scoring and collectors are not used. This is the
reference engine: the others are held to its scores.

A Whoosh searcher reads its files through shared file objects, which one
thread at a time may use: a reader serves its threads one call at a time.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import itertools
import re
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh import query
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.matching import ListMatcher
from whoosh.util.times import datetime_to_long, long_to_datetime
from whoosh.writing import LockError

from presssearch import ranking
from presssearch.analyze import LANGUAGES
from presssearch.engine import (
    COLUMNS,
    FIELDS,
    LENGTH_COLUMNS,
    AllOf,
    AnyOf,
    DateRange,
    EngineHit,
    EngineSpec,
    Fuzzy,
    Node,
    Phrase,
    Term,
    Wildcard,
    field_lengths,
    length_column,
    remember,
)
from presssearch.errors import IndexLocked, IndexStoreError

__all__ = ["ENGINE", "WhooshEngine"]

ENGINE = EngineSpec(
    name=__name__.rpartition(".")[2],  # an engine's name is its module's
    # _MAIN_1.toc, MAIN_<segment>.seg (and the parts of a segment being written),
    # MAIN_WRITELOCK, and the MAIN.tmp folder of a writer.
    files=re.compile(r"^(_MAIN_\d+\.toc|MAIN_[0-9a-z]+\.[A-Za-z0-9_.]+|MAIN_WRITELOCK|MAIN\.tmp)$"),
    load=lambda: WhooshEngine,
    summary="pure Python, nothing to compile",
    reference=True,
    default=True,
)

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
    for column in LENGTH_COLUMNS.values():
        fields[column] = COLUMN(NumericColumn(_LENGTH_TYPE, 0))
    return Schema(**fields)


#: The lengths' column type: unsigned 32 bits (Whoosh writes them big-endian).
_LENGTH_TYPE = "I"


class WhooshEngine:
    """A Whoosh index in one data folder."""

    name = ENGINE.name

    def __init__(self, ix: whoosh_index.Index, data: Path) -> None:
        self._ix = ix
        self.data = data

    @classmethod
    def create(cls, data: Path) -> WhooshEngine:
        return cls(whoosh_index.create_in(str(data), build_schema()), data)

    @classmethod
    def open(cls, data: Path) -> WhooshEngine:
        """Open ``data``, its segments read from their files, not memory maps.

        Through a memory map Whoosh copies each file it opens inside a
        segment's compound file whole into memory (the terms, the columns):
        one query on 100,000 articles took 1.8 GB, read this way 54 MB. And
        indexing, which looks up every new document's near-duplicate bands
        in every segment, grew with the index.
        """
        try:
            storage = FileStorage(str(data), supports_mmap=False)
            return cls(whoosh_index.FileIndex(storage), data)
        except (OSError, whoosh_index.EmptyIndexError) as exc:
            raise IndexStoreError(f"{data} cannot be read: {exc}") from exc

    def reader(self) -> WhooshReader:
        return WhooshReader(self._ix.searcher())

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

    def _files(self) -> list[Path]:
        return [p for p in self.data.iterdir() if p.is_file()]

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self._files())

    def last_update(self) -> dt.datetime | None:
        """When the last commit was written: its table of contents' time."""
        tocs = [p for p in self._files() if p.suffix == ".toc"]
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
    out = {**fields, **field_lengths(fields)}
    published = out.get("published")
    if isinstance(published, dt.date) and not isinstance(published, dt.datetime):
        out["published"] = dt.datetime.combine(published, dt.time())
    return out


def _locked(method: Any) -> Any:
    """``method`` called with the reader's lock held."""

    def locked(self: WhooshReader, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            return method(self, *args, **kwargs)

    locked.__doc__ = method.__doc__
    locked.__name__ = method.__name__
    return locked


class WhooshReader:
    """A Whoosh searcher, with the documents of recent filters remembered.

    Every call holds the reader's lock: Whoosh's file objects are shared.
    """

    def __init__(self, searcher: Any) -> None:
        self._lock = threading.RLock()
        self._closed = False
        self._searcher = searcher
        self._stats = _Statistics(searcher)
        self._filters: dict[Node, np.ndarray] = {}
        self._recent: dict[tuple[Node, Node | None], tuple[np.ndarray, np.ndarray]] = {}
        self._columns: dict[str, Sequence[Any]] = {}

    @_locked
    def doc_count(self) -> int:
        return self._searcher.doc_count()

    @_locked
    def up_to_date(self) -> bool:
        return self._searcher.up_to_date()

    @_locked
    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._searcher.close()

    def __del__(self) -> None:
        # A reader replaced by a newer one is closed when the last call using it is done.
        with contextlib.suppress(Exception):
            self.close()

    # -- searching ----------------------------------------------------------------------------

    @_locked
    def search(
        self, query: Node, *, filter: Node | None = None, limit: int | None = 10
    ) -> list[EngineHit]:
        """The best ``limit`` matches (all of them with None), best first, as
        :mod:`presssearch.ranking` scores them; documents are numbered in the
        order they were written."""
        ids, scores = self._scored(query, filter)
        order = ranking.best(ids, scores, ids, limit)
        return [EngineHit(int(ids[i]), float(scores[i])) for i in order]

    @_locked
    def matches(self, query: Node, *, filter: Node | None = None) -> Iterator[int]:
        """Every match, unscored, in index order."""
        ids, _ = self._scored(query, filter)
        return iter(ids.tolist())

    @_locked
    def count(self, query: Node, *, filter: Node | None = None, at_most: int) -> int:
        """How many documents match, up to ``at_most``: Whoosh's matchers, which skip
        through the postings and stop there, for words that must or may occur; the
        scored matches for other queries."""
        plain = _boolean(query) if filter is None and (query, filter) not in self._recent else None
        if plain is None:
            return min(len(self._scored(query, filter)[0]), at_most)
        return sum(1 for _ in itertools.islice(self._searcher.docs_for_query(plain), at_most))

    def together(self, each: Sequence[Node], context: Node) -> list[bool]:
        """For each of ``each``, whether a document matches both it and ``context``."""
        return [self.count(AllOf((node, context)), at_most=1) > 0 for node in each]

    def _scored(self, query: Node, filter: Node | None) -> tuple[np.ndarray, np.ndarray]:
        """Matches and scores, remembered for the last few queries: a results page
        asks for the hits, the facets and the timeline of the same query."""
        key = (query, filter)
        if key in self._recent:
            return self._recent[key]
        ids, scores = ranking.score(query, self._stats)
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
            ids, _ = ranking.score(node, self._stats)
            mask[ids] = True
            remember(self._filters, node, mask, FILTER_CACHE)
        return self._filters[node]

    # -- documents ----------------------------------------------------------------------------

    @_locked
    def stored(self, doc: int) -> dict[str, Any]:
        fields = dict(self._searcher.stored_fields(doc))
        published = fields.get("published")
        if isinstance(published, dt.datetime):
            fields["published"] = published.date()
        return fields

    @_locked
    def find(self, field: str, value: str) -> int | None:
        """The first document with ``value`` in the keyword ``field``."""
        return self._searcher.document_number(**{field: value})

    @_locked
    def scan(self, columns: tuple[str, ...]) -> Iterator[tuple[Any, ...]]:
        """The values of ``columns`` of every document, read off their columns."""
        values = [self._column(name) for name in columns]
        docs = self._searcher.reader().all_doc_ids()
        return iter([tuple(column[doc] for column in values) for doc in docs])

    def _column(self, name: str) -> Sequence[Any]:
        """The values of a column by document (dates as days, None when missing)."""
        if name not in self._columns:
            parts = []
            for segment, offset in self._stats.segments:
                count = segment.doc_count_all()
                if not segment.has_column(name):
                    # A segment none of whose documents has the value has no column.
                    parts.append((offset, count, None))
                elif name == "published":
                    parts.append((offset, count, _Dates(self._stats.dates(segment, name))))
                else:
                    parts.append((offset, count, segment.column_reader(name)))
            self._columns[name] = _Column(parts)
        return self._columns[name]

    @_locked
    def value_counts(
        self, query: Node, columns: tuple[str, ...], *, filter: Node | None = None
    ) -> Counter[tuple[Any, ...]]:
        """How many matches have each combination of values of ``columns`` (None: no value)."""
        values = [self._column(name) for name in columns]
        return Counter(
            tuple(column[doc] for column in values) for doc in self.matches(query, filter=filter)
        )

    # -- terms --------------------------------------------------------------------------------

    @_locked
    def doc_frequency(self, field: str, term: str) -> int:
        return self._stats.doc_frequency(field, term)

    @_locked
    def terms_within(self, field: str, term: str, maxdist: int, prefix: int) -> Iterable[str]:
        return list(self._searcher.reader().terms_within(field, term, maxdist, prefix=prefix))

    @_locked
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


# -- statistics for the ranking -------------------------------------------------------------

_EMPTY = np.zeros(0, dtype=np.int64)
#: What Whoosh's date column holds for a document without a date.
_NO_DATE = np.uint64(2**64 - 1)


#: Document frequencies a reader remembers, at most.
_FREQUENCIES = 16_384


class _Statistics:
    """What :mod:`presssearch.ranking` scores from, over every document of one searcher.

    Documents are Whoosh's document numbers. Each posting list is read a
    block at a time into arrays (Whoosh's own matchers walk every posting
    through several layers of Python objects); phrases are checked by
    Whoosh's matchers, which read positions.

    Reading posting blocks and columns whole uses attributes of Whoosh's
    segment readers that are not public; ``pyproject.toml`` pins the Whoosh
    release they were read from, and the tests compare rankings.
    """

    def __init__(self, searcher: Any) -> None:
        self._searcher = searcher
        reader = searcher.reader()
        self.segments = [(reader, 0)] if reader.is_atomic() else list(reader.leaf_readers())
        self._size = reader.doc_count_all()
        self._lengths: dict[str, np.ndarray] = {}
        self._documents: dict[str | None, int] = {}
        self._frequencies: dict[tuple[str, str], int] = {}
        self._live: np.ndarray | None = None

    def scope(self) -> np.ndarray:
        """The numbers of the documents not deleted."""
        if self._live is None:
            mask = np.ones(self._size, dtype=bool)
            for segment, offset in self.segments:
                deleted = list(segment.deleted_docs_set) if segment.has_deletions() else []
                if deleted:
                    mask[np.asarray(deleted, dtype=np.int64) + offset] = False
            self._live = np.flatnonzero(mask)
        return self._live

    def documents(self, language: str | None) -> int:
        if language not in self._documents:
            searcher = self._searcher
            total = searcher.doc_count()
            if language is None:
                count = total
            elif language in LANGUAGES:
                count = searcher.doc_frequency("lang", language)
            else:  # every other language's documents
                count = total - sum(searcher.doc_frequency("lang", c) for c in LANGUAGES)
            self._documents[language] = count
        return self._documents[language]

    def total_length(self, field: str) -> float:
        return float(self._searcher.field_length(field))

    def doc_frequency(self, field: str, term: str) -> int:
        """Remembered: Whoosh looks a term up in each segment's hash tables, in Python,
        and a query's planning and its scoring ask about the same terms."""
        key = (field, term)
        found = self._frequencies.get(key)
        if found is None:
            found = self._searcher.doc_frequency(field, term)
            remember(self._frequencies, key, found, _FREQUENCIES)
        return found

    def frequencies(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        all_ids, all_tf = [], []
        for segment, offset in self.segments:
            ids, tf = _postings(segment, field, term)
            if not len(ids):
                continue
            if segment.has_deletions():
                keep = ~np.isin(ids, np.fromiter(segment.deleted_docs_set, dtype=np.int64))
                ids, tf = ids[keep], tf[keep]
            all_ids.append(ids + offset)
            all_tf.append(tf)
        if not all_ids:
            return _EMPTY, np.zeros(0)
        return np.concatenate(all_ids), np.concatenate(all_tf)

    def lengths(self, field: str, docs: np.ndarray) -> np.ndarray:
        """Each document's exact length of ``field``, from the index's own length column."""
        column = length_column(field)
        if column not in self._lengths:
            parts = []
            for segment, _ in self.segments:
                reader = (
                    segment.column_reader(column, translate=False)
                    if segment.has_column(column)
                    else None
                )
                count = segment.doc_count_all()
                parts.append(_fixed_width(reader, count, np.dtype(">u4"), 0))
            self._lengths[column] = np.concatenate(parts) if parts else _EMPTY
        return self._lengths[column][docs]

    def matching(self, leaf: Node) -> np.ndarray:
        if isinstance(leaf, DateRange):
            return self._date_range(leaf)
        if isinstance(leaf, Term):
            return self.frequencies(leaf.field, leaf.text)[0]
        ids = np.fromiter(self._searcher.docs_for_query(to_whoosh(leaf)), dtype=np.int64)
        return np.unique(ids)

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
        for segment, offset in self.segments:
            values = self.dates(segment, node.field)
            ids = np.flatnonzero((values >= low) & (values <= high) & (values != _NO_DATE))
            if len(ids) and segment.has_deletions():
                ids = ids[~np.isin(ids, np.fromiter(segment.deleted_docs_set, dtype=np.int64))]
            parts.append(ids + offset)
        return np.concatenate(parts) if parts else _EMPTY

    @staticmethod
    def dates(segment: Any, field: str) -> np.ndarray:
        """A segment's date column as integers (Whoosh's microsecond longs), _NO_DATE if none."""
        column = (
            segment.column_reader(field, translate=False) if segment.has_column(field) else None
        )
        return _fixed_width(column, segment.doc_count_all(), np.dtype(">u8"), _NO_DATE)


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
        return _EMPTY, np.zeros(0)
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


def _boolean(node: Node) -> query.Query | None:
    """The Whoosh query of a tree of terms that must or may occur, None for any other."""
    if isinstance(node, Term):
        return query.Term(node.field, node.text)
    if isinstance(node, AllOf | AnyOf):
        children = [_boolean(child) for child in node.children]
        if any(child is None for child in children):
            return None
        return (query.And if isinstance(node, AllOf) else query.Or)(children)
    return None


def to_whoosh(leaf: Node) -> query.Query:
    """The Whoosh query of a leaf the ranking asks about: a phrase, a wildcard, a fuzzy term."""
    if isinstance(leaf, Phrase):
        return query.Phrase(leaf.field, list(leaf.terms), slop=leaf.slop)
    if isinstance(leaf, Wildcard):
        return query.Wildcard(leaf.field, leaf.pattern)
    if isinstance(leaf, Fuzzy):
        return query.FuzzyTerm(
            leaf.field, leaf.text, maxdist=leaf.maxdist, prefixlength=leaf.prefix
        )
    raise TypeError(f"no Whoosh query for {leaf!r}")
