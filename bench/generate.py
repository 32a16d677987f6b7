"""A seeded generator of synthetic multilingual news, for the benchmark.

Writes ``COUNT`` articles in English, Spanish and French (about a third
each, 300 to 900 words) as saved web pages of thirty invented outlets: five
page layouts with navigation, cookie banners, related-link boxes, share
buttons, newsletter forms, footers, inline scripts and styles, and metadata
in Open Graph tags, JSON-LD and ``<time>`` elements, over two years of
dates. ``--format txt`` writes the same articles as clean text instead (title
line, blank line, paragraphs), ``--format both`` both, in ``html/`` and
``txt/`` below ``--out``.

The text is built from the word lists and templates of ``newsvocab.py``:
sentences with subjects, verbs, objects, places, people, numbers and dates,
drawn with Zipf-like weights, plus a long tail of invented place and company
names. Every article is a function of ``(seed, number)`` alone, so the
output is the same for a seed whatever ``--jobs``. Files go in folders of
1,000 (``0000/``, ``0001/``, ...), and ``manifest.jsonl`` lists the
articles with their language, topic, outlet and date.

    python bench/generate.py --count 10000 --out /tmp/news --format html --seed 1
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import multiprocessing
import os
import random
import re
import sys
import time
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from pathlib import Path

from newsvocab import COMPANY_FORMS, LANG_DATA, OUTLETS, SYLLABLES, TOPICS

__all__ = [
    "LANGS",
    "Article",
    "article",
    "article_html",
    "article_text",
    "query_vocabulary",
    "write_corpus",
]

LANGS = ("en", "es", "fr")
FORMATS = ("html", "txt")
PER_FOLDER = 1000
FIRST_DAY = dt.date(2023, 1, 1)
DAYS = 730  # about two years of coverage
MIN_WORDS, MAX_WORDS = 300, 900
INVENTED_NAMES = 3000  # per language: the long tail of place and company names
MANIFEST = "manifest.jsonl"


# ---------------------------------------------------------------------------
# Weighted choice


class Zipf:
    """Items drawn with weight 1 / rank ** exponent: the first is the most frequent."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, items: Sequence, exponent: float = 1.0) -> None:
        if not items:
            raise ValueError("no items to choose from")
        self.items = list(items)
        self.cum = list(accumulate(1.0 / (rank**exponent) for rank in range(1, len(items) + 1)))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random):  # type: ignore[no-untyped-def]
        return self.items[bisect_right(self.cum, rng.random() * self.total)]


# ---------------------------------------------------------------------------
# Vocabulary of one language


@dataclass(frozen=True)
class NounPhrase:
    text: str
    gender: str = "m"  # "m" or "f"
    plural: bool = False


@dataclass(frozen=True)
class Verb:
    inf: str
    pres: str
    past: str
    part: str


def _noun_phrase(entry: str) -> NounPhrase:
    tag, sep, text = entry.partition(":")
    if not sep or " " in tag:
        return NounPhrase(entry)
    return NounPhrase(text, gender="f" if tag.startswith("f") else "m", plural=tag.endswith("p"))


def _en_s(base: str) -> str:
    if base.endswith(("s", "sh", "ch", "x", "z", "o")):
        return base + "es"
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return base[:-1] + "ies"
    return base + "s"


def _en_ed(base: str) -> str:
    if base.endswith("e"):
        return base + "d"
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return base[:-1] + "ied"
    if base in ("ban", "plan", "stop", "drop"):
        return base + base[-1] + "ed"
    return base + "ed"


def _verb(lang: str, entry: str) -> Verb:
    forms = entry.split(",")
    if lang == "en":
        base = forms[0]
        past = forms[1] if len(forms) > 1 else _en_ed(base)
        part = forms[2] if len(forms) > 2 else past
        return Verb(base, _en_s(base), past, part)
    if lang == "es":
        inf, pres, past, part = forms
        return Verb(inf, pres, past, part)
    inf, pres, part = forms
    return Verb(inf, pres, f"a {part}", part)


def _gendered(entry: str) -> tuple[str, str]:
    masc, _, fem = entry.partition("|")
    return masc, fem or masc


@dataclass
class TopicVocab:
    np: Zipf
    verbs: Zipf
    roles: Zipf
    inst: Zipf
    units: Zipf
    all_np: list[NounPhrase]
    all_verbs: list[Verb]


def _invented_names(lang: str, seed: int) -> list[str]:
    start, middle, end = SYLLABLES[lang]
    rng = random.Random(f"names-{lang}-{seed}")
    combos = sorted({a + b + c for a in start for b in middle for c in end})
    rng.shuffle(combos)
    return [name[0].upper() + name[1:] for name in combos[:INVENTED_NAMES]]


