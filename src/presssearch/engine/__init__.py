"""The seam between presssearch and a search engine, and the engines' registry.

Everything above this package (ingesting, query planning, ranking, snippets,
collapsing, facets) is engine-neutral; each engine module of this package
(``whoosh``, ``tantivy``) turns what is defined here into its own structures
and nothing else in presssearch imports an engine's library.

**Documents** reach an engine as plain dicts: stored values, and text fields
already analyzed by :mod:`presssearch.analyze`, as their index terms joined by
spaces (the engine splits on spaces and keeps the terms' order, so phrases
work). **Queries** reach it as a tree of the frozen dataclasses below, built
by :mod:`presssearch.plan`; field names are those of :data:`FIELDS`.
Documents are named by **handles** of the engine's choosing, which only the
engine that gave them reads (no dense numbering is assumed above it).

**A new engine** is one module (or a package of modules) in this package, named after the engine
(the name index folders record), that implements:

- ``ENGINE``, an :class:`EngineSpec`: the names of what it writes in its
  data folder (so that presssearch removes only those), the pip extra that
  installs its library, how it ranks, what else it can or cannot do, and
  what a process forked from one that has it open must do first. The
  module must import without the engine's library (the library is imported
  when the engine is used), so that folders can be cleaned up anywhere;
- an :class:`Engine`: create or open its data folder, a point-in-time
  :class:`EngineReader`, an :class:`EngineWriter`, the number of documents,
  the index's size and the time of its last update (however it keeps them:
  files, a server);
- an :class:`EngineWriter`: add, replace and delete documents by key, commit
  or cancel; every field of :data:`FIELDS` by its kind, and the lengths of
  the text fields (:func:`field_lengths`) for the ranking;
- an :class:`EngineReader`, safe to share between threads: whether it is
  still the latest state (``up_to_date``), the best matches of a query with
  a filter and a limit, every match, the matches counted up to a bound,
  stored fields, a document by a keyword,
  a scan of stored values over every document, counts of column values
  over the matches (facets, timelines, statistics), and term lookups for
  suggestions, snippets, wildcards and near-duplicate grouping.

An engine that ranks by :mod:`presssearch.ranking` (``ranking="presssearch"``)
supplies its :class:`~presssearch.ranking.Statistics` (document counts,
field lengths, term frequencies of the documents it scores) and is held to
the reference engine's scores; one that scores natively (``"native"``) is
held to the quality floors instead (``tests/quality_floors.json``, checked
by ``pytest --engine NAME tests/test_quality.py`` and ``bench/evaluate.py
--engine both --check``). ``tests/test_engines.py`` runs the same
conformance tests on every engine of this package, and the whole suite runs
on any one of them with ``pytest --engine NAME``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import os
import pkgutil
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NamedTuple, Protocol

from presssearch.analyze import LANGUAGES, NEUTRAL
from presssearch.errors import IndexStoreError

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
    "EngineSpec",
    "EngineWriter",
    "Everything",
    "Fuzzy",
    "Node",
    "Not",
    "Phrase",
    "Term",
    "Wildcard",
    "after_fork",
    "default_engine",
    "engine_names",
    "engine_spec",
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
    page asks for the hits, facets and timeline of the same query. Safe when
    threads share ``cache``: another thread may drop the same entry first.
    """
    if key not in cache and len(cache) >= limit:
        with contextlib.suppress(KeyError, RuntimeError, StopIteration):
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
    """A point-in-time view of the index, safe to share between threads."""

    def doc_count(self) -> int: ...
    def up_to_date(self) -> bool:
        """False once the index has changed since this reader was taken."""
        ...

    def close(self) -> None: ...
    def search(
        self, query: Node, *, filter: Node | None = None, limit: int | None = 10
    ) -> list[EngineHit]:
        """The best ``limit`` matches (all with None), best first; ``filter`` restricts
        without changing scores."""
        ...

    def matches(self, query: Node, *, filter: Node | None = None) -> Iterator[Any]:
        """Every match, unscored."""
        ...

    def count(self, query: Node, *, filter: Node | None = None, at_most: int) -> int:
        """How many documents match, counted up to ``at_most`` (whether a few do, cheaply)."""
        ...

    def together(self, each: Sequence[Node], context: Node) -> list[bool]:
        """For each of ``each``, whether some document matches both it and ``context``."""
        ...

    def stored(self, doc: Any) -> dict[str, Any]: ...
    def find(self, field: str, value: str) -> Any | None:
        """A document with ``value`` in the keyword ``field``, or None."""
        ...

    def scan(self, columns: tuple[str, ...]) -> Iterator[tuple[Any, ...]]:
        """The stored values of ``columns`` of every document (None where missing)."""
        ...

    def value_counts(
        self, query: Node, columns: tuple[str, ...], *, filter: Node | None = None
    ) -> Counter[tuple[Any, ...]]:
        """How many matches have each combination of values of ``columns`` (dates as days,
        None for no value)."""
        ...

    def doc_frequency(self, field: str, term: str) -> int: ...
    def terms_within(self, field: str, term: str, maxdist: int, prefix: int) -> Iterable[str]: ...
    def expand(self, leaf: Wildcard | Fuzzy) -> list[str]: ...


