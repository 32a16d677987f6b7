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
import functools
import hashlib
import itertools
import os
import signal
import stat
import sys
import threading
import time
import zlib
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from presssearch.analyze import NEUTRAL, analyze, analyzer_for, field_language
from presssearch.engine import (
    ANALYZERS,
    BODY_FIELDS,
    FIELD_LANGUAGES,
    TITLE_FIELDS,
    Engine,
    EngineReader,
    Everything,
    Term,
    after_fork,
    default_engine,
    engine_names,
    engine_spec,
)
from presssearch.errors import (
    ExtractionError,
    IndexExists,
    IndexNotFound,
    IndexStoreError,
    IndexVersionMismatch,
)
from presssearch.folder import FORMAT_VERSION, IndexFolder
from presssearch.plan import SearchOptions
from presssearch.records import stored_metadata

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult

    from presssearch.coverage import ExportRow, Facets, Timeline
    from presssearch.dedup import Fingerprint
    from presssearch.extract import Article
    from presssearch.search import SearchHit

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

#: Files larger than this are skipped: no news article is anywhere near it.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def engine_class(name: str) -> type[Engine]:
    """The engine called ``name`` (see :mod:`presssearch.engine`), imported on first use."""
    return engine_spec(name).load()


#: Documents written between two commits.
DEFAULT_BATCH = 1000
#: Files a worker reads per message, and messages waiting per worker: while
#: the parent commits or merges segments, the workers stop there instead of
#: piling up extracted articles in its memory.
_CHUNK = 16
_CHUNKS_AHEAD = 4


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