class Language:
    """The vocabulary, templates and page furniture of one language."""

    def __init__(self, code: str, seed: int) -> None:
        topics, words, templates, headlines, quotes, boiler = LANG_DATA[code]
        self.code = code
        self.topics: dict[str, TopicVocab] = {}
        for name, vocab in topics.items():
            nps = [_noun_phrase(e) for e in vocab["np"]]
            verbs = [_verb(code, e) for e in vocab["verbs"]]
            self.topics[name] = TopicVocab(
                np=Zipf(nps, 0.9),
                verbs=Zipf(verbs, 0.8),
                roles=Zipf([_gendered(r) for r in vocab["roles"]]),
                inst=Zipf(vocab["inst"]),
                units=Zipf(vocab["units"]),
                all_np=nps,
                all_verbs=verbs,
            )
        self.first = {"m": Zipf(words["first_m"], 0.7), "f": Zipf(words["first_f"], 0.7)}
        self.surnames = Zipf(words["surnames"], 0.8)
        self.cities = Zipf(words["cities"], 1.0)
        self.invented = Zipf(_invented_names(code, seed), 1.05)
        self.reporting = Zipf(words["reporting"])
        self.times = Zipf(words["times"], 0.8)
        self.connectives = Zipf(words["connectives"], 0.8)
        self.extras = Zipf(words["extras"], 0.8)
        self.adjectives = Zipf([_gendered(a) for a in words["adjectives"]], 0.8)
        self.soon = Zipf(words["soon"])
        self.gaps = Zipf(words["gaps"])
        self.subheads = Zipf(words["subheads"], 0.5)
        self.months = words["months"]
        self.templates = [_compile(t) for t in templates]
        self.template_pick = Zipf(self.templates, 0.6)
        self.headlines = [_compile(t) for t in headlines]
        self.quotes = [_compile(t) for t in quotes]
        self.companies = COMPANY_FORMS[code]
        self.boiler = boiler
        self.fix = _FIXES[code]


_SLOT = re.compile(r"\{(\w+)\}")


def _compile(template: str) -> list[str]:
    """Alternating literal text and slot names (odd positions)."""
    return _SLOT.split(template)


# Elision and contraction, applied to every French sentence.
_FR_ELISION = re.compile(r"\b(de|que|le|la|ne|se|je) (?=[aeiouyâàéèêîôûœAEIOUYÂÀÉÈÊÎÔÛ])")
_FR_CONTRACTIONS = (
    (re.compile(r"\bde le "), "du "),
    (re.compile(r"\bde les "), "des "),
    (re.compile(r"\bà le "), "au "),
    (re.compile(r"\bà les "), "aux "),
    (re.compile(r"\bde des "), "de "),
    (re.compile(r"\bà Le "), "au "),
)
_ES_CONTRACTIONS = ((re.compile(r"\bde el "), "del "), (re.compile(r"\ba el "), "al "))
_EN_ARTICLE = re.compile(r"\b([Aa]) (?=[aeiouAEIOU])")


def _fix_fr(text: str) -> str:
    text = _FR_ELISION.sub(lambda m: m.group(1)[0] + ("u'" if m.group(1) == "que" else "'"), text)
    for pattern, repl in _FR_CONTRACTIONS:
        text = pattern.sub(repl, text)
    return text


def _fix_es(text: str) -> str:
    for pattern, repl in _ES_CONTRACTIONS:
        text = pattern.sub(repl, text)
    return text


def _fix_en(text: str) -> str:
    return _EN_ARTICLE.sub(lambda m: m.group(1) + "n ", text)


_FIXES: dict[str, Callable[[str], str]] = {"en": _fix_en, "es": _fix_es, "fr": _fix_fr}


@cache
def language(code: str, seed: int) -> Language:
    return Language(code, seed)


# ---------------------------------------------------------------------------
# Outlets


@dataclass
class Outlet:
    name: str
    slug: str
    domain: str
    lang: str
    layout: int
    og: bool
    json_ld: bool
    time_tag: bool
    meta_author: bool
    separator: str
    authors: list[str]
    css: str
    js: str
    sections: list[str]


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


_CSS_WORDS = (
    "header nav menu item link logo title meta byline share footer grid col row card teaser"
    " media caption button icon wrapper container content body main sidebar widget promo"
    " label badge list banner modal overlay hero section"
).split()
_CSS_PROPS = (
    "margin padding color background font-size line-height border display width max-width"
    " letter-spacing text-transform z-index opacity gap"
).split()


def _css(rng: random.Random, size: int) -> str:
    out: list[str] = []
    length = 0
    while length < size:
        selector = "." + "-".join(rng.choice(_CSS_WORDS) for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.3:
            selector += f" .{rng.choice(_CSS_WORDS)}"
        decls = "; ".join(
            f"{rng.choice(_CSS_PROPS)}: {rng.randint(0, 48)}px" if rng.random() < 0.6 else
            f"{rng.choice(_CSS_PROPS)}: #{rng.getrandbits(24):06x}"
            for _ in range(rng.randint(2, 6))
        )  # fmt: skip
        rule = f"{selector} {{ {decls} }}\n"
        out.append(rule)
        length += len(rule)
    return "".join(out)


def _js(rng: random.Random, size: int, domain: str) -> str:
    names = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(1, 3)))
        for _ in range(40)
    ]
    out = [
        "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
        f"gtag('js',new Date());gtag('config','G-{rng.getrandbits(32):08X}');"
    ]
    length = len(out[0])
    while length < size:
        a, b, c = rng.choice(names), rng.choice(names), rng.choice(names)
        piece = rng.choice(
            [
                f"var {a}=function({b},{c}){{return {b}&&{b}.{c}?{b}.{c}:{rng.randint(0, 999)}}};",
                f"{a}.prototype.{b}=function(){{this.{c}=[];for(var i=0;i<{rng.randint(2, 64)};"
                f"i++)this.{c}.push(i*{rng.randint(2, 9)})}};",
                f'{a}["{b}"]={{url:"https://cdn.{domain}/assets/{b}.{rng.getrandbits(32):08x}.js",'
                f"async:!0,slot:{rng.randint(1, 12)}}};",
                f"if(typeof {a}!=='undefined'){{{a}.init({{id:'{rng.getrandbits(40):010x}',"
                f"lazy:{rng.choice(['!0', '!1'])}}})}}",
            ]
        )
        out.append(piece)
        length += len(piece)
    return "".join(out)


