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
modification times and by this package's code, rebuilt when they change, and
written atomically (a temporary file, then renamed). Without a writable cache
folder the same database is built in memory.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from presssearch.errors import PresssearchError
from presssearch.translate.dictd import (
    DEFAULT_DICT_DIR,
    DICT_DIR_ENV,
    DICTIONARIES,
    LANGS,
    STEM_HEADWORDS,
    WORD,
    Entry,
    Senses,
    cache_stamp,
    clean_translation,
    decode_number,
    default_cache_dir,
    deplural,
    dictionary_files,
    fold,
    loose_key,
    normalize,
    parse_entry,
    read_dictionary,
    round_robin,
    stem_key,
    unpack,
)
from presssearch.translate.store import Store, build_rows

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
#: Headwords whose rows a lexicon keeps in memory, the most recent lookups.
_MEMO_SIZE = 50_000

INSTALL_HINT = (
    "apt-get install dict-freedict-eng-fra dict-freedict-eng-spa "
    "dict-freedict-fra-eng dict-freedict-spa-eng dict-freedict-fra-spa"
)


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


class Lexicon:
    """Translations between English, Spanish and French, from the FreeDict dictionaries.

    Build it with :meth:`load`. ``missing`` names the dictionaries that were not
    found (their directions translate less or not at all); ``from_cache`` says
    whether the lexicon was read from a fresh cache file, ``cache_path`` (None
    when the lexicon was built in memory).

    The lexicon lives in an SQLite database (:class:`Store`); a lookup reads
    the few rows of its keys and keeps them in a bounded memo.
    """

    def __init__(
        self,
        store: Store,
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
        present = [name for name in DICTIONARIES if dictionary_files(where, name)]
        missing = tuple(name for name in DICTIONARIES if name not in present)
        if not present:
            files = ", ".join(f"freedict-{n}.index/.dict.dz" for n in DICTIONARIES)
            raise LexiconMissing(
                f"no FreeDict dictionary in {where} (looked for {files}); install them "
                f"with `{INSTALL_HINT}`, or point {DICT_DIR_ENV} to the folder that holds them"
            )
        stamp = json.dumps(cache_stamp(where))
        cache_path: Path | None = None
        if use_cache:
            key = hashlib.sha256(str(where.resolve()).encode()).hexdigest()[:16]
            cache_path = Path(cache_dir or default_cache_dir()) / f"lexicon-{key}.sqlite"
            store = Store.open(cache_path, stamp)
            if store is not None:
                return cls(
                    store, folder=where, missing=missing, from_cache=True, cache_path=cache_path
                )
        rows = build_rows(where, present)
        store = Store.write(cache_path, stamp, rows) if cache_path is not None else None
        if store is None:
            cache_path = None
            store = Store.in_memory(stamp, rows)
        return cls(store, folder=where, missing=missing, cache_path=cache_path)

    # ------------------------------------------------------------- lookups

    def sizes(self) -> dict[str, tuple[int, int]]:
        """For each direction (``"en-fr"``...), its number of headwords and of translations."""
        out: dict[str, tuple[int, int]] = {}
        for source, target, packed in self._store.all_senses():
            headwords, n = out.get(f"{source}-{target}", (0, 0))
            n += len(set(round_robin(unpack(packed))))
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
        return unpack(packed) if packed else []

    def _has(self, key: str, source: str) -> bool:
        return bool(self._entries(key, source))

    def _exact_or_loose(self, key: str, source: str) -> tuple[int, list[str]] | None:
        if self._has(key, source):
            return 0, [key]
        loose = loose_key(key)
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
        variants = [[w, *deplural(w, source)] for w in words]
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
        direct = round_robin([s for key in keys for s in self._senses(key, source, target)])
        if not pivot or len(direct) >= PIVOT_BELOW:
            return direct
        # The main translations into the third language, and their main sense's
        # translations: a word's other senses there are not this word's
        # (gato -> chat -> cat, but not chat -> chat). With ``known``, the first
        # of its translations that the texts have, whatever their sense
        # (patinete -> trottinette, not the rarer patinette).
        (middle,) = (lang for lang in LANGS if lang not in (source, target))
        steps = round_robin([s for key in keys for s in self._senses(key, source, middle)])
        second = []
        for step in steps[:PIVOT_FANOUT]:
            senses = self._senses(normalize(step), middle, target)
            if known is None:
                second.append(senses[0][:PIVOT_FANOUT] if senses else [])
            else:
                found = [t for t in round_robin(senses) if known(target, t)]
                second.append(found[:PIVOT_FANOUT])
        return round_robin([direct, round_robin(second)])

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
            if pivot and len(round_robin(lists)) < PIVOT_BELOW:
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
            merged = round_robin(short)[:cap]
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
        steps = round_robin([s for key in keys for s in self._senses(key, source, middle)])
        out: set[str] = set()
        for step in steps[:CONFIRM_FANOUT]:
            for sense in self._senses(normalize(step), middle, target):
                out.update(t.lower() for t in sense)
        return out


def _kept(lists: Senses, target: str, cap: int, known: Known | None) -> Senses:
    """The translations the cap keeps, less those the texts lack (all, without ``known``)."""
    if known is None:
        return lists
    first = {t.lower() for t in round_robin(lists)[:cap]}
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
    return frozenset(WORD.findall(fold(text.lower())))


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
        words = round_robin([p.get(lang, []) for p in kept])
        ordered = round_robin([[t] for t in (*own.get(lang, ()), *words)])
        if ordered:
            out[lang] = tuple(ordered[:limit])
    return out


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGS)}")


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