def _file_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def iter_files(folder: Path, *, exclude: Path | None = None) -> Iterator[Path]:
    """The files presssearch reads under ``folder``, in a stable order.

    Hidden files and folders are left out, and so is the folder ``exclude``
    (an index kept inside the folder it indexes); symbolic links to folders
    are not followed, so a link loop cannot trap the walk.
    """
    skip = os.path.realpath(exclude) if exclude is not None else None
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".")
            and (skip is None or os.path.realpath(os.path.join(dirpath, d)) != skip)
        )
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            if _readable_name(name):
                yield Path(dirpath, name)


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
        batch_size: int = DEFAULT_BATCH,
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
        corpus, excluded = _corpus(folder, target.path)
        with (
            _Workers(jobs) as workers,
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

    @staticmethod
    def _existing(reader: EngineReader, root: str) -> _Known:
        """The documents indexed from ``root``, and every id in use."""
        known = _Known(root)
        if reader.doc_count() == 0:
            return known
        for doc_id, rel, digest, doc_root in reader.scan(("id", "rel", "hash", "root")):
            known.taken.add(doc_id)
            if doc_root == root:
                known.hashes[rel] = digest
                known.ids[rel] = doc_id
        return known

    def add_path(
        self,
        folder: str | os.PathLike[str],
        *,
        progress: Callable[[FileOutcome], None] | None = None,
        jobs: int | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        batch_size: int = DEFAULT_BATCH,
        wait: float = 0.0,
        on_wait: Callable[[], None] | None = None,
    ) -> IndexReport:
        """Bring the index up to date with the articles under ``folder``.

        Files are read recursively (``.html``, ``.htm``, ``.xhtml``,
        ``.shtml``, ``.txt``, ``.text``) by ``jobs`` worker
        processes (default: one per core). ``progress`` is called once per
        file with its :class:`FileOutcome`. Work is committed every
        ``batch_size`` documents, so an interruption loses little, and a
        document whose file is unreadable now keeps its indexed version.
        Raises :class:`IndexLocked` if another process holds the index for
        longer than ``wait`` seconds.
        """
        corpus, excluded = _corpus(folder, self.path)
        limit_malloc_arenas()
        with _Workers(jobs) as workers, self._folder.lock(wait, on_wait):
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

    def _update(
        self,
        root_path: Path,
        *,
        excluded: Path | None,
        progress: Callable[[FileOutcome], None] | None,
        workers: _Workers,
        max_bytes: int,
        batch_size: int,
    ) -> IndexReport:
        """Index the files under ``root_path``; the caller holds the folder's lock."""
        started = time.perf_counter()
        root = str(root_path.resolve())
        report = IndexReport(excluded=str(excluded) if excluded is not None else None)
        tasks = (
            _Task(str(path), _doc_id(path, root_path), max_bytes)
            for path in iter_files(root_path, exclude=excluded)
        )
        engine = engine_class(self._engine.name).open(self._engine.data)
        groups = _Groups(engine)
        # What is left in it once every file has been read is gone from the folder.
        known = self._existing(groups.reader, root)
        existing = known.hashes
        writer = None
        pending = 0
        try:
            for result in workers.map(tasks, existing):
                outcome = result.outcome
                existing.pop(result.doc_id, None)
                if outcome.status == "skipped":
                    report.skipped[outcome.reason or "unreadable"] += 1
                elif outcome.status == "unchanged":
                    report.unchanged += 1
                else:
                    assert result.fields is not None
                    key = _key(root, result.doc_id)
                    fields = {
                        **result.fields,
                        "id": known.id_for(result.doc_id),
                        "rel": result.doc_id,
                        "root": root,
                        "path": os.path.abspath(outcome.path),
                        "hash": result.digest,
                        "key": key,
                    }
                    if result.fingerprint is not None:
                        fields["dup_bands"] = " ".join(result.fingerprint.bands)
                        fields["signature"] = result.fingerprint.signature
                        fields["dup_group"] = groups.assign(key, result.fingerprint)
                    else:
                        fields["dup_group"] = key
                    if writer is None:
                        writer = engine.writer()
                    if outcome.status == "added":
                        writer.add(fields)
                    else:
                        writer.replace(fields)
                    setattr(report, outcome.status, getattr(report, outcome.status) + 1)
                    report.languages[outcome.lang or "und"] += 1
                    pending += 1
                if progress is not None:
                    progress(outcome)
                if pending >= batch_size and writer is not None:
                    writer.commit()
                    writer = None
                    groups.committed()
                    pending = 0
            gone = list(existing)
            if gone and writer is None:
                writer = engine.writer()
            for doc_id in gone:
                writer.delete(_key(root, doc_id))
                report.removed += 1
            if writer is not None:
                writer.commit()
                writer = None
            report.total = engine.doc_count()
        except BaseException:
            if writer is not None:
                writer.cancel()
            raise
        finally:
            groups.close()
            engine.close()
        self.close()
        report.seconds = time.perf_counter() - started
        return report


class _Groups:
    """Assigns each new document to a near-duplicate group while indexing.

    Candidates come from the committed index (documents sharing a MinHash
    band) and from the documents written since the last commit.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.reader = engine.reader()
        self._pending: dict[str, list[tuple[str, bytes, str]]] = {}

    def committed(self) -> None:
        self.reader.close()
        self.reader = self._engine.reader()
        self._pending.clear()

    def close(self) -> None:
        self.reader.close()

    def assign(self, key: str, fp: Fingerprint) -> str:
        """The group of the document ``key`` with fingerprint ``fp``."""
        from presssearch.dedup import THRESHOLD, similarity

        best_score, best_group = 0.0, key
        for other_key, signature, group in self._candidates(fp.bands):
            if other_key == key:
                continue
            score = similarity(fp.signature, signature)
            if score >= THRESHOLD and score > best_score:
                best_score, best_group = score, group
        for band in fp.bands:
            self._pending.setdefault(band, []).append((key, fp.signature, best_group))
        return best_group

    def _candidates(self, bands: tuple[str, ...]) -> Iterator[tuple[str, bytes, str]]:
        from presssearch.engine import AnyOf

        for band in bands:
            yield from self._pending.get(band, ())
        if self.reader.doc_count() == 0:
            return
        for doc in self.reader.matches(AnyOf(tuple(Term("dup_bands", band) for band in bands))):
            stored = self.reader.stored(doc)
            if stored.get("signature"):
                key = stored.get("key", stored["id"])
                yield key, stored["signature"], stored.get("dup_group") or key


@dataclass
class _Known:
    """What the index holds of one indexed folder, and the ids taken by every folder.

    A document's id is its path under the folder it was indexed from
    (``en/remarks.html``). When another folder already has a document with
    that id, the new one's id is prefixed with its folder's name
    (``corpus2/en/remarks.html``), so ids stay unique in the index; an id,
    once given, is kept.
    """

    root: str
    hashes: dict[str, str] = field(default_factory=dict)  # path under the folder -> hash
    ids: dict[str, str] = field(default_factory=dict)  # path under the folder -> id
    taken: set[str] = field(default_factory=set)

    def id_for(self, rel: str) -> str:
        if rel in self.ids:
            return self.ids[rel]
        name = Path(self.root).name or "folder"
        candidates = itertools.chain(
            [rel, f"{name}/{rel}"], (f"{name}-{n}/{rel}" for n in itertools.count(2))
        )
        doc_id = next(c for c in candidates if c not in self.taken)
        self.taken.add(doc_id)
        self.ids[rel] = doc_id
        return doc_id


#: Pages saved compressed (``page.html.gz``, ``notes.txt.gz``) are read too.
GZIP_SUFFIX = ".gz"


def _readable_name(name: str) -> bool:
    """True for the files presssearch reads: by suffix, compressed or not."""
    lower = name.lower().removesuffix(GZIP_SUFFIX)
    from presssearch.extract import SUFFIXES  # imported when indexing, not to query

    return os.path.splitext(lower)[1] in SUFFIXES


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    """The content of a gzip file, at most ``max_bytes`` of it; a bad file is an ExtractionError."""
    inflate = zlib.decompressobj(wbits=31)  # gzip header and trailer
    try:
        out = inflate.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise ExtractionError(f"not a valid gzip file ({exc})", reason="unreadable") from exc
    if len(out) > max_bytes:
        raise ExtractionError(
            f"decompresses to over the {max_bytes:,}-byte limit", reason="too-large"
        )
    if not inflate.eof:
        raise ExtractionError("the gzip file is truncated", reason="unreadable")
    return out


def _doc_id(path: Path, root: Path) -> str:
    """The path of ``path`` under ``root``, with ``/``; undecodable bytes escaped."""
    rel = path.relative_to(root).as_posix()
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        rel = os.fsencode(rel).decode("utf-8", errors="backslashreplace")
    return rel


class _Task(NamedTuple):
    path: str
    doc_id: str
    max_bytes: int


class _Result(NamedTuple):
    doc_id: str
    outcome: FileOutcome
    digest: str = ""
    #: What the engine stores and indexes of the article (see :func:`_fields`).
    fields: dict[str, object] | None = None
    fingerprint: Fingerprint | None = None


def _read(task: _Task, existing: dict[str, str]) -> _Result:
    """Read, hash and extract one file: the part of indexing that runs in workers."""
    from presssearch.dedup import fingerprint
    from presssearch.extract import extract_article

    shown = _shown(task.path)
    try:
        info = os.stat(task.path)
        if not stat.S_ISREG(info.st_mode):
            return _Result(
                task.doc_id,
                FileOutcome(shown, "skipped", reason="not-a-file", message="not a regular file"),
            )
        size = info.st_size
        if size > task.max_bytes:
            return _Result(
                task.doc_id,
                FileOutcome(
                    shown,
                    "skipped",
                    reason="too-large",
                    message=f"{size:,} bytes is over the {task.max_bytes:,}-byte limit",
                ),
            )
        with open(task.path, "rb") as f:
            data = f.read()
    except OSError as exc:
        return _Result(
            task.doc_id,
            FileOutcome(shown, "skipped", reason="unreadable", message=exc.strerror or str(exc)),
        )
    digest = _file_hash(data)
    old = existing.get(task.doc_id)
    if old == digest:
        return _Result(task.doc_id, FileOutcome(shown, "unchanged"), digest)
    name = task.path
    try:
        if name.lower().endswith(GZIP_SUFFIX):
            name = name[: -len(GZIP_SUFFIX)]  # page.html.gz is read as page.html
            data = _gunzip(data, task.max_bytes)
        article = extract_article(data, path=name)
        del data
        fields = _fields(article)
        signature = fingerprint(article.text)
    except ExtractionError as exc:
        message = str(exc).removeprefix(f"{name}: ")
        return _Result(
            task.doc_id, FileOutcome(shown, "skipped", reason=exc.reason, message=message)
        )
    except Exception as exc:  # one page's failure never stops a run
        return _Result(
            task.doc_id,
            FileOutcome(shown, "skipped", reason="error", message=_failure(exc)),
        )
    status = "added" if old is None else "updated"
    return _Result(
        task.doc_id,
        FileOutcome(shown, status, lang=article.lang, notes=article.notes),
        digest,
        fields,
        signature,
    )


def _failure(exc: BaseException) -> str:
    """One line that says what went wrong in reading a file, for its warning."""
    detail = " ".join(str(exc).split()) or "no detail"
    return f"could not be read: {type(exc).__name__}: {detail[:200]}"


def _shown(path: str) -> str:
    """A path as it can be printed and stored, undecodable bytes escaped."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", errors="backslashreplace")
    return path


