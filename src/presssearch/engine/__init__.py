"""The seam between presssearch and a search engine.

Everything above this package (ingesting, query planning, ranking extras,
snippets, collapsing, facets) is engine-neutral; each engine module (one
today: ``whoosh``) turns what is defined here into its own structures and
nothing else in presssearch imports an engine.

**Documents** reach an engine as plain dicts: stored values, and text fields
already analyzed by :mod:`presssearch.analyze`, as their index terms joined by
spaces (the engine splits on spaces and keeps the terms' order, so phrases
work). **Queries** reach it as a tree of the frozen dataclasses below, built
by :mod:`presssearch.plan`; field names are those of :data:`FIELDS`.

An engine offers (see :class:`Engine`, :class:`EngineWriter` and
:class:`EngineReader`): create and open a data folder; add, replace and
delete documents by key; commit or cancel; and, on a point-in-time reader,
search a query with a filter and a limit (document handles and scores),
stored fields, column values and their counts over the matches (facets,
timelines, statistics), and term lookups
for suggestions, snippets and near-duplicate grouping.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from presssearch.analyze import LANGUAGES, NEUTRAL

__all__ = [
    "BODY_FIELDS",
    "FIELDS",
    "FIELD_LANGUAGES",
    "LENGTH_COLUMNS",
    "TITLE_FIELDS",
    "AllOf",
    "AnyOf",
    "BestOf",
    "Coord",
    "DateRange",
    "Engine",
    "EngineHit",
    "EngineReader",
    "EngineWriter",
    "Everything",
    "Fuzzy",
    "Node",
    "Not",
    "Phrase",
    "Term",
    "Wildcard",
    "field_lengths",
    "length_column",
    "positive_leaves",
    "remember",
]

FIELD_LANGUAGES = (*LANGUAGES, NEUTRAL)
TITLE_FIELDS = tuple(f"title_{code}" for code in FIELD_LANGUAGES)
BODY_FIELDS = tuple(f"body_{code}" for code in FIELD_LANGUAGES)

#: Every field, by kind. ``text``: analyzed terms (with positions), searched;
#: ``keyword``: one exact value, searched and kept as a column; ``keywords``:
#: space-separated exact values; ``date``: a day, searched by range and kept
#: as a column; ``stored``: only kept. The analyzer of each text field is
#: named here and recorded in the index folder's marker.
FIELDS: dict[str, str] = {
    "key": "keyword",  # unique per document: its folder and path, hashed
    "id": "keyword",
    "rel": "keyword",  # the path under the indexed folder
    "root": "keyword",  # the indexed folder
    "path": "keyword",  # the absolute path
    "hash": "keyword",
    "lang": "keyword",
    "outlet": "keyword",  # the exact outlet name, for facets
    "dup_group": "keyword",
    "url": "keyword",
    "dup_bands": "keywords",  # MinHash band keys: near-duplicate candidates
    "published": "date",
    "title": "stored",
    "text": "stored",
    "source": "stored",
    "authors": "stored",
    "signature": "stored",
    "notes": "stored",
    "source_terms": "text",
    "authors_terms": "text",
    **{name: "text" for name in TITLE_FIELDS + BODY_FIELDS},
}
#: The analyzer of each text field.
ANALYZERS: dict[str, str] = {
    "source_terms": NEUTRAL,
    "authors_terms": NEUTRAL,
    **{name: name.rsplit("_", 1)[1] for name in TITLE_FIELDS + BODY_FIELDS},
}
#: Columns an engine keeps for counting, sorting and faceting.
COLUMNS = ("id", "rel", "root", "hash", "lang", "outlet", "dup_group", "published")
#: The column of each text field's length in terms, which every engine keeps for
#: the ranking (a document has one language's title and body fields).
LENGTH_COLUMNS = {"title": "title_length", "body": "body_length",
                  "source_terms": "source_length", "authors_terms": "authors_length"}  # fmt: skip


def length_column(field: str) -> str:
    """The column that holds the length of the text field ``field`` (``body_es``: body_length)."""
    return LENGTH_COLUMNS.get(field) or LENGTH_COLUMNS[field.split("_", 1)[0]]


def field_lengths(fields: dict[str, Any]) -> dict[str, int]:
    """The lengths, in terms, of a document's text fields, by :func:`length_column`."""
    return {
        length_column(name): len(value.split()) if value else 0
        for name, value in fields.items()
        if FIELDS.get(name) == "text"
    }


# -- queries ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """Documents with ``text`` in ``field``."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    """Documents with ``terms`` in ``field``, in order, at most ``slop`` positions apart."""

    field: str
    terms: tuple[str, ...]
    slop: int = 1
    boost: float = 1.0


