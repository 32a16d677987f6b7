"""FreeDict's bilingual dictionaries, read where Debian installs them (see
:mod:`presssearch.translate`): dictd files, their entries and senses, the
repair of the older editions' lost spaces, the inflection and the lookup keys
(folded, loose, stemmed) a word is found by, and the cache's place and key.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from presssearch.common import cache_dir
from presssearch.common import fold as fold_text
from presssearch.languages import ANALYZED, LANGUAGES, language

#: The languages the lexicon translates between.
LANGS = ANALYZED
#: The FreeDict dictionaries read, by their dictd name.
DICTIONARIES = ("eng-fra", "eng-spa", "fra-eng", "spa-eng", "fra-spa")
#: Where Debian installs them; the environment variable overrides it.
DEFAULT_DICT_DIR = Path("/usr/share/dictd")
DICT_DIR_ENV = "PRESSSEARCH_DICT_DIR"
INSTALL_HINT = (
    "apt-get install dict-freedict-eng-fra dict-freedict-eng-spa "
    "dict-freedict-fra-eng dict-freedict-spa-eng dict-freedict-fra-spa"
)
#: A word found only through its stem (``changing`` -> ``change``) takes the
#: translations of at most this many headwords with that stem, shortest first.
STEM_HEADWORDS = 2
#: The languages of the dictionaries' names, by their FreeDict codes (eng: en).
ISO = {lang.freedict: lang.code for lang in LANGUAGES if lang.freedict and lang.analyzed}
# The cache's layout; a change to this package's code also invalidates the cache.
CACHE_FORMAT = 5
# Packed sense lists: senses joined by SENSE_SEP, translations by TRANS_SEP.
SENSE_SEP = "\x1e"
TRANS_SEP = "\x1f"
DICTD_B64 = {c: i for i, c in enumerate(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
)}  # fmt: skip

Senses = list[list[str]]


# ---------------------------------------------------------------- normalizing

_PUNCT = str.maketrans({"’": "'", "ʼ": "'", "‐": "-", "‑": "-", "\u00a0": " "})


#: ``word`` without accents or ligatures (``película`` is ``pelicula``), as
#: analysis folds it; remembered, since lookups repeat words.
fold = lru_cache(maxsize=100_000)(fold_text)


def loose_key(key: str) -> str:
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
WORD = re.compile(r"\w+")
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
_NOT_ALNUM = re.compile(r"[^\w\s]|_")
# Words of letters separated by one space, apostrophe or hyphen: nothing to clean.
_PLAIN = re.compile(r"[^\W\d_]+(?:[ '-][^\W\d_]+)*")


def decode_number(text: str) -> int:
    """A number in dictd's base64 (``"BVBC"``), as used in ``.index`` files."""
    n = 0
    for char in text:
        n = n * 64 + DICTD_B64[char]
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
    files = dictionary_files(folder, name)
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


def cognates(a: str, b: str) -> bool:
    """Whether two words of different languages look alike: élection, elección."""
    a, b = fold(a.lower()), fold(b.lower())
    return a[:4] == b[:4] and len(a) >= 4 and len(b) >= 4


def truncated(entry: Entry, references: Iterable[str]) -> bool:
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
SPACELESS = ("eng-spa", "spa-eng")
_SHORT_WORDS = {"en": {"a"}, "es": {"a", "y", "o", "e", "u"}, "fr": {"a", "à", "y"}}


class Splitter:
    """Splits ``partetrasera`` into ``parte trasera`` with a word-frequency table."""

    def __init__(self, lang: str, texts: Iterable[str]) -> None:
        self.lang = lang
        self.freq: Counter[str] = Counter(WORD.findall("\n".join(texts).lower()))
        self.total = sum(self.freq.values()) or 1

    def known(self, word: str) -> bool:
        w = word.lower()
        return w in self.freq or any(v in self.freq for v in deplural(w, self.lang))

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


def deplural(word: str, lang: str) -> list[str]:
    """Singular candidates for a word that may be plural (or elided), most likely first."""
    out: list[str] = []
    described = language(lang)
    if described is not None and described.possessive and word.endswith(described.possessive):
        out.append(word[: -len(described.possessive)])
    head, _, rest = word.partition("'")
    if described is not None and head in described.elisions and WORD.match(rest):
        out.append(rest)  # l'actrice: actrice, as analysis reads it
        word = rest
    if lang == "en":
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


Table = dict[str, str]  # key -> packed senses


def pack(senses: Iterable[Sequence[str]]) -> str:
    return SENSE_SEP.join(TRANS_SEP.join(s) for s in senses)


def unpack(packed: str) -> Senses:
    return [s.split(TRANS_SEP) for s in packed.split(SENSE_SEP)]


def round_robin(senses: Senses) -> list[str]:
    """Translations in the order first of every sense, then second of every sense, ..."""
    out: list[str] = []
    seen: set[str] = set()
    for column in itertools.zip_longest(*senses):
        for t in column:
            if t is not None and t.lower() not in seen:
                seen.add(t.lower())
                out.append(t)
    return out


def dictionary_files(folder: Path, name: str) -> tuple[Path, Path] | None:
    """The ``.index`` and ``.dict.dz`` (or plain ``.dict``) files of a dictionary, if both exist."""
    index = folder / f"freedict-{name}.index"
    for data in (folder / f"freedict-{name}.dict.dz", folder / f"freedict-{name}.dict"):
        if index.is_file() and data.is_file():
            return index, data
    return None


def cache_stamp(folder: Path, others: Iterable[Path] = ()) -> list[list[object]]:
    """The cache's validity key: the code of this package's modules and of the analysis
    they use (:mod:`presssearch.analyze` and the language registry: the lexicon's
    forms and candidates are read through each language's analyzer, its stop words
    and stems), and the size and modification time of each dictionary file
    (FreeDict's, then ``others``: Apertium's)."""
    package = Path(__file__).parent
    modules = [
        *sorted(package.glob("*.py")),
        package.parent / "analyze.py",
        *sorted((package.parent / "languages").glob("*.py")),
    ]
    code = hashlib.sha256(b"".join(path.read_bytes() for path in modules)).hexdigest()[:16]
    out: list[list[object]] = [["code", CACHE_FORMAT, code]]
    paths = [path for name in DICTIONARIES for path in dictionary_files(folder, name) or ()]
    for path in [*paths, *others]:
        st = path.stat()
        out.append([str(path), st.st_size, st.st_mtime_ns])
    return out


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/presssearch``, or ``~/.cache/presssearch``."""
    return cache_dir()
