"""Saved page or text file to an :class:`Article`: text and metadata.

HTML is parsed once, with lxml. Metadata is read from every signal the page
carries (Open Graph and ``article:`` meta tags, JSON-LD, ``<h1>``,
``<title>``, ``<time>``, the canonical link) and the signals are weighed
against each other rather than trusting one. The main text is what remains
of the article container once scripts, navigation, cookie banners,
related-link boxes, forms, headers and footers are gone, one paragraph per
block.

A text file's first non-empty line is its title and the rest its text.

Memory and time are bounded whatever a file's size or shape: the HTML parser
and the extractors see at most :data:`MAX_MARKUP_BYTES` of markup (scripts,
styles, inline SVG and comments are left out first, in one pass over the
bytes), a text file is read up to :data:`MAX_TEXT_BYTES`, and the article's
text is kept up to :data:`MAX_TEXT_CHARS`. Where a page was cut, the
article's ``notes`` say so.
"""

from __future__ import annotations

import codecs
import collections
import copy
import datetime as dt
import functools
import itertools
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import PurePath
from urllib.parse import urlsplit

import lxml.etree
import lxml.html

from presssearch.decode import decode_bytes, file_type, looks_binary
from presssearch.detect import detect_language
from presssearch.errors import ExtractionError, PresssearchError

__all__ = [
    "HTML_SUFFIXES",
    "MAX_MARKUP_BYTES",
    "MAX_TEXT_BYTES",
    "MAX_TEXT_CHARS",
    "SUFFIXES",
    "TEXT_SUFFIXES",
    "Article",
    "extract_article",
]

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})
SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES

#: The most markup, in bytes, that the HTML parser and the extractors receive,
#: once scripts, styles, inline SVG and comments are left out; the rest of a
#: page is not read. Article pages hold far less (the largest real pages we
#: evaluate on are 1.3 MB with their scripts), and parsing and extracting cost
#: memory in proportion to it: about a hundred times its size at most.
MAX_MARKUP_BYTES = 2 * 1024 * 1024
#: The longest article text kept, in characters: some 65,000 words, more than
#: any news article. Longer text is cut at the end of a paragraph.
MAX_TEXT_CHARS = 400_000
#: The most bytes of a text file read: enough for MAX_TEXT_CHARS in any encoding.
MAX_TEXT_BYTES = 4 * MAX_TEXT_CHARS
#: A JSON-LD block longer than this is left out with the other scripts.
MAX_JSON_LD_BYTES = 256 * 1024


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


# ---------------------------------------------------------------------------
# Plain text


# C0 controls other than tab and newlines: not text, and not allowed in XML trees.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


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


# ---------------------------------------------------------------------------
# HTML

_HTML_SNIFF = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title)[\s>/]", re.IGNORECASE)


def _sniff_html(data: bytes) -> bool:
    return bool(_HTML_SNIFF.search(data[:4096]))


def _parse_html(text: str) -> lxml.html.HtmlElement | None:
    # lxml refuses str input that carries an XML encoding declaration.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text, parser=_PARSER)
    except (lxml.etree.ParserError, ValueError):
        return None


def _html_parser() -> lxml.html.HTMLParser:
    """lxml's HTML parser, the class of each element looked up by lxml itself.

    ``lxml.html`` asks a Python method for the class of every element that
    Python code reaches: some three million calls for 2,000 pages. The same
    classes (``HtmlElement``, and the form elements' own) come here from
    lxml's tables. huge_tree lifts libxml2's limit of 256 nested elements
    (to a few thousand).
    """
    parser = lxml.html.HTMLParser(huge_tree=True)
    lookup = lxml.etree.ElementNamespaceClassLookup(
        lxml.etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement,
            comment=lxml.html.HtmlComment,
            pi=lxml.html.HtmlProcessingInstruction,
            entity=lxml.html.HtmlEntity,
        )
    )
    lookup.get_namespace(None).update(lxml.html.HtmlElementClassLookup._default_element_classes)
    parser.set_element_class_lookup(lookup)
    return parser


_PARSER = _html_parser()


# Blocks left out of the markup before parsing: never article text, often most of a page.
_SKIPPED = re.compile(
    rb"<(script|style|svg|template)\b([^>]*)>|<!--"
    # An image or font inlined as a data: URI of a kilobyte or more.
    rb"|(\s[\w-]+\s*=\s*[\"']?data:[^\"'\s>]{1024,}[\"']?)",
    re.IGNORECASE,
)
_SKIPPED_END = {
    name: re.compile(rb"</" + name + rb"\s*>", re.IGNORECASE)
    for name in (b"script", b"style", b"svg", b"template")
}
_COMMENT_END = re.compile(rb"-->")
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _bounded_markup(data: bytes, limit: int = MAX_MARKUP_BYTES) -> tuple[bytes, bool]:
    """The page's markup, up to ``limit`` bytes, without scripts, styles, SVG, comments, data URIs.

    One pass over ``data`` that copies nothing past the limit; JSON-LD
    blocks, which carry metadata, are kept (up to :data:`MAX_JSON_LD_BYTES`
    each). The markup ends before a tag, never inside one. Returns the
    markup and whether the page went on past it. ``data`` is in an encoding
    where ``<`` is its ASCII byte (UTF-8 and single-byte encodings). A page
    within the limit is read whole, as it is: the extractors weigh scripts
    and comments too.
    """
    if len(data) <= limit:
        return data, False
    kept: list[bytes] = []
    size = pos = 0
    end = len(data)
    while pos < end and size < limit:
        # A block to leave out starts before the limit, or is not reached.
        match = _SKIPPED.search(data, pos, min(end, pos + limit - size + 1024))
        stop = min(match.start() if match else end, pos + limit - size)
        kept.append(data[pos:stop])
        size += stop - pos
        pos = stop
        if match is None or pos < match.start():
            continue
        if match.group(3):  # an inlined data: URI, left out of its tag
            pos = match.end()
            continue
        name = (match.group(1) or b"").lower()
        closer = (_SKIPPED_END[name] if name else _COMMENT_END).search(data, match.end())
        after = closer.end() if closer else end  # an unclosed script hides the rest
        if (
            name == b"script"
            and b"ld+json" in match.group(2).lower()
            and after - match.start() <= MAX_JSON_LD_BYTES
        ):
            kept.append(data[match.start() : after])
            size += after - match.start()
        pos = after
    cut = pos < end
    if cut and kept and (lt := kept[-1].rfind(b"<")) > 0:
        kept[-1] = kept[-1][:lt]
    return b"".join(kept), cut


