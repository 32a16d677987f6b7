"""The index on disk: schema, building, incremental updates, reading back.

Each document is indexed under the fields of its language: ``title_en`` and
``body_en`` for English, ``_es`` and ``_fr`` likewise, ``_xx`` for any other
language, each analyzed by that language's analyzer (see ``analyze``). A
query is analyzed by every language's analyzer at once (see ``search``).

A document's id is its path relative to the folder it was indexed from.
Re-indexing a folder compares content hashes: new files are added, changed
ones replaced, and documents whose file is gone are removed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from presssearch.engine import (
    ANALYZERS,
    BODY_FIELDS,
    FIELD_LANGUAGES,
    TITLE_FIELDS,
    Engine,
    EngineReader,
    Everything,
    default_engine,
    engine_names,
    engine_spec,
)
from presssearch.errors import (
    IndexExists,
    IndexNotFound,
    IndexStoreError,
    IndexVersionMismatch,
)
from presssearch.folder import FORMAT_VERSION, IndexFolder
from presssearch.ingest import (
    DEFAULT_MAX_BYTES,
    Workers,
    corpus_folder,
    limit_malloc_arenas,
    update,
)
from presssearch.records import (
    Document,
    FileOutcome,
    IndexReport,
    IndexStats,
    SearchOptions,
    stored_metadata,
)

if TYPE_CHECKING:
    from presssearch.records import ExportRow, Facets, SearchHit, Timeline

#: Search with the defaults: no filter, ten hits, duplicates collapsed, translated.
DEFAULT_OPTIONS = SearchOptions()

__all__ = [
    "BODY_FIELDS",
    "FIELD_LANGUAGES",
    "TITLE_FIELDS",
    "Document",
    "FileOutcome",
    "Index",
    "IndexReport",
    "IndexStats",
]


def engine_class(name: str) -> type[Engine]:
    """The engine called ``name`` (see :mod:`presssearch.engine`), imported on first use."""
    return engine_spec(name).load()


class Index:
    """A presssearch index in a folder on disk.

    Use :meth:`create` or :meth:`open`, then :meth:`add_path` and
    :meth:`search`. The object keeps a searcher open between queries and is
    a context manager that closes it.
    """

    def __init__(self, folder: IndexFolder, engine: Engine) -> None:
        self.path = folder.path
        self._folder = folder
        self._engine = engine
        self._reader: EngineReader | None = None
        self._marker_seen = _stamp(folder.marker_path)
        self._reopening = threading.Lock()

    def __repr__(self) -> str:
        return f"Index({str(self.path)!r})"

    # -- opening --------------------------------------------------------------

    @staticmethod
    def exists(path: str | os.PathLike[str]) -> bool:
        """True when ``path`` is a presssearch index folder (of any format)."""
        return IndexFolder(path).is_index()

    @classmethod
    def create(
        cls, path: str | os.PathLike[str], *, overwrite: bool = False, engine: str | None = None
    ) -> Index:
        """Create an empty index at ``path``: a new or empty folder.

        A folder that already holds a presssearch index raises
        :class:`IndexExists` unless ``overwrite`` is true; then the new, empty
        index replaces it. A folder that holds anything else raises
        :class:`FolderNotEmpty`: presssearch never writes among other files.
        ``engine`` names an engine (default :func:`default_engine`);
        it is recorded in the folder.
        """
        engine = engine or default_engine()
        engine_class(engine)  # a missing engine package stops here, before any file is made
        folder = IndexFolder(path)
        if folder.is_index():
            if not overwrite:
                raise IndexExists(
                    f"{folder.path} already holds a presssearch index: open it, or pass"
                    " overwrite=True to replace it with an empty one"
                )
        else:
            folder.prepare()
        with folder.lock(), _new_build(folder, engine) as built:
            pass
        return cls(folder, built)

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Index:
        """Open the index at ``path``.

        Raises :class:`IndexNotFound` if there is none and
        :class:`IndexVersionMismatch` if another version of presssearch built it.
        """
        folder = IndexFolder(path)
        return cls(folder, _open_data(folder))

    @classmethod
    def rebuild(
        cls,
        path: str | os.PathLike[str],
        folder: str | os.PathLike[str],
        *,
        progress: Callable[[FileOutcome], None] | None = None,
        jobs: int | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        batch_size: int | None = None,
        wait: float = 0.0,
        on_wait: Callable[[], None] | None = None,
        engine: str | None = None,
    ) -> tuple[Index, IndexReport]:
        """Build a new index of ``folder`` at ``path``, then swap it in.

        The new index is written into a new data folder beside the old one,
        which goes on answering queries until the new one is complete; then
        one atomic rename makes it current and the old data is removed. An
        interrupted rebuild leaves the old index untouched. Only the index's
        own files are ever removed; anything else in ``path`` stays and is
        listed in the report's ``others``. The options are those of
        :meth:`add_path`; ``engine`` is the new index's (by default the one
        the index in ``path`` has, or :func:`default_engine` for a new index).
        """
        limit_malloc_arenas()
        target = IndexFolder(path)
        if engine is None:
            marker = target.marker() if target.is_index() else None
            known = marker is not None and marker.engine in engine_names()
            engine = marker.engine if known else default_engine()
        engine_class(engine)  # a missing engine package stops here, before any file is made
        target.prepare()
        corpus, excluded = corpus_folder(folder, target.path)
        with (
            Workers(jobs) as workers,
            target.lock(wait, on_wait),
            _new_build(target, engine) as built,
            cls(target, built) as fresh,
        ):
            report = fresh._update(
                corpus,
                excluded=excluded,
                progress=progress,
                workers=workers,
                max_bytes=max_bytes,
                batch_size=batch_size,
            )
        report.others = [str(p) for p in target.others()]
        return cls.open(target.path), report

    @classmethod
    def open_or_create(cls, path: str | os.PathLike[str], *, engine: str | None = None) -> Index:
        """The index at ``path``, or a new one if the folder is new or empty.

        ``engine`` is that of a new index (default :func:`default_engine`); an
        existing index of another engine raises :class:`IndexExists`, since
        changing engines means rebuilding.
        """
        if not cls.exists(path):
            return cls.create(path, engine=engine)
        index = cls.open(path)
        if engine is not None and engine != index.engine:
            index.close()
            raise IndexExists(
                f"the index in {index.path} uses the {index.engine} engine:"
                f" moving it to {engine} takes a rebuild ('presssearch index FOLDER"
                f" --engine {engine} --rebuild')"
            )
        return index

    @property
    def engine(self) -> str:
        """The name of the engine that holds this index."""
        return self._engine.name

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ----------------------------------------------------------------

    def _follow(self) -> None:
        """Follow a rebuild by another process: reopen on the data the marker names now."""
        seen = _stamp(self._folder.marker_path)
        if seen == self._marker_seen:
            return
        engine = _open_data(self._folder)
        self._marker_seen = seen
        if engine.data != self._engine.data:
            self._reader = None  # closed by the engine once no call uses it any more
            self._engine = engine

    def reader(self) -> EngineReader:
        """A view of the latest committed state, reused while it is current.

        Threads share it; a reader replaced by a newer one stays open for the
        calls still using it, and its engine closes it when they are done.
        """
        with self._reopening:
            self._follow()
            if self._reader is not None and not self._reader.up_to_date():
                self._reader = None
            if self._reader is None:
                self._reader = self._engine.reader()
            return self._reader

    def __len__(self) -> int:
        return self.reader().doc_count()

    def get(self, doc_id: str) -> Document | None:
        """The stored document with id ``doc_id``, or with that file path; None if none."""
        from presssearch.search import group_members

        reader = self.reader()
        doc = reader.find("id", doc_id)
        if doc is None and doc_id:
            doc = reader.find("path", os.path.abspath(doc_id))
        if doc is None:
            return None
        fields = reader.stored(doc)
        group = fields.get("dup_group")
        others = group_members(reader, group, doc) if group else []
        return _document(fields, tuple(other["id"] for other in others))

    def search(self, query: str, options: SearchOptions = DEFAULT_OPTIONS) -> list[SearchHit]:
        """The best hits for ``query``; see :func:`presssearch.search.search`."""
        from presssearch.search import search

        return search(self.reader(), query, options)

    def facets(
        self, query: str, options: SearchOptions = DEFAULT_OPTIONS, *, interval: str = "auto"
    ) -> Facets:
        """Counts of matches by language, outlet, date; see :func:`presssearch.coverage.facets`."""
        from presssearch.coverage import facets

        return facets(self.reader(), query, options, interval=interval)

    def timeline(
        self,
        query: str,
        options: SearchOptions = DEFAULT_OPTIONS,
        *,
        interval: str = "auto",
        by: str = "lang",
    ) -> Timeline:
        """Matches per time bucket and series; see :func:`presssearch.coverage.timeline`."""
        from presssearch.coverage import timeline

        return timeline(self.reader(), query, options, interval=interval, by=by)

    def export(self, query: str, options: SearchOptions = DEFAULT_OPTIONS) -> Iterator[ExportRow]:
        """Every match of ``query``, best first; see :func:`presssearch.coverage.export`."""
        from presssearch.coverage import export

        return export(self.reader(), query, options)

    def explain(self, query: str, options: SearchOptions = DEFAULT_OPTIONS) -> str:
        """What the query searches, in words: see :meth:`presssearch.plan.Plan.explain`."""
        from presssearch.plan import plan_query

        return plan_query(query, options, reader=self.reader()).explain()

    def stats(self) -> IndexStats:
        """Documents per language and outlet, dates, duplicates, size, last update.

        Languages and outlets come largest first, equal counts in alphabetical
        order, the same on every engine.
        """
        from presssearch.coverage import ranked

        reader = self.reader()
        languages: Counter[str] = Counter()
        outlets: Counter[str] = Counter()
        group_sizes: Counter[str] = Counter()
        first: dt.date | None = None
        last: dt.date | None = None
        undated = 0
        if reader.doc_count():
            every = Everything()
            found = reader.value_counts(every, ("lang", "outlet", "published"))
            for (code, outlet, day), count in found.items():
                languages[code or "und"] += count
                outlets[outlet or "unknown"] += count
                if day is None:
                    undated += count
                else:
                    first = day if first is None else min(first, day)
                    last = day if last is None else max(last, day)
            for (group,), count in reader.value_counts(every, ("dup_group",)).items():
                if group:
                    group_sizes[group] += count
        shared = [n for n in group_sizes.values() if n > 1]
        return IndexStats(
            path=str(self.path),
            engine=self.engine,
            documents=reader.doc_count(),
            languages=ranked(languages),
            outlets=ranked(outlets),
            first_date=first,
            last_date=last,
            undated=undated,
            duplicate_groups=len(shared),
            documents_in_groups=sum(shared),
            size_bytes=self._engine.size_bytes(),
            updated=self._engine.last_update(),
        )

    def suggest(self, query: str) -> str | None:
        """A spelling correction of ``query`` from the words of the index, or None."""
        from presssearch.search import suggest

        return suggest(self.reader(), query)

    # -- writing ----------------------------------------------------------------

    def _update(self, root_path: Path, **how: Any) -> IndexReport:
        """Index the files under ``root_path`` (see :func:`presssearch.ingest.update`);
        the caller holds the folder's lock."""
        engine = engine_class(self._engine.name).open(self._engine.data)
        if how.get("batch_size") is None:
            how["batch_size"] = engine_spec(self._engine.name).batch
        try:
            return update(engine, root_path, **how)
        finally:
            engine.close()
            self.close()

    def add_path(
        self,
        folder: str | os.PathLike[str],
        *,
        progress: Callable[[FileOutcome], None] | None = None,
        jobs: int | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        batch_size: int | None = None,
        wait: float = 0.0,
        on_wait: Callable[[], None] | None = None,
    ) -> IndexReport:
        """Bring the index up to date with the articles under ``folder``.

        Files are read recursively (``.html``, ``.htm``, ``.xhtml``,
        ``.shtml``, ``.txt``, ``.text``) by ``jobs`` worker
        processes (default: one per core). ``progress`` is called once per
        file with its :class:`FileOutcome`. Work is committed every
        ``batch_size`` documents (by default the engine's ``batch``), so an
        interruption loses little, and a document whose file is unreadable
        now keeps its indexed version.
        Raises :class:`IndexLocked` if another process holds the index for
        longer than ``wait`` seconds.
        """
        corpus, excluded = corpus_folder(folder, self.path)
        limit_malloc_arenas()
        with Workers(jobs) as workers, self._folder.lock(wait, on_wait):
            self._folder.remove_stale()
            self._follow()  # another process may have rebuilt the index since it was opened
            return self._update(
                corpus,
                excluded=excluded,
                progress=progress,
                workers=workers,
                max_bytes=max_bytes,
                batch_size=batch_size,
            )