@cache
def outlets(seed: int) -> dict[str, list[Outlet]]:
    """The thirty outlets, ten per language, each with its own page template."""
    found: dict[str, list[Outlet]] = {}
    for lang in LANGS:
        vocab = language(lang, seed)
        found[lang] = []
        for k, name in enumerate(OUTLETS[lang]):
            rng = random.Random(f"outlet-{seed}-{lang}-{k}")
            slug = _slug(name)
            domain = f"www.{slug.replace('-', '')}.example"
            og = rng.random() < 0.8
            json_ld = rng.random() < 0.6
            time_tag = rng.random() < 0.7 or not (og or json_ld)
            authors = []
            for _ in range(15):
                gender = rng.choice("mf")
                authors.append(f"{vocab.first[gender](rng)} {vocab.surnames(rng)}")
            sections = list(vocab.boiler["sections"])
            rng.shuffle(sections)
            found[lang].append(
                Outlet(
                    name=name,
                    slug=slug,
                    domain=domain,
                    lang=lang,
                    layout=k % 5,
                    og=og,
                    json_ld=json_ld,
                    time_tag=time_tag,
                    meta_author=rng.random() < 0.5,
                    separator=rng.choice([" | ", " - ", " — ", " · "]),
                    authors=authors,
                    css=_css(rng, rng.randint(2500, 12000)),
                    js=_js(rng, rng.randint(3000, 20000), domain),
                    sections=sections[: rng.randint(7, 12)],
                )
            )
    return found


# Bigger outlets publish more.
_OUTLET_PICK = Zipf(list(range(10)), 0.7)


# ---------------------------------------------------------------------------
# Articles


@dataclass(frozen=True)
class Article:
    """One generated article: what the pages show and what the manifest records."""

    number: int
    lang: str
    topic: str
    outlet: Outlet
    published: dt.datetime
    author: str
    title: str
    description: str
    blocks: list[tuple[str, str]]  # ("p" | "h2" | "q", text)
    words: int
    section: str
    tags: list[str] = field(default_factory=list)

    @property
    def folder(self) -> str:
        return f"{self.number // PER_FOLDER:04d}"

    @property
    def stem(self) -> str:
        return f"{self.outlet.slug}-{self.number:07d}"

    @property
    def url(self) -> str:
        return f"https://{self.outlet.domain}/{_slug(self.section)}/{self.published:%Y/%m/%d}/{_slug(self.title)[:80]}-{self.number}"


@dataclass
class _Person:
    name: str
    surname: str
    role: str
    mentioned: bool = False