def _decoded_markup(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """The page's bounded markup (:func:`_bounded_markup`) as text, its encoding, and notes."""
    wide = data.startswith(_WIDE_BOMS)
    if wide:  # UTF-16 or UTF-32: decoded first, as "<" is not one byte there
        text, encoding = decode_bytes(data, is_html=True)
        data = text.encode("utf-8", errors="replace")
        del text
    markup, cut = _bounded_markup(data)
    if wide:
        text = markup.decode("utf-8", errors="replace")
    else:
        text, encoding = decode_bytes(markup, is_html=True)
    notes = ()
    if cut:
        notes = (
            f"page read up to {_megabytes(MAX_MARKUP_BYTES)} of markup,"
            f" of its {_megabytes(len(data))}",
        )
    return _CONTROL.sub("", text), encoding, notes


def _extract_html(data: bytes, name: str) -> Article:
    text, encoding, notes = _decoded_markup(data)
    del data
    tree = _parse_html(text)
    if tree is None:
        raise ExtractionError(f"{name}: the HTML could not be parsed", reason="no-text")

    meta = _Metadata.read(tree)
    meta.found_date = _htmldate(tree)
    body = main_text(tree)
    del tree
    if not body:
        body = _stream_text(text)
    title = meta.title()
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


class _TextStream(HTMLParser):
    """Paragraphs of a page as Python's HTML tokenizer reads it, with no tree.

    For pages libxml2 cannot build: it gives up past a few thousand nested
    elements and drops what is deeper. Text is split at block tags and left
    out inside the tags that never hold article text; memory is the text
    and the open tags' names, whatever the nesting.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        # Void elements (<input>, <embed>) have no end tag to wait for.
        self._skip = {*_DROP_TAGS, *_WRAPPING_TAGS, "title"} - {"input", "embed"}
        self.paragraphs: list[str] = []
        self._buffer: list[str] = []
        self._open: dict[str, int] = {}  # left-out tags open now

    def _flush(self) -> None:
        if self._buffer:
            paragraph = _squash("".join(self._buffer))
            if paragraph:
                self.paragraphs.append(paragraph)
            self._buffer.clear()

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in self._skip:
            self._open[tag] = self._open.get(tag, 0) + 1
        if tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if self._open.get(tag):
            self._open[tag] -= 1
            if not self._open[tag]:
                del self._open[tag]
        if tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._open:
            self._buffer.append(data)


def _stream_text(text: str) -> str:
    stream = _TextStream()
    stream.feed(text)
    stream.close()
    stream._flush()
    return "\n\n".join(stream.paragraphs)


_WS = re.compile(r"\s+")
#: The most words a site name in a ``<title>`` suffix has.
SITE_NAME_WORDS = 5


def _squash(text: str) -> str:
    """``text`` with each run of spaces made one space, and none at either end."""
    return " ".join(text.split()) if text else ""


# ---------------------------------------------------------------------------
# Metadata


def _json_ld_objects(tree: lxml.html.HtmlElement) -> Iterator[dict]:
    for script in tree.iterfind(".//script[@type]"):
        if script.get("type", "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        yield from _walk_json_ld(data)


def _walk_json_ld(data: object) -> Iterator[dict]:
    if isinstance(data, list):
        for item in data:
            yield from _walk_json_ld(item)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _walk_json_ld(graph)


_ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "blogposting",
    "liveblogposting",
    "scholarlyarticle",
    "report",
}


def _types(obj: dict) -> set[str]:
    kind = obj.get("@type", ())
    kinds = [kind] if isinstance(kind, str) else kind if isinstance(kind, list) else []
    return {str(k).lower() for k in kinds}


def _names(value: object) -> list[str]:
    """Names from a JSON-LD person/organization value: str, dict or list."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    return []


_AUTHOR_ELEMENTS = lxml.etree.XPath(
    ".//*[@rel='author' or @itemprop='author' or contains(@class, 'byline__name')"
    " or contains(@class, 'author-name')]"
)


class _Metadata:
    """Every metadata signal of one page, and the choice among them."""

    def __init__(self) -> None:
        self.meta: dict[str, str] = {}
        self.ld_article: dict = {}
        self.ld_publisher: str | None = None
        self.h1: list[str] = []
        self.title_tag = ""
        self.times: list[str] = []
        self.canonical: str | None = None
        self.declared_lang: str | None = None
        self.byline_names: list[str] = []
        self.byline_dates: list[str] = []
        #: The date htmldate found for the page (see :func:`_htmldate`).
        self.found_date: dt.date | None = None
        #: Numeric dates written with slashes in the page's ``<time>`` elements and bylines.
        self.date_texts: set[str] = set()

    @classmethod
    def read(cls, tree: lxml.html.HtmlElement) -> _Metadata:
        m = cls()
        m.declared_lang = (tree.get("lang") or tree.get("xml:lang") or "").strip() or None
        for el in tree.iterfind(".//meta"):
            key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip()
            content = el.get("content")
            if key and content and content.strip():
                m.meta.setdefault(key.lower(), _squash(content))
        for obj in _json_ld_objects(tree):
            kinds = _types(obj)
            if kinds & _ARTICLE_TYPES and not m.ld_article:
                m.ld_article = obj
            if kinds & {"newsmediaorganization", "organization"} and not m.ld_publisher:
                names = _names(obj)
                m.ld_publisher = names[0] if names else None
        title = tree.find(".//title")
        if title is not None:
            m.title_tag = _squash(title.text_content())
        m.h1 = [t for t in (_squash(h.text_content()) for h in tree.iterfind(".//h1")) if t]
        for el in tree.iterfind(".//time"):
            value = el.get("datetime") or el.text_content()
            if value and value.strip():
                m.times.append(value.strip())
        for el in tree.iterfind(".//link[@rel]"):
            if el.get("rel", "").lower() == "canonical" and el.get("href"):
                m.canonical = el.get("href", "").strip()
                break
        for el in _AUTHOR_ELEMENTS(tree):
            name = _squash(el.text_content())
            if 2 < len(name) < 80:
                m.byline_names.append(name)
        m.date_texts = {d for t in m.times for d in _SLASHED_DATE.findall(t)}
        # Bylines and "published on" lines printed on the page: their dates in words.
        body = tree.find("body")
        for el in (body if body is not None else tree).iter(lxml.etree.Element):
            lead = el.text
            if lead and _BYLINE_LEAD.match(lead.lstrip()):
                text = _short_text(_block_of(el), BYLINE_CHARS)
                if _is_byline(text):
                    m.byline_dates.append(text)
        return m

    # -- choices ----------------------------------------------------------

    def source(self, headline: str = "") -> str | None:
        """The outlet's name, as the outlet writes it.

        The page's own statements (og:site_name, the JSON-LD publisher,
        application-name, the ``<title>``'s suffix) are weighed against each
        other and the host name: the name most of them agree on wins, the
        earlier statement on a tie. A statement that is a slogan around the
        name ("Noticias de El Salvador - La Prensa Gráfica | Informate con la
        verdad") offers each of its parts; one that is a host name ("tdg.ch/")
        counts only when nothing else is said, without its scheme, "www." or
        slash; a section named where the site should be ("U.S.") loses to the
        name the others agree on. A part that cannot be a name (a date, a
        template's placeholder, a sentence, the ``headline``) is not offered;
        when no statement offers a name, the host name is the outlet.
        """
        statements = [
            _squash(c)
            for c in (
                self.meta.get("og:site_name"),
                self.ld_publisher_name(),
                self.meta.get("application-name"),
                self._title_suffix(),
            )
            if c and _squash(c)
        ]
        host = urlsplit(self.url() or "").hostname
        host = host.removeprefix("www.") if host else None
        names = [s for s in statements if not _is_host(s)]
        if not names:
            return _bare_host(statements[0]) if statements else host
        # (statement, part) candidates; a statement's slugs, its parts' included.
        candidates = [
            (n, part)
            for n, name in enumerate(names)
            for part in self._SEPARATORS.split(name)
            if _could_be_outlet(part, headline)
        ]
        if not candidates:
            return host
        slugs = [{_slug(name), *(_slug(p) for p in self._SEPARATORS.split(name))} for name in names]
        host_slug = _slug(host) if host else ""

        def support(candidate: tuple[int, str]) -> int:
            n, part = candidate
            slug = _slug(part)
            if len(slug) < 3:
                return 0
            agree = sum(1 for m, other in enumerate(slugs) if m != n and slug in other)
            return agree + (slug in host_slug)

        best = max(candidates, key=support)  # the first of the best, so the earliest statement
        if not support(best):
            first, part = candidates[0]
            whole = names[first]
            return (
                whole
                if part == whole
                else next(
                    (p for n, p in candidates if n == first and len(p.split()) <= SITE_NAME_WORDS),
                    part,
                )
            )
        # The name written several ways ("usatoday", "USA TODAY"; "Folha", "Folha de
        # S.Paulo"): the fullest, spelled with words.
        key = _slug(best[1])
        same = [
            part
            for _, part in candidates
            if _slug(part).startswith(key) and len(part.split()) <= SITE_NAME_WORDS
        ]
        return max(same or [best[1]], key=lambda p: (len(_slug(p)), p.count(" "), not p.islower()))

    def ld_publisher_name(self) -> str | None:
        names = _names(self.ld_article.get("publisher"))
        return names[0] if names else self.ld_publisher

    _SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|»|/)\s+")

    def _title_parts(self) -> list[str]:
        return [p for p in self._SEPARATORS.split(self.title_tag) if p]

    def _title_suffix(self) -> str | None:
        parts = self._title_parts()
        return parts[-1] if len(parts) > 1 else None

    def _strip_site(self, title: str) -> str:
        """``title`` without trailing (or a leading) site name, section or date."""
        sites = {
            s.casefold() for s in (self.meta.get("og:site_name"), self.ld_publisher_name()) if s
        }
        parts = [p for p in self._SEPARATORS.split(title) if p]
        if len(parts) > 1 and parts[0].casefold() in sites:
            parts = parts[1:]
        # A short trailing part is the site's name, a section or a date, known or not.
        while len(parts) > 1 and (
            parts[-1].casefold() in sites or len(parts[-1].split()) <= SITE_NAME_WORDS
        ):
            parts = parts[:-1]
        if len(parts) == len(self._SEPARATORS.split(title)):
            return title
        # Cut the original at the end of the last kept part, keeping its separators.
        kept = parts[-1]
        return _squash(title[: title.find(kept) + len(kept)]) if kept in title else parts[0]

    def title(self) -> str:
        """The headline: the page's declared title, checked against its other signals.

        og:title (or the JSON-LD headline) is the publisher's own statement of
        the headline. It is taken whole when the ``<title>`` starts with it and
        adds more (the site's name was already left out), and otherwise
        without the site name, section or date appended to it; when it goes
        on past the ``<h1>`` into a standfirst, it ends where the ``<h1>``
        does. Without structured data, an ``<h1>`` that the ``<title>``
        contains wins, then the ``<title>`` without its site suffix.
        """
        chosen = self._declared_title()
        # The <h1> the reader sees, where the title chosen from the declared ones is
        # not og:title whole and does not hold it.
        shown = self._shown_headline()
        if (
            shown
            and _loose(shown) not in _loose(chosen)
            and self._title_is_not_the_publishers(chosen)
        ):
            return shown
        return chosen

    def _title_is_not_the_publishers(self, chosen: str) -> bool:
        """Whether ``chosen`` is not og:title as the publisher wrote it (a title cut or guessed)."""
        og = self.meta.get("og:title")
        return not og or _loose(og) != _loose(chosen)

    def _declared_title(self) -> str:
        declared = next(
            (
                t
                for t in (
                    self.meta.get("og:title"),
                    _first_str(self.ld_article.get("headline")),
                    self.meta.get("twitter:title"),
                )
                if t and not t.endswith(("...", "…"))
            ),
            None,
        )
        if declared:
            tag = self.title_tag.casefold()
            parts = self._SEPARATORS.split(declared)
            if (
                tag.startswith(declared.casefold())
                and len(tag) > len(declared)
                and all(len(p.split()) <= SITE_NAME_WORDS for p in parts[1:])
            ):
                return declared  # "headline | byline", the site's name already left out
            title = self._strip_site(declared)
            # A headline followed by a standfirst: the <h1> says where the headline ends.
            for h1 in self.h1:
                head = self._SEPARATORS.split(title)[0]
                if _loose(h1) == _loose(head) and head != title:
                    return head
            sites = {s.casefold() for s in (self.meta.get("og:site_name"),) if s}
            if title.casefold() not in sites:
                return title
        for h1 in self.h1:
            if h1.casefold() in self.title_tag.casefold():
                return h1
        if self.title_tag:
            return self._strip_site(self.title_tag)
        return self.h1[0] if self.h1 else ""

    def _shown_headline(self) -> str | None:
        """The ``<h1>`` the declared titles speak of: the headline as the reader sees it.

        Of the ``<h1>`` elements that are not the site's name (a logo) nor
        too long to be a headline, the one with the largest share of its
        words in the declared titles (og:title, ``<title>``, twitter:title,
        the JSON-LD headline), then covering the most of one of them, wins
        if at least :data:`SHOWN_HEADLINE_SHARE` of its words are there. The
        declared titles often add a site name, a section or a search-engine
        wording that the page itself does not show.
        """
        declared = [
            t
            for t in (
                self.meta.get("og:title"),
                self.title_tag,
                self.meta.get("twitter:title"),
                _first_str(self.ld_article.get("headline")),
            )
            if t
        ]
        if not declared or not self.h1:
            return None
        sites = {
            _slug(s)
            for s in (self.meta.get("og:site_name"), self.ld_publisher_name(), self._title_suffix())
            if s
        }
        declared_words = [_word_set(t) for t in declared]
        everything = set().union(*declared_words)

        def fit(h1: str) -> tuple[float, float]:
            own = _word_set(h1)
            share = len(own & everything) / len(own)
            cover = max(len(own & d) / len(d) for d in declared_words if d) if everything else 0
            return share, cover

        h1s = [
            h
            for h in self.h1
            if len(h.split()) <= HEADLINE_WORDS and _word_set(h) and _slug(h) not in sites
        ]
        if not h1s:
            return None
        best = max(h1s, key=fit)
        return best if fit(best)[0] >= SHOWN_HEADLINE_SHARE else None

    def authors(self) -> tuple[str, ...]:
        names = _names(self.ld_article.get("author"))
        if not names:
            for key in ("author", "article:author", "byl", "dc.creator", "sailthru.author"):
                value = self.meta.get(key)
                if value and not value.startswith("http"):
                    names = re.split(r"\s*(?:,|;|\band\b|\by\b|\bet\b)\s*", value)
                    break
        if not names:
            names = self.byline_names
        seen: dict[str, None] = {}
        for n in names:
            n = re.sub(r"^(?:by|por|par)\s+", "", _squash(n), flags=re.IGNORECASE)
            if n and n.lower() not in (s.lower() for s in seen):
                seen[n] = None
        return tuple(seen)

    def published(self, *, today: dt.date | None = None) -> tuple[dt.date | None, tuple[str, ...]]:
        """The publication date, and a note for each date found but dropped.

        htmldate's date (:func:`_htmldate`) wins, unless it is the first of
        January (a year without a day: a copyright line) and the page states
        another date. Otherwise, or when it found none or an implausible one,
        the first of the page's own statements that reads as a date between
        :data:`FIRST_NEWSPAPER` and tomorrow wins; an implausible one
        (0001-01-01, a typo like 2221, a placeholder such as the Unix epoch)
        is dropped with a note and the next one tried.
        """
        tomorrow = (today or dt.date.today()) + dt.timedelta(days=1)
        notes: list[str] = []
        stated = self._stated_date(tomorrow, notes)
        found = self.found_date
        if found is not None and (why := _implausible(found, tomorrow)):
            notes.append(why)
        elif found is not None and (found == stated or not self._guessed(found)):
            return found, tuple(dict.fromkeys(notes))
        return stated, tuple(dict.fromkeys(notes))

    def _guessed(self, found: dt.date) -> bool:
        """Whether htmldate's ``found`` may be a guess the page does not state.

        htmldate completes a year alone ("the 2025 season", a copyright line)
        as its first of January, and reads 04/05/2022 day first: such a date
        counts only when the page's own statements say the same.
        """
        if (found.month, found.day) == (1, 1):
            return True
        if found.day > 12 or found.day == found.month:
            return False
        slashed = {
            f"{a:02d}/{b:02d}/{found.year}"
            for a, b in ((found.day, found.month), (found.month, found.day))
        } | {
            f"{a}/{b}/{found.year}" for a, b in ((found.day, found.month), (found.month, found.day))
        }
        return any(form in self.date_texts for form in slashed)

    def _stated_date(self, tomorrow: dt.date, notes: list[str]) -> dt.date | None:
        """The first of the page's own date statements that is plausible; ``notes`` get the rest."""
        candidates = [
            self.meta.get("article:published_time"),
            _first_str(self.ld_article.get("datePublished")),
            *self.times,
            *self.byline_dates,
            self.meta.get("og:published_time"),
            self.meta.get("date"),
            self.meta.get("pubdate"),
            self.meta.get("publish-date"),
            self.meta.get("dc.date.issued"),
            self.meta.get("dc.date"),
            self.meta.get("sailthru.date"),
            self.meta.get("parsely-pub-date"),
            self.meta.get("datepublished"),
            _first_str(self.ld_article.get("dateCreated")),
            _first_str(self.ld_article.get("dateModified")),
            self.meta.get("article:modified_time"),
        ]
        for value in candidates:
            parsed = parse_date(value) if value else None
            if parsed is None:
                continue
            why = _implausible(parsed, tomorrow)
            if why is None:
                return parsed
            notes.append(why)
        return None

    def url(self) -> str | None:
        for candidate in (
            self.canonical,
            self.meta.get("og:url"),
            _first_str(self.ld_article.get("url")),
        ):
            if candidate and candidate.startswith(("http://", "https://")):
                return candidate
        return None


