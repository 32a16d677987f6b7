"""Small helpers every stage shares: accent folding, the cache folder, replacing a file whole.

- :func:`fold` takes accents and ligatures off text, the one way presssearch
  compares words without them (index terms, dictionary headwords, month
  names, near-duplicate shingles);
- :func:`cache_dir` is where presssearch keeps what it can rebuild (the
  language model's tables, the bilingual lexicon's database);
- :func:`replacing` writes a file beside its final name and renames it into
  place when the writing succeeds, so a reader never sees half a file and an
  interrupted write leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

__all__ = ["cache_dir", "fold", "replacing"]

# Letters that Unicode decomposition leaves whole.
_LIGATURES = str.maketrans(
    {"ß": "ss", "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O",
     "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "þ": "th", "Þ": "Th"}
)  # fmt: skip


def fold(text: str) -> str:
    """``text`` without accents or ligatures, case kept: ``Gascón`` is ``Gascon``.

    Compatibility forms are decomposed too (``ﬁ`` is ``fi``, full-width
    letters are plain). The marks a text holds are removed kind by kind: a
    text has few kinds, however long it is.
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    if decomposed.isascii():
        return decomposed
    for mark in {c for c in set(decomposed) if unicodedata.combining(c)}:
        decomposed = decomposed.replace(mark, "")
    return decomposed


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/presssearch``, or ``~/.cache/presssearch``.

    Raises :class:`RuntimeError` or :class:`KeyError` where there is no home
    folder to put it in.
    """
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "presssearch"


@contextlib.contextmanager
def replacing(path: Path, *, durable: bool = False) -> Iterator[Path]:
    """A new file beside ``path`` (named ``.NAME.*.tmp``) that becomes ``path`` when
    the block succeeds; when it fails, the new file is removed and ``path`` is
    as it was.

    The file gets the permissions a file opened for writing would get. With
    ``durable``, its content is flushed to disk before the rename.
    """
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o666 & ~umask)
        yield tmp
        if durable:
            with open(tmp, "rb+") as written:
                os.fsync(written.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def is_leftover(name: str, of: str) -> bool:
    """Whether ``name`` is what :func:`replacing` leaves of a file ``of`` when killed."""
    return name.startswith(f".{of}.") and name.endswith(".tmp")
