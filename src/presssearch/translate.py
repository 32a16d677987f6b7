"""Query translation between English, Spanish and French with the FreeDict dictionaries.

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

**Speed.** Parsing the five dictionaries takes seconds, so the parsed lexicon is
kept in an SQLite database in ``$XDG_CACHE_HOME/presssearch`` (or
``~/.cache/presssearch``): each direction's senses by headword, and the keys of
the looser lookup tiers (accent-insensitive forms, stems). A query reads the
few rows of its words with indexed lookups instead of loading whole
dictionaries. The database is keyed by the dictionaries' sizes and
modification times and by this module's code, rebuilt when they change, and
written atomically (a temporary file, then renamed). Without a writable cache
folder the same database is built in memory.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import itertools
import json
import math
import os
import re
import sqlite3
import tempfile
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from presssearch import apertium
from presssearch.errors import PresssearchError

__all__ = [
    "DEFAULT_CAP",
    "DICTIONARIES",
    "HOMOGRAPH_WEIGHT",
    "LANGS",
    "Entry",
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

#: The languages the lexicon translates between.
LANGS = ("en", "es", "fr")
#: The FreeDict dictionaries read, by their dictd name.
DICTIONARIES = ("eng-fra", "eng-spa", "fra-eng", "spa-eng", "fra-spa")
#: Where Debian installs them; the environment variable overrides it.
DEFAULT_DICT_DIR = Path("/usr/share/dictd")
DICT_DIR_ENV = "PRESSSEARCH_DICT_DIR"
#: Translations kept per word and target language by :meth:`Lexicon.expand`.
DEFAULT_CAP = 4
#: The longest expression, in words, that :meth:`Lexicon.expand` looks up.
MAX_PHRASE_WORDS = 3
#: A word with fewer direct translations than PIVOT_BELOW gets more through the third
#: language: for its first PIVOT_FANOUT translations there, the first PIVOT_FANOUT
#: translations of their first sense.
PIVOT_BELOW = 2
PIVOT_FANOUT = 2
#: FreeDict's translations into the third language whose own translations are paths
#: to a translation (with all of Apertium's).
CONFIRM_FANOUT = 4
#: The weight of translations into a language the word itself belongs to.
HOMOGRAPH_WEIGHT = 0.5
#: Longer translations are explanations, not query terms.
MAX_TRANSLATION_WORDS = 3
#: A word found only through its stem (``changing`` -> ``change``) takes the
#: translations of at most this many headwords with that stem, shortest first.
STEM_HEADWORDS = 2
#: Headwords whose rows a lexicon keeps in memory, the most recent lookups.
_MEMO_SIZE = 50_000

INSTALL_HINT = (
    "apt-get install dict-freedict-eng-fra dict-freedict-eng-spa "
    "dict-freedict-fra-eng dict-freedict-spa-eng dict-freedict-fra-spa"
)

_ISO = {"eng": "en", "spa": "es", "fra": "fr"}
# The cache's layout; a change to this file's code also invalidates the cache.
_CACHE_FORMAT = 3
# Packed sense lists: senses joined by _SENSE_SEP, translations by _TRANS_SEP.
_SENSE_SEP = "\x1e"
_TRANS_SEP = "\x1f"
_DICTD_B64 = {c: i for i, c in enumerate(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
)}  # fmt: skip

Senses = list[list[str]]
#: ``known(language, text)``: whether the texts searched have a word or expression.
Known = Callable[[str, str], bool]


class LexiconMissing(PresssearchError):
    """None of the FreeDict dictionaries is installed where the lexicon looks."""


@dataclass(frozen=True)
class Expansion:
    """One query word, or expression of up to three words, and its translations.

    ``translations`` maps each target language to at most ``cap`` translations,
    best first; it is empty for a word no dictionary knows (a name such as
    ``Audiard``) or a stop word. ``languages`` are the languages the words were
    found in: a word found in English is translated into Spanish and French only.

    ``weights`` gives, for each language, the weight of each translation
    (0 to 1): how strong the evidence for it is (see :meth:`Lexicon.expand`),
    less for translations into a language the words belong to themselves
    (:data:`HOMOGRAPH_WEIGHT`: English ``court`` is also French for *short*).
    """

    words: tuple[str, ...]
    translations: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    languages: tuple[str, ...] = ()
    weights: dict[str, tuple[float, ...]] = field(default_factory=dict, hash=False, compare=False)
    #: (language, lower-case word) -> other forms of a translation, or of the words
    #: themselves in a language they belong to, that its analyzer stems otherwise
    #: (``decir``: ``dice``, ``dijo``; ``made``: ``make``): they match for it.
    forms: dict[tuple[str, str], tuple[str, ...]] = field(
        default_factory=dict, hash=False, compare=False
    )
    #: For an expression, one expansion per word: the expression's own translations
    #: and the word's that they contain (its part of the expression, for a word's
    #: clause of a query); empty for a single word.
    parts: tuple[Expansion, ...] = field(default=(), hash=False, compare=False)

    @property
    def text(self) -> str:
        """The words covered, as one string."""
        return " ".join(self.words)


# ---------------------------------------------------------------- normalizing

_LIGATURES = str.maketrans(
    {"ß": "ss", "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o",
     "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ı": "i", "þ": "th"}
)  # fmt: skip
_PUNCT = str.maketrans({"’": "'", "ʼ": "'", "‐": "-", "‑": "-", "\u00a0": " "})


@lru_cache(maxsize=100_000)
def fold(word: str) -> str:
    """``word`` without accents or ligatures: ``película`` is ``pelicula``.

    The same folding as :func:`presssearch.analyze.fold`, kept here so that this
    module does not import Whoosh.
    """
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _loose(key: str) -> str:
    """The accent-, hyphen- and apostrophe-insensitive form of a lookup key."""
    return " ".join(fold(key).replace("-", " ").replace("'", " ").split())


def normalize(text: str) -> str:
    """The lookup key of a word or expression: NFC, lower case, one space, ``'`` and ``-``."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).translate(_PUNCT)
    return " ".join(text.lower().split())


# ------------------------------------------------------------------- parsing

_SENSE_LINE = re.compile(r"^(\d+)\.(?:\s+(.*))?$")
_TRAILING_SENSE = re.compile(r"\s+\d+\.$")
_LABELS = re.compile(r"<[^<>]*>|\[[^\[\]]*\]|\([^()]*\)")
_BAD_TRANSLATION = re.compile(r"\.\.|…|[?!¿¡:«»\"/]|^-|-$")
_HEADER = re.compile(r"^(?P<orth>.*?)(?:\s+/|\s+<|$)")
_PRON = re.compile(r"/([^/]*)/")
_PRON_MARKS = re.compile(r"[ˈˌː.‿\s-]")
_WORD = re.compile(r"\w+")
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
_NOT_ALNUM = re.compile(r"[^\w\s]|_")
# Words of letters separated by one space, apostrophe or hyphen: nothing to clean.
_PLAIN = re.compile(r"[^\W\d_]+(?:[ '-][^\W\d_]+)*")


def decode_number(text: str) -> int:
    """A number in dictd's base64 (``"BVBC"``), as used in ``.index`` files."""
    n = 0
    for char in text:
        n = n * 64 + _DICTD_B64[char]
    return n


def parse_entry(text: str) -> Senses:
    """The senses of one dictd entry, each a list of raw translation strings.

    The first line is the headword with its pronunciation and labels. A sense is
    the line after a number (``1. lengua, idioma``), or the line after the
    headword in an unnumbered entry; the lines that follow a sense (glosses,
    examples, sub-sense markers) are notes and are skipped.
    """
    senses: Senses = []
    expecting = True  # the next plain line is the translation line of a sense
    for line in text.split("\n")[1:]:
        if not line.strip():
            continue
        indented = line[0].isspace()
        numbered = None if indented else _SENSE_LINE.match(line.rstrip())
        if numbered:
            content = (numbered.group(2) or "").strip()
            if content:
                senses.append(_split_sense(content))
            expecting = False
        elif expecting and not indented:
            senses.append(_split_sense(line))
            expecting = False
        else:
            expecting = False
    return [s for s in senses if s]


def _split_sense(line: str) -> list[str]:
    # Labels first: a comma inside one (<n, fem>) separates no translations.
    line = _LABELS.sub(" ", _TRAILING_SENSE.sub("", line.strip()))
    return [t.strip() for t in line.split(",") if t.strip()]


