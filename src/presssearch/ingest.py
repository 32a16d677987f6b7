"""Ingesting: the files of a folder read, extracted, analyzed and written to an engine.

The data's path at indexing time, in order:

1. **walk**: :func:`iter_files` lists the files presssearch reads under a
   folder (by suffix, gzipped or not), in a stable order;
2. **workers**: :class:`Workers`, processes that each read a file, hash it,
   and, when it is new or changed, extract its article
   (:mod:`presssearch.extract`), detect its language, analyze its text
   fields (:func:`article_fields`) and take its near-duplicate fingerprint; any
   failure there makes the file skipped, with its reason;
3. **groups**: :class:`Groups` puts each new document in a near-duplicate
   group, from the committed index and the batch being written;
4. **write**: :func:`update` adds, replaces and removes documents through
   the engine's writer, committing every ``batch_size`` documents.

The public face of all this is :meth:`presssearch.Index.add_path`.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import os
import signal
import stat
import sys
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from presssearch.analyze import NEUTRAL, analyze, analyzer_for, field_language
from presssearch.engine import Engine, EngineReader, Term, after_fork
from presssearch.errors import ExtractionError, IndexStoreError
from presssearch.records import FileOutcome, IndexReport

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult

    from presssearch.dedup import Fingerprint
    from presssearch.extract import Article

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Workers",
    "corpus_folder",
    "iter_files",
    "limit_malloc_arenas",
    "update",
]

#: Files larger than this are skipped: no news article is anywhere near it.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: Files a worker reads per message, and messages waiting per worker: while
#: the parent commits or merges segments, the workers stop there instead of
#: piling up extracted articles in its memory.
_CHUNK = 16
_CHUNKS_AHEAD = 4


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


def existing_documents(reader: EngineReader, root: str) -> Known:
    """The documents indexed from ``root``, and every id in use."""
    known = Known(root)
    if reader.doc_count() == 0:
        return known
    for doc_id, rel, digest, doc_root in reader.scan(("id", "rel", "hash", "root")):
        known.taken.add(doc_id)
        if doc_root == root:
            known.hashes[rel] = digest
            known.ids[rel] = doc_id
    return known


def update(
    engine: Engine,
    root_path: Path,
    *,
    excluded: Path | None,
    progress: Callable[[FileOutcome], None] | None,
    workers: Workers,
    max_bytes: int,
    batch_size: int,
) -> IndexReport:
    """Bring ``engine``'s index up to date with the files under ``root_path``.

    The caller holds the index folder's lock and passes an engine opened for
    writing; files are read by ``workers``, written in batches of
    ``batch_size``, and the documents whose file is gone are removed.
    """
    started = time.perf_counter()
    root = str(root_path.resolve())
    report = IndexReport(excluded=str(excluded) if excluded is not None else None)
    tasks = (
        _Task(str(path), _doc_id(path, root_path), max_bytes)
        for path in iter_files(root_path, exclude=excluded)
    )
    groups = Groups(engine)
    # What is left in it once every file has been read is gone from the folder.
    known = existing_documents(groups.reader, root)
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
    report.seconds = time.perf_counter() - started
    return report


class Groups:
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
class Known:
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
    #: What the engine stores and indexes of the article (see :func:`article_fields`).
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
        fields = article_fields(article)
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


class Workers:
    """The processes that read, hash and extract files, started before any lock is taken.

    Forked after the index's write lock, they would inherit it and, if the
    parent were killed, keep it until they finished; started first, and told
    by the kernel to exit with their parent (Linux), they hold nothing.
    """

    def __init__(self, jobs: int | None) -> None:
        self.jobs = jobs or os.cpu_count() or 1
        self._pool = None

    def __enter__(self) -> Workers:
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


def corpus_folder(folder: str | os.PathLike[str], index_path: Path) -> tuple[Path, Path | None]:
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


def article_fields(article: Article) -> dict[str, object]:
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