class _Workers:
    """The processes that read, hash and extract files, started before any lock is taken.

    Forked after the index's write lock, they would inherit it and, if the
    parent were killed, keep it until they finished; started first, and told
    by the kernel to exit with their parent (Linux), they hold nothing.
    """

    def __init__(self, jobs: int | None) -> None:
        self.jobs = jobs or os.cpu_count() or 1
        self._pool = None

    def __enter__(self) -> _Workers:
        if self.jobs > 1:
            import multiprocessing  # only here: a query never needs it

            context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
            self._pool = context.Pool(self.jobs, initializer=_init_worker)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()

    def map(self, tasks: Iterator[_Task], existing: dict[str, str]) -> Iterator[_Result]:
        """``_read`` over ``tasks``, in order."""
        if self._pool is None:
            return (_read(task, existing) for task in tasks)
        return self._bounded(tasks, existing)

    def _bounded(self, tasks: Iterator[_Task], existing: dict[str, str]) -> Iterator[_Result]:
        """``Pool.imap`` with a bound: at most ``_CHUNKS_AHEAD`` chunks per worker not yet used."""
        assert self._pool is not None
        waiting: deque[AsyncResult] = deque()
        while chunk := list(itertools.islice(tasks, _CHUNK)):
            known = [(task, existing.get(task.doc_id)) for task in chunk]
            waiting.append(self._pool.apply_async(_read_chunk, (known,)))
            if len(waiting) >= self.jobs * _CHUNKS_AHEAD:
                yield from waiting.popleft().get()
        while waiting:
            yield from waiting.popleft().get()


