"""The languages presssearch knows, each described in one place.

A :class:`Language` says what every stage needs to know of it: its ISO 639-1
code and its name as people read it, the Snowball algorithm that stems it,
the articles and pronouns elided before a vowel, the possessive ending, its
code in the bilingual dictionaries, and whether presssearch analyzes it with
an analyzer of its own; in :mod:`presssearch.languages.stopwords`, the
function words analysis drops (:attr:`Language.stop_words`); and, in
:mod:`presssearch.languages.phrases`, its month names and what its pages say
to their readers rather than about the news (:attr:`Language.month_names`,
:attr:`Language.phrases`). Analysis,
detection, extraction, translation, the engines, the command line and the
web pages read :data:`LANGUAGES` and the functions below; none lists
languages itself. Adding a language is a new entry here (and, for an
analyzed one, a new index format).

Documents carry the code of their language, or ``und`` when no language
could be told; whatever a person reads (summaries, ``stats``, facets,
charts, the web pages) names the language instead, from the Unicode CLDR
through Babel, so every code the detector can give has a name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from presssearch.languages import phrases, stopwords

__all__ = [
    "ANALYZED",
    "LANGUAGES",
    "NEIGHBOURS",
    "UNDETERMINED",
    "Language",
    "language",
    "language_label",
    "language_name",
]

#: The code of a document whose language could not be told.
UNDETERMINED = "und"
_UNDETERMINED_NAME = "unknown language"


@dataclass(frozen=True)
class Language:
    """What presssearch knows of one language."""

    #: ISO 639-1 code, as documents and filters carry it.
    code: str
    #: The Snowball stemmer's name; None: not stemmed.
    snowball: str | None = None
    #: Whether it has an analyzer and index fields of its own (``body_en``).
    analyzed: bool = False
    #: Words elided before a vowel, dropped with their apostrophe (``l'actrice``).
    elisions: frozenset[str] = frozenset()
    #: A possessive ending dropped from a word (``Audiard's``).
    possessive: str | None = None
    #: Its three-letter code in the FreeDict dictionaries' names (``freedict-eng-spa``).
    freedict: str | None = None
    #: Marks only this language writes (Spanish opens questions and exclamations
    #: with ``¿`` and ``¡``): on short text they outweigh an unsure guess.
    marks: str = ""

    @property
    def name(self) -> str:
        """Its name in English ("Spanish")."""
        return language_name(self.code)

    @property
    def stop_words(self) -> frozenset[str]:
        """The function words analysis drops (articles, pronouns, prepositions,
        conjunctions, auxiliaries, negation, a few adverbs), lower case, accents
        as written; empty for a language not analyzed."""
        return stopwords.STOP_WORDS.get(self.code, frozenset())

    @property
    def month_names(self) -> tuple[str, ...]:
        """Its month names, January first, each with its usual abbreviations
        (``"september sep sept"``), without accents; empty when unknown."""
        return tuple(phrases.MONTH_NAMES.get(self.code, ()))

    @property
    def phrases(self) -> dict[str, tuple[str, ...]]:
        """What its pages say to their readers rather than about the news, by kind
        (``read_also``, ``join_us``, ``share_words``, ``clutter_lines``): regular
        expressions matched ignoring case, as extraction drops them."""
        return {
            name.lower(): tuple(table.get(self.code, ()))
            for name, table in phrases.PAGE_PHRASES.items()
        }


ENGLISH = Language("en", snowball="english", analyzed=True, possessive="'s", freedict="eng")
SPANISH = Language("es", snowball="spanish", analyzed=True, freedict="spa", marks="¿¡")
FRENCH = Language(
    "fr",
    snowball="french",
    analyzed=True,
    elisions=frozenset("l d j m n s t c qu jusqu lorsqu puisqu quoiqu presqu quelqu".split()),
    freedict="fra",
)
# Languages read closely by language identification: they share vocabulary or
# spelling with the analyzed ones, and are told apart from them with care.
PORTUGUESE = Language("pt", snowball="portuguese")
ITALIAN = Language("it", snowball="italian")
CATALAN = Language("ca", snowball="catalan")
GERMAN = Language("de", snowball="german")

#: Every language presssearch describes, the analyzed ones first.
LANGUAGES: tuple[Language, ...] = (
    ENGLISH, SPANISH, FRENCH, PORTUGUESE, ITALIAN, CATALAN, GERMAN,
)  # fmt: skip
_BY_CODE = {lang.code: lang for lang in LANGUAGES}
#: The codes of the languages analyzed each in their own way (en, es, fr).
ANALYZED: tuple[str, ...] = tuple(lang.code for lang in LANGUAGES if lang.analyzed)
#: The codes language identification chooses among with care: ours and their neighbours.
NEIGHBOURS: tuple[str, ...] = tuple(lang.code for lang in LANGUAGES)


def language(code: str) -> Language | None:
    """The description of the language ``code``, or None for one presssearch does not describe."""
    return _BY_CODE.get(code)


@lru_cache(maxsize=256)
def language_name(code: str) -> str:
    """The English name of the language ``code`` ("Polish" for ``pl``); the code if unknown."""
    if not code or code == UNDETERMINED:
        return _UNDETERMINED_NAME
    from babel import Locale, UnknownLocaleError  # only where a name is shown

    try:
        name = Locale("en").languages.get(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        name = None
    return name or code


def language_label(code: str) -> str:
    """The language's name with its code, as a filter takes it: "Polish (pl)"."""
    if not code or code == UNDETERMINED:
        return f"{_UNDETERMINED_NAME} ({UNDETERMINED})"
    name = language_name(code)
    return f"{name} ({code})" if name != code else code
