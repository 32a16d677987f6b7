"""The values presssearch hands back and takes: plain data, valid after the index is closed.

Every public value type is here, frozen where it is a result, and exported by
:mod:`presssearch`: how to search (:class:`SearchOptions`), what a search,
an export and the coverage counts give (:class:`SearchHit`, :class:`ExportRow`,
:class:`Facets`, :class:`Timeline`), a stored document (:class:`Document`),
and what indexing did (:class:`FileOutcome`, :class:`IndexReport`) and what
an index holds (:class:`IndexStats`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Document",
    "ExportRow",
    "Facets",
    "FileOutcome",
    "IndexReport",
    "IndexStats",
    "SearchHit",
    "SearchOptions",
    "Timeline",
    "stored_metadata",
]


@dataclass(frozen=True, kw_only=True)
class SearchOptions:
    """How to search: filters (which restrict without reordering), paging, collapsing, translation.

    One value carries them through the API and every command:
    ``Index.search(text, SearchOptions(lang="es", limit=5))``; the next page of
    results is ``SearchOptions(lang="es", limit=5, offset=5)``.
    """

    lang: str | None = None
    source: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    limit: int = 10
    #: Hits to pass over before the first one returned (after collapsing).
    offset: int = 0
    collapse: bool = True
    translate: bool = True


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


@dataclass(frozen=True)
class Document:
    """A stored document, as ``presssearch show`` prints it."""

    id: str
    path: str
    title: str
    text: str
    lang: str
    source: str | None
    authors: tuple[str, ...]
    published: dt.date | None
    url: str | None
    duplicates: tuple[str, ...] = ()
    #: What reading the page left out or dropped, and why (a date after tomorrow, a cut text).
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class IndexStats:
    """What an index holds, as ``presssearch stats`` prints it."""

    path: str
    engine: str
    documents: int
    languages: dict[str, int]
    outlets: dict[str, int]
    first_date: dt.date | None
    last_date: dt.date | None
    undated: int
    duplicate_groups: int
    documents_in_groups: int
    size_bytes: int
    updated: dt.datetime | None


@dataclass(frozen=True)
class FileOutcome:
    """What indexing did with one file, for progress and warnings.

    ``status`` is one of ``added``, ``updated``, ``unchanged`` or ``skipped``;
    a skipped file has a ``reason`` and a ``message``.
    """

    path: str
    status: str
    lang: str | None = None
    reason: str | None = None
    message: str | None = None
    #: What reading the file left out or dropped (see :attr:`Document.notes`).
    notes: tuple[str, ...] = ()


@dataclass
class IndexReport:
    """The summary of one indexing run."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    total: int = 0
    seconds: float = 0.0
    #: The index folder, when it lies inside the indexed folder: left out of the walk.
    excluded: str | None = None
    #: Files in the index folder that are not the index's (after a rebuild): left as they are.
    others: list[str] = field(default_factory=list)

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())


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


class _DatedCounts(Mapping[str, dict[str, int]]):
    """Counts of documents by name, each ``{label: documents}``, and the width of
    their date buckets (``interval``: day, week, month or year)."""

    def __init__(self, counts: dict[str, dict[str, int]], interval: str) -> None:
        self._counts = counts
        self.interval = interval

    def __getitem__(self, key: str) -> dict[str, int]:
        return self._counts[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._counts)

    def __len__(self) -> int:
        return len(self._counts)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._counts!r}, interval={self.interval!r})"


class Facets(_DatedCounts):
    """Counts of the matching documents by ``"lang"``, ``"source"`` and ``"date"``.

    A mapping of those three names to ``{value: documents}``, largest first
    (dates in order); ``interval`` is the width of the date buckets.
    """


class Timeline(_DatedCounts):
    """Matching documents per time bucket: ``{series: {bucket: documents}}``.

    Every series has the same buckets, from the first to the last dated match;
    ``interval`` is their width (day, week, month or year).
    """


def stored_metadata(fields: dict) -> dict[str, Any]:
    """The metadata of a document's stored fields, as hits, rows and documents carry it."""
    published = fields.get("published")
    authors = fields.get("authors")
    if isinstance(published, dt.datetime):
        published = published.date()
    return {
        "id": fields["id"],
        "path": fields.get("path", fields["id"]),
        "title": fields.get("title", ""),
        "lang": fields.get("lang", "und"),
        "source": fields.get("source"),
        "authors": tuple(a for a in authors.split("; ") if a) if authors else (),
        "published": published or None,
        "url": fields.get("url"),
    }
