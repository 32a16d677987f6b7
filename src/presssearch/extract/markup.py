"""Bytes to a parsed page within bounds: the first step of reading a saved page.

The HTML parser and the extractors see at most :data:`MAX_MARKUP_BYTES` of
markup (scripts, styles, inline SVG and comments are left out first, in one
pass over the bytes); pages libxml2 cannot build are read by a streaming
tokenizer instead. Also the tag sets and small text helpers every later step
shares.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Iterator
from html.parser import HTMLParser

import lxml.etree
import lxml.html

from presssearch.decode import decode_bytes

#: The most markup, in bytes, that the HTML parser and the extractors receive,
#: once scripts, styles, inline SVG and comments are left out; the rest of a
#: page is not read. Article pages hold far less (the largest real pages we
#: evaluate on are 1.3 MB with their scripts), and parsing and extracting cost
#: memory in proportion to it: about a hundred times its size at most.
MAX_MARKUP_BYTES = 2 * 1024 * 1024


#: A JSON-LD block longer than this is left out with the other scripts.
MAX_JSON_LD_BYTES = 256 * 1024


# C0 controls other than tab and newlines: not text, and not allowed in XML trees.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


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


def _squash(text: str) -> str:
    """``text`` with each run of spaces made one space, and none at either end."""
    return " ".join(text.split()) if text else ""


# Elements that never hold article text.
_DROP_TAGS = (
    "script", "style", "noscript", "template", "svg", "iframe", "nav", "aside", "button",
    "select", "input", "textarea", "label", "object", "embed", "canvas", "video", "audio",
    "figure", "menu", "dialog",
)  # fmt: skip


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


_NON_WORD = re.compile(r"\W+")


# Always boxes; and boxes unless they wrap much of the page.
_BOX_TAGS = frozenset({"nav", "aside", "figcaption", "button"})


_WRAPPING_TAGS = frozenset({"form", "footer", "header"})


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
    for piece in _shown_text(el):
        size += len(piece.strip())
        if size > limit:
            return None
        parts.append(piece)
    text = _squash("".join(parts))
    return text if len(text) <= limit else None


def _shown_text(el: lxml.html.HtmlElement) -> Iterator[str]:
    """The pieces of ``el``'s text in order, less what scripts, styles and comments hold."""
    for event, node in lxml.etree.iterwalk(el, events=("start", "end")):
        hidden = not isinstance(node.tag, str) or node.tag in ("script", "style")
        if event == "start":
            if not hidden and node.text:
                yield node.text
        elif node is not el and node.tail:
            yield node.tail


# Elements never taken as a box, whatever they say.
_KEPT_TAGS = frozenset({"html", "head", "body", "article", "main", "script", "style", "title"})


def _block_of(el: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """``el`` or its nearest block-level ancestor."""
    while el.tag not in _BLOCK_TAGS and (parent := el.getparent()) is not None:
        if parent.tag in _KEPT_TAGS:
            break
        el = parent
    return el


def _words(text: str) -> int:
    return len(text.split())


def _quiet(name: str) -> None:
    """Keep a library's log lines (about pages it gives up on) off the user's terminal."""
    log = logging.getLogger(name)
    log.addHandler(logging.NullHandler())
    log.propagate = False
