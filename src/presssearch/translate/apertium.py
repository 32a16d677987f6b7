"""Apertium's bilingual dictionaries, read from their compiled transducers.

Apertium, the rule-based translator, keeps for each language pair a bilingual
dictionary that lists several senses of a word (``court`` → ``juzgado``,
``tribunal``, ``cancha``, ``corte``), each with its part of speech. Debian
installs the English–Spanish and French–Spanish ones with
``apt-get install apertium-eng-spa apertium-fr-es`` (GPL data, read where
they are installed, never copied here), compiled by lttoolbox: for each
direction a file such as
``/usr/share/apertium/apertium-eng-spa/eng-spa.autobil.bin``.

**The file.** An lttoolbox transducer file: the magic ``LTTB`` and eight
bytes of features, the alphabet's letters, its tags (``<n>``, ``<vblex>``)
and its symbol pairs, then named sections, each a transducer (the magic
``LTTD``, eight bytes of features, the initial state, the final states, and
each state's transitions, labelled by a symbol pair). Numbers are written in
one to four bytes, the first byte's two high bits saying how many follow.
Every path from the initial state to a final one is an entry: its input
symbols spell the source lemma and tags (``court<n>``), its output symbols
the translation's (``tribunal<n><m>``). Only the ``main`` sections are
read; the others hold patterns (numbers, centuries), not words.

**The entries kept.** Nouns, adjectives, verbs and adverbs whose lemma and
translation are words (no digits); proper nouns and function words are left
out. A ``#`` in a lemma marks where an expression's inflected head ends
(``punto# de calor``) and is removed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

__all__ = [
    "ANALYSERS",
    "APERTIUM_DIR_ENV",
    "DEFAULT_APERTIUM_DIR",
    "DIRECTIONS",
    "ApertiumEntry",
    "BadTransducer",
    "Form",
    "analyser_files",
    "apertium_dir",
    "direction_files",
    "read_analyser",
    "read_bidix",
    "read_transducer_paths",
]

#: Where Debian installs Apertium's data; the environment variable overrides it.
DEFAULT_APERTIUM_DIR = Path("/usr/share/apertium")
APERTIUM_DIR_ENV = "PRESSSEARCH_APERTIUM_DIR"
#: The compiled bilingual dictionaries read, by direction (source, target):
#: (the package's folder, the file).
DIRECTIONS: dict[tuple[str, str], tuple[str, str]] = {
    ("en", "es"): ("apertium-eng-spa", "eng-spa.autobil.bin"),
    ("es", "en"): ("apertium-eng-spa", "spa-eng.autobil.bin"),
    ("fr", "es"): ("apertium-fr-es", "fr-es.autobil.bin"),
    ("es", "fr"): ("apertium-fr-es", "es-fr.autobil.bin"),
    # Catalan and Esperanto, paired with each of English, Spanish and French, are
    # more paths between them.
    ("en", "ca"): ("apertium-eng-cat", "eng-cat.autobil.bin"),
    ("ca", "en"): ("apertium-eng-cat", "cat-eng.autobil.bin"),
    ("es", "ca"): ("apertium-spa-cat", "spa-cat.autobil.bin"),
    ("ca", "es"): ("apertium-spa-cat", "cat-spa.autobil.bin"),
    ("fr", "ca"): ("apertium-fra-cat", "fra-cat.autobil.bin"),
    ("ca", "fr"): ("apertium-fra-cat", "cat-fra.autobil.bin"),
    ("en", "eo"): ("apertium-eo-en", "en-eo.autobil.bin"),
    ("eo", "en"): ("apertium-eo-en", "eo-en.autobil.bin"),
    ("es", "eo"): ("apertium-es-eo", "es-eo.autobil.bin"),
    ("fr", "eo"): ("apertium-eo-fr", "fr-eo.autobil.bin"),
}
#: The languages searched in (the others are only paths between them).
OURS = ("en", "es", "fr")
#: The morphological analysers read, by language: the first present is used.
ANALYSERS: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (("apertium-eng-spa", "eng-spa.automorf.bin"),),
    "es": (("apertium-eng-spa", "spa-eng.automorf.bin"), ("apertium-fr-es", "es-fr.automorf.bin")),
    "fr": (("apertium-fr-es", "fr-es.automorf.bin"),),
}
#: The parts of speech kept, as Apertium tags them; each is shortened to its first letter.
CONTENT_TAGS = {
    "n": "n",
    "adj": "a",
    "vblex": "v",
    "vbmod": "v",
    "vbser": "v",
    "vbhaver": "v",
    "adv": "r",
}

_ENTRY = re.compile(r"^([^<>]+)((?:<[^<>]+>)*)$")
_WORDS = re.compile(r"[^\W\d_]+(?:[ '’-][^\W\d_]+)*")
# A transducer with more paths than this is a pattern, not a dictionary.
_MAX_PATHS = 2_000_000


class BadTransducer(ValueError):
    """A file is not an lttoolbox transducer this reader understands."""


class ApertiumEntry(NamedTuple):
    """One entry of a bilingual dictionary: lemma and part of speech on each side."""

    lemma: str
    pos: str  # n, a, v or r
    translation: str


def apertium_dir() -> Path:
    """``$PRESSSEARCH_APERTIUM_DIR``, or where Debian installs Apertium's data."""
    return Path(os.environ.get(APERTIUM_DIR_ENV) or DEFAULT_APERTIUM_DIR)