def _implausible(date: dt.date, tomorrow: dt.date) -> str | None:
    """Why ``date`` cannot be a publication date (a note), or None when it can."""
    if date in PLACEHOLDER_DATES:
        return f"date dropped: {date.isoformat()} is a placeholder, not a date"
    if date < FIRST_NEWSPAPER:
        return f"date dropped: {date.isoformat()} is before the first newspapers"
    if date > tomorrow:
        return f"date dropped: {date.isoformat()} is after tomorrow"
    return None


#: The earliest date htmldate is asked for (its own default is 1995): the
#: collections people search hold older articles.
HTMLDATE_MIN = dt.datetime(1900, 1, 1)


def _htmldate(tree: lxml.html.HtmlElement) -> dt.date | None:
    """The publication date htmldate finds in ``tree`` (it reads a copy), or None.

    htmldate is a well-kept library that weighs a page's date signals (meta
    tags, JSON-LD, the URL, ``<time>``, date patterns in the markup and the
    text); asked for the original date with its extensive search, as
    trafilatura asks it. On the tuning part of 437 real pages it gets .886
    of the dates right where our own statements alone got .635.
    """
    from htmldate import find_date

    log = logging.getLogger("htmldate")
    if not log.handlers:
        _quiet("htmldate")
    try:
        found = find_date(
            tree,
            extensive_search=True,
            original_date=True,
            outputformat="%Y-%m-%d",
            min_date=HTMLDATE_MIN,
            # A page saved just before midnight in a time zone ahead of ours.
            max_date=dt.datetime.combine(dt.date.today() + dt.timedelta(days=1), dt.time()),
        )
    except Exception:  # a page that trips it: our own statements decide
        return None
    try:
        return dt.date.fromisoformat(found) if found else None
    except ValueError:
        return None


