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

import datetime as dt
import hashlib
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import DATETIME, ID, STORED, TEXT, Schema
from whoosh.writing import LockError

from presssearch.analyze import LANGUAGES, NEUTRAL, analyzer_for, field_language
from presssearch.errors import ExtractionError, IndexLocked, IndexNotFound, IndexStoreError
from presssearch.extract import SUFFIXES, Article, extract_article

__all__ = ["Document", "FileOutcome", "Index", "IndexReport"]

FIELD_LANGUAGES = (*LANGUAGES, NEUTRAL)
TITLE_FIELDS = tuple(f"title_{code}" for code in FIELD_LANGUAGES)
BODY_FIELDS = tuple(f"body_{code}" for code in FIELD_LANGUAGES)

#: Files larger than this are skipped: no news article is anywhere near it.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: Documents written between two commits.
DEFAULT_BATCH = 1000


def build_schema() -> Schema:
    fields: dict[str, object] = {
        "id": ID(stored=True, unique=True, sortable=True),
        "root": ID(stored=True, sortable=True),
        "path": STORED(),
        "hash": ID(stored=True, sortable=True),
        "title": STORED(),
        "text": STORED(),
        "lang": ID(stored=True),
        "source": TEXT(analyzer=analyzer_for(NEUTRAL), stored=True),
        "authors": TEXT(analyzer=analyzer_for(NEUTRAL), stored=True),
        "published": DATETIME(stored=True, sortable=True),
        "url": ID(stored=True),
    }
    for code in FIELD_LANGUAGES:
        fields[f"title_{code}"] = TEXT(analyzer=analyzer_for(code), phrase=True)
        fields[f"body_{code}"] = TEXT(analyzer=analyzer_for(code), phrase=True)
    return Schema(**fields)


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

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())


def _file_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def iter_files(folder: Path) -> Iterator[Path]:
    """The files presssearch reads under ``folder``, in a stable order.

    Hidden files and folders are left out; symbolic links to folders are not
    followed, so a link loop cannot trap the walk.
    """
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            if os.path.splitext(name)[1].lower() in SUFFIXES:
                yield Path(dirpath, name)