class _Story:
    """The state of one article being written: its people, place and focus."""

    def __init__(self, rng: random.Random, vocab: Language, topic: str, year: int) -> None:
        self.rng = rng
        self.vocab = vocab
        self.topic = topic
        self.tv = vocab.topics[topic]
        self.year = year
        self.people = [self._person() for _ in range(rng.randint(2, 3))]
        self.city = self._city()
        self.focus = self.tv.np(rng)
        self.company = rng.choice(vocab.companies).format(vocab.invented(rng))
        self.last_np = self.focus
        self.headline = False
        self.slots: dict[str, Callable[[], str]] = {
            "S": self.subject,
            "S2": self.subject,
            "PS": self.person_subject,
            "PN": self.person_name,
            "I": self.institution,
            "IC": lambda: _cap(self.institution()),
            "V": lambda: self.verb().past,
            "VP": lambda: self.verb().part,
            "VI": lambda: self.verb().inf,
            "VH": lambda: self.verb().pres,
            "VPA": self.agreeing_participle,
            "O": self.object,
            "O2": self.object,
            "OC": lambda: _cap(self.object()),
            "OH": self.headline_object,
            "OHC": lambda: _cap(self.headline_object()),
            "HS": self.headline_subject,
            "R": lambda: self.vocab.reporting(self.rng),
            "T": lambda: self.vocab.times(self.rng),
            "K": lambda: self.vocab.connectives(self.rng),
            "X": self.extra,
            "L": self.place,
            "LC": lambda: _cap(self.place()),
            "C": self._city,
            "N": self.number,
            "U": lambda: self.tv.units(self.rng),
            "PCT": self.percent,
            "Y": lambda: str(self.year - self.rng.randint(1, 6)),
            "G": lambda: self.vocab.gaps(self.rng),
            "SOON": lambda: self.vocab.soon(self.rng),
            "BE": self.be,
            "FUT": self.future,
            "A": self.adjective,
            "AM": lambda: self.vocab.adjectives(self.rng)[0],
            "AA": self.adjective_with_article,
        }

    # -- entities ------------------------------------------------------------

    def _person(self) -> _Person:
        rng, vocab = self.rng, self.vocab
        gender = "f" if rng.random() < 0.45 else "m"
        surname = vocab.surnames(rng) if rng.random() < 0.85 else vocab.invented(rng)
        full = surname
        if vocab.code == "es" and rng.random() < 0.5:
            full = f"{surname} {vocab.surnames(rng)}"
        masc, fem = self.tv.roles(rng)
        return _Person(
            f"{vocab.first[gender](rng)} {full}", surname, fem if gender == "f" else masc
        )

    def _city(self) -> str:
        return (
            self.vocab.cities(self.rng)
            if self.rng.random() < 0.75
            else self.vocab.invented(self.rng)
        )

    def _topic_vocab(self) -> TopicVocab:
        if self.rng.random() < 0.12:
            return self.vocab.topics[self.rng.choice(TOPICS)]
        return self.tv

    # -- slots -----------------------------------------------------------------

    def person_subject(self) -> str:
        person = self.people[0] if self.rng.random() < 0.6 else self.rng.choice(self.people)
        if self.headline:
            return person.name
        if person.mentioned:
            return person.surname
        person.mentioned = True
        return f"{person.name}, {person.role},"

    def person_name(self) -> str:
        person = self.people[0] if self.rng.random() < 0.6 else self.rng.choice(self.people)
        if self.headline:
            return person.name
        if person.mentioned:
            return person.surname
        person.mentioned = True
        return person.name

    def institution(self) -> str:
        return self._topic_vocab().inst(self.rng)

    def subject(self) -> str:
        r = self.rng.random()
        if r < 0.45:
            return self.person_subject()
        if r < 0.87:
            return self.institution()
        return self.company

    def headline_subject(self) -> str:
        r = self.rng.random()
        if r < 0.3:
            return self.people[0].surname
        if r < 0.85:
            inst = self.tv.inst(self.rng)
            if self.vocab.code == "en":
                inst = inst.removeprefix("the ")
            return inst
        return self.company

    def verb(self) -> Verb:
        return self._topic_vocab().verbs(self.rng)

    def object(self) -> str:
        np = self.focus if self.rng.random() < 0.3 else self._topic_vocab().np(self.rng)
        self.last_np = np
        return np.text

    def headline_object(self) -> str:
        text = self.object()
        for article in ("the ", "a ", "an "):
            if text.startswith(article):
                return text[len(article) :]
        return text

    def agreeing_participle(self) -> str:
        return _agree(self.vocab.code, self.verb().part, self.last_np)

    def be(self) -> str:
        plural = self.last_np.plural
        return {"en": ("is", "are"), "es": ("es", "son"), "fr": ("est", "sont")}[self.vocab.code][
            plural
        ]

    def future(self) -> str:
        plural = self.last_np.plural
        return {"es": ("será", "serán"), "fr": ("sera", "seront")}.get(
            self.vocab.code, ("will be", "will be")
        )[plural]

    def adjective(self) -> str:
        masc, fem = self.vocab.adjectives(self.rng)
        if self.vocab.code == "en":
            return masc
        word = fem if self.last_np.gender == "f" else masc
        if self.vocab.code == "es" and self.last_np.gender == "f" and masc == fem:
            word = masc[:-1] + "a" if masc.endswith("o") else masc
        if self.last_np.plural:
            word = _plural(self.vocab.code, word)
        return word

    def adjective_with_article(self) -> str:
        word = self.vocab.adjectives(self.rng)[0]
        return ("an " if word[0] in "aeiou" else "a ") + word

    def extra(self) -> str:
        if self.rng.random() < 0.6:
            return ""
        text = self.vocab.extras(self.rng)
        if "{" in text:
            text = text.replace("{Y}", str(self.year - self.rng.randint(1, 15)))
            text = text.replace("{C}", self._city())
        return ", " + text

    def place(self) -> str:
        city = self.city if self.rng.random() < 0.5 else self._city()
        return {"en": "in ", "es": "en ", "fr": "à "}[self.vocab.code] + city

    def number(self) -> str:
        r = self.rng.random()
        if r < 0.55:
            value = self.rng.randint(2, 99)
        elif r < 0.85:
            value = self.rng.randint(100, 999)
        else:
            value = self.rng.randint(10, 999) * 100
        text = f"{value:,}"
        if self.vocab.code == "es":
            text = text.replace(",", ".")
        elif self.vocab.code == "fr":
            text = text.replace(",", "\u202f")
        return text

    def percent(self) -> str:
        value = self.rng.randint(2, 250) / 10
        if self.vocab.code == "en":
            return f"{value} percent" if self.rng.random() < 0.5 else f"{value}%"
        return f"{value}".replace(".", ",") + " %"

    # -- text --------------------------------------------------------------------

    def fill(self, template: list[str]) -> str:
        out = []
        slots = self.slots
        for k, part in enumerate(template):
            out.append(slots[part]() if k % 2 else part)
        return self.vocab.fix("".join(out))

    def sentence(self) -> str:
        return _cap(self.fill(self.vocab.template_pick(self.rng)))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _plural(lang: str, word: str) -> str:
    if word.endswith(("s", "x")):
        return word
    if lang == "es" and word[-1] not in "aeiouáéíóú":
        return word + "es"
    if lang == "fr" and word.endswith("al"):
        return word[:-2] + "aux"
    return word + "s"


