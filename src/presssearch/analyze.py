"""Per-language text analysis, identical at index and at query time.

Plain Python: text in, index terms out. For each word, as the tokenizer
cuts it (letters and digits, with apostrophes inside)::

    apostrophes | lowercase | stop words | Snowball stem | accent fold

- English drops possessive ``'s``; French drops elided articles and pronouns
  (``l'actrice`` is ``actrice``, with ``'`` or ``’``); Spanish needs neither.
- Stop words are each language's function words, as the language registry
  lists them (:mod:`presssearch.languages.stopwords`); stems come from the
  reference Snowball algorithms in C (PyStemmer).
- Accents and case are folded last, so ``Gascon`` finds ``Gascón`` and the
  stemmer still sees the accents it was written for.
- Text in any other language gets the neutral analyzer: words, lowercase and
  accent folding, without stop words or stemming.
- Scripts written without spaces (Chinese, Japanese kana, Thai, Khmer, ...)
  are cut into overlapping pairs of characters, in every analyzer, so that a
  word of theirs is found as its pairs.

The engine indexes the terms this module makes, in order (stop words leave no
gap), and query planning analyzes the query's words with the same code; the
index stores only each field's analyzer name (``en``, ``es``, ``fr``, ``xx``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from functools import cache, lru_cache
from operator import itemgetter

import Stemmer

from presssearch.common import fold as fold_text
from presssearch.languages import ANALYZED, Language, language

__all__ = [
    "LANGUAGES",
    "NEUTRAL",
    "WORD_PATTERN",
    "Analyzer",
    "analyze",
    "analyzer_for",
    "field_language",
    "fold",
    "stemmer",
    "stop_words",
]

#: Languages with their own analyzer (the registry's analyzed ones); everything
#: else is analyzed neutrally.
LANGUAGES = ANALYZED
#: The suffix of the fields that hold text in every other language.
NEUTRAL = "xx"

# Words with an apostrophe inside (l'actrice, Audiard's, aujourd'hui).
WORD_PATTERN = r"\w+(?:['’ʼ]\w+)*"


def field_language(lang: str) -> str:
    """The analyzer a document in ``lang`` is indexed with: en, es, fr or xx."""
    return lang if lang in LANGUAGES else NEUTRAL


@cache
def _stemmer(lang: str):  # type: ignore[no-untyped-def]
    # Words the analyzers remember are not stemmed again: the stemmer's own
    # cache is for those they no longer have room for.
    stemmer = Stemmer.Stemmer(_described(lang).snowball)
    stemmer.maxCacheSize = 10_000
    return stemmer.stemWord


def stemmer(lang: str):  # type: ignore[no-untyped-def]
    """The Snowball stemmer the ``lang`` analyzer applies (lowercase words, before folding)."""
    return _stemmer(lang)


#: ``word`` without accents or ligatures (``Gascón`` is ``Gascon``), remembered: news
#: vocabulary repeats.
fold = lru_cache(maxsize=50_000)(fold_text)


@cache
def stop_words(lang: str) -> frozenset[str]:
    """The stop words of ``lang``, as the language registry describes them (empty
    for the neutral analyzer)."""
    described = language(lang)
    if lang not in LANGUAGES or described is None:
        return frozenset()
    return described.stop_words


class Analyzer:
    """The analysis of one language, with a cache of the words seen.

    News vocabulary repeats, so a word seen before costs one dictionary
    lookup.
    """

    def __init__(self, lang: str) -> None:
        self.lang = field_language(lang)
        self._morph = self.lang in LANGUAGES
        self._stops = stop_words(self.lang)
        self._stem = _stemmer(self.lang) if self._morph else None
        self._cache: dict[str, tuple[str, bool]] = {}
        # Index term -> the words seen that have it (those in the cache).
        self._surfaces: dict[str, list[str]] = {}

    def __repr__(self) -> str:
        return f"Analyzer({self.lang!r})"

    def term(self, word: str) -> tuple[str, bool]:
        """``(index term, is a stop word)`` for one word as the tokenizer cuts it."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        text = _apostrophes(word, self.lang).lower()
        stop = self._morph and (not text or text in self._stops)
        if self._stem is not None and not stop:
            text = self._stem(text)
        result = (fold(text), stop)
        if len(self._cache) < CACHE_WORDS:
            self._cache[word] = result
            if not stop:
                self._surfaces.setdefault(result[0], []).append(word)
        return result

    def terms(self, text: str) -> list[str]:
        """The index terms of ``text``, in order; stop words left out."""
        term = self.term
        out = []
        if _has_unspaced(text):
            words: Iterator[str] = (word for word, _, _ in _unspaced_words(text))
        else:
            words = iter(_WORDS.findall(text))
        for word in words:
            found, stop = term(word)
            if not stop:
                out.append(found)
        return out

    def tokens(self, text: str) -> Iterator[tuple[str, int, int]]:
        """``(index term, start, end)`` of each word of ``text`` that is not a stop word."""
        term = self.term
        if _has_unspaced(text):
            for word, start, end in _unspaced_words(text):
                found, stop = term(word)
                if not stop:
                    yield found, start, end
            return
        for match in _WORDS.finditer(text):
            found, stop = term(match.group())
            if not stop:
                yield found, match.start(), match.end()

    def occurrences(self, text: str, terms: Collection[str]) -> list[tuple[str, int, int]]:
        """``(index term, start, end)`` of the words of ``text`` whose term is one of ``terms``.

        The same as the matching items of :meth:`tokens`, found faster in a
        long text: the words seen before are looked up by their term, each
        new distinct word that could match is analyzed once, and the places
        of the words that match are then found by plain string search.
        """
        rare = _rare(text)
        if rare and _UNSPACED.search(text):  # words not cut at spaces: no whole-word search
            return [token for token in self.tokens(text) if token[0] in terms]
        # A stem keeps its word's first letter: a word can only have one of the
        # terms if it starts like one (or has an apostrophe, and maybe an elided
        # article before its stem). Only those words are cut out of the text.
        initials = frozenset(term[:1] for term in terms if term)
        if rare or len(initials) > _INITIALS_AT_MOST:
            words = set(_WORDS.findall(text))
        else:
            words = _words_starting_with(text, initials)
        wanted: dict[str, str] = {}
        # New words are analyzed (and remembered) here. The set difference runs in C
        # without letting another thread add to the cache meanwhile.
        for word in words.difference(self._cache):
            first = fold(word[0].lower())[:1]
            if first and first not in initials and not _APOSTROPHE_IN.search(word):
                continue
            found, stop = self.term(word)
            if not stop and found in terms:
                wanted[word] = found
        for found in terms:  # words seen before: looked up by their term
            for word in self._surfaces.get(found, ()):
                if word in words:
                    wanted[word] = found
        if not wanted:
            return []
        out = []
        for word, found in wanted.items():
            at = text.find(word)
            while at != -1:
                token = _WORDS.match(text, at)
                # A whole word, not the start of a longer one nor a piece inside one.
                whole = token is not None and token.end() == at + len(word)
                if whole and not _inside_word(text, at):
                    out.append((found, at, at + len(word)))
                at = text.find(word, at + 1)
        out.sort(key=itemgetter(1))
        return out