def analyser_files(folder: Path) -> dict[str, Path]:
    """The compiled morphological analysers present in ``folder``, by language."""
    out = {}
    for lang, candidates in ANALYSERS.items():
        for package, name in candidates:
            path = folder / package / name
            if path.is_file():
                out[lang] = path
                break
    return out


def direction_files(folder: Path) -> dict[tuple[str, str], Path]:
    """The compiled bilingual dictionaries present in ``folder``, by direction."""
    out = {}
    for direction, (package, name) in DIRECTIONS.items():
        path = folder / package / name
        if path.is_file():
            out[direction] = path
    return out


class _Reader:
    """Reads lttoolbox's compressed numbers and strings from bytes."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def number(self) -> int:
        data, pos = self.data, self.pos
        try:
            first = data[pos]
            if first < 0x40:
                self.pos = pos + 1
                return first
            if first < 0x80:
                self.pos = pos + 2
                return ((first & 0x3F) << 8) | data[pos + 1]
            if first < 0xC0:
                self.pos = pos + 3
                return ((first & 0x3F) << 16) | (data[pos + 1] << 8) | data[pos + 2]
            self.pos = pos + 4
            return (
                ((first & 0x3F) << 24)
                | (data[pos + 1] << 16)
                | (data[pos + 2] << 8)
                | data[pos + 3]
            )
        except IndexError:
            raise BadTransducer("the file ends inside a number") from None

    def weight(self) -> None:
        """Skip a weight: a mantissa and an exponent, each in one or two numbers."""
        for _ in range(2):
            if self.number() >= 0x04000000:
                self.number()

    def string(self) -> str:
        try:
            return "".join(chr(self.number()) for _ in range(self.number()))
        except ValueError:
            raise BadTransducer("a string holds no character") from None

    def header(self, magic: bytes) -> int | None:
        """The features after ``magic`` if the data continues with it, else None."""
        if self.data[self.pos : self.pos + 4] != magic:
            return None
        features = int.from_bytes(self.data[self.pos + 4 : self.pos + 12], "little")
        self.pos += 12
        return features


def read_transducer_paths(
    path: Path,
    section_prefix: str = "main",
    keep: Callable[[str, str], bool] | None = None,
    enough: Callable[[str, str], bool] | None = None,
) -> Iterator[tuple[str, str]]:
    """Every (input, output) string of the sections of ``path`` whose name starts so.

    Tags are written ``<tag>``. Paths that would go around a cycle are cut
    there, and so are those with a pair of symbols ``keep(input, output)``
    refuses. With ``enough``, a path is given as soon as ``enough(input,
    output)`` holds of what it has read, and read no further (nor checked to
    reach a final state). Raises :class:`BadTransducer` for a file in another
    format.
    """
    reader = _Reader(path.read_bytes())
    features = reader.header(b"LTTB")
    if features:  # only the compressed format, without features, is read
        raise BadTransducer(f"{path}: lttoolbox features {features:#x} are not supported")
    for _ in range(reader.number()):  # the letters of the alphabet
        reader.number()
    tags = ["<" + reader.string() + ">" for _ in range(reader.number())]
    bias = len(tags)

    def symbol(value: int) -> str:
        if value == 0:
            return ""
        if value < 0:
            if -value > len(tags):
                raise BadTransducer(f"{path}: a symbol names tag {-value} of {len(tags)}")
            return tags[-value - 1]
        return chr(value)

    pairs = [
        (symbol(reader.number() - bias), symbol(reader.number() - bias))
        for _ in range(reader.number())
    ]
    for _ in range(reader.number()):
        name = reader.string()
        features = reader.header(b"LTTD") or 0
        if features > 1:
            raise BadTransducer(f"{path}: transducer features {features:#x} are not supported")
        weighted = bool(features & 1)
        initial = reader.number()
        finals: set[int] = set()
        state = 0
        for _ in range(reader.number()):
            state += reader.number()
            finals.add(state)
            if weighted:
                reader.weight()
        count = reader.number()
        transitions: list[list[tuple[int, int]]] = []
        for current in range(count):
            label = 0
            out = []
            for _ in range(reader.number()):
                label += reader.number()
                target = (current + reader.number()) % count
                if weighted:
                    reader.weight()
                out.append((label, target))
            transitions.append(out)
        if name.startswith(section_prefix):
            usable = pairs if keep is None else [p if keep(*p) else None for p in pairs]
            yield from _paths(path, initial, finals, transitions, usable, enough)
    if reader.pos != len(reader.data):
        raise BadTransducer(f"{path}: {len(reader.data) - reader.pos} bytes after the last section")


def _paths(
    path: Path,
    initial: int,
    finals: set[int],
    transitions: list[list[tuple[int, int]]],
    pairs: list[tuple[str, str] | None],
    enough: Callable[[str, str], bool] | None = None,
) -> Iterator[tuple[str, str]]:
    if not 0 <= initial < len(transitions):
        raise BadTransducer(f"{path}: the initial state {initial} does not exist")
    found = 0
    stack: list[tuple[int, str, str, frozenset[int]]] = [(initial, "", "", frozenset((initial,)))]
    while stack:
        state, left, right, seen = stack.pop()
        done = enough is not None and enough(left, right)
        if done or state in finals:
            found += 1
            if found > _MAX_PATHS:
                raise BadTransducer(f"{path}: more than {_MAX_PATHS:,} entries")
            yield left, right
            if done:
                continue
        for label, target in reversed(transitions[state]):
            if target in seen:
                continue
            if label >= len(pairs):
                raise BadTransducer(f"{path}: a transition names symbol pair {label}")
            pair = pairs[label]
            if pair is None:
                continue
            a, b = pair
            stack.append((target, left + a, right + b, seen | {target}))


def _parse(text: str) -> tuple[str, list[str]] | None:
    match = _ENTRY.match(text)
    if match is None:
        return None
    return match.group(1), re.findall(r"<([^<>]+)>", match.group(2))


def _word_symbols(a: str, b: str) -> bool:
    """Symbols of common words: lower-case letters, spaces, apostrophes, hyphens, ``#``,
    tags (no digits, ``@`` of addresses or capitals of acronyms)."""
    return all(len(x) != 1 or x.islower() or x in " '’-#" for x in (a, b))


def _tagged(left: str, right: str) -> bool:
    return left.endswith(">") and right.endswith(">")


def read_bidix(path: Path) -> Iterator[ApertiumEntry]:
    """The entries of a compiled bilingual dictionary worth translating a query word with.

    In the transducer's order (by lemma); an entry listed with several tag
    sets (singular and plural) is given once.
    """
    seen: set[ApertiumEntry] = set()
    # An entry is read up to the first tag on either side (its part of speech):
    # the tags after it multiply the paths, not the entries.
    for left, right in read_transducer_paths(path, keep=_word_symbols, enough=_tagged):
        source, target = _parse(left), _parse(right)
        if source is None or target is None or not source[1] or not target[1]:
            continue
        pos = CONTENT_TAGS.get(source[1][0])
        if pos is None or CONTENT_TAGS.get(target[1][0]) is None:
            continue
        lemma = " ".join(source[0].replace("#", " ").split())
        translation = " ".join(target[0].replace("#", " ").split())
        if not _WORDS.fullmatch(lemma) or not _WORDS.fullmatch(translation):
            continue
        entry = ApertiumEntry(lemma, pos, translation)
        if entry not in seen:
            seen.add(entry)
            yield entry


class Form(NamedTuple):
    """A word as written, and a lemma and part of speech it is a form of."""

    form: str
    lemma: str
    pos: str  # n, a or v


def _single_word(a: str, b: str) -> bool:
    """Analyses of single words of letters: no digit, space or punctuation on the surface,
    no second word joined to the analysis (``+``: an enclitic pronoun, a contraction)."""
    if b == "+":
        return False
    return len(a) != 1 or a.isalpha() or a in "'’-"


def read_analyser(path: Path) -> Iterator[Form]:
    """The forms of the nouns, adjectives and verbs of a compiled morphological analyser.

    Each path of an analyser reads a word as written to its lemma and tags
    (``dijo`` -> ``decir<vblex><ifi><p3><sg>``). Only single words are read:
    the paths through a space, a digit or a joined second word are cut as
    soon as they reach it.
    """
    seen: set[Form] = set()
    for surface, analysis in read_transducer_paths(path, keep=_single_word):
        parsed = _parse(analysis)
        if parsed is None or not parsed[1] or not surface:
            continue
        pos = CONTENT_TAGS.get(parsed[1][0])
        if pos is None or pos == "r":
            continue
        form = Form(surface, parsed[0], pos)
        if form not in seen:
            seen.add(form)
            yield form