class Engine(Protocol):
    name: str
    data: Path  # the data folder presssearch gave the engine

    @classmethod
    def create(cls, data: Path) -> Engine: ...
    @classmethod
    def open(cls, data: Path) -> Engine: ...
    def reader(self) -> EngineReader: ...
    def writer(self) -> EngineWriter: ...
    def doc_count(self) -> int: ...
    def size_bytes(self) -> int:
        """What the index takes on disk (or wherever the engine keeps it)."""
        ...

    def last_update(self) -> dt.datetime | None:
        """When the index last changed, None if never."""
        ...

    def close(self) -> None: ...


# -- the engines --------------------------------------------------------------------------------


@dataclass(frozen=True)
class EngineSpec:
    """What an engine module declares of itself, as its ``ENGINE``."""

    #: The engine's name, recorded in index folders: its module's name.
    name: str
    #: What the engine writes in its data folder, by name: only these are ever removed.
    files: re.Pattern[str]
    #: The engine's class; raises :class:`IndexStoreError` when its library is missing.
    load: Callable[[], type[Engine]]
    #: The Python package it needs, and the pip extra that installs it (None: always there).
    library: str | None = None
    extra: str | None = None
    #: A few words on when to choose it, for the command line's help.
    summary: str = ""
    #: ``presssearch``: ranked by :mod:`presssearch.ranking` from statistics the engine
    #: supplies; ``native``: the engine's own scoring, held to the quality figures.
    ranking: Literal["presssearch", "native"] = "presssearch"
    #: The engine the others' scores and figures are compared with.
    reference: bool = False
    #: The engine of new indexes unless another is asked for.
    default: bool = False
    #: Documents indexed between two commits unless asked otherwise. Each commit
    #: closes a segment, which every search then visits; a batch's work is lost if
    #: the run is interrupted before its commit.
    batch: int = 1000
    #: Whether a commit is all or nothing (else a process killed while committing
    #: keeps part of its last batch, which the next run completes).
    atomic_commits: bool = True
    #: What a process forked from one that has the engine open must do first
    #: (close what it inherited and must not hold).
    after_fork: Callable[[], None] = lambda: None

    def available(self) -> bool:
        """Whether the engine's library is installed."""
        try:
            self.load()
        except IndexStoreError:
            return False
        return True

    def missing(self) -> IndexStoreError:
        """The error saying what to install for this engine."""
        return IndexStoreError(
            f"the {self.name} engine needs the {self.library} package:"
            f" pip install 'presssearch[{self.extra}]'"
        )


#: The environment variable that names the engine of new indexes.
ENGINE_ENV = "PRESSSEARCH_ENGINE"


def engine_names() -> tuple[str, ...]:
    """The engines this version knows: the modules of this package, without importing them."""
    found = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    return tuple(found)


def engine_spec(name: str) -> EngineSpec:
    """The engine called ``name``; only its module is imported."""
    if name not in engine_names():
        raise IndexStoreError(
            f"unknown engine {name!r}: this version knows {', '.join(engine_names())}"
        )
    spec: EngineSpec = importlib.import_module(f"{__name__}.{name}").ENGINE
    return spec


def engines() -> dict[str, EngineSpec]:
    """Every engine, the default first."""
    specs = [engine_spec(name) for name in engine_names()]
    return {s.name: s for s in sorted(specs, key=lambda s: not s.default)}


def default_engine() -> str:
    """The engine of a new index: ``$PRESSSEARCH_ENGINE`` if set, else the default engine."""
    name = os.environ.get(ENGINE_ENV, "").strip().lower()
    if not name:
        return next(iter(engines()))
    if name not in engine_names():
        raise IndexStoreError(
            f"{ENGINE_ENV}={name!r} names no engine: this version knows {', '.join(engines())}"
        )
    return name


def after_fork() -> None:
    """What a forked process must do first for each engine its parent had loaded."""
    for name in engine_names():
        module = sys.modules.get(f"{__name__}.{name}")
        if module is not None:
            module.ENGINE.after_fork()