def _agree(lang: str, part: str, np: NounPhrase) -> str:
    if lang == "en":
        return part
    if np.gender == "f":
        part = part[:-1] + "a" if lang == "es" and part.endswith("o") else part
        if lang == "fr":
            part += "e"
    return _plural(lang, part) if np.plural else part


def _year_day(rng: random.Random) -> dt.datetime:
    day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    return dt.datetime(day.year, day.month, day.day, rng.randint(5, 22), rng.randrange(60))


def headline(story: _Story) -> str:
    story.headline = True
    try:
        text = story.fill(story.rng.choice(story.vocab.headlines))
    finally:
        story.headline = False
    return _cap(text)


def article(number: int, seed: int) -> Article:
    """Article ``number`` of the collection ``seed``: the same every time."""
    rng = random.Random(seed * 1_000_003 + number)
    lang = LANGS[rng.randrange(3)]
    vocab = language(lang, seed)
    outlet = outlets(seed)[lang][_OUTLET_PICK(rng)]
    topic = rng.choice(TOPICS)
    published = _year_day(rng)
    story = _Story(rng, vocab, topic, published.year)
    title = headline(story)
    target = rng.randint(MIN_WORDS, MAX_WORDS)
    blocks: list[tuple[str, str]] = []
    words = 0
    subheads = rng.random() < 0.4
    quote_at = rng.randint(2, 6) if rng.random() < 0.3 else -1
    description = ""
    paragraph = 0
    while words < target:
        if subheads and paragraph and paragraph % rng.randint(3, 5) == 0:
            head = vocab.subheads(rng) if rng.random() < 0.7 else _cap(story.object())
            blocks.append(("h2", head))
            words += head.count(" ") + 1
        if paragraph == quote_at:
            text = story.fill(rng.choice(vocab.quotes))
            quote = {
                "en": f"“{_cap(text)}.”",
                "es": f"«{_cap(text)}».",
                "fr": f"« {_cap(text)}. »",
            }[lang]
            blocks.append(("q", quote))
            words += quote.count(" ") + 1
        sentences = [story.sentence() for _ in range(rng.randint(2, 5))]
        text = " ".join(sentences)
        if not description:
            description = sentences[0]
        blocks.append(("p", text))
        words += text.count(" ") + 1
        paragraph += 1
    section = outlet.sections[TOPICS.index(topic) % len(outlet.sections)]
    tags = [story.city, story.people[0].name, story.company]
    return Article(
        number=number,
        lang=lang,
        topic=topic,
        outlet=outlet,
        published=published,
        author=rng.choice(outlet.authors),
        title=title,
        description=description,
        blocks=blocks,
        words=words,
        section=section,
        tags=tags,
    )


def related_headlines(art: Article, seed: int, count: int) -> list[tuple[str, str]]:
    """Headlines and links of other stories, for the boxes around the article."""
    rng = random.Random(seed * 7_000_003 + art.number)
    vocab = language(art.lang, seed)
    found = []
    for _ in range(count):
        story = _Story(rng, vocab, rng.choice(TOPICS), art.published.year)
        text = headline(story)
        found.append(
            (text, f"https://{art.outlet.domain}/{_slug(text)[:70]}-{rng.getrandbits(24)}")
        )
    return found


# ---------------------------------------------------------------------------
# Output: clean text


def article_text(art: Article) -> str:
    """The article as a clean text file: title, blank line, paragraphs."""
    return art.title + "\n\n" + "\n\n".join(text for _, text in art.blocks) + "\n"


# ---------------------------------------------------------------------------
# Output: HTML

_HUMAN_DATE = {
    "en": lambda d, months: f"{months[d.month - 1]} {d.day}, {d.year}",
    "es": lambda d, months: f"{d.day} de {months[d.month - 1]} de {d.year}",
    "fr": lambda d, months: f"{d.day} {months[d.month - 1]} {d.year}",
}
_TZ = {"en": "+00:00", "es": "+01:00", "fr": "+01:00"}


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _head(art: Article, iso: str, vocab: Language) -> str:
    o = art.outlet
    title = art.title
    parts = [
        "<!DOCTYPE html>\n",
        f'<html lang="{art.lang}" class="no-js">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{html.escape(title)}{o.separator}{html.escape(o.name)}</title>\n",
        f'<meta name="description" content="{_attr(art.description)}">\n',
        f'<link rel="canonical" href="{art.url}">\n',
    ]
    if o.meta_author:
        parts.append(f'<meta name="author" content="{_attr(art.author)}">\n')
    if o.og:
        parts.append(
            f'<meta property="og:type" content="article">\n'
            f'<meta property="og:title" content="{_attr(title)}">\n'
            f'<meta property="og:description" content="{_attr(art.description)}">\n'
            f'<meta property="og:site_name" content="{_attr(o.name)}">\n'
            f'<meta property="og:url" content="{art.url}">\n'
            f'<meta property="og:image" content="https://{o.domain}/img/{art.number}.jpg">\n'
            f'<meta property="article:published_time" content="{iso}">\n'
            f'<meta property="article:section" content="{_attr(art.section)}">\n'
        )
    parts.append(
        f'<meta name="twitter:card" content="summary_large_image">\n'
        f'<meta name="twitter:site" content="@{o.slug.replace("-", "")}">\n'
        f'<link rel="stylesheet" href="https://{o.domain}/static/main.{o.slug[:6]}.css">\n'
        f'<link rel="icon" href="https://{o.domain}/favicon.ico">\n'
    )
    if o.json_ld:
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": iso,
            "dateModified": iso,
            "author": {"@type": "Person", "name": art.author},
            "publisher": {
                "@type": "NewsMediaOrganization",
                "name": o.name,
                "logo": {"@type": "ImageObject", "url": f"https://{o.domain}/logo.png"},
            },
            "mainEntityOfPage": art.url,
            "inLanguage": art.lang,
            "articleSection": art.section,
            "keywords": art.tags,
        }
        parts.append(
            '<script type="application/ld+json">'
            + json.dumps(ld, ensure_ascii=False)
            + "</script>\n"
        )
    parts.append(f"<style>\n{o.css}</style>\n<script>{o.js}</script>\n</head>\n")
    return "".join(parts)


