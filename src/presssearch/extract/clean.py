"""Boilerplate: the blocks of a page that are not the article.

Navigation, banners, forms, headers and footers marked as such, and, whatever
their markup, the blocks that speak to the reader rather than tell the news:
read-also boxes, photo credits, calls to subscribe, share bars, bylines,
kickers, paragraphs made only of links, lists of teasers.
"""

from __future__ import annotations

import collections
import functools
import itertools
import re
from collections.abc import Iterable

import lxml.etree
import lxml.html

from presssearch.extract.dates import _unaccented, parse_date
from presssearch.extract.markup import (
    _BLOCK_TAGS,
    _BOX_TAGS,
    _DROP_TAGS,
    _KEPT_TAGS,
    _NON_WORD,
    _WRAPPING_TAGS,
    _block_of,
    _blocks,
    _drop,
    _short_text,
    _squash,
    _words,
)
from presssearch.languages.phrases import (
    CLUTTER_LINES,
    JOIN_US,
    MONTHS,
    NETWORKS,
    READ_ALSO,
    SHARE_WORDS,
    every,
)

# class and id words of boilerplate blocks, in the languages we read.
_BOILERPLATE = re.compile(
    r"(?:^|[\s_-])(?:cookie|cookies|consent|gdpr|rgpd|banner|related|relacionad|"
    r"share|sharing|partager|compartir|teilen|social|newsletter|subscribe|subscription|"
    r"suscri|abonne|promo|advert|"
    r"ads?|advertisement|publicite|publicidad|comments?|comentarios|commentaires|"
    r"breadcrumbs?|menu|sidebar|footer|header|masthead|navbar|nav|navigation|popup|modal|"
    r"widget|tags|tag-list|read-?more|lire-?aussi|te-?puede-?interesar|recommended|"
    r"more-stories|most-read|trending|outbrain|taboola|signup|paywall|skip-link|"
    r"sr-only|visually-hidden|hidden|print-only|author-bio|authors?|toolbar|byline|bylines|"
    r"entry-meta|post-meta|article-meta|kicker|timestamp)(?:$|[\s_-])",
    re.IGNORECASE,
)


_BOILERPLATE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "dialog", "alert"}


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


def _text_length(el: lxml.html.HtmlElement) -> int:
    return sum(len(_squash(p.text_content())) for p in el.iter("p"))


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
_READ_ALSO = re.compile(rf"^\W*(?:{'|'.join(every(READ_ALSO))})\b", re.IGNORECASE)
# The same before links in its own block, but never the bare word "related",
# which also opens sentences ("Related to <a>the ruling</a>, ..."): on the 61
# curated pages it took article text (token recall .9695 -> .9681) and changed
# nothing on the 437 real pages. "Related stories" before links is a box.
_READ_ALSO_BEFORE_LINKS = re.compile(rf"{_READ_ALSO.pattern}(?<!\brelated)", re.IGNORECASE)
_CLUTTER = "|".join(every(CLUTTER_LINES))
_NETWORK = "(?:" + "|".join(NETWORKS) + ")"
_CLUTTER_ONE = _CLUTTER.replace("NETWORK", _NETWORK)
# One line of clutter or several run together ("Folgen Sie uns auf Twitter Liken
# Sie uns auf Facebook").
_CLUTTER_LINE = re.compile(rf"^\W*(?:{_CLUTTER_ONE})(?:\W+(?:{_CLUTTER_ONE}))*\W*$", re.IGNORECASE)
# The line, or its start before a network's name in a link of its own.
_CLUTTER_LEAD = re.compile(
    rf"^\W*(?:{_CLUTTER.replace(' NETWORK', f'(?: {_NETWORK})?')})\W*$", re.IGNORECASE
)
_JOIN_US_PHRASES = [p.replace("NETWORK", _NETWORK) for p in every(JOIN_US)]
_SHARE_WORDS = "|".join(every(SHARE_WORDS))
_CREDIT = re.compile(
    r"^\W*(?:(?:photo|image) credits?|cr[ée]dits?(?: photos?| fotos?)?|cr[ée]ditos?|"
    r"photos?|fotos?|images?|imagen(?:es)?)\s*:|^\s*(?:©|\(c\))\s*\w",
    re.IGNORECASE,
)


# Its words may be spaced any way (it reads the markup's text as it is). Each
# phrase starts with a letter: a word that starts with none of them is passed
# over at once, instead of being tried against every phrase.
_JOIN_US = re.compile(
    rf"\b(?=[{''.join(sorted({p[0] for p in _JOIN_US_PHRASES}))}])"
    rf"(?:{'|'.join(_JOIN_US_PHRASES)})\b".replace(" ", r"\s+"),
    re.IGNORECASE,
)


#: Longest a line of clutter (an ad's placeholder, a call to follow) is, in characters.
CLUTTER_CHARS = 80
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


def _is_clutter_paragraph(text: str) -> bool:
    """Whether a paragraph of the text is a line of clutter or a read-also heading alone.

    The last look at the text, whichever extractor gave it: "Advertisement:",
    "Folgen Sie uns auf Twitter", "Mehr zum Thema", "Seguir leyendo:".
    """
    if len(text) > CLUTTER_CHARS:
        return False
    if _CLUTTER_LINE.match(text):
        return True
    heading = _READ_ALSO.match(text)
    return bool(heading) and not _NON_WORD.sub("", text[heading.end() :])


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
        if _CLUTTER_LEAD.match(lead):
            block = _block_of(el)
            if _CLUTTER_LINE.match(_short_text(block, CLUTTER_CHARS) or ""):
                boxes[block] = None
        if _READ_ALSO.match(lead) or _CREDIT.match(lead):
            block = _block_of(el)
            text = _squash(block.text_content())
            heading = _READ_ALSO.match(text)
            if heading and not _NON_WORD.sub("", text[heading.end() :]):
                boxes[_linked_box(block, len(text))] = None
            elif heading := _READ_ALSO_BEFORE_LINKS.match(text):
                if _linked(block) >= LINKED_BOX_SHARE * (len(text) - heading.end()) > 0:
                    # The heading and the links it leads in one block.
                    boxes[_linked_box(block, heading.end())] = None
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


# Words that may stand beside a byline's names: a date, a time, "published on",
# the reading time ("5 min read", "4 min de lectura", "Lecture 3 min"). On the
# tune part of eval/web, 'without' .9266 -> .9278 (one page, its byline and the
# bylines of its teasers); 'with' and the curated pages unchanged.
_DATELINE_WORD = re.compile(
    r"^(?:\d{1,4}(?:er|º)?|\d{1,2}[:h]\d{2}|le|el|la|de|del|à|a|at|on|the|en|"
    r"publi(?:é|e|cado|shed)|updated|actualizado|mis|jour|modifié|hace|il y a|ago|"
    r"horas?|heures?|hours?|minutos?|minutes?|min|mins|read|lectura|lecture|"
    + "|".join(MONTHS)
    + r")$",
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