def clean_translation(text: str) -> str | None:
    """``text`` without labels and notes, or None if it is no usable translation."""
    if _PLAIN.fullmatch(text):
        return text
    text = unicodedata.normalize("NFC", text).translate(_PUNCT)
    if _BAD_TRANSLATION.search(text.strip()):
        return None
    text = _LABELS.sub(" ", text)
    text = re.sub(r"[<>\[\]()]", " ", text)
    text = " ".join(text.split()).strip(" ;,.")
    if not text or _BAD_TRANSLATION.search(text) or not _LETTER.search(text):
        return None
    return None if _DIGIT.search(text) else text


def _header(text: str) -> tuple[str, str]:
    """The headword as written (with its capitals) and the pronunciation of an entry."""
    first = text.split("\n", 1)[0]
    match = _HEADER.match(first)
    orth = match.group("orth").strip() if match else ""
    pron = _PRON.search(first)
    return orth, pron.group(1) if pron else ""


def _read_dict_data(path: Path) -> bytes:
    if path.suffix == ".dz":
        import gzip  # only when a dictionary is read, to build the lexicon

        with gzip.open(path) as f:
            return f.read()
    return path.read_bytes()


class Entry(NamedTuple):
    """One dictionary entry: its headword, lookup key, pronunciation and senses."""

    headword: str
    key: str
    pronunciation: str
    senses: Senses


def read_dictionary(folder: Path, name: str) -> Iterator[Entry]:
    """The entries of one dictd dictionary, in file order, with their translations cleaned.

    The headword is the entry's own (``Spanish``, ``excusez-moi``) when it agrees
    with the ``.index`` one, which is lower case and may have lost its
    punctuation (``excusezmoi``); otherwise the index's. Patterns (``... ago``)
    and entries without a usable translation are skipped.
    """
    files = _files(folder, name)
    if files is None:
        return
    data = _read_dict_data(files[1])
    index_text = files[0].read_text(encoding="utf-8")
    for line in index_text.splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or parts[0].startswith(("00database", "00-database")):
            continue
        key, offset, length = parts
        if key != key.strip() or not key:
            continue
        start = decode_number(offset)
        text = data[start : start + decode_number(length)].decode("utf-8", errors="replace")
        orth, pron = _header(text)
        if orth.startswith("..."):
            continue
        orth = unicodedata.normalize("NFC", orth).translate(_PUNCT)
        headword = orth if orth.lower() == key or _canonical(orth) == _canonical(key) else key
        senses = [
            [c for c in (clean_translation(t) for t in sense) if c] for sense in parse_entry(text)
        ]
        senses = [s for s in senses if s]
        if senses:
            yield Entry(headword, normalize(headword), _PRON_MARKS.sub("", pron), senses)


def _canonical(text: str) -> str:
    """``text`` as dictd indexes it by default: lower case, letters, digits and spaces."""
    return " ".join(_NOT_ALNUM.sub("", text.lower()).split())


def _cognates(a: str, b: str) -> bool:
    """Whether two words of different languages look alike: élection, elección."""
    a, b = fold(a.lower()), fold(b.lower())
    return a[:4] == b[:4] and len(a) >= 4 and len(b) >= 4


def _truncated(entry: Entry, references: Iterable[str]) -> bool:
    """Whether an English entry's headword lost the end of its expression.

    The eng-spa edition files many expressions under their first word only: its
    ``take`` entry, pronounced /teiksʌmbədaizneim/ and translated ``multar``, is
    *take somebody's name*. Its pronunciation gives it away: it extends the
    word's own (/teik/, from an entry of eng-fra or eng-spa), or it is 4 or more
    sounds longer than the spelling, which no genuine entry of eng-fra is.
    """
    pron = entry.pronunciation
    if not pron:
        return False
    if len(pron) - len(entry.headword.replace(" ", "")) >= 4:
        return True
    return any(pron.startswith(r) and len(pron) >= len(r) + 2 for r in references)


# -------------------------------------------------------- repairing lost spaces

# The editions of eng-spa and spa-eng that lost the spaces inside translations.
_SPACELESS = ("eng-spa", "spa-eng")
_SHORT_WORDS = {"en": {"a"}, "es": {"a", "y", "o", "e", "u"}, "fr": {"a", "à", "y"}}


class _Splitter:
    """Splits ``partetrasera`` into ``parte trasera`` with a word-frequency table."""

    def __init__(self, lang: str, texts: Iterable[str]) -> None:
        self.lang = lang
        self.freq: Counter[str] = Counter(_WORD.findall("\n".join(texts).lower()))
        self.total = sum(self.freq.values()) or 1

    def known(self, word: str) -> bool:
        w = word.lower()
        return w in self.freq or any(v in self.freq for v in _deplural(w, self.lang))

    def split(self, token: str) -> str:
        """``token`` with its spaces put back, or unchanged if it is a word or no split fits."""
        if len(token) < 4 or self.known(token) or not token.isalpha():
            return token
        low = token.lower()
        best: dict[int, tuple[float, list[int]]] = {0: (0.0, [])}
        for end in range(1, len(low) + 1):
            for start in range(max(0, end - 24), end):
                if start not in best:
                    continue
                piece = low[start:end]
                count = self.freq.get(piece, 0)
                if not count or (len(piece) < 2 and piece not in _SHORT_WORDS[self.lang]):
                    continue
                cost = best[start][0] + math.log(self.total / count) + 3.0
                if end not in best or cost < best[end][0]:
                    best[end] = (cost, [*best[start][1], end])
        if len(low) not in best or len(best[len(low)][1]) < 2:
            return token
        cuts = [0, *best[len(low)][1]]
        return " ".join(token[a:b] for a, b in itertools.pairwise(cuts))

    def repair(self, text: str) -> str:
        """``text`` with each of its words (and parts of hyphenated words) split if need be."""
        return " ".join("-".join(map(self.split, t.split("-"))) for t in text.split())


# ----------------------------------------------------------------- inflection

_FR_ELISION = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)'(?=\w)")


def _deplural(word: str, lang: str) -> list[str]:
    """Singular candidates for a word that may be plural (or elided), most likely first."""
    out: list[str] = []
    if lang == "en":
        if word.endswith("'s"):
            out.append(word[:-2])
        if len(word) > 4 and word.endswith("ies"):
            out.append(word[:-3] + "y")
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            out.append(word[:-1])
        if len(word) > 4 and word.endswith("es"):
            out.append(word[:-2])
    elif lang == "es":
        if len(word) > 3 and word.endswith("s"):
            out.append(word[:-1])
        if len(word) > 4 and word.endswith("ces"):
            out.append(word[:-3] + "z")
        if len(word) > 4 and word.endswith("es"):
            out.append(word[:-2])
    elif lang == "fr":
        elided = _FR_ELISION.sub("", word)
        if elided != word:
            out.append(elided)
            word = elided
        if len(word) > 4 and word.endswith("aux"):
            out.append(word[:-3] + "al")
        if len(word) > 3 and word.endswith(("s", "x")):
            out.append(word[:-1])
    return [w for w in out if w]


def stem_key(word: str, lang: str) -> str:
    """The Snowball stem of a lower-case word, folded: the same for its inflected forms
    (``changing``, ``changed``: ``chang``; ``arrestado``: ``arrest``).

    The analyzers' own stemmer, imported only when a word needs it: the
    lexicon loads without Whoosh.
    """
    from presssearch.analyze import stemmer

    return fold(stemmer(lang)(word))


# -------------------------------------------------------------------- the lexicon

Table = dict[str, str]  # key -> packed senses


def _pack(senses: Iterable[Sequence[str]]) -> str:
    return _SENSE_SEP.join(_TRANS_SEP.join(s) for s in senses)


def _unpack(packed: str) -> Senses:
    return [s.split(_TRANS_SEP) for s in packed.split(_SENSE_SEP)]


def _round_robin(senses: Senses) -> list[str]:
    """Translations in the order first of every sense, then second of every sense, ..."""
    out: list[str] = []
    seen: set[str] = set()
    for column in itertools.zip_longest(*senses):
        for t in column:
            if t is not None and t.lower() not in seen:
                seen.add(t.lower())
                out.append(t)
    return out


def _files(folder: Path, name: str) -> tuple[Path, Path] | None:
    """The ``.index`` and ``.dict.dz`` (or plain ``.dict``) files of a dictionary, if both exist."""
    index = folder / f"freedict-{name}.index"
    for data in (folder / f"freedict-{name}.dict.dz", folder / f"freedict-{name}.dict"):
        if index.is_file() and data.is_file():
            return index, data
    return None


