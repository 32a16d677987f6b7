"""presssearch: search press coverage across English, Spanish and French.

The data's path: ``decode`` (bytes to text), ``extract`` (HTML to article
text and metadata), ``detect`` (language), ``analyze`` (per-language terms),
``index`` (the index folder and its documents) over an ``engine`` (Whoosh),
``plan`` (a query, parsed once), ``search``, ``snippets`` and ``coverage``
(results, highlights, facets), ``present`` (terminal and JSON output), with
``cli`` on top.

Names are imported when first used, so ``presssearch --version`` and a query
load only what they need.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

#: The one place the version is written (pyproject.toml reads it from here).
__version__ = "0.1.0"

if TYPE_CHECKING:
    from presssearch.detect import detect_language
    from presssearch.errors import (
        ExtractionError,
        FolderNotEmpty,
        IndexExists,
        IndexLocked,
        IndexNotFound,
        IndexStoreError,
        IndexVersionMismatch,
        LanguageError,
        PresssearchError,
        QueryError,
    )
    from presssearch.extract import Article, extract_article
    from presssearch.index import Index
    from presssearch.records import (
        Document,
        ExportRow,
        Facets,
        FileOutcome,
        IndexReport,
        IndexStats,
        SearchHit,
        SearchOptions,
        Timeline,
    )

_WHERE = {
    "Article": "extract",
    "Document": "records",
    "ExportRow": "records",
    "ExtractionError": "errors",
    "Facets": "records",
    "FileOutcome": "records",
    "FolderNotEmpty": "errors",
    "Index": "index",
    "IndexExists": "errors",
    "IndexLocked": "errors",
    "IndexNotFound": "errors",
    "IndexReport": "records",
    "IndexStats": "records",
    "IndexStoreError": "errors",
    "IndexVersionMismatch": "errors",
    "LanguageError": "errors",
    "PresssearchError": "errors",
    "QueryError": "errors",
    "SearchHit": "records",
    "SearchOptions": "records",
    "Timeline": "records",
    "detect_language": "detect",
    "extract_article": "extract",
}

__all__ = [
    "Article",
    "Document",
    "ExportRow",
    "ExtractionError",
    "Facets",
    "FileOutcome",
    "FolderNotEmpty",
    "Index",
    "IndexExists",
    "IndexLocked",
    "IndexNotFound",
    "IndexReport",
    "IndexStats",
    "IndexStoreError",
    "IndexVersionMismatch",
    "LanguageError",
    "PresssearchError",
    "QueryError",
    "SearchHit",
    "SearchOptions",
    "Timeline",
    "__version__",
    "detect_language",
    "extract_article",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'presssearch' has no attribute {name!r}")
    value = getattr(import_module(f"presssearch.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