#: Words remembered per analyzer: about 500 bytes each, so at most 25 to 30 MB for
#: each of the four analyzers an indexing run or a server uses (200,000 took up to
#: 115 MB each). A newspaper's most frequent 50,000 word forms cover nearly all of
#: its running text; a rarer word is analyzed again when it comes back.
CACHE_WORDS = 50_000

_WORDS = re.compile(WORD_PATTERN)

# Scripts written without spaces between words: Chinese characters, Japanese
# kana, Thai, Lao, Myanmar and Khmer. Their runs are cut into overlapping
# pairs of characters (a single character stays as it is), the usual way of
# indexing them without a dictionary: a word of two or more characters is
# then found as its pairs.
_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+"
)
# The characters of those scripts, in their blocks, and any beyond U+3000: a
# quicker search than the scripts' pattern, to rule them out.
_RARE = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3000-\U0010ffff]")


def _rare(text: str) -> bool:
    """Whether ``text`` has a character of a script written without spaces, or
    beyond U+3000 (ASCII text is ruled out at once)."""
    return not text.isascii() and _RARE.search(text) is not None


def _has_unspaced(text: str) -> bool:
    """Whether ``text`` has a run of a script written without spaces."""
    return _rare(text) and _UNSPACED.search(text) is not None


def _unspaced_words(text: str) -> Iterator[tuple[str, int, int]]:
    """``(word, start, end)`` of the words of ``text``, runs of unspaced scripts in pairs."""
    for match in _WORDS.finditer(text):
        word, at = match.group(), match.start()
        last = 0
        for run in _UNSPACED.finditer(word):
            if run.start() > last:  # letters or digits of another script before the run
                yield word[last : run.start()], at + last, at + run.start()
            chars = run.group()
            begin = at + run.start()
            if len(chars) == 1:
                yield chars, begin, begin + 1
            for i in range(len(chars) - 1):
                yield chars[i : i + 2], begin + i, begin + i + 2
            last = run.end()
        if last < len(word):
            yield word[last:], at + last, at + len(word)


