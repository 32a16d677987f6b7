"""The tantivy engine's folder and its writer."""

from __future__ import annotations

import contextlib
import datetime as dt
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import tantivy

from presssearch.engine import (
    FIELD_LANGUAGES,
)
from presssearch.engine.tantivy import ENGINE
from presssearch.engine.tantivy.reader import TantivyReader
from presssearch.engine.tantivy.schema import (
    PART,
    WRITTEN,
    build_schema,
    folder_stamp,
    part_of,
    to_document,
)
from presssearch.errors import IndexLocked, IndexStoreError

#: Memory of each language's writer while it collects documents: a batch between two
#: commits fits (tantivy's minimum is 15 MB; four languages write at once).
WRITER_HEAP_BYTES = 20_000_000


class TantivyEngine:
    """One tantivy index per language in one data folder."""

    name = ENGINE.name

    def __init__(self, parts: list[tantivy.Index], data: Path) -> None:
        self._parts = parts
        self.data = data

    @classmethod
    def create(cls, data: Path) -> TantivyEngine:
        schema = build_schema()
        parts = []
        for code in FIELD_LANGUAGES:
            folder = data / PART.format(code)
            folder.mkdir()
            parts.append(tantivy.Index(schema, path=str(folder), reuse=False))
        return cls(parts, data)

    @classmethod
    def open(cls, data: Path) -> TantivyEngine:
        try:
            parts = [tantivy.Index.open(str(data / PART.format(c))) for c in FIELD_LANGUAGES]
        except (OSError, ValueError) as exc:
            raise IndexStoreError(f"{data} cannot be read: {exc}") from exc
        return cls(parts, data)

    def reader(self) -> TantivyReader:
        stamp = folder_stamp(self.data)
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

    def _files(self) -> list[Path]:
        return [p for p in self.data.rglob("*") if p.is_file()]

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self._files())

    def last_update(self) -> dt.datetime | None:
        """When a language's index last committed: its ``meta.json``'s time."""
        metas = [p for p in self._files() if p.name == "meta.json"]
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
        self._clock = 0

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
        self._clock = max(time.time_ns(), self._clock + 1)
        doc = to_document(fields)
        doc.add_unsigned(WRITTEN, self._clock)
        self._writer(part_of(fields)).add_document(doc)

    def replace(self, fields: dict[str, Any]) -> None:
        self.delete(fields["key"])
        self.add(fields)

    def delete(self, key: str) -> None:
        for part in range(len(self._parts)):
            self._writer(part).delete_documents_by_term("key", key)

    def commit(self) -> None:
        """Commit every language's changes; Ctrl-C waits until all are committed.

        Each language's index commits on its own: a process killed in the
        instant between two of them keeps part of the batch, which the next
        run completes.
        """
        with _signals_held():
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


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Delay Ctrl-C and termination (in the main thread) until the block is done."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
