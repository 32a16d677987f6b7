"""The errors presssearch raises.

Every error the library raises on purpose derives from :class:`PresssearchError`,
and its message names the file, folder or query at fault and what to do next.
The command line turns each of them into one line on stderr and a non-zero exit.

    PresssearchError
    ├── ExtractionError      a file could not be read or held no article
    ├── LanguageError        the language of a text could not be judged
    ├── QueryError           a query could not be parsed or run
    └── IndexStoreError      the index on disk is missing, busy or incompatible
        ├── IndexNotFound
        ├── IndexExists          create() on an index, without overwrite=True
        ├── FolderNotEmpty       the folder holds someone else's files
        ├── IndexLocked
        └── IndexVersionMismatch
"""

from __future__ import annotations

__all__ = [
    "ExtractionError",
    "FolderNotEmpty",
    "IndexExists",
    "IndexLocked",
    "IndexNotFound",
    "IndexStoreError",
    "IndexVersionMismatch",
    "LanguageError",
    "PresssearchError",
    "QueryError",
]


class PresssearchError(Exception):
    """Base class of every error presssearch raises on purpose."""


class ExtractionError(PresssearchError):
    """A file could not be turned into an article.

    ``reason`` is a short, stable label (``"empty"``, ``"binary"``, ...) that
    summaries count by; the message says the same in words.
    """

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class LanguageError(PresssearchError):
    """Language identification failed on a text (a fault of presssearch, not of the text)."""


class QueryError(PresssearchError):
    """A query string could not be understood."""


class IndexStoreError(PresssearchError):
    """The index on disk cannot be used as asked."""


class IndexNotFound(IndexStoreError):
    """No index exists at the given folder."""


class IndexExists(IndexStoreError):
    """The folder already holds an index, and replacing it was not asked for."""


class FolderNotEmpty(IndexStoreError):
    """The folder holds files that are not a presssearch index: no index is written there."""


class IndexLocked(IndexStoreError):
    """Another process is writing to the index."""


class IndexVersionMismatch(IndexStoreError):
    """The index was built by an incompatible version of presssearch."""