def _nav(o: Outlet, cls: str) -> str:
    items = "".join(f'<li><a href="/{_slug(s)}/">{s}</a></li>' for s in o.sections)
    return f'<nav class="{cls}" aria-label="main"><ul>{items}</ul></nav>'


def _cookie(b: dict) -> str:
    return (
        '<div id="cookie-consent" class="cookie-banner" role="dialog">'
        f'<p>{b["cookie"]}</p><button class="btn accept">{b["accept"]}</button>'
        f'<button class="btn settings">{b["settings"]}</button></div>\n'
    )


def _links_box(cls: str, heading: str, links: list[tuple[str, str]], tag: str = "aside") -> str:
    items = "".join(f'<li><a href="{href}">{text}</a></li>' for text, href in links)
    return f'<{tag} class="{cls}"><h3>{heading}</h3><ul>{items}</ul></{tag}>\n'


def _share(b: dict, url: str) -> str:
    return (
        f'<div class="share-buttons"><span>{b["share"]}</span>'
        f'<a class="share facebook" href="https://www.facebook.com/sharer.php?u={url}">Facebook</a>'
        f'<a class="share x" href="https://x.com/intent/post?url={url}">X</a>'
        f'<a class="share whatsapp" href="whatsapp://send?text={url}">WhatsApp</a>'
        f'<a class="share email" href="mailto:?body={url}">Email</a></div>\n'
    )


def _newsletter(b: dict, o: Outlet) -> str:
    return (
        f'<form class="newsletter-signup" action="https://{o.domain}/newsletter" method="post">'
        f'<p>{b["newsletter"]}</p><input type="email" placeholder="{b["email"]}">'
        f'<button type="submit">{b["subscribe"]}</button></form>\n'
    )


def _footer(b: dict, o: Outlet, year: int) -> str:
    links = "".join(f'<li><a href="/{_slug(t)}/">{t}</a></li>' for t in b["footer"])
    return (
        f'<footer class="site-footer"><ul class="footer-links">{links}</ul>'
        f"<p>© {year} {o.name}. {b['rights']}</p></footer>\n"
    )


def _state(art: Article) -> str:
    state = {
        "article": {
            "id": art.number,
            "section": art.section,
            "tags": art.tags,
            "teaser": art.description,
            "ads": [f"slot-{k}" for k in range(6)],
            "paywall": False,
        }
    }
    return f"<script>window.__INITIAL_STATE__={json.dumps(state, ensure_ascii=False)};</script>\n"


def _body_blocks(
    art: Article, rng: random.Random, read_also: list[tuple[str, str]], b: dict
) -> str:
    out = []
    inserted = 0
    for k, (kind, text) in enumerate(art.blocks):
        if kind == "h2":
            out.append(f"<h2>{text}</h2>\n")
        elif kind == "q":
            out.append(f"<blockquote><p>{text}</p></blockquote>\n")
        else:
            if rng.random() < 0.12 and art.tags[0] in text:
                city = art.tags[0]
                text = text.replace(city, f'<a href="/tag/{_slug(city)}/">{city}</a>', 1)
            out.append(f"<p>{text}</p>\n")
        if read_also and k in (3, 8) and inserted < len(read_also):
            title, href = read_also[inserted]
            out.append(
                f'<p class="read-more"><strong>{b["read_also"]}</strong>'
                f' <a href="{href}">{title}</a></p>\n'
            )
            inserted += 1
        if k == 5:
            out.append(f'<div class="ad-slot" id="ad-inread-1"><span>{b["ad"]}</span></div>\n')
    return "".join(out)