def _inside_word(text: str, at: int) -> bool:
    """Whether position ``at`` of ``text`` is inside a word as the tokenizer cuts words."""
    if at == 0:
        return False
    before = text[at - 1]
    if _word_char(before):
        return True
    return before in _APOSTROPHES and at >= 2 and _word_char(text[at - 2])


def _word_char(char: str) -> bool:
    """Whether ``char`` is part of a word (``\\w``)."""
    return char.isalnum() or char == "_"


_APOSTROPHES = "'’ʼ"
_APOSTROPHE_IN = re.compile("['’ʼ]")

# Initials are known for the letters below U+3000 (every alphabet, not the
# ideographs); a text with a rare character (:func:`_rare`) has all its words
# cut out instead.
_INITIALS_BELOW = 0x3000
#: Past this many initials, cutting out every word of a text is as quick as the
#: search for the words starting with one of them.
_INITIALS_AT_MOST = 10


@cache
def _initial_of() -> dict[str, str]:
    """Each letter or digit below U+3000, and the first letter of its folded lower case."""
    found: dict[str, str] = {}
    for char in map(chr, range(_INITIALS_BELOW)):
        if _word_char(char):
            initial = fold_text(char.lower())[:1]
            if initial:
                found[char] = initial
    return found


@cache
def _initial_letters() -> dict[str, str]:
    """Each initial, and the letters whose folded lower case starts with it."""
    letters: dict[str, str] = {}
    for char, initial in _initial_of().items():
        letters[initial] = letters.get(initial, "") + char
    return letters


@lru_cache(maxsize=4096)
def _starting_with(initials: frozenset[str]) -> re.Pattern[str] | None:
    """A search for the words of a text that start with a letter folding to one of
    ``initials`` (None when none does), in one pass over the text. The letter is
    matched first, which lets the search skip ahead to the next one; it starts a
    word when what is before it is not part of one."""
    letters = "".join(sorted(_initial_letters().get(initial, "") for initial in initials))
    if not letters:
        return None
    return re.compile(rf"[{re.escape(letters)}](?<!\w.)(?<!\w['’ʼ].)\w*(?:['’ʼ]\w+)*")


# An apostrophe inside a word, and the letter after it.
_INNER_APOSTROPHE = re.compile(r"['’ʼ](?<=\w.)(\w)")


def _words_starting_with(text: str, initials: frozenset[str]) -> set[str]:
    """The words of ``text`` (as :data:`WORD_PATTERN` cuts them) whose term can
    start with one of ``initials``: those starting with one, and those with an
    apostrophe followed by one (``l'actrice``, whose term starts after the
    elided article)."""
    search = _starting_with(initials)
    words: set[str] = set(search.findall(text)) if search is not None else set()
    initial_of = _initial_of()
    for match in _INNER_APOSTROPHE.finditer(text):
        if initial_of.get(match.group(1)) not in initials:
            continue
        begin = match.start()
        while _inside_word(text, begin):
            begin -= 1
        token = _WORDS.match(text, begin)
        if token is not None:
            words.add(token.group())
    return words


def _apostrophes(word: str, lang: str) -> str:
    if "'" not in word and "’" not in word and "ʼ" not in word:
        return word
    text = word.replace("’", "'").replace("ʼ", "'")
    described = language(lang)
    if described is not None:
        ending = described.possessive
        if ending and text[-len(ending) :].lower() == ending:
            text = text[: -len(ending)]
        head, _, rest = text.partition("'")
        if rest and head.lower() in described.elisions:
            text = rest
    return text.replace("'", "")


def _described(lang: str) -> Language:
    found = language(lang)
    if found is None or found.snowball is None:
        raise ValueError(f"no stemmer for {lang!r}")
    return found


@cache
def analyzer_for(lang: str) -> Analyzer:
    """The analyzer for documents and queries in ``lang`` (en, es, fr; xx for any other)."""
    return Analyzer(field_language(lang))


def analyze(text: str, lang: str) -> list[str]:
    """The index terms of ``text`` as the ``lang`` analyzer produces them."""
    return analyzer_for(lang).terms(text)
