"""Saved page or text file to an :class:`Article`: text and metadata.

The modules of this package follow the page's path: :mod:`.markup` (bytes to a
parsed page, within bounds), :mod:`.clean` (boilerplate), :mod:`.body` (the
main text), :mod:`.metadata` (title, outlet, authors, URL) and :mod:`.dates`;
:mod:`.phrases` holds what pages say in each language, as plain tables.

A text file's first non-empty line is its title and the rest its text.

Memory and time are bounded whatever a file's size or shape: the HTML parser
and the extractors see at most :data:`MAX_MARKUP_BYTES` of markup, a text file
is read up to :data:`MAX_TEXT_BYTES`, and the article's text is kept up to
:data:`MAX_TEXT_CHARS`. Where a page was cut, the article's ``notes`` say so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath

from presssearch.decode import decode_bytes, file_type, looks_binary
from presssearch.detect import detect_language
from presssearch.errors import ExtractionError, PresssearchError
from presssearch.extract.body import main_text
from presssearch.extract.dates import FIRST_NEWSPAPER, PLACEHOLDER_DATES, _htmldate, parse_date
from presssearch.extract.markup import (
    _CONTROL,
    MAX_MARKUP_BYTES,
    _decoded_markup,
    _megabytes,
    _parse_html,
    _sniff_html,
    _squash,
    _stream_text,
)
from presssearch.extract.metadata import _loose, _Metadata

__all__ = [
    "FIRST_NEWSPAPER",
    "HTML_SUFFIXES",
    "MAX_MARKUP_BYTES",
    "MAX_TEXT_BYTES",
    "MAX_TEXT_CHARS",
    "PLACEHOLDER_DATES",
    "SUFFIXES",
    "TEXT_SUFFIXES",
    "Article",
    "extract_article",
    "main_text",
    "parse_date",
]


HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})


TEXT_SUFFIXES = frozenset({".txt", ".text"})


SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES


#: The longest article text kept, in characters: some 65,000 words, more than
#: any news article. Longer text is cut at the end of a paragraph.
MAX_TEXT_CHARS = 400_000


#: The most bytes of a text file read: enough for MAX_TEXT_CHARS in any encoding.
MAX_TEXT_BYTES = 4 * MAX_TEXT_CHARS


@dataclass(frozen=True)
class Article:
    """One article: its clean text and what is known about it."""

    title: str
    text: str
    lang: str
    published: dt.date | None = None
    source: str | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None
    declared_lang: str | None = field(default=None, repr=False)
    encoding: str | None = field(default=None, repr=False)
    #: What a reader should know about how the article was read: a page read
    #: only in part, a date found but dropped. One human-readable line each.
    notes: tuple[str, ...] = ()


def extract_article(data: bytes, *, path: str | PurePath | None = None) -> Article:
    """Turn the bytes of a saved page or text file into an :class:`Article`.

    ``path`` is used only to choose between HTML and plain text (by its
    suffix) and to name the file in errors; without it the bytes are sniffed.

    Raises :class:`ExtractionError` when the bytes hold no readable article,
    and for any other failure in reading them (its reason is then ``"error"``):
    nothing else escapes, whatever the bytes.
    """
    name = str(path) if path is not None else "<bytes>"
    try:
        return _extract(data, path, name)
    except PresssearchError:
        raise
    except Exception as exc:  # a page that trips a bug: reported, never raised raw
        detail = " ".join(str(exc).split())[:200] or "no detail"
        raise ExtractionError(
            f"{name}: could not be read: {type(exc).__name__}: {detail}", reason="error"
        ) from exc


def _extract(data: bytes, path: str | PurePath | None, name: str) -> Article:
    if not data.strip():
        raise ExtractionError(f"{name}: the file is empty", reason="empty")
    if looks_binary(data):
        raise ExtractionError(f"{name}: binary data, not text or HTML", reason="binary")
    kind = file_type(data)
    if kind is not None:
        raise ExtractionError(f"{name}: not text or HTML but {kind}", reason="binary")

    suffix = PurePath(path).suffix.lower() if path is not None else ""
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _sniff_html(data)):
        article = _extract_html(data, name)
    else:
        article = _extract_text(data)

    if not article.text.strip() and not article.title.strip():
        raise ExtractionError(f"{name}: no article text found", reason="no-text")
    return article


def _extract_text(data: bytes) -> Article:
    size = len(data)
    if size > MAX_TEXT_BYTES:
        data = data[: MAX_TEXT_BYTES - MAX_TEXT_BYTES % 4]  # whole UTF-16 and UTF-32 units
    text, encoding = decode_bytes(data, is_html=False)
    text = _CONTROL.sub("", text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title = ""
    for i, line in enumerate(lines):
        if line.strip():
            title = _squash(line)
            lines = lines[i + 1 :]
            break
    body, notes = _bounded_text(_paragraphs_from_lines(lines))
    if size > MAX_TEXT_BYTES and not notes:
        notes = (f"read up to {_megabytes(MAX_TEXT_BYTES)} of its {_megabytes(size)}",)
    return Article(
        title=title,
        text=body,
        lang=detect_language(f"{title}\n{body}"),
        encoding=encoding,
        notes=notes,
    )


def _bounded_text(text: str, limit: int = MAX_TEXT_CHARS) -> tuple[str, tuple[str, ...]]:
    """``text`` cut at the last paragraph end before ``limit`` characters, and a note if cut.

    A paragraph longer than half the limit is cut at a space instead.
    """
    if len(text) <= limit:
        return text, ()
    cut = text.rfind("\n\n", 0, limit + 1)
    if cut < limit // 2:
        cut = text.rfind(" ", 0, limit + 1)
    if cut <= 0:
        cut = limit
    kept = text[:cut].rstrip()
    return kept, (f"text cut at {len(kept):,} characters, of {len(text):,}",)


def _paragraphs_from_lines(lines: Iterable[str]) -> str:
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(_squash(p) for p in paragraphs)


def _extract_html(data: bytes, name: str) -> Article:
    text, encoding, notes = _decoded_markup(data)
    del data
    tree = _parse_html(text)
    if tree is None:
        raise ExtractionError(f"{name}: the HTML could not be parsed", reason="no-text")

    meta = _Metadata.read(tree)
    meta.found_date = _htmldate(tree)
    body = main_text(tree, description=meta.description())
    del tree
    if not body:
        body = _stream_text(text)
    title = meta.headline
    head, _, rest = body.partition("\n\n")
    if title and _loose(head) == _loose(title):
        body = rest  # the headline repeated as the first paragraph
    if not body and not title:
        raise ExtractionError(f"{name}: no article text found", reason="no-text")
    body, cut = _bounded_text(body)
    published, date_notes = meta.published()
    return Article(
        title=title,
        text=body,
        lang=detect_language(f"{title}\n{body}"),
        published=published,
        source=meta.source(title),
        authors=meta.authors(),
        url=meta.url(),
        declared_lang=meta.declared_lang,
        encoding=encoding,
        notes=notes + cut + date_notes,
    )