def _stamp(folder: Path, bidix: dict[Any, Path]) -> list[list[object]]:
    """The cache's validity key: the code that builds it, and each dictionary file's size and
    mtime (FreeDict's, then Apertium's)."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(Path(apertium.__file__).read_bytes())
    out: list[list[object]] = [["code", _CACHE_FORMAT, digest.hexdigest()[:16]]]
    paths = [p for name in DICTIONARIES for p in _files(folder, name) or ()]
    for path in [*paths, *bidix.values()]:
        st = path.stat()
        out.append([str(path), st.st_size, st.st_mtime_ns])
    return out


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/presssearch``, or ``~/.cache/presssearch``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "presssearch"


class Lexicon:
    """Translations between English, Spanish and French, from the FreeDict dictionaries.

    Build it with :meth:`load`. ``missing`` names the FreeDict dictionaries that
    were not found (their directions translate less or not at all), ``bidix``
    the directions of the Apertium dictionaries that were; ``from_cache`` says
    whether the lexicon was read from a fresh cache file, ``cache_path`` (None
    when the lexicon was built in memory).

    The lexicon lives in an SQLite database (:class:`_Store`); a lookup reads
    the few rows of its keys and keeps them in a bounded memo.
    """

    def __init__(
        self,
        store: _Store,
        *,
        folder: Path,
        missing: tuple[str, ...] = (),
        bidix: tuple[tuple[str, str], ...] = (),
        from_cache: bool = False,
        cache_path: Path | None = None,
    ) -> None:
        self._store = store
        self._memo: dict[tuple[str, str], dict[str, str]] = {}
        self._ap_memo: dict[tuple[str, str], dict[str, str]] = {}
        self.folder = folder
        self.missing = missing
        self.bidix = bidix
        self.from_cache = from_cache
        self.cache_path = cache_path

    # ------------------------------------------------------------ building

    @classmethod
    def load(
        cls,
        folder: str | Path | None = None,
        *,
        cache_dir: str | Path | None = None,
        use_cache: bool = True,
        apertium_folder: str | Path | None = None,
    ) -> Lexicon:
        """The lexicon of the dictionaries in ``folder``, from the cache when it is fresh.

        ``folder`` defaults to ``$PRESSSEARCH_DICT_DIR``, then ``/usr/share/dictd``;
        ``apertium_folder``, where Apertium's bilingual dictionaries are looked
        for (see :mod:`presssearch.apertium`), to ``$PRESSSEARCH_APERTIUM_DIR``,
        then ``/usr/share/apertium``; ``cache_dir`` to :func:`default_cache_dir`.
        Any subset of the dictionaries works. Raises :class:`LexiconMissing`
        if there is none. Without a writable cache folder (or with
        ``use_cache=False``) the lexicon is built in memory, every time.
        """
        where = Path(folder or os.environ.get(DICT_DIR_ENV) or DEFAULT_DICT_DIR)
        ap_where = Path(apertium_folder) if apertium_folder else apertium.apertium_dir()
        present = [name for name in DICTIONARIES if _files(where, name)]
        missing = tuple(name for name in DICTIONARIES if name not in present)
        bidix = apertium.direction_files(ap_where)
        analysers = apertium.analyser_files(ap_where) if bidix else {}
        if not present and not bidix:
            files = ", ".join(f"freedict-{n}.index/.dict.dz" for n in DICTIONARIES)
            raise LexiconMissing(
                f"no FreeDict dictionary in {where} (looked for {files}); install them "
                f"with `{INSTALL_HINT}`, or point {DICT_DIR_ENV} to the folder that holds them"
            )
        stamp = json.dumps(_stamp(where, {**bidix, **analysers}))
        cache_path: Path | None = None
        found = {"folder": where, "missing": missing, "bidix": tuple(sorted(bidix))}
        if use_cache:
            places = f"{where.resolve()}\n{ap_where.resolve()}"
            key = hashlib.sha256(places.encode()).hexdigest()[:16]
            cache_path = Path(cache_dir or default_cache_dir()) / f"lexicon-{key}.sqlite"
            store = _Store.open(cache_path, stamp)
            if store is not None:
                return cls(store, **found, from_cache=True, cache_path=cache_path)
        rows = _build(where, present, bidix, analysers)
        store = _Store.write(cache_path, stamp, rows) if cache_path is not None else None
        if store is None:
            cache_path = None
            store = _Store.in_memory(stamp, rows)
        return cls(store, **found, cache_path=cache_path)

    # ------------------------------------------------------------- lookups

    def sizes(self) -> dict[str, tuple[int, int]]:
        """For each direction (``"en-fr"``...), its number of headwords and of translations."""
        out: dict[str, tuple[int, int]] = {}
        for source, target, packed in self._store.all_senses():
            headwords, n = out.get(f"{source}-{target}", (0, 0))
            n += len(set(_round_robin(_unpack(packed))))
            out[f"{source}-{target}"] = (headwords + 1, n)
        return out

    def _entries(self, key: str, source: str) -> dict[str, str]:
        """Target language -> the packed senses of ``key``, a headword of ``source``."""
        found = self._memo.get((source, key))
        if found is None:
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            found = self._memo[(source, key)] = self._store.senses(source, key)
        return found

    def _senses(self, key: str, source: str, target: str) -> Senses:
        packed = self._entries(key, source).get(target)
        return _unpack(packed) if packed else []

    def _ap_entries(self, key: str, source: str) -> dict[str, str]:
        """Target language -> Apertium's packed translations of ``key`` (a ``source`` word)."""
        found = self._ap_memo.get((source, key))
        if found is None:
            if len(self._ap_memo) >= _MEMO_SIZE:
                self._ap_memo.clear()
            found = self._ap_memo[(source, key)] = self._store.apertium(source, key)
        return found

    def apertium(self, key: str, source: str, target: str) -> list[tuple[str, str, str]]:
        """Apertium's translations of a headword: (part of speech, translation, kind) each.

        The kind is ``d`` (the direction's own dictionary lists it), ``i``
        (the opposite one's, inverted) or ``-`` (neither), then the number of
        other languages through which a path leads to it (``d2``, ``-1``).
        """
        packed = self._ap_entries(key, source).get(target)
        return [(p, t, k) for p, t, k in _unpack(packed)] if packed else []

    def forms(self, word: str, lang: str) -> tuple[str, ...]:
        """Forms of ``word``'s lemmas that ``lang``'s analyzer makes other index terms of.

        ``said`` for ``say``, ``dice`` and ``dijo`` for ``decir``, ``people``
        for ``person``: from Apertium's analysers, empty without them. A form
        is looked up as the lemma it is of (``says``: ``said``).
        """
        key = normalize(word)
        analyses = self._store.lemmas(lang, key)
        if key in analyses or self._store.forms(lang, key):
            lemmas = []  # a lemma itself: its own forms only (oriente, not orientar's)
        else:
            lemmas = analyses or [v for v in _deplural(key, lang) if self._store.forms(lang, v)]
        out: dict[str, None] = dict.fromkeys(lemmas)
        for lemma in (key, *lemmas):
            out.update((f, None) for f in self._store.forms(lang, lemma) if f != key)
        return tuple(out)

    def _known_forms(
        self, word: str, lang: str, evidence: Evidence | None, limit: int = 0
    ) -> tuple[str, ...]:
        """:meth:`forms` of ``word`` the texts have (all, without ``evidence``), the most
        frequent first, at most ``limit`` (or :data:`MAX_FORMS`).

        An expression's forms are its words' (``arma nuclear``: ``armas
        nucleares``), each word in itself or in one of its two commonest forms.
        """
        words = normalize(word).split(" ")
        if len(words) > 1:
            each = [(w, *self._known_forms(w, lang, evidence, 2)) for w in words]
            forms = tuple(
                " ".join(combo) for combo in itertools.product(*each) if list(combo) != words
            )
        else:
            forms = self.forms(word, lang)
        if evidence is not None and forms:
            counted = sorted(((evidence.frequency(lang, f), f) for f in forms), reverse=True)
            forms = tuple(f for n, f in counted if n)
        return forms[: limit or MAX_FORMS]

    def pos(self, word: str, lang: str) -> str:
        """The parts of speech Apertium knows ``word`` as, in ``lang``: letters of ``nav r``."""
        return self._store.pos(lang, normalize(word))

    def _has(self, key: str, source: str) -> bool:
        return bool(self._entries(key, source)) or bool(self._ap_entries(key, source))

    def _exact_or_loose(self, key: str, source: str) -> tuple[int, list[str]] | None:
        if self._has(key, source):
            return 0, [key]
        loose = _loose(key)
        keys = [loose] if loose != key and self._has(loose, source) else []
        keys += [k for k in self._store.loose(source, loose) if k != key and k not in keys]
        return (1, keys) if keys else None

    def lookup(self, text: str, source: str) -> tuple[int, list[str]] | None:
        """How ``text`` is found in ``source``: a tier and the headwords it matched.

        Tier 0 is an exact (lower-case) match; 1 ignores accents, hyphens and
        apostrophes (``pelicula``, ``excusez moi``); 2 is a singular or unelided
        form (``remarks``, ``l'actrice``), or a form whose lemmas Apertium's
        analyser knows (``dijo``: ``decir``); 3, for a single inflected word,
        headwords with the same Snowball stem (``changing``: ``change``; ``arrestado``:
        ``arrestar``). None if no headword matches.
        """
        _check_lang(source)
        key = normalize(text)
        if not key:
            return None
        found = self._exact_or_loose(key, source)
        if found:
            return found
        words = key.split(" ")
        variants = [[w, *_deplural(w, source)] for w in words]
        for combo in itertools.product(*variants):
            if list(combo) != words:
                found = self._exact_or_loose(" ".join(combo), source)
                if found:
                    return 2, found[1]
        # A form the language's analyser knows (dijo: decir; made: make; people:
        # person) is looked up as its lemmas, and only as them (sido is ser, not sida).
        lemmas = [w for w in self._store.lemmas(source, key) if w != key] if len(words) == 1 else []
        if lemmas or (len(words) == 1 and self._store.lemmas(source, key)):
            keys = [
                k for lemma in lemmas for k in (self._exact_or_loose(lemma, source) or (0, []))[1]
            ]
            return (2, list(dict.fromkeys(keys))) if keys else None
        # Only an inflected word (one the stemmer shortens): ``font`` (they make)
        # is not ``fonte`` (cast iron), though both stem to ``font``.
        stem = stem_key(key, source) if len(words) == 1 and key.isalpha() else ""
        if stem and len(stem) < len(key):
            stemmed = self._store.stems(source, stem)
            if stemmed:
                return 3, stemmed[:STEM_HEADWORDS]
        return None

    def translate(
        self,
        word: str,
        source: str,
        target: str,
        *,
        limit: int | None = None,
        pivot: bool = False,
    ) -> tuple[str, ...]:
        """Translations of a word or expression from ``source`` into ``target``, best first.

        Best first means the first translation of every sense, then the second
        of every sense, and so on. With ``pivot``, translations through the third
        language follow (``campaign`` → ``campagne`` → ``campaña``). Empty if the
        lexicon does not know the word.
        """
        _check_lang(target)
        if source == target:
            raise ValueError(f"source and target are both {source!r}")
        found = self.lookup(word, source)
        if not found:
            return ()
        out = self._translations(found[1], source, target, pivot=pivot)
        return tuple(out if limit is None else out[:limit])

    def _translations(
        self,
        keys: Sequence[str],
        source: str,
        target: str,
        *,
        pivot: bool,
        known: Known | None = None,
    ) -> list[str]:
        direct = _round_robin([s for key in keys for s in self._senses(key, source, target)])
        if not pivot or len(direct) >= PIVOT_BELOW:
            return direct
        # The main translations into the third language, and their main sense's
        # translations: a word's other senses there are not this word's
        # (gato -> chat -> cat, but not chat -> chat). With ``known``, the first
        # of its translations that the texts have, whatever their sense
        # (patinete -> trottinette, not the rarer patinette).
        (middle,) = (lang for lang in LANGS if lang not in (source, target))
        steps = _round_robin([s for key in keys for s in self._senses(key, source, middle)])
        second = []
        for step in steps[:PIVOT_FANOUT]:
            senses = self._senses(normalize(step), middle, target)
            if known is None:
                second.append(senses[0][:PIVOT_FANOUT] if senses else [])
            else:
                found = [t for t in _round_robin(senses) if known(target, t)]
                second.append(found[:PIVOT_FANOUT])
        return _round_robin([direct, _round_robin(second)])

    def expand(
        self,
        words: Sequence[str],
        stopwords: Callable[[str], bool] | None = None,
        *,
        cap: int = DEFAULT_CAP,
        pivot: bool = True,
        source: str | None = None,
        known: Known | None = None,
        evidence: Evidence | None = None,
    ) -> list[Expansion]:
        """The query words, grouped into expressions, each with its translations.

        The query's language is unknown, so each word is looked up as English,
        Spanish and French, and translated into the languages other than those
        it was found in (a word found in several is merged). Of the lookup tiers
        (exact, accents folded, singular) only the best one found says which
        languages a word belongs to, so an English ``posts`` is not also taken
        for a foreign singular; an inflected word's lemmas (``killed``: ``kill``)
        are translated too.

        Expressions the lexicon knows are matched first, greedily, longest first,
        up to three words (``Spanish language``, ``a lot``). An expression keeps
        its own translations first; when they contain translations of its words
        (``langue espagnole`` holds ``langue``, a translation of ``language``),
        it is compositional and the translations of those words follow, so that
        ``lengua`` and ``idioma`` are found too. An idiom (``a lot`` →
        ``beaucoup``) keeps only its own.

        ``stopwords(word)`` says whether a (lower-case) word is a function word:
        those get no translations, alone or as whole expressions. Each target
        language gets at most ``cap`` translations per word (an expression of
        ``n`` translated words, ``cap`` × ``n``), of at most three words each.

        **Choosing translations.** Every dictionary's senses are candidates
        (:meth:`candidates`): FreeDict's and Apertium's, in both directions,
        and, with ``pivot``, the translations through the third language.
        Candidates that the target language's analyzer makes the same index
        terms of (``réforme``, ``réformer``) are one, shown as its noun. A
        candidate's strength is the evidence of the dictionaries (how many
        list it, whether a path through the third language confirms it);
        ``evidence``, the texts searched, adds how the candidate occurs there:
        a translation they lack is left out, and one far more frequent in its
        language than the word in its own (``faire`` for ``make``) loses
        strength by :data:`RATIO_PENALTY` per doubling. The candidates of
        strength :data:`KEEP_STRENGTH` and more are kept, strongest first (or
        the strongest alone, if it reaches :data:`FALLBACK_STRENGTH`), each
        weighing its strength over :data:`FULL_STRENGTH` (at most 1) in
        ``Expansion.weights``; translations into a language the word belongs
        to itself weigh :data:`HOMOGRAPH_WEIGHT` times less (English ``court``
        is French for *short*).

        ``source``, when the query's language is known, limits the lookup to
        it. ``known(language, translation)`` is the lesser form of
        ``evidence``: whether the texts have a translation, without counts.
        """
        if evidence is None and known is not None:
            evidence = _KnownOnly(known)

        def is_stop(word: str) -> bool:
            return stopwords is not None and stopwords(normalize(word))

        out: list[Expansion] = []
        i = 0
        while i < len(words):
            for length in range(min(MAX_PHRASE_WORDS, len(words) - i), 0, -1):
                group = tuple(words[i : i + length])
                if all(is_stop(w) for w in group):
                    if length == 1:
                        out.append(Expansion(group))
                        break
                    continue
                text = " ".join(group)
                found = self._find(text, source, evidence)
                weights: dict[tuple[str, str], float] = {}
                forms: dict[tuple[str, str], tuple[str, ...]] = {}
                if length == 1:
                    grouped = self._group(text, found, cap, pivot, weights, evidence, forms)
                    translations = {k: tuple(v) for k, v in grouped.items()}
                    for lang in found:
                        own_forms = self._known_forms(text, lang, evidence)
                        if own_forms:
                            forms[lang, text.lower()] = own_forms
                    out.append(_expansion(group, translations, found, weights, forms))
                    break
                if found:
                    own = self._group(text, found, cap, pivot, None, evidence, forms)
                    # The expression's own translations are what it means.
                    own_weights = {(k, t.lower()): 1.0 for k, ts in own.items() for t in ts}
                    each: list[Expansion] = []
                    grouped = []
                    for w in group:
                        if is_stop(w):
                            each.append(Expansion((w,)))
                            continue
                        word_found = self._find(w, source, evidence)
                        word_weights: dict[tuple[str, str], float] = {}
                        part = self._group(w, word_found, cap, pivot, word_weights, evidence, forms)
                        grouped.append(part)
                        weights.update(word_weights)
                        kept = {
                            k: v for k, v in part.items() if k not in own or _contained(v, own[k])
                        }
                        mine = _compose(own, [kept] if kept else [], found, cap)
                        each.append(
                            _expansion(
                                (w,), mine, word_found, {**word_weights, **own_weights}, forms
                            )
                        )
                    weights.update(own_weights)
                    translations = _compose(own, grouped, found, cap)
                    expansion = _expansion(group, translations, found, weights, forms)
                    out.append(dataclasses.replace(expansion, parts=tuple(each)))
                    break
            i += length
        return out

    def _find(
        self, text: str, source: str | None = None, evidence: Evidence | None = None
    ) -> dict[str, list[str]]:
        """Source language -> matched headwords, in the languages ``text`` is read in.

        With ``source``, the text is looked up in that language only. Of the
        languages whose dictionaries know it, those whose documents use it
        (``evidence``): a share of them at least :data:`READING_SHARE` times
        the largest (``dice`` is Spanish in Spanish texts, ``court`` English in
        English ones); without counts, those of the best lookup tier.
        """
        hits = {lang: self.lookup(text, lang) for lang in ((source,) if source else LANGS)}
        found = {lang: h for lang, h in hits.items() if h}
        if len(found) > 1 and evidence is not None:
            shares = {lang: _share(evidence, lang, text) for lang in found}
            most = max(shares.values())
            if most > 0:
                return {
                    lang: h[1] for lang, h in found.items() if shares[lang] >= READING_SHARE * most
                }
        tiers = [h[0] for h in found.values()]
        if not tiers:
            return {}
        return {lang: h[1] for lang, h in found.items() if h[0] == min(tiers)}

    def _lemmas(self, text: str, lang: str, keys: Sequence[str]) -> list[str]:
        """``keys`` and the headwords of ``text``'s singular and stem (``killed``: ``kill``)."""
        key = normalize(text)
        out = list(keys)
        words = key.split(" ")
        if len(words) == 1 and key.isalpha():
            lemmas = self._store.lemmas(lang, key)
            for variant in (*lemmas, *_deplural(key, lang)):
                found = self._exact_or_loose(variant, lang)
                out += [k for k in (found[1] if found else ()) if k not in out]
            stem = stem_key(key, lang)
            # Without an analyser that knows the word, nor a headword, its Snowball
            # stem's headwords (election is not elect).
            if not lemmas and not self._has(key, lang) and len(stem) < len(key):
                out += [k for k in self._store.stems(lang, stem)[:STEM_HEADWORDS] if k not in out]
        return out

    def candidates(
        self, text: str, found: dict[str, list[str]], target: str, *, pivot: bool = True
    ) -> list[Candidate]:
        """Every dictionary's translations into ``target`` of ``text``, found as ``found`` says.

        ``found`` maps each language ``text`` was found in to its headwords
        there (:meth:`lookup`). The candidates come in the dictionaries'
        order: FreeDict's (its senses' first translations first), then
        Apertium's, then those reached only through the third language.
        """
        out: dict[str, Candidate] = {}

        def add(t: str, reading: str) -> Candidate:
            c = out.get(t.lower())
            if c is None:
                c = out[t.lower()] = Candidate(t, len(out))
            if reading not in c.readings:
                c.readings += (reading,)
            return c

        for source, keys in found.items():
            if source == target:
                continue
            keys = self._lemmas(text, source, keys)
            for t in _round_robin([s for key in keys for s in self._senses(key, source, target)]):
                if len(t.split()) <= MAX_TRANSLATION_WORDS:
                    add(t, source).freedict = True
            for key in keys:
                for p, t, kind in self.apertium(key, source, target):
                    c = add(t, source)
                    c.pos += p if p not in c.pos else ""
                    c.apertium = c.apertium or kind[0] != "-"
                    c.paths += int(kind[1:])
            if not pivot:
                continue
            # Through the third language: FreeDict's first translations there and
            # all of Apertium's, then their translations into the target.
            (middle,) = (lang for lang in LANGS if lang not in (source, target))
            steps = _round_robin([s for key in keys for s in self._senses(key, source, middle)])
            steps = steps[:CONFIRM_FANOUT] + [
                t
                for key in keys
                for p, t, kind in self.apertium(key, source, middle)
                if kind[0] != "-"
            ]
            reached: set[str] = set()
            for step in dict.fromkeys(s.lower() for s in steps):
                ends = _round_robin(self._senses(normalize(step), middle, target)) + [
                    t
                    for p, t, kind in self.apertium(normalize(step), middle, target)
                    if kind[0] != "-"
                ]
                for t in ends:
                    if t.lower() not in reached and len(t.split()) <= MAX_TRANSLATION_WORDS:
                        reached.add(t.lower())
                        add(t, source).paths += 1
        for c in out.values():
            if not c.pos:
                c.pos = self._store.pos(target, normalize(c.text))
            c.lookalike = _cognates(text, c.text)
        return list(out.values())

    def _group(
        self,
        text: str,
        found: dict[str, list[str]],
        cap: int,
        pivot: bool,
        weights: dict[tuple[str, str], float] | None = None,
        evidence: Evidence | None = None,
        forms: dict[tuple[str, str], tuple[str, ...]] | None = None,
    ) -> dict[str, list[str]]:
        """Target language -> the translations of ``text`` chosen (see :meth:`expand`).

        ``weights``, when given, receives the weight of each (language,
        lower-case translation), and ``forms`` its other forms.
        """
        out: dict[str, list[str]] = {}
        sources = {
            lang: _source_share(evidence, lang, [text, *self._known_forms(text, lang, evidence)])
            for lang in found
        }
        known_sources = [v for v in sources.values() if v is not None]
        for target in LANGS:
            if not any(lang != target for lang in found):
                continue
            model = EVIDENCE if self.bidix else EVIDENCE_FREEDICT
            # The word as typed, used by the target language's texts too (a name, a
            # word it borrowed): the less they need a translation.
            shared = 0.0
            if evidence is not None and known_sources and target not in found:
                typed = evidence.frequency(target, text)
                total = evidence.documents(target)
                if typed and total > 0:
                    ratio = (typed + 1) / (total + 1) / max(known_sources)
                    shared = min(max(math.log2(ratio) + SHARED_SPAN, 0.0), SHARED_SPAN + 2)
            chosen = _choose(
                self.candidates(text, found, target, pivot=pivot),
                target,
                sources,
                evidence,
                cap,
                lambda word, lang=target: self._known_forms(word, lang, evidence),
                {**model, "base": model["base"] + model["shared"] * shared},
            )
            if chosen:
                out[target] = [t for t, _, _ in chosen]
            homograph = HOMOGRAPH_WEIGHT if target in found else 1.0
            for t, weight, extra in chosen:
                key = (target, t.lower())
                if weights is not None:
                    weights[key] = max(weights.get(key, 0.0), weight * homograph)
                if forms is not None and extra:
                    forms[key] = extra
        return out