def _init_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    after_fork()  # what each engine the parent had open needs closed
    if sys.platform == "linux":
        try:
            import ctypes

            libc = ctypes.CDLL(None)
            libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG: die with the parent
        except (OSError, AttributeError):
            pass


@functools.cache
def limit_malloc_arenas() -> None:
    """Let the C allocator keep at most two memory arenas in this process.

    It takes effect only before a second thread of the process first
    allocates memory (glibc fixes its limit then): the command line calls it
    first thing; :meth:`Index.add_path` and :meth:`Index.rebuild` call it too.

    glibc gives each thread that allocates while another does an arena of
    its own, and keeps what is freed in it. With the worker pool's threads
    and tantivy's indexing and merging threads, an indexing process grew
    with the index: 341 MB at the end of 20,000 pages on tantivy, 286 MB of
    it anonymous memory, against 183 MB with two arenas
    (``mallopt(M_ARENA_MAX)``, which the ``MALLOC_ARENA_MAX`` environment
    variable also sets; Linux with glibc).
    """
    if sys.platform != "linux":
        return
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None).mallopt(_M_ARENA_MAX, 2)


_M_ARENA_MAX = -8


def _read_chunk(items: list[tuple[_Task, str | None]]) -> list[_Result]:
    return [_read(task, {task.doc_id: old} if old is not None else {}) for task, old in items]


def _key(root: str, doc_id: str) -> str:
    return hashlib.blake2b(f"{root}\0{doc_id}".encode(), digest_size=16).hexdigest()


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


def _corpus(folder: str | os.PathLike[str], index_path: Path) -> tuple[Path, Path | None]:
    """The folder to index, and the index folder if it lies inside it (to leave out).

    A corpus inside the index folder, or the index folder itself, is refused:
    the index folder is for the index.
    """
    corpus = Path(folder)
    if not corpus.is_dir():
        raise IndexStoreError(f"{corpus} is not a folder")
    real_corpus, real_index = corpus.resolve(), index_path.resolve()
    if real_corpus == real_index or real_corpus.is_relative_to(real_index):
        raise IndexStoreError(
            f"the folder to index, {corpus}, is inside the index folder {index_path}:"
            " keep the articles in a folder of their own (nothing was written)"
        )
    if real_index.is_relative_to(real_corpus):
        return corpus, index_path
    return corpus, None


def _stamp(path: Path) -> tuple[int, int] | None:
    """What changes when a file is replaced or rewritten: its inode and modification time."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_ino, info.st_mtime_ns


def _fields(article: Article) -> dict[str, object]:
    """What the engine stores and indexes of one article: text fields already analyzed.

    Computed where the file is read (a worker process); the parent adds where
    the document comes from (its id, folder, path and hash).
    """
    code = field_language(article.lang)
    analyzer = analyzer_for(code)
    fields: dict[str, object] = {
        "title": article.title,
        "text": article.text,
        "lang": article.lang,
        f"title_{code}": " ".join(analyzer.terms(article.title)),
        # The headline is part of the text too: its words count in the body statistics.
        f"body_{code}": " ".join(analyzer.terms(f"{article.title}\n\n{article.text}")),
    }
    if article.source:
        fields["source"] = article.source
        fields["source_terms"] = " ".join(analyze(article.source, NEUTRAL))
        fields["outlet"] = article.source
    if article.authors:
        fields["authors"] = "; ".join(article.authors)
        fields["authors_terms"] = " ".join(analyze(" ".join(article.authors), NEUTRAL))
    if article.published:
        fields["published"] = article.published
    if article.url:
        fields["url"] = article.url
    if article.notes:
        fields["notes"] = "\n".join(article.notes)
    return fields


def _document(fields: dict, duplicates: tuple[str, ...] = ()) -> Document:
    return Document(
        **stored_metadata(fields),
        text=fields.get("text", ""),
        duplicates=duplicates,
        notes=tuple(n for n in fields.get("notes", "").split("\n") if n),
    )
