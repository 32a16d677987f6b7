"""presssearch: search press coverage across English, Spanish and French.

The data's path: ``decode`` (bytes to text), ``extract`` (HTML to article
text and metadata), ``detect`` (language), ``analyze`` (per-language terms),
``index`` (the Whoosh index on disk), ``search`` (queries), ``present``
(terminal and JSON output), with ``cli`` on top.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("presssearch")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

from presssearch.detect import detect_language
from presssearch.errors import (
    ExtractionError,
    FolderNotEmpty,
    IndexExists,
    IndexLocked,
    IndexNotFound,
    IndexStoreError,
    IndexVersionMismatch,
    PresssearchError,
    QueryError,
)
from presssearch.extract import Article, extract_article
from presssearch.index import Document, FileOutcome, Index, IndexReport
from presssearch.search import SearchHit

__all__ = [
    "Article",
    "Document",
    "ExtractionError",
    "FileOutcome",
    "FolderNotEmpty",
    "Index",
    "IndexExists",
    "IndexLocked",
    "IndexNotFound",
    "IndexReport",
    "IndexStoreError",
    "IndexVersionMismatch",
    "PresssearchError",
    "QueryError",
    "SearchHit",
    "__version__",
    "detect_language",
    "extract_article",
]