@dataclass
class Candidate:
    """A translation a dictionary gives, and what the dictionaries say of it.

    ``freedict`` and ``apertium``: whether each lists it (in either
    direction); ``paths``: how many translations through the third language
    lead to it (Apertium's English–French ones all do: they go through
    Spanish); ``pos``: Apertium's parts of speech for it (``n``oun,
    ``a``djective, ``v``erb, adve``r``b), empty when unknown; ``readings``:
    the languages of the query word it translates; ``lookalike``: whether it
    looks like the word (:func:`_cognates`); ``order``: its rank in the
    dictionaries' order.
    """

    text: str
    order: int
    freedict: bool = False
    apertium: bool = False
    paths: int = 0
    pos: str = ""
    readings: tuple[str, ...] = ()
    lookalike: bool = False

    def strength(self, evidence: dict[str, float]) -> float:
        """What the dictionaries say, as log-odds that the texts use it for the word
        (``evidence``: :data:`EVIDENCE` or :data:`EVIDENCE_FREEDICT`)."""
        return (
            evidence["base"]
            + evidence["freedict"] * self.freedict
            + evidence["apertium"] * self.apertium
            + evidence["path"] * min(self.paths, MAX_PATHS)
            + evidence["lookalike"] * self.lookalike
        )


class Evidence(Protocol):
    """What the texts searched say of a word: in how many of a language's documents it is."""

    def documents(self, lang: str) -> int:
        """The number of documents in ``lang``."""
        ...

    def frequency(self, lang: str, text: str) -> int:
        """The number of documents in ``lang`` with every index term of ``text``, or an estimate."""
        ...


