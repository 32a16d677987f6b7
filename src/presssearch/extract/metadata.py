"""Metadata of a page: title, outlet, authors and URL, weighed from every signal it carries.

Open Graph and ``article:`` meta tags, JSON-LD, ``<h1>``, ``<title>``,
``<time>`` and the canonical link are read once; the signals are weighed
against each other rather than trusting one. The date is chosen in
:mod:`presssearch.extract.dates`.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import lxml.etree
import lxml.html

from presssearch.extract.clean import _BYLINE_LEAD, BYLINE_CHARS, _is_byline
from presssearch.extract.dates import (
    _SLASHED_DATE,
    _implausible,
    _unaccented,
    first_date,
    parse_date,
    shown_date,
)
from presssearch.extract.markup import _NON_WORD, _block_of, _short_text, _squash

#: The most words a site name in a ``<title>`` suffix has.
SITE_NAME_WORDS = 5


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
        #: The ``<h2>`` headings: a page without a headline ``<h1>`` may show it in one.
        self.h2: list[str] = []
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
        #: The headline chosen from these signals (:meth:`title`), once they are read.
        self.headline = ""
        #: The date shown beside the headline, as written (see :func:`.dates.shown_date`).
        self.shown_date: str | None = None

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
        h1 = [(h, _heading_text(h)) for h in tree.iterfind(".//h1")]
        h2 = [(h, _heading_text(h)) for h in tree.iterfind(".//h2")]
        m.h1 = [t for _, t in h1 if t]
        m.h2 = [t for _, t in h2 if t]
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
        m.headline = m.title()
        # The headline's element: the first <h1> (else <h2>) that says it.
        wanted = _loose(m.headline)
        heading = next((h for h, t in (*h1, *h2) if wanted and _loose(t) == wanted), None)
        m.shown_date = shown_date(tree, heading) if heading is not None else None
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
        """``title`` without the site's name, sections or date around the headline.

        After a leading site name (as og:site_name or the JSON-LD publisher
        say it, or written as a host: "Blog.de » Archiv » Headline") the
        headline is the last part; otherwise short trailing parts go.
        """
        sites = {
            s.casefold() for s in (self.meta.get("og:site_name"), self.ld_publisher_name()) if s
        }
        parts = [p for p in self._SEPARATORS.split(title) if p]
        if len(parts) > 1 and (parts[0].casefold() in sites or _written_as_host(parts[0])):
            # "Site » Section » Headline": after the site's name, the headline comes last.
            return parts[-1]
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

        The headline the page shows (:meth:`_shown_headline`) wins when
        og:title wraps it in more words (a site's name, a section, a kicker),
        when og:title says otherwise but the JSON-LD headline and the
        ``<title>`` both say it, and when the title chosen above is not
        og:title whole and does not hold it, or holds it as one of its parts
        ("Site | Headline").
        """
        chosen = self._declared_title()
        shown = self._shown_headline()
        if not shown:
            return chosen
        # The <h1> the reader sees, inside og:title with more around it (the site's
        # name, a section, a kicker, "(neues deutschland)"): the headline itself.
        og = self.meta.get("og:title")
        if og and _loose(shown) != _loose(og) and _loose(shown) in _loose(og):
            return shown
        # og:title and the JSON-LD headline, both the publisher's, disagree: the one
        # the <title> and the <h1> say.
        if og and self._said_elsewhere(shown) and _loose(og) != _loose(shown):
            return shown
        # A kicker set before the headline in the <h1> ("Quote" / Headline): the
        # title chosen is its last part.
        kicked = self._SEPARATORS.split(shown)
        if len(kicked) > 1 and _loose(kicked[-1]) == _loose(chosen):
            return chosen
        # The <h1>, where the title chosen from the declared ones is not og:title
        # whole and does not hold it.
        if self._title_is_not_the_publishers(chosen) and (
            _loose(shown) not in _loose(chosen)
            # "Site | Headline": the headline shown is one of the parts.
            or any(_loose(part) == _loose(shown) for part in self._SEPARATORS.split(chosen))
        ):
            return shown
        return chosen

    def _said_elsewhere(self, headline: str) -> bool:
        """Whether the JSON-LD headline and the ``<title>`` (without its site's name)
        are both ``headline``."""
        ld = _first_str(self.ld_article.get("headline"))
        tag = self._strip_site(self.title_tag) if self.title_tag else None
        return bool(ld and tag) and _loose(ld) == _loose(headline) == _loose(tag or "")

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
                and all(
                    len(p.split()) <= SITE_NAME_WORDS and not self._is_site_name(p)
                    for p in parts[1:]
                )
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
            if h1.casefold() in self.title_tag.casefold() and not self._is_site_name(h1):
                return h1
        if self.title_tag:
            return self._strip_site(self.title_tag)
        return self.h1[0] if self.h1 else ""

    def _is_site_name(self, text: str) -> bool:
        """Whether ``text`` is the site's name (a logo's text), not a headline: written
        as a host, or as og:site_name or the JSON-LD publisher say it."""
        names = (self.meta.get("og:site_name"), self.ld_publisher_name())
        return _written_as_host(text) or _slug(text) in {_slug(n) for n in names if n}

    def _shown_headline(self) -> str | None:
        """The ``<h1>`` the declared titles speak of: the headline as the reader sees it.

        Of the ``<h1>`` elements that are not the site's name (a logo) nor
        too long to be a headline, the one with the largest share of its
        words in the declared titles (og:title, ``<title>``, twitter:title,
        the JSON-LD headline), then covering the most of one of them, wins
        if at least :data:`SHOWN_HEADLINE_SHARE` of its words are there. The
        declared titles often add a site name, a section or a search-engine
        wording that the page itself does not show. A page without such an
        ``<h1>`` may show its headline in an ``<h2>``: the first whose words
        are all in the declared titles.
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
        if not declared or not (self.h1 or self.h2):
            return None
        sites = {_slug(s) for s in (self.meta.get("og:site_name"), self.ld_publisher_name()) if s}
        suffix = self._site_suffix(sites)
        if suffix:
            sites.add(_slug(suffix))
        declared_words = [_word_set(t) for t in declared]
        everything = set().union(*declared_words)

        def fit(h1: str) -> tuple[float, float]:
            own = _word_set(h1)
            share = len(own & everything) / len(own)
            cover = max(len(own & d) / len(d) for d in declared_words if d) if everything else 0
            return share, cover

        def plausible(heading: str) -> bool:
            return (
                len(heading.split()) <= HEADLINE_WORDS
                and bool(_word_set(heading))
                and _slug(heading) not in sites
                and not _written_as_host(heading)
            )

        h1s = [h for h in self.h1 if plausible(h)]
        if h1s:
            best = max(h1s, key=fit)
            if fit(best)[0] >= SHOWN_HEADLINE_SHARE:
                return best
        # No <h1> is the headline (none, a logo, a label): the first <h2> all of
        # whose words, two or more, are in the declared titles.
        return next(
            (h for h in self.h2 if plausible(h) and len(_word_set(h)) >= 2 and fit(h)[0] == 1.0),
            None,
        )

    def _site_suffix(self, sites: set[str]) -> str | None:
        """The last part of the ``<title>`` when it is a site's name: short, and not
        after a first part that is the site's name or its host ("Site | Headline")."""
        parts = self._title_parts()
        if len(parts) < 2 or len(parts[-1].split()) > SITE_NAME_WORDS:
            return None
        if _slug(parts[0]) in sites or _is_host(parts[0]):
            return None
        return parts[-1]

    def description(self) -> str | None:
        """The page's own summary of the article: og:description, else its meta description."""
        return self.meta.get("og:description") or self.meta.get("description")

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

        The date the page shows beside its headline (:func:`~presssearch.extract.dates.shown_date`)
        wins: it is the one its readers see and cite, where the page's markup
        may hold another (a time zone's day, a related article's date, a date
        in a sidebar). Then htmldate's date (:func:`_htmldate`), unless it is the first of
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
        shown = first_date(self.shown_date) if self.shown_date else None
        if shown is not None:
            if (why := _implausible(shown, tomorrow)) is None:
                return shown, tuple(dict.fromkeys(notes))
            notes.append(why)
        found = self.found_date
        if found is not None and (why := _implausible(found, tomorrow)):
            notes.append(why)
        elif found is not None and (found == stated or not self._guessed(found)):
            if stated is not None and found in self._modified_dates() and stated < found:
                return stated, tuple(dict.fromkeys(notes))
            return self._local_day(found), tuple(dict.fromkeys(notes))
        return stated, tuple(dict.fromkeys(notes))

    def _local_day(self, found: dt.date) -> dt.date:
        """``found``, or the day the page's own clock said, where ``found`` is the day in
        UTC of a moment the page also writes in its time zone (03:37 UTC on the 4th
        is 23:37 on the 3rd in New York)."""
        moments = [m for v in self._timestamps() if (m := _moment(v)) is not None]
        for utc in moments:
            if utc.utcoffset() or utc.date() != found:
                continue
            for local in moments:
                if local.utcoffset() and local == utc and local.date() != found:
                    return local.date()
        return found

    def _timestamps(self) -> list[str]:
        """The page's own date statements, as written, in the order they are believed
        (the first plausible one is :meth:`_stated_date`)."""
        return [
            v
            for v in (
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
            )
            if v
        ]

    def _modified_dates(self) -> set[dt.date]:
        """The dates the page states it was last changed on."""
        values = (
            _first_str(self.ld_article.get("dateModified")),
            self.meta.get("article:modified_time"),
            self.meta.get("og:updated_time"),
        )
        return {d for v in values if v and (d := parse_date(v)) is not None}

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
        for value in self._timestamps():
            parsed = parse_date(value)
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


