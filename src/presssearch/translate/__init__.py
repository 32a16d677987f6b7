r"""Query translation between English, Spanish and French with bilingual dictionaries.

Cross-language search expands each query word into its translations in the
other two languages; the translations of one word form one synonym group
(structured query translation). This module is the lexicon behind it. It is
pure Python: the index layer (``search``) turns the expansions into queries.

**The lexicon.** The bilingual FreeDict dictionaries that Debian installs in
``/usr/share/dictd`` (packages ``dict-freedict-eng-fra``, ``-eng-spa``,
``-fra-eng``, ``-spa-eng`` and ``-fra-spa``). They are GPL data: they are read
where they are installed and never copied into this repository. Each is a
dictd pair: ``NAME.index`` lines are ``headword<TAB>offset<TAB>length`` (numbers
in dictd's base64), pointing into ``NAME.dict.dz``, a dictzip (gzip-compatible)
file. An entry reads::

    langue /lɑ̃ɡ/ <n, fem>              headword, pronunciation, grammar
    1. lengua, idioma                   sense 1: its translations
    Organe musculaire charnu ...        a note (WikDict glosses), dropped
    2. lengua, idioma, lenguaje         sense 2
     3.                                 a sub-sense marker, dropped

An unnumbered entry has one sense, the line after the headword. Pronunciations
and grammatical labels sit on the headword line; notes, glosses, examples and
sub-sense markers on the lines after a sense (indented or not), so a sense is
exactly the first line after its number. Within a sense translations are
separated by commas; labels in ``<>``, ``[]`` and ``()`` are removed, and
patterns (``ne ... pas``), affixes (``-able``), whole sentences (``¿qué hora
es?``) and numbers are dropped.

Two defects of the older eng-spa and spa-eng editions are repaired. Many
multi-word translations lost their spaces (``swimmingtrunks``,
``partetrasera``): a token that is no known word of its language but splits
into known ones is split back, into the most frequent words. And eng-spa files
many expressions under their first word (``take`` → ``multar``, really *take
somebody's name*): such entries, recognized by their too long pronunciation,
are dropped.

**Directions.** There is no spa-fra dictionary: es→fr is fra-spa inverted.
Every other direction is the union of its own dictionary and the inverse of the
opposite one (en→fr is eng-fra plus fra-eng inverted), deduplicated. Own senses
come first, in dictionary order (the main sense is usually first), then the
inverted ones, those where the word was the first translation of the first
sense before the others, and among equals the one that looks like the word
(``elección`` is the first translation of both ``choix`` and ``élection``:
``élection`` comes first). A word with almost no translation into a language can
also be translated through the third one (``campaign`` → ``campagne`` →
``campaña``: en→es is the smallest pair, fr→es by far the largest).

**Lookup.** Case-insensitive; then insensitive to accents, hyphens and
apostrophes (``pelicula`` finds ``película``); then simple plural and elision
fallbacks (``remarks`` → ``remark``, ``actrices`` → ``actriz``, ``l'actrice`` →
``actrice``). :meth:`Lexicon.expand` is the query side: it groups the words
into the expressions the lexicon knows and caps their translations.

**Speed.** Parsing the dictionaries takes seconds, so the parsed lexicon is
kept in an SQLite database in ``$XDG_CACHE_HOME/presssearch`` (or
``~/.cache/presssearch``): each direction's senses by headword, each
headword's candidate translations (worked out when the file is written), and
the keys of the looser lookup tiers (accent-insensitive forms, stems). A query
reads the few rows of its words with indexed lookups instead of loading whole
dictionaries. The database is keyed by the dictionaries' sizes and
modification times and by the code of this package and of the analysis it
uses, rebuilt when they change, and written atomically (a temporary file, then
renamed). Without a writable cache folder the same database is built in memory
(without the candidates: they are worked out for each word looked up).

The package's modules follow the path of a word: :mod:`.dictd` reads
FreeDict's dictionaries and makes the lookup keys, :mod:`.apertium` reads
Apertium's compiled dictionaries and analysers, :mod:`.store` builds the
lexicon's database from both and reads it, :mod:`.evidence` weighs each
candidate translation, :mod:`.lexicon` looks words up and expands a query, and
:mod:`.expansion` holds what it expands into (and puts an expression's
translations together from its words'); :func:`shared_lexicon` is the one
lexicon a process loads.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import presssearch.translate.apertium as apertium
from presssearch.translate.dictd import (
    DEFAULT_DICT_DIR,
    DICT_DIR_ENV,
    DICTIONARIES,
    LANGS,
    Entry,
    clean_translation,
    decode_number,
    default_cache_dir,
    fold,
    normalize,
    parse_entry,
    read_dictionary,
)
from presssearch.translate.evidence import READING_SHARE, SHARED_SPAN, Evidence, Known
from presssearch.translate.expansion import Expansion
from presssearch.translate.lexicon import (
    DEFAULT_CAP,
    HOMOGRAPH_WEIGHT,
    Lexicon,
    LexiconMissing,
)

__all__ = [
    "DEFAULT_CAP",
    "DEFAULT_DICT_DIR",
    "DICTIONARIES",
    "DICT_DIR_ENV",
    "HOMOGRAPH_WEIGHT",
    "LANGS",
    "READING_SHARE",
    "SHARED_SPAN",
    "Entry",
    "Evidence",
    "Expansion",
    "Known",
    "Lexicon",
    "LexiconMissing",
    "clean_translation",
    "decode_number",
    "default_cache_dir",
    "fold",
    "normalize",
    "parse_entry",
    "read_dictionary",
    "shared_lexicon",
]


def shared_lexicon() -> tuple[Lexicon | None, str | None]:
    """The lexicon of ``$PRESSSEARCH_DICT_DIR`` (or ``/usr/share/dictd``), loaded once per process.

    Returns the lexicon and None, or None and why there is none. The folders
    are read from the environment on each call, and each set of FreeDict,
    cache and Apertium folders is loaded once.
    """
    names = (DICT_DIR_ENV, apertium.APERTIUM_DIR_ENV, "XDG_CACHE_HOME", "HOME")
    return _of_environment(tuple(os.environ.get(name) for name in names))


@lru_cache(maxsize=4)
def _of_environment(values: tuple[str | None, ...]) -> tuple[Lexicon | None, str | None]:
    """The lexicon of an environment (the variables that name its folders): its folders
    are worked out once, not at every query."""
    folder = Path(values[0] or DEFAULT_DICT_DIR)
    return _shared(folder, default_cache_dir(), apertium.apertium_dir())


@lru_cache(maxsize=4)
def _shared(
    folder: Path, cache_dir: Path, apertium_folder: Path
) -> tuple[Lexicon | None, str | None]:
    try:
        return Lexicon.load(folder, cache_dir=cache_dir, apertium_folder=apertium_folder), None
    except LexiconMissing as exc:
        return None, str(exc)