def article_html(art: Article, seed: int) -> str:
    """The article as a saved page of its outlet, boilerplate included."""
    o = art.outlet
    vocab = language(art.lang, seed)
    b = vocab.boiler
    rng = random.Random(seed * 5_000_011 + art.number)
    iso = art.published.strftime("%Y-%m-%dT%H:%M:00") + _TZ[art.lang]
    human = _HUMAN_DATE[art.lang](art.published, vocab.months)
    related = related_headlines(art, seed, 11)
    time_el = f'<time datetime="{iso}">{human}</time>' if o.time_tag else f"<span>{human}</span>"
    byline = (
        f'<span class="byline">{b["by"]} <a rel="author"'
        f' href="/author/{_slug(art.author)}/">{art.author}</a></span>'
    )
    body = _body_blocks(art, rng, related[9:], b)
    head = _head(art, iso, vocab)
    cookie = _cookie(b)
    nav = _nav(o, "main-nav")
    share = _share(b, art.url)
    footer = _footer(b, o, art.published.year)
    newsletter = _newsletter(b, o)
    rel = _links_box("related-links", b["related"], related[:5])
    most = _links_box("sidebar most-read", b["most_read"], related[5:9])
    logo = (
        f'<a class="logo" href="/"><img src="https://{o.domain}/logo.svg"'
        f' alt="{_attr(o.name)}"></a>'
    )
    tail = (
        f'<script src="https://{o.domain}/static/app.{art.number % 97}.js" defer></script>\n'
        + _state(art)
    )
    if o.layout == 0:  # WordPress-like: semantic article, entry-content, aside boxes
        page = (
            '<body class="single post-template">'
            f'<a class="skip-link" href="#content">{b["skip"]}</a>\n'
            f'{cookie}<header class="site-header">{logo}{nav}</header>\n'
            f'<main id="content"><article class="post">\n'
            f'<h1 class="entry-title">{art.title}</h1>\n'
            f'<div class="entry-meta">{byline} {time_el}</div>\n'
            f'<div class="entry-content">\n{body}</div>\n{share}{rel}</article></main>\n'
            f"{most}{newsletter}{footer}{tail}</body></html>\n"
        )
    elif o.layout == 1:  # div soup: no article element, story text in a column
        page = (
            '<body><div id="wrapper">'
            f'<div class="top-bar"><a href="/login">{b["login"]}</a></div>\n'
            f'{cookie}<div class="masthead">{logo}</div>{_nav(o, "menu-principal")}\n'
            f'<div class="layout"><div class="col-8"><div class="story">\n'
            f'<h1 class="story-title">{art.title}</h1>\n'
            f'<div class="story-info">{byline} · {time_el}</div>\n'
            f'<div class="story-text">\n{body}</div>{share}</div>\n'
            f'<div class="comments-box"><h4>{b["comments"]} (0)</h4></div></div>\n'
            f'<div class="col-4 rail">{most}{rel}</div></div>\n'
            f"{newsletter}{footer}</div>{tail}</body></html>\n"
        )
    elif o.layout == 2:  # schema.org microdata, articleBody
        page = (
            f'<body>{cookie}<div class="header-wrap">{logo}{nav}</div>\n'
            f'<div class="container"><div itemscope itemtype="https://schema.org/NewsArticle">\n'
            f'<h1 itemprop="headline">{art.title}</h1>\n'
            f'<p class="article-meta"><span itemprop="author">{art.author}</span> {time_el}</p>\n'
            f'<div itemprop="articleBody">\n{body}</div>\n{share}</div>\n'
            f"{_links_box('related', b['related'], related[:5], 'div')}"
            f"{_links_box('most-read', b['most_read'], related[5:9], 'div')}</div>\n"
            f"{newsletter}{footer}{tail}</body></html>\n"
        )
    elif o.layout == 3:  # modern: main role, section, figure, promo boxes
        figure = (
            f'<figure><img src="https://{o.domain}/img/{art.number}.jpg" alt="">'
            f"<figcaption>{art.tags[0]}. {art.author}</figcaption></figure>\n"
        )
        page = (
            f'<body><header>{logo}{nav}<button class="search">🔍</button></header>\n{cookie}'
            f'<div role="main"><section class="article-header">\n'
            f'<h1>{art.title}</h1><p class="standfirst">{art.description}</p>\n'
            f'<div class="byline">{art.author} {time_el}</div></section>\n{figure}'
            f'<section class="article-body">\n{body}</section>\n{share}'
            f'<div class="promo newsletter-box">{newsletter}</div></div>\n'
            f"{rel}{most}{footer}{tail}</body></html>\n"
        )
    else:  # legacy: tables and <br> instead of paragraphs
        legacy_body = "<br><br>\n".join(text for _, text in art.blocks)
        page = (
            f'<body bgcolor="#ffffff">{cookie}<table width="100%">'
            f'<tr><td colspan="2">{logo}</td></tr>\n'
            f'<tr><td class="menu" width="180">{nav}</td>\n'
            f'<td class="content"><font size="5"><b>{art.title}</b></font><br>\n'
            f'<font size="2">{art.author} - {time_el}</font><br><br>\n'
            f"{legacy_body}\n</td></tr>\n"
            f'<tr><td colspan="2" class="links">{rel}{most}</td></tr></table>\n'
            f"{footer}{tail}</body></html>\n"
        )
    return head + page


# ---------------------------------------------------------------------------
# Query vocabulary