#: The most words of a headline; a longer ``<h1>`` is a standfirst or a page's text.
HEADLINE_WORDS = 30


#: The least share of an ``<h1>``'s words found in the declared titles for it to be the headline.
SHOWN_HEADLINE_SHARE = 0.6


_WORD = re.compile(r"\w+")


# Class words of a kicker inside a heading: the label over the headline, not the headline.
_KICKER_CLASS = re.compile(
    r"(?:^|[\s_-])(?:kicker|toptitle|topline|overline|dachzeile|roofline|supertitle|pretitle|"
    r"eyebrow)(?:$|[\s_-])",
    re.IGNORECASE,
)


def _heading_text(heading: lxml.html.HtmlElement) -> str:
    """A heading's text without the kicker some sites set inside it."""
    parts: list[str] = []

    def walk(el: lxml.html.HtmlElement) -> None:
        if el is not heading and _KICKER_CLASS.search(f"{el.get('class', '')} {el.get('id', '')}"):
            return
        parts.append(el.text or "")
        for child in el:
            if isinstance(child.tag, str):
                walk(child)
            parts.append(child.tail or "")

    walk(heading)
    return _squash("".join(parts))


def _moment(value: str) -> dt.datetime | None:
    """An ISO 8601 date and time with its offset from UTC, or None."""
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _word_set(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


_HOST = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+/?$", re.IGNORECASE)


def _is_host(text: str) -> bool:
    """Whether ``text`` is a host name ("tdg.ch/", "EL.COM"), not a brand ("Sports.fr")."""
    if not _HOST.match(text):
        return False
    return text.islower() or text.isupper() or text.endswith("/") or "://" in text


def _written_as_host(text: str) -> bool:
    """Whether ``text`` is written as a host name, in any case: a site's name or logo
    ("Disfunctions.de", "mediaarchitecture.de //"), never a headline."""
    return bool(_HOST.match(text.rstrip(" /")))


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
