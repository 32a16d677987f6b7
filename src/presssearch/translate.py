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
from typing import NamedTuple

from presssearch.errors import PresssearchError

__all__ = [
    "DEFAULT_CAP",
    "DICTIONARIES",
    "HOMOGRAPH_WEIGHT",
    "LANGS",
    "UNCONFIRMED_WEIGHT",
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
#: Translations into the third language through which a translation is confirmed.
CONFIRM_FANOUT = 4
#: The weight of a translation that no path through the third language confirms.
UNCONFIRMED_WEIGHT = 0.5
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
_CACHE_FORMAT = 2
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
    (0 to 1): 1 for a translation the third language confirms or cannot judge,
    less for one it does not confirm (:data:`UNCONFIRMED_WEIGHT`) and for
    translations into a language the words belong to themselves
    (:data:`HOMOGRAPH_WEIGHT`: English ``court`` is also French for *short*).
    """

    words: tuple[str, ...]
    translations: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    languages: tuple[str, ...] = ()
    weights: dict[str, tuple[float, ...]] = field(default_factory=dict, hash=False, compare=False)

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


def _stamp(folder: Path) -> list[list[object]]:
    """The cache's validity key: this module's code, and each dictionary file's size and mtime."""
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    out: list[list[object]] = [["code", _CACHE_FORMAT, code]]
    for name in DICTIONARIES:
        for path in _files(folder, name) or ():
            st = path.stat()
            out.append([path.name, st.st_size, st.st_mtime_ns])
    return out


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/presssearch``, or ``~/.cache/presssearch``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "presssearch"


class Lexicon:
    """Translations between English, Spanish and French, from the FreeDict dictionaries.

    Build it with :meth:`load`. ``missing`` names the dictionaries that were not
    found (their directions translate less or not at all); ``from_cache`` says
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
        from_cache: bool = False,
        cache_path: Path | None = None,
    ) -> None:
        self._store = store
        self._memo: dict[tuple[str, str], dict[str, str]] = {}
        self.folder = folder
        self.missing = missing
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
    ) -> Lexicon:
        """The lexicon of the dictionaries in ``folder``, from the cache when it is fresh.

        ``folder`` defaults to ``$PRESSSEARCH_DICT_DIR``, then ``/usr/share/dictd``;
        ``cache_dir`` to :func:`default_cache_dir`. Any subset of the five
        dictionaries works. Raises :class:`LexiconMissing` if there is none.
        Without a writable cache folder (or with ``use_cache=False``) the
        lexicon is built in memory, every time.
        """
        where = Path(folder or os.environ.get(DICT_DIR_ENV) or DEFAULT_DICT_DIR)
        present = [name for name in DICTIONARIES if _files(where, name)]
        missing = tuple(name for name in DICTIONARIES if name not in present)
        if not present:
            files = ", ".join(f"freedict-{n}.index/.dict.dz" for n in DICTIONARIES)
            raise LexiconMissing(
                f"no FreeDict dictionary in {where} (looked for {files}); install them "
                f"with `{INSTALL_HINT}`, or point {DICT_DIR_ENV} to the folder that holds them"
            )
        stamp = json.dumps(_stamp(where))
        cache_path: Path | None = None
        if use_cache:
            key = hashlib.sha256(str(where.resolve()).encode()).hexdigest()[:16]
            cache_path = Path(cache_dir or default_cache_dir()) / f"lexicon-{key}.sqlite"
            store = _Store.open(cache_path, stamp)
            if store is not None:
                return cls(
                    store, folder=where, missing=missing, from_cache=True, cache_path=cache_path
                )
        rows = _build(where, present)
        store = _Store.write(cache_path, stamp, rows) if cache_path is not None else None
        if store is None:
            cache_path = None
            store = _Store.in_memory(stamp, rows)
        return cls(store, folder=where, missing=missing, cache_path=cache_path)

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

    def _has(self, key: str, source: str) -> bool:
        return bool(self._entries(key, source))

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
        form (``remarks``, ``l'actrice``); 3, for a single inflected word,
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
    ) -> list[Expansion]:
        """The query words, grouped into expressions, each with its translations.

        The query's language is unknown, so each word is looked up as English,
        Spanish and French, and translated into the languages other than those
        it was found in (a word found in several is merged). Of the lookup tiers
        (exact, accents folded, singular) only the best one found counts, so an
        English ``posts`` is not also taken for a foreign singular.

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
        ``n`` translated words, ``cap`` × ``n``), of at most three words each;
        dictionary order decides, first senses first, then with ``pivot`` the
        translations through the third language, which fill the gaps of the
        smaller dictionaries (``campaign`` → ``campagne`` → ``campaña``).

        Within that order the translations the third language confirms come
        first (``rumour`` -> ``réputation`` -> ``reputación`` confirms
        ``reputación``, not ``hambre``, an error of eng-spa), and each
        expansion says how much each translation weighs (``Expansion.weights``).

        ``source``, when the query's language is known, limits the lookup to it.
        ``known(language, translation)``, when given, says whether the texts
        searched have a translation (the index's vocabulary): of the
        translations the cap keeps, those the texts lack are left out (they
        could match nothing), and where fewer than PIVOT_BELOW remain the pivot
        takes the first translations through the third language that the
        texts have, whatever their sense (``scooter`` -> ``patinete`` ->
        ``trottinette``, not the rarer ``patinette``). Translations into a
        language the word belongs to itself are left as they are.
        """

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
                found = self._find(" ".join(group), source)
                weights: dict[tuple[str, str], float] = {}
                if length == 1:
                    grouped = self._group(found, cap, pivot, weights, known)
                    translations = {k: tuple(v) for k, v in grouped.items()}
                    out.append(_expansion(group, translations, found, weights))
                    break
                if found:
                    own = self._group(found, cap, pivot, known=known)
                    parts = [
                        self._group(self._find(w, source), cap, pivot, weights, known)
                        for w in group
                        if not is_stop(w)
                    ]
                    # The expression's own translations are what it means.
                    weights.update(((k, t.lower()), 1.0) for k, ts in own.items() for t in ts)
                    translations = _compose(own, parts, found, cap)
                    out.append(_expansion(group, translations, found, weights))
                    break
            i += length
        return out

    def _find(self, text: str, source: str | None = None) -> dict[str, list[str]]:
        """Source language -> matched headwords, for the best lookup tier found.

        With ``source``, the text is looked up in that language only.
        """
        hits = {lang: self.lookup(text, lang) for lang in ((source,) if source else LANGS)}
        tiers = [h[0] for h in hits.values() if h]
        if not tiers:
            return {}
        return {lang: h[1] for lang, h in hits.items() if h and h[0] == min(tiers)}

    def _group(
        self,
        found: dict[str, list[str]],
        cap: int,
        pivot: bool,
        weights: dict[tuple[str, str], float] | None = None,
        known: Known | None = None,
    ) -> dict[str, list[str]]:
        """Target language -> at most ``cap`` short translations of the matched headwords.

        The third language is a pivot only when all the source languages together
        give fewer than PIVOT_BELOW direct translations. Confirmed translations
        (:meth:`_confirmed`) come before the others; ``weights``, when given,
        receives the weight of each (language, lower-case translation).
        """
        out: dict[str, list[str]] = {}
        for target in LANGS:
            sources = [(source, keys) for source, keys in found.items() if source != target]
            # Into a language the word belongs to itself, the texts' vocabulary
            # would only let in more senses of its homograph.
            vocabulary = None if target in found else known
            lists = _kept(
                [self._translations(keys, s, target, pivot=False) for s, keys in sources],
                target,
                cap,
                vocabulary,
            )
            if pivot and len(_round_robin(lists)) < PIVOT_BELOW:
                lists = _kept(
                    [
                        self._translations(keys, s, target, pivot=True, known=vocabulary)
                        for s, keys in sources
                    ],
                    target,
                    cap,
                    vocabulary,
                )
            confirmed = set().union(*(self._confirmed(keys, s, target) for s, keys in sources))
            # Where the third language says nothing, nothing is refuted.
            unconfirmed = UNCONFIRMED_WEIGHT if confirmed else 1.0
            short = [
                sorted(
                    (t for t in ts if len(t.split()) <= MAX_TRANSLATION_WORDS),
                    key=lambda t: t.lower() not in confirmed,
                )
                for ts in lists
            ]
            merged = _round_robin(short)[:cap]
            if merged:
                out[target] = merged
            if weights is not None:
                # A word of the target language itself (English "court") is
                # not likely meant as its homograph (French "court", short).
                homograph = HOMOGRAPH_WEIGHT if target in found else 1.0
                for t in merged:
                    weight = 1.0 if t.lower() in confirmed else unconfirmed
                    key = (target, t.lower())
                    weights[key] = max(weights.get(key, 0.0), weight * homograph)
        return out

    def _confirmed(self, keys: Sequence[str], source: str, target: str) -> set[str]:
        """The translations of ``keys`` into ``target`` that the third language agrees on.

        A translation is confirmed when it is also a translation of one of the
        first CONFIRM_FANOUT translations into the third language: ``rumour``
        -> ``réputation`` -> ``reputación`` confirms ``reputación``, not
        ``hambre`` (an error of eng-spa). Lower case.
        """
        (middle,) = (lang for lang in LANGS if lang not in (source, target))
        steps = _round_robin([s for key in keys for s in self._senses(key, source, middle)])
        out: set[str] = set()
        for step in steps[:CONFIRM_FANOUT]:
            for sense in self._senses(normalize(step), middle, target):
                out.update(t.lower() for t in sense)
        return out


def _kept(lists: Senses, target: str, cap: int, known: Known | None) -> Senses:
    """The translations the cap keeps, less those the texts lack (all, without ``known``)."""
    if known is None:
        return lists
    first = {t.lower() for t in _round_robin(lists)[:cap]}
    return [[t for t in ts if t.lower() in first and known(target, t)] for ts in lists]


def _expansion(
    words: tuple[str, ...],
    translations: dict[str, tuple[str, ...]],
    found: dict[str, list[str]],
    weights: dict[tuple[str, str], float],
) -> Expansion:
    return Expansion(
        words,
        translations,
        tuple(found),
        {k: tuple(weights.get((k, t.lower()), 1.0) for t in ts) for k, ts in translations.items()},
    )


def _tokens(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(fold(text.lower())))


def _compose(
    own: dict[str, list[str]],
    parts: Sequence[dict[str, list[str]]],
    sources: Iterable[str],
    cap: int,
) -> dict[str, tuple[str, ...]]:
    """An expression's translations, then those of its words that they contain.

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
    limit = cap * max(1, len(kept))
    out: dict[str, tuple[str, ...]] = {}
    for lang in LANGS:
        if lang in sources and lang not in own:
            continue
        words = _round_robin([p.get(lang, []) for p in kept])
        ordered = _round_robin([[t] for t in (*own.get(lang, ()), *words)])
        if ordered:
            out[lang] = tuple(ordered[:limit])
    return out


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGS)}")


# --------------------------------------------------------------- build and cache


def _build(folder: Path, present: Sequence[str]) -> _Rows:
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
    for src in LANGS:
        keys = {k for d, t in tables.items() if d.startswith(src) for k in t}
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


@dataclass
class _Rows:
    """The rows of the lexicon's database, as :func:`_build` makes them."""

    senses: list[tuple[str, str, str, str]] = field(default_factory=list)  # source, key, target
    loose: list[tuple[str, str, str]] = field(default_factory=list)  # source, loose key, keys
    stems: list[tuple[str, str, str]] = field(default_factory=list)  # source, stem, headwords


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