def query_vocabulary(lang: str, seed: int) -> dict[str, list[str]]:
    """Words and phrases of ``lang`` as they occur in the generated text.

    ``words``: content words of the noun phrases and verbs, plus cities,
    surnames and invented names; ``phrases``: runs of two or three words
    that occur in that order in the text (noun phrases, full names).
    """
    vocab = language(lang, seed)
    stop = {
        "the", "a", "an", "of", "to", "in", "on", "el", "la", "los", "las", "un", "una",
        "de", "del", "en", "le", "les", "des", "du", "au", "aux", "une", "sur", "à", "y",
        "et", "and", "for", "contra", "sobre", "por", "para",
    }  # fmt: skip
    words: dict[str, None] = {}
    phrases: dict[str, None] = {}
    word_re = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
    for topic in vocab.topics.values():
        for np in topic.all_np:
            tokens = word_re.findall(np.text)
            for t in tokens:
                if t.lower() not in stop and len(t) > 2 and "'" not in t:
                    words[t.lower()] = None
            content = np.text.split(" ", 1)[-1] if " " in np.text else np.text
            span = content.split()
            if 2 <= len(span) <= 3 and "'" not in content:
                phrases[content] = None
        for verb in topic.all_verbs:
            words[verb.past.split()[-1]] = None
            words[verb.inf] = None
    for city in vocab.cities.items:
        words[city.split()[0]] = None
    for surname in vocab.surnames.items[:60]:
        words[surname] = None
    rng = random.Random(f"query-names-{lang}-{seed}")
    for _ in range(40):
        words[vocab.invented(rng)] = None
    for _ in range(20):
        phrases[f"{vocab.first[rng.choice('mf')](rng)} {vocab.surnames(rng)}"] = None
    return {"words": list(words), "phrases": list(phrases)}


# ---------------------------------------------------------------------------
# Writing a collection


def _write_folder(job: tuple[int, int, int, str, tuple[str, ...]]) -> list[str]:
    folder_number, count, seed, out, formats = job
    start = folder_number * PER_FOLDER
    stop = min(count, start + PER_FOLDER)
    lines = []
    multi = len(formats) > 1
    for number in range(start, stop):
        art = article(number, seed)
        for fmt in formats:
            base = Path(out, fmt) if multi else Path(out)
            folder = base / art.folder
            folder.mkdir(parents=True, exist_ok=True)
            content = article_html(art, seed) if fmt == "html" else article_text(art)
            (folder / f"{art.stem}.{fmt}").write_text(content, encoding="utf-8")
        lines.append(
            json.dumps(
                {
                    "id": f"{art.folder}/{art.stem}",
                    "lang": art.lang,
                    "topic": art.topic,
                    "outlet": art.outlet.name,
                    "date": art.published.date().isoformat(),
                    "title": art.title,
                    "words": art.words,
                },
                ensure_ascii=False,
            )
        )
    return lines


def write_corpus(
    out: str | os.PathLike[str],
    count: int,
    *,
    seed: int = 1,
    formats: Sequence[str] = ("html",),
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> Path:
    """Write ``count`` articles under ``out``; returns the manifest's path.

    With one format the files go straight into ``out``; with several, into
    ``out/html`` and ``out/txt``.
    """
    for fmt in formats:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
    out_path = Path(out)
    out_path.mkdir(parents=True, exist_ok=True)
    folders = (count + PER_FOLDER - 1) // PER_FOLDER
    tasks = [(k, count, seed, str(out_path), tuple(formats)) for k in range(folders)]
    jobs = jobs or os.cpu_count() or 1
    manifest = out_path / MANIFEST
    done = 0
    with open(manifest, "w", encoding="utf-8") as f:
        results: Iterator[list[str]]
        if jobs > 1 and folders > 1:
            context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
            with context.Pool(jobs) as pool:
                for lines in pool.imap(_write_folder, tasks):
                    f.write("\n".join(lines) + "\n")
                    done += len(lines)
                    if progress:
                        progress(done)
        else:
            results = map(_write_folder, tasks)
            for lines in results:
                f.write("\n".join(lines) + "\n")
                done += len(lines)
                if progress:
                    progress(done)
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="articles to write")
    parser.add_argument("--out", type=Path, help="folder to write into")
    parser.add_argument("--format", choices=[*FORMATS, "both"], default="html")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=None, help="processes (default: one per core)")
    parser.add_argument(
        "--vocabulary",
        action="store_true",
        help="print the words and phrases of each language, and the dates, as JSON (what"
        " the benchmark's queries are drawn from) instead of writing articles",
    )
    args = parser.parse_args(argv)
    if args.vocabulary:
        found = {lang: query_vocabulary(lang, args.seed) for lang in LANGS}
        print(
            json.dumps(
                {
                    "languages": list(LANGS),
                    "first_day": FIRST_DAY.isoformat(),
                    "days": DAYS,
                    "vocabulary": found,
                },
                ensure_ascii=False,
            )
        )
        return 0
    if args.out is None:
        parser.error("--out is required to write articles")
    formats = FORMATS if args.format == "both" else (args.format,)
    started = time.perf_counter()
    write_corpus(args.out, args.count, seed=args.seed, formats=formats, jobs=args.jobs)
    seconds = time.perf_counter() - started
    print(
        f"wrote {args.count:,} articles ({'+'.join(formats)}) to {args.out} in {seconds:.1f} s"
        f" ({args.count / seconds:,.0f}/s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