class _KnownOnly:
    """Evidence from a vocabulary alone: whether the texts have a word, not how often."""

    def __init__(self, known: Known) -> None:
        self.known = known

    def documents(self, lang: str) -> int:
        return 0  # unknown: frequencies compare with nothing

    def frequency(self, lang: str, text: str) -> int:
        return 1 if self.known(lang, text) else 0


#: The evidence for a translation, as log-odds that the documents in its language that
#: have it are those whose counterparts in the query word's language have the word:
#: measured (a logistic fit) on single-word queries of the tune part of NTREX (see
#: bench/evaluate.py, section twins). Each dictionary that lists it counts, Apertium's
#: more than FreeDict's; so does each language a path leads to it through (up to
#: :data:`MAX_PATHS`), and looking like the word (élection, election: the same first
#: four letters). What another translation of the word has and it lacks counts
#: against it: a dictionary that lists it, a path.
EVIDENCE = {
    "base": -0.94,
    "freedict": 0.16,
    "apertium": 0.51,
    "path": 0.28,
    "lookalike": 0.88,
    "pivot only": -0.35,
    # No path leads to it, while some lead to another translation of the word.
    "unconfirmed": -0.16,
    # Per doubling of the share of the target language's documents that have the word
    # as typed, from an eighth of its share in its own language up to four times it.
    "shared": -0.11,
    # Per doubling of its share of its language's documents over the word's in its own:
    # a translation more common than the word is another, broader one.
    "more common": -1.25,
    # Per halving of the share of documents of the word's language that have it,
    # against the language where it is commonest: a reading in a language the texts
    # hardly use it in (English "court", French "court") is probably not the one meant.
    "rarer reading": -1.0,
}
#: The same, measured with FreeDict's dictionaries alone (no Apertium data installed).
EVIDENCE_FREEDICT = {
    **EVIDENCE,
    "base": -0.43,
    "freedict": 0.63,
    "apertium": 0.0,
    "path": -0.09,
    "lookalike": 1.21,
    "pivot only": -0.44,
    "unconfirmed": -0.73,
    "more common": -1.28,
}
#: Paths counted, at most.
MAX_PATHS = 5
#: The word as typed counts as shared with another language from a share of that
#: language's documents 2**-SHARED_SPAN times its share in its own.
SHARED_SPAN = 3
#: The likelihood (0 to 1) a translation needs to be kept, and the weight at which
#: it counts fully in the query; it weighs its likelihood over that, at most 1.
KEEP_LIKELIHOOD = 0.3
FULL_LIKELIHOOD = 0.7
#: The likelihood at which a word's likeliest translation is kept when none has more.
FALLBACK_LIKELIHOOD = 0.05
#: A word is read in a language whose share of documents that use it is at least
#: this times the largest such share among the languages its dictionaries know.
READING_SHARE = 0.25
#: Other forms searched for a word, at most: the most frequent in the texts.
MAX_FORMS = 4
#: Parts of speech, the one to show first when several words make the same terms.
_POS_ORDER = "narv"