@dataclass(frozen=True)
class Wildcard:
    """Terms of ``field`` matching ``pattern`` (``*`` any letters, ``?`` one)."""

    field: str
    pattern: str
    boost: float = 1.0


@dataclass(frozen=True)
class Fuzzy:
    """Terms of ``field`` within ``maxdist`` edits of ``text``, sharing its first ``prefix``."""

    field: str
    text: str
    maxdist: int = 1
    prefix: int = 1
    boost: float = 1.0


@dataclass(frozen=True)
class DateRange:
    """Documents whose date ``field`` is from ``start`` to ``end`` (days, inclusive)."""

    field: str
    start: dt.date | None
    end: dt.date | None
    boost: float = 1.0


@dataclass(frozen=True)
class AnyOf:
    """Documents matching any child; the scores of the children matched add up."""

    children: tuple[Node, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class BestOf:
    """Documents matching any child, scored by the best child (a synonym group)."""

    children: tuple[Node, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Coord:
    """Any child, scaled by the share of children matched.

    ``score = sum(child scores) * ((1 - coord) + coord * matched / len(children))``.
    """

    children: tuple[Node, ...]
    coord: float
    boost: float = 1.0


@dataclass(frozen=True)
class AllOf:
    """Documents matching every child; the scores add up."""

    children: tuple[Node, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Not:
    """Documents not matching ``child`` (inside :class:`AllOf`: excludes them)."""

    child: Node
    boost: float = 1.0


@dataclass(frozen=True)
class Everything:
    """Every document."""

    boost: float = 1.0


Node = (
    Term | Phrase | Wildcard | Fuzzy | DateRange | AnyOf | BestOf | Coord | AllOf | Not | Everything
)


def positive_leaves(node: Node) -> Iterator[Node]:
    """The leaves of ``node`` a match looks for: not those under a :class:`Not`."""
    if isinstance(node, Not):
        return
    if isinstance(node, AnyOf | BestOf | Coord | AllOf):
        for child in node.children:
            yield from positive_leaves(child)
        return
    yield node


def remember(cache: dict[Any, Any], key: Any, value: Any, limit: int) -> Any:
    """Keep ``value`` under ``key`` in ``cache``, dropping the oldest entry past ``limit``.

    What readers and query planning remember of recent queries: a results
    page asks for the hits, facets and timeline of the same query.
    """
    if key not in cache and len(cache) >= limit:
        del cache[next(iter(cache))]
    cache[key] = value
    return value


# -- engines ----------------------------------------------------------------------------------


class EngineHit(NamedTuple):
    """One match: an engine's handle of the document, and its score."""

    doc: Any
    score: float


class EngineWriter(Protocol):
    def add(self, fields: dict[str, Any]) -> None: ...
    def replace(self, fields: dict[str, Any]) -> None: ...
    def delete(self, key: str) -> None: ...
    def commit(self) -> None: ...
    def cancel(self) -> None: ...


class EngineReader(Protocol):
    """A point-in-time view of the index."""

    def doc_count(self) -> int: ...
    def up_to_date(self) -> bool: ...
    def close(self) -> None: ...
    def search(
        self, query: Node, *, filter: Node | None = None, limit: int | None = 10
    ) -> list[EngineHit]: ...
    def matches(self, query: Node, *, filter: Node | None = None) -> Iterator[Any]: ...
    def stored(self, doc: Any) -> dict[str, Any]: ...
    def find(self, field: str, value: str) -> Any | None: ...
    def all_docs(self) -> Iterator[Any]: ...
    def column(self, name: str) -> Sequence[Any]: ...
    def value_counts(
        self, query: Node, columns: tuple[str, ...], *, filter: Node | None = None
    ) -> Counter[tuple[Any, ...]]: ...
    def doc_frequency(self, field: str, term: str) -> int: ...
    def terms_within(self, field: str, term: str, maxdist: int, prefix: int) -> Iterable[str]: ...
    def expand(self, leaf: Wildcard | Fuzzy) -> list[str]: ...


class Engine(Protocol):
    name: str
    data: Path  # the data folder the engine writes in

    @classmethod
    def create(cls, data: Path) -> Engine: ...
    @classmethod
    def open(cls, data: Path, *, for_writing: bool = False) -> Engine: ...
    def reader(self) -> EngineReader: ...
    def writer(self) -> EngineWriter: ...
    def doc_count(self) -> int: ...
    def files(self) -> list[Path]: ...
    def last_commit(self) -> dt.datetime | None: ...
    def close(self) -> None: ...