@contextlib.contextmanager
def _new_build(folder: IndexFolder, name: str) -> Iterator[Engine]:
    """A new data folder with an empty index, made current when the block succeeds.

    The caller holds the folder's lock. Data folders of builds that never
    completed are removed first; if the block fails, the new one is removed
    and the current index stays as it was; if it succeeds, the marker is
    swapped in one rename and the replaced index's files are removed.
    """
    folder.remove_stale()
    cls = engine_class(name)
    data = folder.new_data(name)
    try:
        try:
            engine = cls.create(data)
        except OSError as exc:
            raise IndexStoreError(f"cannot create an index in {data}: {exc.strerror}") from exc
        yield engine
        previous = folder.publish(data, name, analyzers=ANALYZERS)
    except BaseException:
        folder.remove_data(data)
        raise
    folder.retire(previous)


def _open_data(folder: IndexFolder) -> Engine:
    """The engine over the current data folder of ``folder``."""
    marker = folder.marker() if folder.path.is_dir() else None
    if marker is None:
        raise IndexNotFound(f"no index in {folder.path}: build one with 'presssearch index FOLDER'")
    known = marker.engine in engine_names()
    if not marker.current or not known or marker.analyzers != ANALYZERS:
        raise IndexVersionMismatch(
            f"the index in {folder.path} was built by an incompatible version of presssearch"
            f" (format {marker.format}, this version reads {FORMAT_VERSION}): rebuild it with"
            " 'presssearch index FOLDER --rebuild'"
        )
    data = folder.data_path(marker)
    try:
        return engine_class(marker.engine).open(data)
    except IndexStoreError as exc:
        raise IndexStoreError(
            f"the index in {folder.path} is damaged ({exc}):"
            " rebuild it with 'presssearch index FOLDER --rebuild'"
        ) from exc


def _stamp(path: Path) -> tuple[int, int] | None:
    """What changes when a file is replaced or rewritten: its inode and modification time."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_ino, info.st_mtime_ns


def _document(fields: dict, duplicates: tuple[str, ...] = ()) -> Document:
    return Document(
        **stored_metadata(fields),
        text=fields.get("text", ""),
        duplicates=duplicates,
        notes=tuple(n for n in fields.get("notes", "").split("\n") if n),
    )
