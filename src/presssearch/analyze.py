"""Per-language text analysis, identical at index and at query time.

An analyzer is a tokenizer followed by filters (Whoosh's model)::

    words | apostrophes | lowercase | stop words | Snowball stem | accent fold

- English drops possessive ``'s``; French drops elided articles and pronouns
  (``l'actrice`` is ``actrice``, with ``'`` or ``’``); Spanish needs neither.
- Stop words are the Snowball project's lists; stems come from the reference
  Snowball algorithms in C (PyStemmer).
- Accents and case are folded last, so ``Gascon`` finds ``Gascón`` and the
  stemmer still sees the accents it was written for.
- Text in any other language gets the neutral analyzer: words, lowercase and
  accent folding, without stop words or stemming.

This module is part of the index layer: with ``index`` and ``search`` it is
the only code that imports Whoosh.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache

import Stemmer
from whoosh.analysis import (
    Analyzer,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StopFilter,
    Token,
)
from whoosh.lang.stopwords import stoplists

__all__ = [
    "LANGUAGES",
    "NEUTRAL",
    "analyze",
    "analyzer_for",
    "field_language",
    "fold",
]

#: Languages with their own analyzer; everything else is analyzed neutrally.
LANGUAGES = ("en", "es", "fr")
#: The suffix of the fields that hold text in every other language.
NEUTRAL = "xx"

_SNOWBALL = {"en": "english", "es": "spanish", "fr": "french"}

# Words with an apostrophe inside (l'actrice, Audiard's, aujourd'hui).
WORD_PATTERN = r"\w+(?:['’ʼ]\w+)*"

_FRENCH_ELISIONS = frozenset(
    [
        "l",
        "d",
        "j",
        "m",
        "n",
        "s",
        "t",
        "c",
        "qu",
        "jusqu",
        "lorsqu",
        "puisqu",
        "quoiqu",
        "presqu",
        "quelqu",
    ]
)


def field_language(lang: str) -> str:
    """The analyzer a document in ``lang`` is indexed with: en, es, fr or xx."""
    return lang if lang in LANGUAGES else NEUTRAL


class ApostropheFilter(Filter):
    """Language-aware handling of words that contain an apostrophe.

    ``en``: ``Audiard's`` is ``Audiard``. ``fr``: ``l'actrice`` and
    ``jusqu’ici`` lose the elided word. Other apostrophes are removed,
    so ``O’Neill`` and ``O'Neill`` are the same word.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        lang = self.lang
        for t in tokens:
            text = t.text
            if "'" in text or "’" in text or "ʼ" in text:
                text = text.replace("’", "'").replace("ʼ", "'")
                if lang == "en":
                    if text[-2:].lower() == "'s":
                        text = text[:-2]
                elif lang == "fr":
                    head, _, rest = text.partition("'")
                    if head.lower() in _FRENCH_ELISIONS and rest:
                        text = rest
                t.text = text.replace("'", "")
            yield t


class SnowballStemFilter(Filter):
    """The reference Snowball stemmer of one language (PyStemmer, in C)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __getstate__(self) -> dict:
        return {"lang": self.lang}

    def __setstate__(self, state: dict) -> None:
        self.lang = state["lang"]

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.lang == self.lang  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), self.lang))

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        stem = _stemmer(self.lang)
        for t in tokens:
            if not t.stopped:
                t.text = stem(t.text)
            yield t


@cache
def _stemmer(lang: str):  # type: ignore[no-untyped-def]
    stemmer = Stemmer.Stemmer(_SNOWBALL[lang])
    stemmer.maxCacheSize = 50_000
    return stemmer.stemWord


# Letters that Unicode decomposition leaves whole.
_LIGATURES = str.maketrans(
    {"ß": "ss", "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o",
     "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ı": "i", "þ": "th"}
)  # fmt: skip


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """``word`` without accents or ligatures: ``Gascón`` is ``Gascon``."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class FoldFilter(Filter):
    """Accent and ligature folding, after stemming."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = fold(t.text)
            yield t


@cache
def analyzer_for(lang: str) -> Analyzer:
    """The Whoosh analyzer for documents and queries in ``lang``."""
    code = field_language(lang)
    chain = RegexTokenizer(WORD_PATTERN) | ApostropheFilter(code) | LowercaseFilter()
    if code in LANGUAGES:
        chain = chain | StopFilter(stoplist=stoplists[code], minsize=1)
        chain = chain | SnowballStemFilter(code)
    return chain | FoldFilter()


def analyze(text: str, lang: str) -> list[str]:
    """The index terms of ``text`` as the ``lang`` analyzer produces them."""
    return [t.text for t in analyzer_for(lang)(text) if not t.stopped]