def _share(evidence: Evidence, lang: str, text: str) -> float:
    """The share of ``lang``'s documents that have ``text`` (0 when it has none)."""
    total = evidence.documents(lang)
    return evidence.frequency(lang, text) / total if total > 0 else 0.0


def _source_share(evidence: Evidence | None, lang: str, words: Sequence[str]) -> float | None:
    """The share of ``lang``'s documents that have the commonest of ``words`` (a word and
    its forms), or None when unknown."""
    if evidence is None:
        return None
    total = evidence.documents(lang)
    if total <= 0:
        return None
    return (max(evidence.frequency(lang, w) for w in words) + 1) / (total + 1)


def _choose(
    candidates: Sequence[Candidate],
    target: str,
    sources: dict[str, float | None],
    evidence: Evidence | None,
    cap: int,
    forms_of: Callable[[str], tuple[str, ...]] = lambda word: (),
    model: dict[str, float] = EVIDENCE,
) -> list[tuple[str, float, tuple[str, ...]]]:
    """The candidates kept, strongest first, each with its weight and its other forms that
    the texts have (see :meth:`Lexicon.expand`)."""
    from presssearch.analyze import analyzer_for

    analyzer = analyzer_for(target)
    merged: dict[tuple[str, ...], Candidate] = {}
    for c in candidates:
        terms = tuple(analyzer.terms(c.text))
        if not terms:
            continue
        same = merged.get(terms)
        if same is None:
            merged[terms] = dataclasses.replace(c)
            continue
        # One index term, several words: what any dictionary says of any of them.
        shown = min((same, c), key=_shown_first)
        merged[terms] = dataclasses.replace(
            shown,
            freedict=same.freedict or c.freedict,
            apertium=same.apertium or c.apertium,
            paths=same.paths + c.paths,
            lookalike=same.lookalike or c.lookalike,
            readings=tuple(dict.fromkeys(same.readings + c.readings)),
            order=min(same.order, c.order),
        )
    total = evidence.documents(target) if evidence is not None else 0
    known_shares = [v for v in sources.values() if v is not None]
    commonest = max(known_shares, default=0.0)
    scored: list[tuple[float, int, str, tuple[str, ...]]] = []
    listed = any(c.freedict or c.apertium for c in merged.values())
    confirmed = any(c.paths for c in merged.values())
    for c in merged.values():
        strength = c.strength(model)
        if listed and not (c.freedict or c.apertium):
            strength += model["pivot only"]
        if confirmed and not c.paths:
            strength += model["unconfirmed"]
        forms = forms_of(c.text)
        shares = [v for lang in c.readings if (v := sources.get(lang)) is not None]
        if commonest and shares:
            strength += model["rarer reading"] * math.log2(commonest / max(shares))
        if evidence is not None:
            df = max(evidence.frequency(target, w) for w in (c.text, *forms))
            if not df:
                continue
            if total > 0 and shares:
                ratio = (df + 1) / (total + 1) / max(shares)
                strength += model["more common"] * max(0.0, math.log2(ratio))
        likelihood = 1 / (1 + math.exp(-strength))
        scored.append((likelihood, c.order, c.text, forms))
    scored.sort(key=lambda s: (-s[0], s[1]))
    kept = [s for s in scored if s[0] >= KEEP_LIKELIHOOD]
    if not kept and scored and scored[0][0] >= FALLBACK_LIKELIHOOD:
        kept = scored[:1]  # a word's likeliest translation, when it has no likely one
    return [
        (text, min(1.0, likelihood / FULL_LIKELIHOOD), forms)
        for likelihood, _, text, forms in kept[:cap]
    ]


def _shown_first(c: Candidate) -> tuple[int, int]:
    """Which of the words that make the same terms to show: a noun, then the first listed."""
    ranks = [_POS_ORDER.index(p) for p in c.pos if p in _POS_ORDER]
    return (min(ranks) if ranks else len(_POS_ORDER) - 1, c.order)


def _expansion(
    words: tuple[str, ...],
    translations: dict[str, tuple[str, ...]],
    found: dict[str, list[str]],
    weights: dict[tuple[str, str], float],
    forms: dict[tuple[str, str], tuple[str, ...]] | None = None,
) -> Expansion:
    return Expansion(
        words,
        translations,
        tuple(found),
        {k: tuple(weights.get((k, t.lower()), 1.0) for t in ts) for k, ts in translations.items()},
        forms or {},
    )


def _tokens(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(fold(text.lower())))


def _contained(translations: Sequence[str], wholes: Sequence[str]) -> bool:
    """Whether one of ``translations`` is inside one of ``wholes`` (word for word)."""
    return any(_tokens(t) <= _tokens(w) for t in translations for w in wholes)


def _compose(
    own: dict[str, list[str]],
    parts: Sequence[dict[str, list[str]]],
    sources: Iterable[str],
    cap: int,
) -> dict[str, tuple[str, ...]]:
    """An expression's translations, then those of its words that they contain (all
    its words', into a language it has no translation of its own into).

    A language the expression was found in gets its words' translations only
    if the expression has translations into it too (from another language).
    """
    own_tokens = {lang: [_tokens(t) for t in ts] for lang, ts in own.items()}

    def contained(part: dict[str, list[str]]) -> bool:
        return any(
            _tokens(t) <= whole
            for lang, ts in part.items()
            for t in ts
            for whole in own_tokens.get(lang, ())
        )

    kept = [p for p in parts if contained(p)]
    limit = cap * max(1, len(parts))
    out: dict[str, tuple[str, ...]] = {}
    for lang in LANGS:
        if lang in sources and lang not in own:
            continue
        # Into a language the expression has no translation of its own into, it
        # is translated word for word.
        words = _round_robin([p.get(lang, []) for p in (kept if lang in own else parts)])
        ordered = _round_robin([[t] for t in (*own.get(lang, ()), *words)])
        if ordered:
            out[lang] = tuple(ordered[:limit])
    return out


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGS)}")