#: The most words of a headline; a longer ``<h1>`` is a standfirst or a page's text.
HEADLINE_WORDS = 30
#: The least share of an ``<h1>``'s words found in the declared titles for it to be the headline.
SHOWN_HEADLINE_SHARE = 0.6
_WORD = re.compile(r"\w+")


def _word_set(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


_HOST = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+/?$", re.IGNORECASE)


def _is_host(text: str) -> bool:
    """Whether ``text`` is a host name ("tdg.ch/", "EL.COM"), not a brand ("Sports.fr")."""
    if not _HOST.match(text):
        return False
    return text.islower() or text.isupper() or text.endswith("/") or "://" in text


#: The most words an outlet's name has ("The Times of India", "Noticias de El Salvador").
OUTLET_WORDS = 6
# A template's placeholder left in the page: {$plugin.site_name}, {{ site }}, %SITENAME%, [[name]].
_PLACEHOLDER = re.compile(r"[{}]|\$\w|%\w+%|\[\[|<%")
_LETTER = re.compile(r"[^\W\d_]")


def _could_be_outlet(text: str, headline: str = "") -> bool:
    """Whether ``text`` can be an outlet's name: not a date, a placeholder, a headline."""
    if not _LETTER.search(text) or _PLACEHOLDER.search(text):
        return False
    if len(text.split()) > OUTLET_WORDS or parse_date(text) is not None:
        return False
    return not headline or _loose(text) != _loose(headline)


def _bare_host(text: str) -> str:
    """``https://www.tdg.ch/`` as ``tdg.ch``."""
    host = re.sub(r"^https?://", "", text.strip(), flags=re.IGNORECASE).rstrip("/")
    return host.removeprefix("www.").removeprefix("WWW.")


@functools.lru_cache(maxsize=1024)  # an outlet's names, on each of its pages
def _slug(text: str) -> str:
    """Letters and digits, lower case, no accents: "La Prensa Gráfica" is laprensagrafica."""
    return _NON_WORD.sub("", _unaccented(text)).replace("_", "").casefold()


def _first_str(value: object) -> str | None:
    if isinstance(value, str):
        return _squash(value) or None
    if isinstance(value, list) and value and isinstance(value[0], str):
        return _squash(value[0]) or None
    return None


_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"'})


def _loose(text: str) -> str:
    """``text`` for comparison: case, quote styles and spacing ignored."""
    return _squash(text.translate(_QUOTES)).casefold()


#: No news is older than the first newspapers (Strasbourg, 1605).
FIRST_NEWSPAPER = dt.date(1605, 1, 1)
#: Dates that software writes for "no date": the Unix epoch (and the day before
#: it, west of Greenwich), the epochs of spreadsheets, of the Mac and of MS-DOS.
PLACEHOLDER_DATES = frozenset(
    dt.date(*ymd)
    for ymd in (
        (1970, 1, 1), (1969, 12, 31), (1900, 1, 1), (1899, 12, 30), (1899, 12, 31),
        (1904, 1, 1), (1980, 1, 1),
    )
)  # fmt: skip

_SLASHED_DATE = re.compile(r"(?<!\d)\d{1,2}/\d{1,2}/\d{4}(?!\d)")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)")

# Month names and their usual abbreviations in English, Spanish and French,
# without accents (text is compared without them).
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "january jan enero ene janvier janv",
            "february feb febrero fevrier fevr fev",
            "march mar marzo mars",
            "april apr abril abr avril avr",
            "may mayo mai",
            "june jun junio juin",
            "july jul julio juillet juil",
            "august aug agosto ago aout",
            "september sep sept septiembre setiembre septembre",
            "october oct octubre octobre",
            "november nov noviembre novembre",
            "december dec diciembre dic decembre",
        ),
        start=1,
    )
    for name in names.split()
}
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
# "21 de abril de 2022", "3 février 2025", "1er mars 2025", "3 March 2025", "03 Mar 2025"
_DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}})(?:er|o|º|°|st|nd|rd|th)?\s+(?:de\s+)?{_MONTH}\s*(?:de(?:l)?\s+|,\s*)?(\d{{4}})\b",
    re.IGNORECASE,
)
# "March 3, 2025", "Mar. 3rd 2025"
_MONTH_DAY_YEAR = re.compile(
    rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE
)