class Index:
    """A presssearch index in a folder on disk.

    Use :meth:`create` or :meth:`open`, then :meth:`add_path` and
    :meth:`search`. The object keeps a searcher open between queries and is
    a context manager that closes it.
    """

    def __init__(self, path: Path, ix: whoosh_index.Index) -> None:
        self.path = path
        self._ix = ix
        self._searcher = None

    def __repr__(self) -> str:
        return f"Index({str(self.path)!r})"

    # -- opening --------------------------------------------------------------

    @staticmethod
    def exists(path: str | os.PathLike[str]) -> bool:
        """True when ``path`` holds a presssearch index."""
        return Path(path).is_dir() and whoosh_index.exists_in(str(path))

    @classmethod
    def create(cls, path: str | os.PathLike[str]) -> Index:
        """Create an empty index at ``path``, replacing any index there."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            ix = whoosh_index.create_in(str(folder), build_schema())
        except OSError as exc:
            raise IndexStoreError(f"cannot create an index in {folder}: {exc.strerror}") from exc
        return cls(folder, ix)

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Index:
        """Open the index at ``path``; raises :class:`IndexNotFound` if there is none."""
        folder = Path(path)
        if not cls.exists(folder):
            raise IndexNotFound(f"no index in {folder}: build one with 'presssearch index FOLDER'")
        return cls(folder, whoosh_index.open_dir(str(folder)))

    @classmethod
    def open_or_create(cls, path: str | os.PathLike[str]) -> Index:
        return cls.open(path) if cls.exists(path) else cls.create(path)

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ----------------------------------------------------------------

    def searcher(self):  # type: ignore[no-untyped-def]
        """A Whoosh searcher on the latest committed state, reused while current."""
        if self._searcher is None:
            self._searcher = self._ix.searcher()
        elif not self._searcher.up_to_date():
            self._searcher = self._searcher.refresh()
        return self._searcher

    def __len__(self) -> int:
        return self.searcher().doc_count()

    def get(self, doc_id: str) -> Document | None:
        """The stored document with id ``doc_id``, or None."""
        fields = self.searcher().document(id=doc_id)
        return _document(fields) if fields else None

    def search(
        self,
        query: str,
        *,
        lang: str | None = None,
        source: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int = 10,
    ):  # type: ignore[no-untyped-def]
        """Search the index; see :func:`presssearch.search.search`."""
        from presssearch.search import search

        return search(self, query, lang=lang, source=source, since=since, until=until, limit=limit)

    # -- writing ----------------------------------------------------------------

    def _existing(self, root: str) -> dict[str, str]:
        """id → content hash of the documents indexed from ``root``."""
        found: dict[str, str] = {}
        with self._ix.searcher() as s:
            reader = s.reader()
            if reader.doc_count() == 0:
                return found
            ids = reader.column_reader("id")
            hashes = reader.column_reader("hash")
            roots = reader.column_reader("root")
            for docnum in reader.all_doc_ids():
                if roots[docnum] == root:
                    found[ids[docnum]] = hashes[docnum]
        return found

    def _writer(self, timeout: float):  # type: ignore[no-untyped-def]
        try:
            return self._ix.writer(timeout=timeout)
        except LockError as exc:
            raise IndexLocked(
                f"the index in {self.path} is locked by another indexing process"
            ) from exc

    def add_path(
        self,
        folder: str | os.PathLike[str],
        *,
        progress: Callable[[FileOutcome], None] | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        batch_size: int = DEFAULT_BATCH,
        lock_timeout: float = 0.0,
    ) -> IndexReport:
        """Bring the index up to date with the articles under ``folder``.

        Files are read recursively (``.html``, ``.htm``, ``.xhtml``,
        ``.shtml``, ``.txt``, ``.text``, ``.md``). ``progress`` is called
        once per file with its :class:`FileOutcome`. Work is committed every
        ``batch_size`` documents, so an interruption loses little.
        """
        started = time.perf_counter()
        root_path = Path(folder)
        if not root_path.is_dir():
            raise IndexStoreError(f"{root_path} is not a folder")
        root = str(root_path.resolve())
        report = IndexReport()
        existing = self._existing(root)
        seen: set[str] = set()

        writer = self._writer(lock_timeout)
        pending = 0
        try:
            for file_path in iter_files(root_path):
                doc_id = file_path.relative_to(root_path).as_posix()
                seen.add(doc_id)
                outcome = self._index_file(writer, file_path, doc_id, root, existing, max_bytes)
                if outcome.status == "skipped":
                    report.skipped[outcome.reason or "unreadable"] += 1
                elif outcome.status == "unchanged":
                    report.unchanged += 1
                else:
                    setattr(report, outcome.status, getattr(report, outcome.status) + 1)
                    report.languages[outcome.lang or "und"] += 1
                    pending += 1
                if progress is not None:
                    progress(outcome)
                if pending >= batch_size:
                    writer.commit()
                    writer = self._writer(lock_timeout)
                    pending = 0
            for doc_id in existing.keys() - seen:
                writer.delete_by_term("id", doc_id)
                report.removed += 1
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        self.close()
        report.total = len(self)
        report.seconds = time.perf_counter() - started
        return report

    def _index_file(
        self,
        writer,  # type: ignore[no-untyped-def]
        file_path: Path,
        doc_id: str,
        root: str,
        existing: dict[str, str],
        max_bytes: int,
    ) -> FileOutcome:
        shown = str(file_path)
        try:
            size = file_path.stat().st_size
            if size > max_bytes:
                return FileOutcome(
                    shown,
                    "skipped",
                    reason="too-large",
                    message=f"{size:,} bytes is over the {max_bytes:,}-byte limit",
                )
            data = file_path.read_bytes()
        except OSError as exc:
            return FileOutcome(
                shown, "skipped", reason="unreadable", message=exc.strerror or str(exc)
            )
        digest = _file_hash(data)
        old = existing.get(doc_id)
        if old == digest:
            return FileOutcome(shown, "unchanged")
        try:
            article = extract_article(data, path=file_path)
        except ExtractionError as exc:
            message = str(exc).removeprefix(f"{file_path}: ")
            return FileOutcome(shown, "skipped", reason=exc.reason, message=message)
        writer.update_document(
            **_fields(article, doc_id=doc_id, root=root, path=shown, digest=digest)
        )
        return FileOutcome(shown, "added" if old is None else "updated", lang=article.lang)


def _fields(article: Article, *, doc_id: str, root: str, path: str, digest: str) -> dict:
    code = field_language(article.lang)
    fields: dict[str, object] = {
        "id": doc_id,
        "root": root,
        "path": path,
        "hash": digest,
        "title": article.title,
        "text": article.text,
        "lang": article.lang,
        f"title_{code}": article.title,
        f"body_{code}": article.text,
    }
    if article.source:
        fields["source"] = article.source
    if article.authors:
        fields["authors"] = "; ".join(article.authors)
    if article.published:
        fields["published"] = dt.datetime.combine(article.published, dt.time())
    if article.url:
        fields["url"] = article.url
    return fields


def _document(fields: dict) -> Document:
    published = fields.get("published")
    authors = fields.get("authors")
    return Document(
        id=fields["id"],
        path=fields.get("path", fields["id"]),
        title=fields.get("title", ""),
        text=fields.get("text", ""),
        lang=fields.get("lang", "und"),
        source=fields.get("source"),
        authors=tuple(a for a in authors.split("; ") if a) if authors else (),
        published=published.date() if published else None,
        url=fields.get("url"),
    )