# --------------------------------------------------------------- build and cache


def _build(
    folder: Path,
    present: Sequence[str],
    bidix: dict[tuple[str, str], Path] | None = None,
    analysers: dict[str, Path] | None = None,
) -> _Rows:
    """Parse the dictionaries and merge them into the six directions: the database's rows."""
    entries = {name: list(read_dictionary(folder, name)) for name in present}

    # Drop the English entries whose headword was cut short (see _truncated).
    english = [name for name in entries if name.startswith("eng-")]
    prons: dict[str, set[str]] = defaultdict(set)
    for name in english:
        for entry in entries[name]:
            prons[entry.key].add(entry.pronunciation)
    for name in english:
        entries[name] = [e for e in entries[name] if not _truncated(e, prons[e.key])]

    # Word frequencies of English and Spanish, from the sources that kept their spaces.
    texts: dict[str, list[str]] = {lang: [] for lang in LANGS}
    for name, items in entries.items():
        src, tgt = (_ISO[c] for c in name.split("-"))
        texts[src].extend(e.headword for e in items)
        if name not in _SPACELESS:
            texts[tgt].extend(t for e in items for s in e.senses for t in s)
    splitters = {_ISO[c]: _Splitter(_ISO[c], texts[_ISO[c]]) for c in ("eng", "spa")}

    own: dict[str, dict[str, Senses]] = defaultdict(dict)
    inverted: dict[str, dict[str, list[tuple[tuple[int, ...], str]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for name, items in entries.items():
        src, tgt = (_ISO[c] for c in name.split("-"))
        table = own[f"{src}-{tgt}"]
        back = inverted[f"{tgt}-{src}"]
        for order, entry in enumerate(items):
            senses = entry.senses
            if name in _SPACELESS:
                senses = [[splitters[tgt].repair(t) for t in s] for s in senses]
            table.setdefault(entry.key, []).extend(senses)
            headword = clean_translation(entry.headword)
            if headword is None:  # an affix (-able) is a headword, not a translation
                continue
            for i, sense in enumerate(senses):
                for j, t in enumerate(sense):
                    rank = (i, j, headword.count(" "), not _cognates(headword, t), order)
                    back[normalize(t)].append((rank, headword))

    tables: dict[str, Table] = {}
    for src, tgt in itertools.permutations(LANGS, 2):
        direction = f"{src}-{tgt}"
        merged: dict[str, Senses] = {k: list(v) for k, v in own.get(direction, {}).items()}
        for key, sources in inverted.get(direction, {}).items():
            merged.setdefault(key, []).extend([h] for _, h in sorted(sources))
        if merged:
            # Identical senses (an entry listed twice, one inverted twice) count once.
            tables[direction] = {k: _pack(dict.fromkeys(map(tuple, v))) for k, v in merged.items()}

    rows = _Rows()
    for direction, table in tables.items():
        source, target = direction.split("-")
        rows.senses.extend((source, k, target, v) for k, v in table.items())
    ap_keys = _apertium_rows(bidix or {}, rows)
    _morphology_rows(analysers or {}, rows)
    for src in LANGS:
        keys = {k for d, t in tables.items() if d.startswith(src) for k in t} | ap_keys[src]
        loose: dict[str, list[str]] = defaultdict(list)
        stems: dict[str, list[str]] = defaultdict(list)
        for key in sorted(keys):
            if _loose(key) != key:
                loose[_loose(key)].append(key)
        # The one-word headwords of each stem, shortest first, for the stem tier.
        for key in sorted(keys, key=lambda k: (len(k), k)):
            if key.isalpha():
                stems[stem_key(key, src)].append(key)
        rows.loose.extend((src, f, _TRANS_SEP.join(ks)) for f, ks in loose.items())
        rows.stems.extend(
            (src, stem, _TRANS_SEP.join(ks[:STEM_HEADWORDS])) for stem, ks in stems.items()
        )
    return rows


def _apertium_rows(bidix: dict[tuple[str, str], Path], rows: _Rows) -> dict[str, set[str]]:
    """Apertium's translations in every direction, into ``rows``; the headwords of each language.

    Each pair of languages holds its own dictionary's entries, then the
    inverse of the opposite direction's. English, Spanish and French are
    translated directly where Apertium pairs them (English–Spanish,
    French–Spanish), and through every other language it pairs both with
    (Spanish, Catalan, Esperanto: ``court`` -> ``tribunal`` -> ``tribunal``),
    keeping the part of speech at each step. Each translation's kind says
    whether a dictionary lists it (``d``), the opposite one does (``i``) or
    neither (``-``), then through how many languages a path leads to it
    (``d2``, ``-1``). Each word's parts of speech, on either side of any
    entry, go to ``rows.pos``.
    """
    merged: dict[tuple[str, str], dict[str, dict[tuple[str, str], str]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    pos: dict[str, dict[str, set[str]]] = {lang: defaultdict(set) for lang in LANGS}
    inverse: list[tuple[tuple[str, str], str, tuple[str, str]]] = []
    for (src, tgt), path in sorted(bidix.items()):
        try:
            entries = list(apertium.read_bidix(path))
        except (OSError, apertium.BadTransducer):
            continue  # an unreadable file translates nothing
        for e in entries:
            merged[src, tgt][normalize(e.lemma)].setdefault((e.pos, e.translation), "d")
            inverse.append(((tgt, src), normalize(e.translation), (e.pos, e.lemma)))
            for lang, word in ((src, e.lemma), (tgt, e.translation)):
                if lang in pos:
                    pos[lang][normalize(word)].add(e.pos)
    for direction, key, item in inverse:
        merged[direction][key].setdefault(item, "i")
    middles = {lang for pair in merged for lang in pair}
    heads: dict[str, set[str]] = {lang: set() for lang in LANGS}
    for src, tgt in itertools.permutations(LANGS, 2):
        table: dict[str, dict[tuple[str, str], list]] = defaultdict(dict)
        for key, items in merged.get((src, tgt), {}).items():
            for item, kind in items.items():
                table[key][item] = [kind, 0]
        for middle in sorted(middles - {src, tgt}):
            first, second = merged.get((src, middle), {}), merged.get((middle, tgt), {})
            if not first or not second:
                continue
            for key, items in first.items():
                reached = {
                    (q, word)
                    for p, step in items
                    for q, word in second.get(normalize(step), {})
                    if q == p
                }
                for item in reached:
                    table[key].setdefault(item, ["-", 0])[1] += 1
        heads[src].update(table)
        rows.apertium.extend(
            (src, key, tgt, _pack([p, t, f"{kind}{n}"] for (p, t), (kind, n) in items.items()))
            for key, items in table.items()
        )
    for lang, words in pos.items():
        rows.pos.extend((lang, word, "".join(sorted(tags))) for word, tags in words.items())
    return heads


#: Forms whose index term is shorter than this are not searched for their lemma.
MIN_FORM_TERM = 3


def _morphology_rows(analysers: dict[str, Path], rows: _Rows) -> None:
    """The forms of each lemma that its language's analyzer makes other index terms of.

    Snowball stems inflections alike when they share their beginning
    (``encontrar``, ``encontró``), not irregular ones (``decir``: ``dice``,
    ``dijo``; ``say``: ``said``; ``person``: ``people``). From Apertium's
    morphological analysers, ``rows.forms`` gets, for each lemma, one form
    for each other index term its forms make (of :data:`MIN_FORM_TERM`
    letters or more), and ``rows.lemmas`` the lemmas of every form the
    analyser knows (a lemma's own among them).
    """
    from presssearch.analyze import analyzer_for

    for lang, path in sorted(analysers.items()):
        try:
            forms = list(apertium.read_analyser(path))
        except (OSError, apertium.BadTransducer):
            continue
        analyzer = analyzer_for(lang)
        by_lemma: dict[str, dict[str, str]] = defaultdict(dict)
        lemmas: dict[str, set[str]] = defaultdict(set)
        for form in forms:
            lemma, surface = normalize(form.lemma), normalize(form.form)
            lemmas[surface].add(lemma)
            own = analyzer.terms(lemma)
            terms = analyzer.terms(surface)
            if len(terms) != 1 or len(terms[0]) < MIN_FORM_TERM or terms == own:
                continue
            kept = by_lemma[lemma].setdefault(terms[0], surface)
            if len(surface) < len(kept):
                by_lemma[lemma][terms[0]] = surface
        rows.forms.extend(
            (lang, lemma, _TRANS_SEP.join(sorted(found.values())))
            for lemma, found in by_lemma.items()
        )
        rows.lemmas.extend(
            (lang, surface, _TRANS_SEP.join(sorted(found))) for surface, found in lemmas.items()
        )


@dataclass
class _Rows:
    """The rows of the lexicon's database, as :func:`_build` makes them."""

    senses: list[tuple[str, str, str, str]] = field(default_factory=list)  # source, key, target
    loose: list[tuple[str, str, str]] = field(default_factory=list)  # source, loose key, keys
    stems: list[tuple[str, str, str]] = field(default_factory=list)  # source, stem, headwords
    # source, key, target, packed [part of speech, translation, kind] lists
    apertium: list[tuple[str, str, str, str]] = field(default_factory=list)
    pos: list[tuple[str, str, str]] = field(default_factory=list)  # language, word, parts of speech
    forms: list[tuple[str, str, str]] = field(default_factory=list)  # language, lemma, forms
    lemmas: list[tuple[str, str, str]] = field(default_factory=list)  # language, form, lemmas


_SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE senses (
    source TEXT, key TEXT, target TEXT, packed TEXT NOT NULL,
    PRIMARY KEY (source, key, target)
) WITHOUT ROWID;
CREATE TABLE loose (
    source TEXT, loose TEXT, keys TEXT NOT NULL, PRIMARY KEY (source, loose)
) WITHOUT ROWID;
CREATE TABLE stems (
    source TEXT, stem TEXT, keys TEXT NOT NULL, PRIMARY KEY (source, stem)
) WITHOUT ROWID;
CREATE TABLE apertium (
    source TEXT, key TEXT, target TEXT, packed TEXT NOT NULL,
    PRIMARY KEY (source, key, target)
) WITHOUT ROWID;
CREATE TABLE pos (lang TEXT, word TEXT, tags TEXT NOT NULL, PRIMARY KEY (lang, word)) WITHOUT ROWID;
CREATE TABLE forms (
    lang TEXT, lemma TEXT, forms TEXT NOT NULL, PRIMARY KEY (lang, lemma)
) WITHOUT ROWID;
CREATE TABLE lemmas (
    lang TEXT, form TEXT, lemmas TEXT NOT NULL, PRIMARY KEY (lang, form)
) WITHOUT ROWID;
"""


class _Store:
    """The lexicon's SQLite database: senses by headword, and the keys of the looser tiers.

    ``senses`` holds each direction's packed senses by (source, key, target);
    ``loose`` the headwords of a source language by their accent-, hyphen- and
    apostrophe-insensitive form (only those that differ from it); ``stems``
    its first one-word headwords by Snowball stem. ``meta`` holds the format
    and the dictionaries' stamp, so a stale file is never read.

    One connection serves every thread (SQLite serializes it; a lock keeps
    each statement and its fetch together), and a process forked from the
    one that opened a file opens its own.
    """

    def __init__(self, connect: Callable[[], sqlite3.Connection]) -> None:
        self._connect = connect
        self._lock = threading.Lock()
        self._pid = os.getpid()
        self._db = connect()

    @classmethod
    def open(cls, path: Path, stamp: str) -> _Store | None:
        """The database in ``path`` if it is readable and built from these dictionaries."""
        if not path.is_file():
            return None
        uri = f"{path.resolve().as_uri()}?mode=ro"
        try:
            store = cls(lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))
            meta = dict(store._query("SELECT name, value FROM meta"))
        except sqlite3.Error:
            return None
        if meta.get("format") != str(_CACHE_FORMAT) or meta.get("stamp") != stamp:
            return None
        return store

    @classmethod
    def write(cls, path: Path, stamp: str, rows: _Rows) -> _Store | None:
        """Write the database atomically (a temporary file, then renamed); None if it cannot."""
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
            os.close(fd)
            db = sqlite3.connect(tmp)
            try:
                _fill(db, stamp, rows)
            finally:
                db.close()
            os.replace(tmp, path)
        except (OSError, sqlite3.Error):
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            return None
        # The cache of the earlier format, a JSON file, is no longer read.
        with contextlib.suppress(OSError):
            path.with_suffix(".json").unlink()
        return cls.open(path, stamp)

    @classmethod
    def in_memory(cls, stamp: str, rows: _Rows) -> _Store:
        """The database built in memory, where no cache file can be written."""
        db = sqlite3.connect(":memory:", check_same_thread=False)
        _fill(db, stamp, rows)
        return cls(lambda: db)

    def _query(self, sql: str, *args: str) -> list[tuple]:
        with self._lock:
            if self._pid != os.getpid():
                self._db, self._pid = self._connect(), os.getpid()
            return self._db.execute(sql, args).fetchall()

    def senses(self, source: str, key: str) -> dict[str, str]:
        """Target language -> packed senses of one headword."""
        sql = "SELECT target, packed FROM senses WHERE source = ? AND key = ?"
        return dict(self._query(sql, source, key))

    def loose(self, source: str, loose: str) -> list[str]:
        """The headwords of ``source`` whose loose form is ``loose`` (and differs from them)."""
        found = self._query("SELECT keys FROM loose WHERE source = ? AND loose = ?", source, loose)
        return found[0][0].split(_TRANS_SEP) if found else []

    def stems(self, source: str, stem: str) -> list[str]:
        """The first one-word headwords of ``source`` with this stem, shortest first."""
        found = self._query("SELECT keys FROM stems WHERE source = ? AND stem = ?", source, stem)
        return found[0][0].split(_TRANS_SEP) if found else []

    def apertium(self, source: str, key: str) -> dict[str, str]:
        """Target language -> Apertium's packed translations of one headword."""
        sql = "SELECT target, packed FROM apertium WHERE source = ? AND key = ?"
        return dict(self._query(sql, source, key))

    def pos(self, lang: str, word: str) -> str:
        """The parts of speech Apertium gives a word (``n``, ``a``, ``v``, ``r``), or ''."""
        found = self._query("SELECT tags FROM pos WHERE lang = ? AND word = ?", lang, word)
        return found[0][0] if found else ""

    def forms(self, lang: str, lemma: str) -> list[str]:
        """Forms of a lemma that its language's analyzer makes other index terms of."""
        found = self._query("SELECT forms FROM forms WHERE lang = ? AND lemma = ?", lang, lemma)
        return found[0][0].split(_TRANS_SEP) if found else []

    def lemmas(self, lang: str, form: str) -> list[str]:
        """The lemmas of a form its language's analyzer does not stem like them."""
        found = self._query("SELECT lemmas FROM lemmas WHERE lang = ? AND form = ?", lang, form)
        return found[0][0].split(_TRANS_SEP) if found else []

    def all_senses(self) -> list[tuple[str, str, str]]:
        """Every (source, target, packed senses) row."""
        return self._query("SELECT source, target, packed FROM senses")


def _fill(db: sqlite3.Connection, stamp: str, rows: _Rows) -> None:
    """Create the tables in an empty database and insert ``rows``, in key order."""
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.executescript(_SCHEMA)
    db.executemany(
        "INSERT INTO meta VALUES (?, ?)", [("format", str(_CACHE_FORMAT)), ("stamp", stamp)]
    )
    db.executemany("INSERT INTO senses VALUES (?, ?, ?, ?)", sorted(rows.senses))
    db.executemany("INSERT INTO loose VALUES (?, ?, ?)", sorted(rows.loose))
    db.executemany("INSERT INTO stems VALUES (?, ?, ?)", sorted(rows.stems))
    db.executemany("INSERT INTO apertium VALUES (?, ?, ?, ?)", sorted(rows.apertium))
    db.executemany("INSERT INTO pos VALUES (?, ?, ?)", sorted(rows.pos))
    db.executemany("INSERT INTO forms VALUES (?, ?, ?)", sorted(rows.forms))
    db.executemany("INSERT INTO lemmas VALUES (?, ?, ?)", sorted(rows.lemmas))
    db.commit()


def shared_lexicon() -> tuple[Lexicon | None, str | None]:
    """The lexicon of ``$PRESSSEARCH_DICT_DIR`` (or ``/usr/share/dictd``), loaded once per process.

    Returns the lexicon and None, or None and why there is none. The folders
    are read from the environment on each call, and each pair of dictionary
    and cache folders is loaded once.
    """
    folder = Path(os.environ.get(DICT_DIR_ENV) or DEFAULT_DICT_DIR)
    return _shared(folder, default_cache_dir())


@lru_cache(maxsize=4)
def _shared(folder: Path, cache_dir: Path) -> tuple[Lexicon | None, str | None]:
    try:
        return Lexicon.load(folder, cache_dir=cache_dir), None
    except LexiconMissing as exc:
        return None, str(exc)