def _unaccented(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(value: str) -> dt.date | None:
    """The calendar date in ``value``: ISO 8601, ``YYYY/MM/DD``, or a date in words.

    Dates in words are read in English, Spanish and French ("21 de abril de
    2022", "3 février 2025", "March 3, 2025", RFC 2822's "Mon, 03 Mar
    2025"); ``DD/MM/YYYY`` only when the day cannot be taken for the month.
    """
    value = value.strip()
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    match = _ISO_DATE.search(value)
    if match:
        return _date(*(int(g) for g in match.groups()))
    plain = _unaccented(value)
    match = _DAY_MONTH_YEAR.search(plain)
    if match:
        day, month, year = match.groups()
        return _date(int(year), _MONTHS[month.lower()], int(day))
    match = _MONTH_DAY_YEAR.search(plain)
    if match:
        month, day, year = match.groups()
        return _date(int(year), _MONTHS[month.lower()], int(day))
    match = _NUMERIC_DATE.search(value)
    if match:
        first, second, year = (int(g) for g in match.groups())
        if first > 12 >= second:
            return _date(year, second, first)
        if second > 12 >= first:
            return _date(year, first, second)
    return None


# ---------------------------------------------------------------------------
# Main text

# Elements that never hold article text.
_DROP_TAGS = (
    "script", "style", "noscript", "template", "svg", "iframe", "nav", "aside", "button",
    "select", "input", "textarea", "label", "object", "embed", "canvas", "video", "audio",
    "figure", "menu", "dialog",
)  # fmt: skip

# class and id words of boilerplate blocks, in the languages we read.
_BOILERPLATE = re.compile(
    r"(?:^|[\s_-])(?:cookie|cookies|consent|gdpr|rgpd|banner|related|relacionad|"
    r"share|sharing|social|newsletter|subscribe|subscription|suscri|abonne|promo|advert|"
    r"ads?|advertisement|publicite|publicidad|comments?|comentarios|commentaires|"
    r"breadcrumbs?|menu|sidebar|footer|header|masthead|navbar|nav|navigation|popup|modal|"
    r"widget|tags|tag-list|read-?more|lire-?aussi|te-?puede-?interesar|recommended|"
    r"more-stories|most-read|trending|outbrain|taboola|signup|paywall|skip-link|"
    r"sr-only|visually-hidden|hidden|print-only|author-bio|toolbar|byline|bylines|"
    r"entry-meta|post-meta|article-meta|kicker|timestamp)(?:$|[\s_-])",
    re.IGNORECASE,
)
_BOILERPLATE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "dialog", "alert"}
_BLOCK_TAGS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "blockquote",
        "pre",
        "dd",
        "dt",
        "td",
        "th",
        "div",
        "section",
        "article",
        "main",
        "ul",
        "ol",
        "table",
        "tr",
        "br",
        "hr",
        "address",
        "caption",
        "figcaption",
    ]
)
_TEXT_BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")


def _is_boilerplate(el: lxml.html.HtmlElement) -> bool:
    if el.get("role", "").lower() in _BOILERPLATE_ROLES:
        return True
    if el.get("aria-hidden") == "true" or el.get("hidden") is not None:
        return True
    style = el.get("style", "").replace(" ", "").lower()
    if "display:none" in style:
        return True
    attrs = f"{el.get('class', '')} {el.get('id', '')}"
    return bool(attrs.strip()) and _names_boilerplate(attrs)


# A site gives its blocks the same few classes on every page: each is read once.
@functools.lru_cache(maxsize=4096)
def _names_boilerplate(attrs: str) -> bool:
    return bool(_BOILERPLATE.search(attrs))


@functools.lru_cache(maxsize=4096)
def _names_box(attrs: str) -> bool:
    return bool(_BOX.search(attrs))


def _clean(tree: lxml.html.HtmlElement) -> None:
    for el in list(tree.iter(lxml.etree.Comment, lxml.etree.ProcessingInstruction)):
        _drop(el)
    for el in list(tree.iter(*_DROP_TAGS)):
        _drop(el)
    body = tree.find("body")
    total = len(_squash((body if body is not None else tree).text_content())) or 1
    elements = iter(list(tree.iter(lxml.etree.Element)))
    for el in elements:
        if el.tag in ("html", "body", "article", "main"):
            continue
        if el.getparent() is None:
            continue
        if el.tag in _WRAPPING_TAGS:
            # Some sites wrap the whole page in a <form> or a <header>.
            if _wraps_page(el, total):
                continue
        elif not _is_boilerplate(el):
            # A class that looks like boilerplate on a wrapper (id="ad-portal")
            # can empty the page: the fast path then declines it, and the
            # extractors read the page instead.
            continue
        _drop(el)
        # What it held left the page with it: the elements after it in
        # document order, as many as it holds, are not looked at.
        inside = sum(1 for _ in el.iter(lxml.etree.Element)) - 1
        collections.deque(itertools.islice(elements, inside), maxlen=0)


