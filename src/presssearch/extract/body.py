"""The main text: the article container read directly, or the better of two extractors."""

from __future__ import annotations

import copy

import lxml.etree
import lxml.html

from presssearch.extract.clean import (
    _boilerplate_blocks,
    _box_key,
    _clean,
    _holds,
    _linked,
    _reader_boxes,
)
from presssearch.extract.markup import _blocks, _drop, _quiet, _squash, _words


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
