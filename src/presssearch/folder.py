"""The index folder: what in it belongs to presssearch, and nothing else touched.

An index folder holds three things of ours, and may hold anything else of the
user's, which presssearch never reads, changes or deletes:

- ``presssearch.json``, the marker: it says the folder is a presssearch index,
  of which format and engine, and which data folder is current;
- ``presssearch.lock``, held by the one process writing the index;
- one data folder per build, named after the engine (``whoosh-3fa9c2d1``),
  in which only the engine writes (its module in :mod:`presssearch.engine`
  declares the names of what it writes, and nothing else there is removed).

A new index, or a rebuild, is written into a new data folder while the old
one goes on answering queries; the marker is then replaced in one atomic
rename, and the old data folder removed. Whatever interrupts a build, the
marker still names a complete data folder. Removing a data folder deletes
only the files the engine writes (by their names); anything else found there
is left, with the folder.

A folder that is neither empty nor marked is someone else's: no index is
written into it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from presssearch.common import is_leftover, replacing
from presssearch.engine import engine_names, engine_spec
from presssearch.errors import FolderNotEmpty, IndexLocked, IndexStoreError

__all__ = ["FORMAT_VERSION", "MARKER", "IndexFolder", "Marker"]

#: The on-disk format this version writes and reads. Bump it whenever the
#: layout, the schema or an analyzer changes: an index of another format must
#: be rebuilt.
FORMAT_VERSION = 8
MARKER = "presssearch.json"
LOCK = "presssearch.lock"

#: Files a folder may hold and still count as empty: placeholders that
#: version control and file managers leave.
PLACEHOLDERS = frozenset({".gitkeep", ".keep", ".gitignore", ".DS_Store", "Thumbs.db"})

#: Index files that formats 1 to 3 wrote straight into the index folder: Whoosh's
#: (``_MAIN_1.toc``, ``MAIN_<segment>.seg``, ``MAIN_WRITELOCK``, ``MAIN.tmp``).
_LEGACY_FILES = re.compile(
    r"^(_MAIN_\d+\.toc|MAIN_[0-9a-z]+\.[A-Za-z0-9_.]+|MAIN_WRITELOCK|MAIN\.tmp)$"
)
_DATA_NAME = re.compile(r"^(?P<engine>[a-z]+)-[0-9a-f]{8}$")


@dataclass(frozen=True)
class Marker:
    """What ``presssearch.json`` says of the folder."""

    format: int | None
    engine: str | None = None
    data: str | None = None
    #: The analyzer of each text field, by name: bound to the code when the index opens.
    analyzers: dict[str, str] | None = None

    @property
    def current(self) -> bool:
        return self.format == FORMAT_VERSION and self.engine is not None and bool(self.data)


class IndexFolder:
    """One index folder on disk, and the rules for writing in it."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def __repr__(self) -> str:
        return f"IndexFolder({str(self.path)!r})"

    @property
    def marker_path(self) -> Path:
        return self.path / MARKER

    # -- what is there --------------------------------------------------------------------

    def marker(self) -> Marker | None:
        """The marker, or None when the folder has none (a garbled one has no format)."""
        try:
            raw = self.marker_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise IndexStoreError(f"cannot read {self.marker_path}: {exc.strerror}") from exc
        try:
            info = json.loads(raw)
            version = int(info["format"])
        except (ValueError, KeyError, TypeError):
            return Marker(format=None)
        engine, data, analyzers = info.get("engine"), info.get("data"), info.get("analyzers")
        valid = isinstance(data, str) and _DATA_NAME.match(data) is not None
        return Marker(
            format=version,
            engine=engine if isinstance(engine, str) else None,
            data=data if valid else None,
            analyzers=analyzers if isinstance(analyzers, dict) else None,
        )

    def is_index(self) -> bool:
        """True when the folder carries a presssearch marker (of any format)."""
        return self.path.is_dir() and self.marker_path.is_file()

    def is_empty(self) -> bool:
        """True when the folder is missing or holds nothing but placeholders."""
        try:
            return all(name in PLACEHOLDERS for name in os.listdir(self.path))
        except FileNotFoundError:
            return True
        except NotADirectoryError:
            return False

    def others(self) -> list[Path]:
        """What the folder holds that is not the index's: the user's files, left alone."""
        marker = self.marker()
        ours = {MARKER, LOCK}
        legacy = marker is not None and (marker.format is None or marker.format < 4)
        found = []
        with contextlib.suppress(FileNotFoundError):
            for name in sorted(os.listdir(self.path)):
                if name in ours or name in PLACEHOLDERS or (legacy and _LEGACY_FILES.match(name)):
                    continue
                if _is_data_name(name) or name.startswith(f".{MARKER}."):
                    continue
                found.append(self.path / name)
        return found

    def data_path(self, marker: Marker) -> Path:
        assert marker.data is not None
        return self.path / marker.data

    def check_writable(self) -> None:
        """Refuse a folder that holds other things and no marker: it is someone else's."""
        if self.path.exists() and not self.path.is_dir():
            raise IndexStoreError(f"{self.path} is a file, not a folder")
        if not self.is_index() and not self.is_empty():
            raise FolderNotEmpty(
                f"{self.path} holds files and is not a presssearch index:"
                " choose a new or empty folder for the index (nothing was written)"
            )

    # -- writing ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self, wait: float = 0.0, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
        """Hold the folder for one writing run; the system releases it however the run ends."""
        handle = _open_lock(self.path / LOCK)
        try:
            if not _try_lock(handle):
                if wait <= 0:
                    raise IndexLocked(
                        f"the index in {self.path} is being written by another process;"
                        " try again later or use --wait SECONDS"
                    )
                if on_wait is not None:
                    on_wait()
                deadline = time.monotonic() + wait
                while not _try_lock(handle):
                    if time.monotonic() >= deadline:
                        raise IndexLocked(
                            f"the index in {self.path} was still being written by another"
                            f" process after {wait:g} s"
                        )
                    time.sleep(0.2)
            yield
        finally:
            handle.close()

    def prepare(self) -> None:
        """Create the folder if needed, after :meth:`check_writable`."""
        self.check_writable()
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise IndexStoreError(f"cannot create {self.path}: {exc.strerror}") from exc

    def new_data(self, engine: str) -> Path:
        """A new, empty data folder for ``engine``; call with the lock held."""
        for _ in range(100):
            path = self.path / f"{engine}-{secrets.token_hex(4)}"
            try:
                path.mkdir()
            except FileExistsError:
                continue
            except OSError as exc:
                raise IndexStoreError(f"cannot create {path}: {exc.strerror}") from exc
            return path
        raise IndexStoreError(f"cannot create a data folder in {self.path}")

    def publish(self, data: Path, engine: str, **extra: Any) -> Marker | None:
        """Make ``data`` the current index in one atomic rename; the previous marker is returned."""
        previous = self.marker()
        info = {
            "format": FORMAT_VERSION,
            "engine": engine,
            "data": data.name,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            **extra,
        }
        with replacing(self.marker_path, durable=True) as tmp:
            tmp.write_text(json.dumps(info, indent=1), encoding="utf-8")
        return previous

    def retire(self, previous: Marker | None) -> list[Path]:
        """Remove what a replaced index wrote; returns what was left because it is not ours."""
        if previous is None:
            return []
        if previous.data is not None:
            return self.remove_data(self.path / previous.data)
        if previous.format is None or previous.format < 4:
            # Formats 1 to 3 kept Whoosh's files in the folder itself.
            for name in os.listdir(self.path):
                _remove_owned(self.path / name, _LEGACY_FILES)
        return []

    def remove_data(self, data: Path) -> list[Path]:
        """Delete the engine's files in ``data``, then the folder if nothing else is in it."""
        match = _DATA_NAME.match(data.name)
        if data.parent != self.path or match is None or not data.is_dir():
            return []
        if match["engine"] not in engine_names():
            return [data]
        owned = engine_spec(match["engine"]).files
        for name in os.listdir(data):
            _remove_owned(data / name, owned)
        try:
            data.rmdir()
        except OSError:
            return [data]
        return []

    def remove_stale(self) -> None:
        """Remove data folders of builds that never completed; call with the lock held."""
        marker = self.marker()
        current = marker.data if marker is not None else None
        with contextlib.suppress(FileNotFoundError):
            for name in os.listdir(self.path):
                if name != current and _is_data_name(name):
                    self.remove_data(self.path / name)
                elif is_leftover(name, MARKER):
                    with contextlib.suppress(OSError):
                        os.unlink(self.path / name)


def _is_data_name(name: str) -> bool:
    match = _DATA_NAME.match(name)
    return match is not None and match["engine"] in engine_names()


def _remove_owned(path: Path, owned: re.Pattern[str]) -> None:
    """Delete ``path`` if the engine wrote it (by its name): a file, or a folder of its own."""
    if not owned.match(path.name):
        return
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _open_lock(path: Path) -> IO[bytes]:
    try:
        return open(path, "a+b")
    except OSError as exc:
        raise IndexStoreError(f"cannot write in {path.parent}: {exc.strerror}") from exc


def _try_lock(handle: IO[bytes]) -> bool:
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
