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

import re
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
    Tokenizer,
)
from whoosh.lang.stopwords import stoplists

__all__ = [
    "LANGUAGES",
    "NEUTRAL",
    "analyze",
    "analyzer_for",
    "field_language",
    "fold",
    "stemmer",
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
        for t in tokens:
            t.text = _apostrophes(t.text, self.lang)
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


def stemmer(lang: str):  # type: ignore[no-untyped-def]
    """The Snowball stemmer the ``lang`` analyzer applies (lowercase words, before folding)."""
    return _stemmer(lang)


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


class LanguageAnalyzer(Tokenizer):
    """The whole chain for one language in a single pass, with a cache of words.

    It yields exactly the tokens of ``words | ApostropheFilter | lowercase |
    StopFilter | SnowballStemFilter | FoldFilter`` (see :func:`filter_chain`),
    but a word seen before costs one dictionary lookup: news vocabulary
    repeats, and a chain of Python generators per token is what indexing and
    highlighting spend their time on.
    """

    def __init__(self, lang: str) -> None:
        self.lang = field_language(lang)
        self.is_morph = self.lang in LANGUAGES
        self._cache: dict[str, tuple[str, bool]] = {}

    def __getstate__(self) -> dict:
        return {"lang": self.lang}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["lang"])  # type: ignore[misc]

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.lang == self.lang  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), self.lang))

    def __repr__(self) -> str:
        return f"LanguageAnalyzer({self.lang!r})"

    def term(self, word: str) -> tuple[str, bool]:
        """``(index term, is a stop word)`` for one word as the tokenizer cuts it."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        text = _apostrophes(word, self.lang).lower()
        stop = self.lang in LANGUAGES and (not text or text in stoplists[self.lang])
        if self.is_morph and not stop:
            text = _stemmer(self.lang)(text)
        result = (fold(text), stop)
        if len(self._cache) < CACHE_WORDS:
            self._cache[word] = result
        return result

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            text, stop = self.term(value)
            if stop and removestops:
                return
            t.original = value
            t.text, t.stopped, t.boost = text, stop, 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        term = self.term
        pos: int | None = None
        for index, match in enumerate(_WORDS.finditer(value)):
            word = match.group()
            text, stop = term(word)
            if stop:
                if removestops:
                    continue
                t.stopped = True
                if positions:
                    t.pos = start_pos + index
            else:
                t.stopped = False
                if positions:
                    # Stop words leave no gap: positions count the words kept.
                    pos = start_pos + index if pos is None else pos + 1
                    t.pos = pos
            t.text = text
            t.boost = 1.0
            if keeporiginal:
                t.original = word
            if chars:
                t.startchar = start_char + match.start()
                t.endchar = start_char + match.end()
            yield t


#: Words remembered per analyzer (a few MB): news vocabulary fits.
CACHE_WORDS = 200_000

_WORDS = re.compile(WORD_PATTERN)


def _apostrophes(word: str, lang: str) -> str:
    if "'" not in word and "’" not in word and "ʼ" not in word:
        return word
    text = word.replace("’", "'").replace("ʼ", "'")
    if lang == "en":
        if text[-2:].lower() == "'s":
            text = text[:-2]
    elif lang == "fr":
        head, _, rest = text.partition("'")
        if head.lower() in _FRENCH_ELISIONS and rest:
            text = rest
    return text.replace("'", "")


@cache
def analyzer_for(lang: str) -> Analyzer:
    """The Whoosh analyzer for documents and queries in ``lang``."""
    return LanguageAnalyzer(lang)


def filter_chain(lang: str) -> Analyzer:
    """The same analysis as a chain of Whoosh filters: the readable reference."""
    code = field_language(lang)
    chain = RegexTokenizer(WORD_PATTERN) | ApostropheFilter(code) | LowercaseFilter()
    if code in LANGUAGES:
        chain = chain | StopFilter(stoplist=stoplists[code], minsize=1)
        chain = chain | SnowballStemFilter(code)
    return chain | FoldFilter()


def analyze(text: str, lang: str) -> list[str]:
    """The index terms of ``text`` as the ``lang`` analyzer produces them."""
    return [t.text for t in analyzer_for(lang)(text) if not t.stopped]