def _drop(el: lxml.etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _text_length(el: lxml.html.HtmlElement) -> int:
    return sum(len(_squash(p.text_content())) for p in el.iter("p"))


def _container(
    tree: lxml.html.HtmlElement, paragraphs: dict[lxml.html.HtmlElement, int]
) -> lxml.html.HtmlElement:
    """The element holding the article body; ``paragraphs`` are the page's (see below)."""
    body = tree.find("body")
    root = body if body is not None else tree
    candidates = _CONTAINER_CANDIDATES(tree)

    def length(el: lxml.html.HtmlElement) -> int:
        return sum(paragraphs.get(p, 0) for p in el.iter("p"))

    best = max(candidates, key=length, default=None)
    total = sum(paragraphs.values())
    if best is not None and length(best) >= 0.4 * total > 0:
        return best
    # No semantic container: the element with the most direct paragraph text.
    scores: dict[lxml.html.HtmlElement, int] = {}
    for p, size in paragraphs.items():
        parent = p.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + size
    if scores:
        top = max(scores, key=scores.__getitem__)
        if scores[top] >= 0.4 * total:
            return top
    return best if best is not None else root


_CONTAINER_CANDIDATES = lxml.etree.XPath(
    ".//*[@itemprop='articleBody'] | .//article | .//main | .//*[@role='main']"
)


def _paragraph_lengths(root: lxml.html.HtmlElement) -> dict[lxml.html.HtmlElement, int]:
    """The length of each paragraph's text in ``root``: each measured once."""
    return {p: len(_squash(p.text_content())) for p in root.iter("p")}


def _blocks(el: lxml.html.HtmlElement) -> Iterator[str]:
    """Text of ``el`` split at block boundaries (iteratively: pages nest deep)."""
    buffer: list[str] = []
    for event, node in lxml.etree.iterwalk(el, events=("start", "end")):
        is_element = isinstance(node.tag, str)
        if event == "start":
            if not is_element:
                continue
            if node.tag in _BLOCK_TAGS:
                yield _squash("".join(buffer))
                buffer.clear()
            if node.tag == "br":
                buffer.append("\n")
            if node.text:
                buffer.append(node.text)
        else:
            if is_element and node.tag in _BLOCK_TAGS:
                yield _squash("".join(buffer))
                buffer.clear()
            if node.tail and node is not el:
                buffer.append(node.tail)
    yield _squash("".join(buffer))


#: A semantic container (``<article>``, ``articleBody``, ``<main>``) holding at
#: least this share of the page's paragraph text, and enough words, is trusted.
CONFIDENT_SHARE = 0.8
CONFIDENT_WORDS = 150
#: ... and in which links carry at most this share of the text.
CONFIDENT_LINK_SHARE = 0.1


def main_text(tree: lxml.html.HtmlElement, *, fast: bool = True) -> str:
    """The article's text, one paragraph per line pair. Modifies ``tree``.

    A page whose article sits in a clear semantic container is read directly
    (the fast path, used by most sites that mark their articles up). Any
    other page goes to two proven extractors, trafilatura and
    readability-lxml: the longer text wins, unless trafilatura's is over half
    again as long as readability's (it took in a comment thread or a list of
    teasers) or readability found next to no sentences. Either way, blocks
    that speak to the reader rather than tell the news (see
    :func:`_reader_boxes`) are left out.
    """
    original = copy.deepcopy(tree)
    boxes = _reader_boxes(tree)
    boilerplate = _boilerplate_blocks(tree, boxes)
    _clean(tree)
    container, confident = _container_confidence(tree)
    for box in boxes:
        _drop(box)
    blocks = _body_blocks(container)
    if fast and confident and sum(len(b.split()) for b in blocks) >= CONFIDENT_WORDS:
        return "\n\n".join(blocks)
    extracted = _extractors(original)
    if extracted:
        kept = [p for p in extracted.split("\n\n") if _box_key(p) not in boilerplate]
        return "\n\n".join(kept)
    return "\n\n".join(blocks)


#: A boilerplate-looking element holding more than this share of the page's
#: text is a wrapper (some sites put the whole page in a <form>), not a box.
BOX_SHARE = 0.3


def _boilerplate_blocks(
    tree: lxml.html.HtmlElement, boxes: Iterable[lxml.html.HtmlElement] = ()
) -> set[str]:
    """The paragraphs of the page's navigation, banners, forms and related-link boxes.

    The extractors judge a page by its layout and sometimes keep such a box;
    a paragraph that the page itself marks as boilerplate, or that sits in
    one of ``boxes`` (see :func:`_reader_boxes`), is then dropped.
    """
    body = tree.find("body")
    root = body if body is not None else tree
    total = len(_squash(root.text_content())) or 1
    found: set[str] = set()
    read = set(boxes)
    for box in read:
        found.update(_box_key(b) for b in _blocks(box) if b)
    walk = lxml.etree.iterwalk(root, events=("start",))
    for _, el in walk:
        if not isinstance(el.tag, str) or el.tag in ("html", "body", "article", "main"):
            continue
        marked = el.tag in _WRAPPING_TAGS or _names_box(f"{el.get('class', '')} {el.get('id', '')}")
        if el.tag in _BOX_TAGS or (marked and not _wraps_page(el, total)):
            if el not in read:  # a reader box's blocks are in already
                found.update(_box_key(b) for b in _blocks(el) if b)
            found.update(_box_key(a.text_content()) for a in el.iter("a"))
            if el.tag in _BLOCK_TAGS:
                # Its blocks and links hold those of every box inside it: each
                # element is read once, however deep boxes nest.
                walk.skip_subtree()
    found.discard("")
    return found


def _wraps_page(el: lxml.html.HtmlElement, total: int) -> bool:
    """Whether ``el`` holds much of the page's text: a wrapper, not a box."""
    size = len(_squash(el.text_content()))
    return size > BOX_SHARE * total and size >= WRAPPER_CHARS


#: Fewer characters than this and an element is a box, whatever its share.
WRAPPER_CHARS = 500


def _box_key(text: str) -> str:
    """Text compared without spacing, punctuation or case: boxes join their links."""
    return _short_key(text) if len(text) <= SHORT_KEY_CHARS else _key(text)


def _key(text: str) -> str:
    return _NON_WORD.sub("", text).casefold()


# Menus, footers, share bars and their links say the same on every page of a site.
_short_key = functools.lru_cache(maxsize=8192)(_key)
#: The longest text whose key is kept for the next pages.
SHORT_KEY_CHARS = 200


_NON_WORD = re.compile(r"\W+")


# Always boxes; and boxes unless they wrap much of the page.
_BOX_TAGS = frozenset({"nav", "aside", "figcaption", "button"})
_WRAPPING_TAGS = frozenset({"form", "footer", "header"})
_BOX = re.compile(
    r"(?:^|[\s_-])(?:cookies?|consent|gdpr|related|relacionad[ao]s?|newsletter|subscribe|"
    r"subscription|suscri\w*|abonne\w*|lire-?aussi|read-?more|te-?puede-?interesar|"
    r"recommended|more-stories|most-read|trending|outbrain|taboola|paywall|signup|promo|"
    r"caption|credits?)(?:$|[\s_-])",
    re.IGNORECASE,
)


# What the page says to its reader rather than about the news, in the
# languages we read: a heading over links to other articles, a photo credit,
# a call to subscribe or join.
_READ_ALSO = re.compile(
    r"^\W*(?:read (?:more|also)|see also|more on|related(?: articles| stories| content)?|"
    r"(?:también )?(?:le |te )?puede(?:n)? interesar(?:te|le)?|le(?:a|e) (?:también|además)|"
    r"ver también|más sobre|(?:contenido|noticias|artículos) relacionad[oa]s?|"
    r"(?:à )?lire (?:aussi|également)|voir aussi|sur le même sujet|articles? liés?)\b",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"^\W*(?:(?:photo|image) credits?|cr[ée]dits?(?: photos?| fotos?)?|cr[ée]ditos?|"
    r"photos?|fotos?|images?|imagen(?:es)?)\s*:|^\s*(?:©|\(c\))\s*\w",
    re.IGNORECASE,
)
_JOIN_US_PHRASES = (
    r"subscribe (?:now|today|to our)",
    r"sign up (?:for|to) our",
    r"become a (?:member|subscriber)",
    r"support (?:our|independent) journalism",
    r"suscr[ií]bete",
    r"suscribirse (?:aquí )?a nuestr[oa]",
    r"h[aá]z(?:te|ase) (?:miembro|socio|suscriptor)",
    r"únete a nuestra comunidad",
    r"apoya (?:el|nuestro) periodismo",
    r"abonnez-vous",
    r"devenez (?:membre|abonné)",
    r"inscrivez-vous à notre",
    r"soutenez (?:notre|le) journalisme",
    r"comments are (?:now )?closed",
    r"los comentarios están cerrados",
    r"les commentaires sont (?:fermés|clos)",
)
# Its words may be spaced any way (it reads the markup's text as it is). Each
# phrase starts with a letter: a word that starts with none of them is passed
# over at once, instead of being tried against every phrase.
_JOIN_US = re.compile(
    rf"\b(?=[{''.join(sorted({p[0] for p in _JOIN_US_PHRASES}))}])"
    rf"(?:{'|'.join(_JOIN_US_PHRASES)})\b".replace(" ", r"\s+"),
    re.IGNORECASE,
)
#: Longest a credit line is, in words.
CREDIT_WORDS = 12
#: Longest a box around a call to subscribe is, in characters.
PROMPT_BOX_CHARS = 700
#: Lists of teasers holding less than this share of the page's paragraphs are boxes.
TEASER_SHARE = 0.5
#: Share of a box's text (past its read-also heading) that is link text.
LINKED_BOX_SHARE = 0.5
#: Share of a paragraph's letters in its links (two or more) that makes it a list of links.
LINK_PARAGRAPH_SHARE = 0.9


def _reader_boxes(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Blocks that address the reader instead of telling the news, whatever their markup.

    Read-also headings ("Contenido relacionado", "Articles liés") with the
    box of links they lead, photo credits, calls to subscribe or join with
    the box around them, newsletter boxes (around an e-mail field), share
    bars, bylines and the dates beside them, kickers and section labels just
    above the headline, paragraphs made only of links, and lists of teasers
    (items that each lead with a linked headline).
    """
    body = tree.find("body")
    root = body if body is not None else tree
    boxes: dict[lxml.html.HtmlElement, None] = {}
    # What an element says itself: its text, and the text after each child.
    for el in root.iter(lxml.etree.Element):
        if el.tag in _KEPT_TAGS:
            continue
        text = el.text
        own = " ".join([text or "", *(c.tail or "" for c in el)]) if len(el) else text
        if own and _JOIN_US.search(own):
            boxes[_small_box(_block_of(el))] = None
        lead = _squash(text) if text else ""
        if not lead:
            continue
        if _READ_ALSO.match(lead) or _CREDIT.match(lead):
            block = _block_of(el)
            text = _squash(block.text_content())
            heading = _READ_ALSO.match(text)
            if heading and not _NON_WORD.sub("", text[heading.end() :]):
                boxes[_linked_box(block, len(text))] = None
            elif _CREDIT.match(text) and _words(text) <= CREDIT_WORDS:
                boxes[block] = None
        if _BYLINE_LEAD.match(lead):
            block = _block_of(el)
            if _is_byline(_short_text(block, BYLINE_CHARS)):
                boxes[block] = None
    # Elements of a kind, each kind found by lxml without a look at the others.
    for el in root.iter("a", "button"):
        if _is_share_control(el):
            bar = _share_bar(el)
            if bar is not None:
                boxes[bar] = None
    for el in root.iter("input"):
        if el.get("type", "").lower() == "email":
            boxes[_small_box(_block_of(el))] = None
    for el in root.iter("h1"):
        boxes.update(dict.fromkeys(_kickers(el)))
    for el in root.iter("p"):
        if _holds(el, "a", 2):
            text = len(_NON_WORD.sub("", el.text_content()))
            if text and _linked(el, words_only=True) >= LINK_PARAGRAPH_SHARE * text:
                boxes[el] = None
    teasers = [el for el in root.iter("ul", "ol") if _is_teaser_list(el)]
    # Teasers that hold most of the page's paragraphs are a front page's content.
    if teasers and sum(map(_text_length, teasers)) < TEASER_SHARE * _text_length(root):
        boxes.update(dict.fromkeys(teasers))
    # A box inside another is dropped with it.
    return [b for b in boxes if not any(a in boxes for a in b.iterancestors())]


# -- bylines, share bars, kickers: what surrounds the headline and the text

#: Longest a byline (with its date) or a share bar is, in characters.
BYLINE_CHARS = 200
SHARE_BAR_CHARS = 200
#: Longest a kicker or section label over the headline is, in words; and how
#: many of them stand there at most.
KICKER_WORDS = 6
KICKERS = 2

_BYLINE_LEAD = re.compile(
    r"^(?:by|por|par|publi(?:é|e|cado|shed)|updated|actualizado|mis à jour|modifié)\b",
    re.IGNORECASE,
)
_NAME = r"[A-ZÀ-Ý][\w'’.-]*"
# "Par Élise Moreau et Hugo Lambert, le 31 janvier 2025": by, names, then the rest.
_BYLINE = re.compile(
    rf"^(?i:by|por|par)\s+{_NAME}(?:\s+(?:{_NAME}|de|del|da|di|van|von|y|e|et|and|la|le)(?!\w))*"
)
# Words that may stand beside a byline's names: a date, a time, "published on".
_DATELINE_WORD = re.compile(
    r"^(?:\d{1,4}(?:er|º)?|\d{1,2}[:h]\d{2}|le|el|la|de|del|à|a|at|on|the|en|"
    r"publi(?:é|e|cado|shed)|updated|actualizado|mis|jour|modifié|hace|il y a|ago|"
    r"horas?|heures?|hours?|minutos?|minutes?|" + "|".join(_MONTHS) + r")$",
    re.IGNORECASE,
)


def _is_byline(text: str | None) -> bool:
    """Whether ``text`` is only a byline and its date, or only a publication date.

    "Por Lucía Ferrer 6 de febrero de 2025, 10:00", "Par Antoine Lefebvre.
    Publié le 5 février 2025 à 19h00", "Publicado el 3 de marzo de 2025";
    not a sentence that starts with "Por" ("Por su parte, ...").
    """
    if not text:
        return False
    byline = _BYLINE.match(text)
    rest = text[byline.end() :] if byline else text
    if not byline and parse_date(text) is None:
        return False
    words = _unaccented(rest).replace("à", "a").split()
    words = [w for w in (_NON_WORD.sub(" ", w).strip() for w in words) if w]
    return all(_DATELINE_WORD.match(part) for w in words for part in w.split())


_SHARE_WORDS = (
    r"partager(?: sur| par)?|share(?: this| on| via)?|compartir(?: en)?|facebook|x|twitter|"
    r"bluesky|linkedin|whatsapp|telegram|reddit|pinterest|threads|mastodon|flipboard|"
    r"messenger|e-?mail|mail|correo(?: electrónico)?|courriel|envoyer|enviar|imprimer|print|"
    r"imprimir|copier le lien|copy link|copiar (?:el )?enlace"
)
_SHARE_CONTROL = re.compile(rf"^\W*(?:{_SHARE_WORDS})\W*$", re.IGNORECASE)
_SHARE_BAR = re.compile(rf"^(?:\W|\b(?:{_SHARE_WORDS})\b)+$", re.IGNORECASE)
_SHARE_HREF = re.compile(
    r"sharer|/share\b|share-offsite|intent/(?:tweet|compose)|whatsapp\.com/send|^mailto:",
    re.IGNORECASE,
)


def _is_share_control(el: lxml.html.HtmlElement) -> bool:
    """A link or button that shares the page: "Facebook", "Copier le lien", a sharer URL."""
    text = _short_text(el, 40)
    return bool(text and _SHARE_CONTROL.match(text)) or bool(_SHARE_HREF.search(el.get("href", "")))


def _share_bar(control: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The largest element around ``control`` made only of share controls and their label."""
    bar = None
    for el in control.iterancestors():
        if _holds_article(el):
            break
        text = _short_text(el, SHARE_BAR_CHARS)
        if text is None or not _SHARE_BAR.match(text):
            break
        bar = el
    if bar is None or sum(1 for _ in bar.iter("a", "button")) < 2:
        return None
    return bar


def _kickers(h1: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Short labels just above the headline: a kicker, a section, a breadcrumb."""
    found = []
    for el in h1.itersiblings(preceding=True):
        if not isinstance(el.tag, str):
            continue
        text = _short_text(el, 80)
        if not text:
            continue
        if _words(text) > KICKER_WORDS or text.endswith((".", "?", "!")) or len(found) == KICKERS:
            break
        found.append(el)
    return found


def _short_text(el: lxml.html.HtmlElement, limit: int) -> str | None:
    """``el``'s text with spacing squashed, or None when it is longer than ``limit``.

    Reads no more of the element than it needs, however large it is.
    """
    if not len(el):  # most often: no children, its text in one piece
        piece = el.text or ""
        if len(piece.strip()) > limit:
            return None
        text = _squash(piece)
        return text if len(text) <= limit else None
    parts: list[str] = []
    size = 0
    for piece in el.itertext():
        size += len(piece.strip())
        if size > limit:
            return None
        parts.append(piece)
    text = _squash("".join(parts))
    return text if len(text) <= limit else None


# Elements never taken as a box, whatever they say.
_KEPT_TAGS = frozenset({"html", "head", "body", "article", "main", "script", "style", "title"})


def _block_of(el: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """``el`` or its nearest block-level ancestor."""
    while el.tag not in _BLOCK_TAGS and (parent := el.getparent()) is not None:
        if parent.tag in _KEPT_TAGS:
            break
        el = parent
    return el


def _linked(el: lxml.html.HtmlElement, *, words_only: bool = False) -> int:
    """Characters of link text in ``el``."""
    texts = (a.text_content() for a in el.iter("a"))
    if words_only:
        return sum(len(_NON_WORD.sub("", t)) for t in texts)
    return sum(len(_squash(t)) for t in texts)


def _holds_article(el: lxml.html.HtmlElement) -> bool:
    """Whether a box around a block must stop below ``el``: the page or the article itself."""
    return el.tag in _KEPT_TAGS or el.get("itemprop") == "articleBody"


def _linked_box(block: lxml.html.HtmlElement, heading: int) -> lxml.html.HtmlElement:
    """The box a read-also heading leads: its ancestors made mostly of links."""
    box = block
    for parent in block.iterancestors():
        if _holds_article(parent):
            break
        rest = len(_squash(parent.text_content())) - heading
        if rest > WRAPPER_CHARS * 2 or _linked(parent) < LINKED_BOX_SHARE * rest:
            break
        box = parent
    return box


def _small_box(block: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The largest short element around ``block``: the box of a call to subscribe."""
    box = block
    for parent in block.iterancestors():
        if _holds_article(parent):
            break
        if len(_squash(parent.text_content())) > PROMPT_BOX_CHARS:
            break
        box = parent
    return box


def _holds(el: lxml.html.HtmlElement, tag: str, count: int) -> bool:
    """Whether ``el`` holds ``count`` ``tag`` elements or more (it stops counting there)."""
    return sum(1 for _ in itertools.islice(el.iter(tag), count)) >= count


def _is_teaser_list(el: lxml.html.HtmlElement) -> bool:
    """Whether every item of list ``el`` (two or more) leads with a linked headline."""
    items = [li for li in el if li.tag == "li"]
    return len(items) >= 2 and all(_LINKED_HEADLINE(li) for li in items)


_HEADLINE = "*[self::h2 or self::h3 or self::h4]"
_LINKED_HEADLINE = lxml.etree.XPath(f".//{_HEADLINE}//a | .//a//{_HEADLINE}")


def _body_blocks(container: lxml.html.HtmlElement) -> list[str]:
    blocks = [b for b in _blocks(container) if b]
    # A headline repeated at the top of the body is metadata, not text.
    h1 = container.find(".//h1")
    if h1 is not None and blocks and blocks[0] == _squash(h1.text_content()):
        blocks = blocks[1:]
    return blocks


def _container_confidence(
    tree: lxml.html.HtmlElement,
) -> tuple[lxml.html.HtmlElement, bool]:
    body = tree.find("body")
    root = body if body is not None else tree
    paragraphs = _paragraph_lengths(root)
    container = _container(tree, paragraphs)
    semantic = container.tag in ("article", "main") or container.get("itemprop") == "articleBody"
    if not semantic or _holds(tree, "article", 2):  # a front page of teasers
        return container, False
    total = sum(paragraphs.values())
    inside = sum(
        paragraphs[p] if p in paragraphs else len(_squash(p.text_content()))
        for p in container.iter("p")
    )
    if not total or inside < CONFIDENT_SHARE * total:
        return container, False
    text = len(_squash(container.text_content())) or 1
    return container, _linked(container) / text <= CONFIDENT_LINK_SHARE


def _words(text: str) -> int:
    return len(text.split())


def _quiet(name: str) -> None:
    """Keep a library's log lines (about pages it gives up on) off the user's terminal."""
    log = logging.getLogger(name)
    log.addHandler(logging.NullHandler())
    log.propagate = False


def _extractors(tree: lxml.html.HtmlElement) -> str:
    """The better of trafilatura's and readability's text for ``tree``, which it modifies."""
    from readability import Document

    _quiet("trafilatura")
    _quiet("readability")

    try:
        by_trafilatura = _trafilatura_text(_trafilatura_xml(tree))
    except (lxml.etree.LxmlError, ValueError):
        # It re-parses its own output, which fails on some malformed attribute names.
        by_trafilatura = ""
    # readability parses the page from markup and its first step drops the
    # scripts, styles, comments and processing instructions (their tails
    # kept): dropped here, they are neither written out nor parsed again
    # (about 8% of its time on a generated page).
    for el in list(
        tree.iter("script", "style", lxml.etree.Comment, lxml.etree.ProcessingInstruction)
    ):
        _drop(el)
    html = lxml.html.tostring(tree, encoding="unicode")
    try:
        summary = Document(html).summary(html_partial=True)
        by_readability = "\n\n".join(
            b for b in _blocks(lxml.html.fragment_fromstring(summary)) if b
        )
    except Exception:  # readability raises bare exceptions on odd markup
        by_readability = ""
    if _prose_words(by_readability) < READABILITY_MIN_WORDS:
        return by_trafilatura
    t, r = _words(by_trafilatura), _words(by_readability)
    if t > TRAFILATURA_EXCESS * r:
        return by_readability
    return by_readability if r >= t else by_trafilatura


def _trafilatura_xml(tree: lxml.html.HtmlElement) -> str | None:
    """trafilatura's XML for ``tree``, comments left out: what ``trafilatura.extract`` returns.

    Its two steps are called directly, without the step between them that
    adds a fingerprint of the text to the document's attributes: nothing
    reads it here, and it took about a tenth of trafilatura's time (0.7 ms
    of a generated page, 2 ms of a real one). trafilatura copies ``tree``
    before it changes it.
    """
    from trafilatura import bare_extraction
    from trafilatura.core import determine_returnstring
    from trafilatura.settings import Document, Extractor

    options = Extractor(output_format="xml", comments=False)
    document = bare_extraction(tree, options=options)
    if not isinstance(document, Document):
        return None
    return determine_returnstring(document, options)


# trafilatura's XML elements and their HTML counterparts, for :func:`_blocks`.
_TRAFILATURA_TAGS = {
    "head": "h2", "list": "ul", "item": "li", "quote": "blockquote", "lb": "br",
    "row": "tr", "cell": "td",
}  # fmt: skip


def _trafilatura_text(xml: str | None) -> str:
    """The paragraphs of trafilatura's XML output, one per block as the page had them.

    Its plain text output keeps the page source's line breaks inside
    paragraphs, which cannot be told from the breaks between them.
    """
    if not xml:
        return ""
    main = lxml.etree.fromstring(xml).find("main")
    if main is None:
        return ""
    for el in main.iter(lxml.etree.Element):
        el.tag = _TRAFILATURA_TAGS.get(el.tag, el.tag)
    return "\n\n".join(b for b in _blocks(main) if b)


def _prose_words(text: str) -> int:
    """Words in the paragraphs of ``text`` that are sentences, not labels or names."""
    return sum(n for n in map(_words, text.split("\n\n")) if n >= SENTENCE_WORDS)


#: Fewer words than this in readability's sentences means it missed the article
#: (it took a table of names and figures, say, for the page's text).
READABILITY_MIN_WORDS = 100
#: Fewest words of a paragraph that is a sentence.
SENTENCE_WORDS = 10
#: trafilatura's text this many times longer than readability's took in more than the article.
TRAFILATURA_EXCESS = 1.5
