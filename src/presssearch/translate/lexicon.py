"""The lexicon: looking words and expressions up in every dictionary and
expanding a query's words into the translations chosen for them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import math
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import presssearch.translate.apertium as apertium
from presssearch.errors import PresssearchError
from presssearch.translate.dictd import (
    DEFAULT_DICT_DIR,
    DICT_DIR_ENV,
    DICTIONARIES,
    INSTALL_HINT,
    LANGS,
    SENSE_SEP,
    STEM_HEADWORDS,
    TRANS_SEP,
    Senses,
    cache_stamp,
    cognates,
    default_cache_dir,
    deplural,
    dictionary_files,
    loose_key,
    normalize,
    round_robin,
    stem_key,
    unpack,
)
from presssearch.translate.evidence import (
    CONTEXT_WORDS,
    EVIDENCE,
    EVIDENCE_FREEDICT,
    MAX_FORMS,
    READING_SHARE,
    SHARED_SPAN,
    Candidate,
    Evidence,
    Known,
    KnownOnly,
    choose,
    share,
    source_share,
)
from presssearch.translate.expansion import Expansion, compose, contained, expansion
from presssearch.translate.store import Store, build_rows

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
#: Candidates of each other word of a short query that make its context.
CONTEXT_TEXTS = 5
#: Headwords whose rows a lexicon keeps in memory, the most recent lookups.
_MEMO_SIZE = 50_000
_UNKNOWN = object()


class LexiconMissing(PresssearchError):
    """None of the FreeDict dictionaries is installed where the lexicon looks."""


class Lexicon:
    """Translations between English, Spanish and French, from the FreeDict dictionaries.

    Build it with :meth:`load`. ``missing`` names the FreeDict dictionaries that
    were not found (their directions translate less or not at all), ``bidix``
    the directions of the Apertium dictionaries that were; ``from_cache`` says
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
        bidix: tuple[tuple[str, str], ...] = (),
        from_cache: bool = False,
        cache_path: Path | None = None,
    ) -> None:
        self._store = store
        self._memo: dict[tuple[str, str], dict[str, str]] = {}
        self._ap_memo: dict[tuple[str, str], dict[str, str]] = {}
        # What the dictionaries alone answer (lookups, forms, candidates), by question.
        self._answers: dict[tuple[Any, ...], Any] = {}
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
        for (see :mod:`presssearch.translate.apertium`), to ``$PRESSSEARCH_APERTIUM_DIR``,
        then ``/usr/share/apertium``; ``cache_dir`` to :func:`default_cache_dir`.
        Any subset of the dictionaries works. Raises :class:`LexiconMissing`
        if there is none. Without a writable cache folder (or with
        ``use_cache=False``) the lexicon is built in memory, every time.
        """
        where = Path(folder or os.environ.get(DICT_DIR_ENV) or DEFAULT_DICT_DIR)
        ap_where = Path(apertium_folder) if apertium_folder else apertium.apertium_dir()
        present = [name for name in DICTIONARIES if dictionary_files(where, name)]
        missing = tuple(name for name in DICTIONARIES if name not in present)
        bidix = apertium.direction_files(ap_where)
        analysers = apertium.analyser_files(ap_where) if bidix else {}
        if not present and not bidix:
            files = ", ".join(f"freedict-{n}.index/.dict.dz" for n in DICTIONARIES)
            raise LexiconMissing(
                f"no FreeDict dictionary in {where} (looked for {files}); install them "
                f"with `{INSTALL_HINT}`, or point {DICT_DIR_ENV} to the folder that holds them"
            )
        stamp = json.dumps(cache_stamp(where, [*bidix.values(), *analysers.values()]))
        cache_path: Path | None = None
        found = {"folder": where, "missing": missing, "bidix": tuple(sorted(bidix))}
        if use_cache:
            places = f"{where.resolve()}\n{ap_where.resolve()}"
            key = hashlib.sha256(places.encode()).hexdigest()[:16]
            cache_path = Path(cache_dir or default_cache_dir()) / f"lexicon-{key}.sqlite"
            store = Store.open(cache_path, stamp)
            if store is not None:
                return cls(store, **found, from_cache=True, cache_path=cache_path)
        rows = build_rows(where, present, bidix, analysers)
        if cache_path is not None:
            # Each headword's candidates, worked out once for the file, where queries
            # only read them (not for a lexicon built in memory every time).
            rows.candidates = cls(Store.in_memory(stamp, rows), **found)._every_candidate()
        store = Store.write(cache_path, stamp, rows) if cache_path is not None else None
        if store is None:
            cache_path = None
            store = Store.in_memory(stamp, rows)
        return cls(store, **found, cache_path=cache_path)

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
        return _memoized(self._memo, (source, key), lambda: self._store.senses(source, key))

    def _senses(self, key: str, source: str, target: str) -> Senses:
        packed = self._entries(key, source).get(target)
        return unpack(packed) if packed else []

    def _ap_entries(self, key: str, source: str) -> dict[str, str]:
        """Target language -> Apertium's packed translations of ``key`` (a ``source`` word)."""
        return _memoized(self._ap_memo, (source, key), lambda: self._store.apertium(source, key))

    def _remembered(self, question: tuple[Any, ...], answer: Callable[[], Any]) -> Any:
        """The answer to ``question``, worked out once: the dictionaries never change."""
        return _memoized(self._answers, question, answer)

    def apertium(self, key: str, source: str, target: str) -> list[tuple[str, str, str]]:
        """Apertium's translations of a headword: (part of speech, translation, kind) each.

        The kind is ``d`` (the direction's own dictionary lists it), ``i``
        (the opposite one's, inverted) or ``-`` (neither), then the number of
        other languages through which a path leads to it (``d2``, ``-1``).
        """
        packed = self._ap_entries(key, source).get(target)
        return [(p, t, k) for p, t, k in unpack(packed)] if packed else []

    def forms(self, word: str, lang: str) -> tuple[str, ...]:
        """Forms of ``word``'s lemmas that ``lang``'s analyzer makes other index terms of.

        ``said`` for ``say``, ``dice`` and ``dijo`` for ``decir``, ``people``
        for ``person``: from Apertium's analysers, empty without them. A form
        is looked up as the lemma it is of (``says``: ``said``).
        """
        return self._remembered(("forms", word, lang), lambda: self._forms(word, lang))

    def _forms(self, word: str, lang: str) -> tuple[str, ...]:
        key = normalize(word)
        analyses = self._store.lemmas(lang, key)
        if key in analyses or self._store.forms(lang, key):
            lemmas = []  # a lemma itself: its own forms only (oriente, not orientar's)
        else:
            lemmas = analyses or [v for v in deplural(key, lang) if self._store.forms(lang, v)]
        out: dict[str, None] = dict.fromkeys(lemmas)
        for lemma in (key, *lemmas):
            out.update((f, None) for f in self._store.forms(lang, lemma) if f != key)
        return tuple(out)

    def _known_forms(
        self,
        word: str,
        lang: str,
        evidence: Evidence | None,
        limit: int = 0,
        *,
        by_words: bool = True,
    ) -> tuple[str, ...]:
        """:meth:`forms` of ``word`` the texts have (all, without ``evidence``), the most
        frequent first, at most ``limit`` (or :data:`MAX_FORMS`).

        With ``by_words``, an expression's forms are its words' (``arma
        nuclear``: ``armas nucleares``), each word in itself or in one of its
        two commonest forms. The texts are asked whether they have the words,
        not whether they follow each other, so a single word's translation
        that is an expression gets no such forms (``faire la cour`` for
        ``court`` would count every text with ``fait`` and ``cour``).
        """
        words = normalize(word).split(" ")
        if len(words) > 1 and by_words:
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
        loose = loose_key(key)
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
        found = self._remembered(("lookup", text, source), lambda: self._lookup(text, source))
        return (found[0], list(found[1])) if found else None

    def _lookup(self, text: str, source: str) -> tuple[int, list[str]] | None:
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
        candidate's likelihood is the evidence of the dictionaries (which list
        it, the paths through the third language that lead to it, whether it
        looks like the word; :data:`~presssearch.translate.evidence.EVIDENCE`);
        ``evidence``, the texts searched, adds how the candidate occurs there:
        a translation they lack is left out, and one far more frequent in its
        language than the word in its own (``faire`` for ``make``) is less
        likely for each doubling. The candidates of likelihood
        :data:`~presssearch.translate.evidence.KEEP_LIKELIHOOD` and more are
        kept, likeliest first (or the likeliest alone, if it reaches
        :data:`~presssearch.translate.evidence.FALLBACK_LIKELIHOOD`), each
        weighing its likelihood over
        :data:`~presssearch.translate.evidence.FULL_LIKELIHOOD` (at most 1) in
        ``Expansion.weights``; translations into a language the word belongs
        to itself weigh :data:`HOMOGRAPH_WEIGHT` times less (English ``court``
        is French for *short*).

        In a query of two or three words (function words aside), the other
        words are evidence too: of a word's :data:`CONTEXT_CANDIDATES
        <presssearch.translate.evidence.CONTEXT_CANDIDATES>` likeliest
        candidates, those the texts have in a document with one of the other
        words or of their candidates gain strength and the others lose as much
        (``court ruling``: ``tribunal``, found with ``gobierno``, before
        ``cancha``).

        ``source``, when the query's language is known, limits the lookup to
        it. ``known(language, translation)`` is the lesser form of
        ``evidence``: whether the texts have a translation, without counts.
        """
        if evidence is None and known is not None:
            evidence = KnownOnly(known)

        def is_stop(word: str) -> bool:
            return stopwords is not None and stopwords(normalize(word))

        content = [w for w in words if not is_stop(w)]
        contexts: dict[str, dict[str, list[str]]] = {}
        if evidence is not None and 2 <= len(content) <= CONTEXT_WORDS:
            contexts = self._contexts(content, source, evidence, pivot)
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
                    grouped = self._group(
                        text, found, cap, pivot, weights, evidence, forms, contexts.get(text)
                    )
                    translations = {k: tuple(v) for k, v in grouped.items()}
                    for lang in found:
                        own_forms = self._known_forms(text, lang, evidence)
                        if own_forms:
                            forms[lang, text.lower()] = own_forms
                    out.append(expansion(group, translations, found, weights, forms))
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
                            k: v for k, v in part.items() if k not in own or contained(v, own[k])
                        }
                        mine = compose(own, [kept] if kept else [], found, cap)
                        each.append(
                            expansion(
                                (w,), mine, word_found, {**word_weights, **own_weights}, forms
                            )
                        )
                    weights.update(own_weights)
                    translations = compose(own, grouped, found, cap)
                    whole = expansion(group, translations, found, weights, forms)
                    out.append(dataclasses.replace(whole, parts=tuple(each)))
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
            shares = {lang: share(evidence, lang, text) for lang in found}
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
            for variant in (*lemmas, *deplural(key, lang)):
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
        readings = tuple((lang, tuple(keys)) for lang, keys in found.items())
        question = ("candidates", text, readings, target, pivot)
        answer = self._remembered(question, lambda: self._candidates(text, found, target, pivot))
        return list(answer)

    def _candidates(
        self, text: str, found: dict[str, list[str]], target: str, pivot: bool
    ) -> list[Candidate]:
        if pivot and len(found) == 1:
            # A headword as typed, in one language: its candidates were worked out
            # when the lexicon's file was built (their likeness to the word aside).
            ((source, keys),) = found.items()
            key = normalize(text)
            packed = (
                self._store.candidates(source, key, target)
                if source != target and list(keys) == [key]
                else None
            )
            if packed is not None:
                return _unpack_candidates(packed, text, source)
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
            for t in round_robin([s for key in keys for s in self._senses(key, source, target)]):
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
            steps = round_robin([s for key in keys for s in self._senses(key, source, middle)])
            steps = steps[:CONFIRM_FANOUT] + [
                t
                for key in keys
                for p, t, kind in self.apertium(key, source, middle)
                if kind[0] != "-"
            ]
            reached: set[str] = set()
            self._store.prefetch("translations", middle, (normalize(s) for s in steps))
            for step in dict.fromkeys(s.lower() for s in steps):
                ends = round_robin(self._senses(normalize(step), middle, target)) + [
                    t
                    for p, t, kind in self.apertium(normalize(step), middle, target)
                    if kind[0] != "-"
                ]
                for t in ends:
                    if t.lower() not in reached and len(t.split()) <= MAX_TRANSLATION_WORDS:
                        reached.add(t.lower())
                        add(t, source).paths += 1
        self._store.prefetch("words", target, (normalize(c.text) for c in out.values()))
        for c in out.values():
            if not c.pos:
                c.pos = self._store.pos(target, normalize(c.text))
            c.lookalike = cognates(text, c.text)
        return list(out.values())

    def _every_candidate(self) -> list[tuple[str, str, str, str]]:
        """(source, headword, target, packed candidates) for every headword of the
        lexicon and every other language, as :meth:`candidates` finds them for the
        headword typed (its likeness to the word typed left out)."""
        out = []
        for source in LANGS:
            for key in self._store.headwords(source):
                for target in LANGS:
                    if target != source:
                        found = self._candidates(key, {source: [key]}, target, True)
                        out.append((source, key, target, _pack_candidates(found)))
        return out

    def _contexts(
        self, words: Sequence[str], source: str | None, evidence: Evidence, pivot: bool
    ) -> dict[str, dict[str, list[str]]]:
        """Word -> target language -> the other words of ``words`` and their candidate
        translations into it (see :data:`CONTEXT`)."""
        texts: dict[str, dict[str, list[str]]] = {}
        for w in dict.fromkeys(words):
            found = self._find(w, source, evidence)
            texts[w] = {}
            for target in LANGS:
                own = {w: None}
                if any(lang != target for lang in found):
                    for c in self.candidates(w, found, target, pivot=pivot):
                        if len(own) == CONTEXT_TEXTS:
                            break
                        if c.text not in own and evidence.frequency(target, c.text):
                            own[c.text] = None
                texts[w][target] = list(own)
        return {
            w: {target: [t for v in texts if v != w for t in texts[v][target]] for target in LANGS}
            for w in texts
        }

    def _group(
        self,
        text: str,
        found: dict[str, list[str]],
        cap: int,
        pivot: bool,
        weights: dict[tuple[str, str], float] | None = None,
        evidence: Evidence | None = None,
        forms: dict[tuple[str, str], tuple[str, ...]] | None = None,
        context: dict[str, list[str]] | None = None,
    ) -> dict[str, list[str]]:
        """Target language -> the translations of ``text`` chosen (see :meth:`expand`).

        ``weights``, when given, receives the weight of each (language,
        lower-case translation), and ``forms`` its other forms; ``context``, the
        other words of a short query and their candidates, by target language.
        """
        out: dict[str, list[str]] = {}
        sources = {
            lang: source_share(evidence, lang, [text, *self._known_forms(text, lang, evidence)])
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
            chosen = choose(
                self.candidates(text, found, target, pivot=pivot),
                target,
                sources,
                evidence,
                cap,
                lambda word, lang=target: self._known_forms(
                    word, lang, evidence, by_words=" " in text.strip()
                ),
                {**model, "base": model["base"] + model["shared"] * shared},
                (context or {}).get(target, ()),
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


def _memoized(memo: dict[Any, Any], key: Any, answer: Callable[[], Any]) -> Any:
    """``memo[key]``, worked out by ``answer()`` the first time; the memo is emptied when
    it holds :data:`_MEMO_SIZE` answers."""
    found = memo.get(key, _UNKNOWN)
    if found is _UNKNOWN:
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        found = memo[key] = answer()
    return found


def _pack_candidates(candidates: Sequence[Candidate]) -> str:
    """Candidates as one string: for each, its text, whether FreeDict and Apertium list
    it, its paths and its parts of speech (not its readings nor its likeness)."""
    return SENSE_SEP.join(
        TRANS_SEP.join((c.text, "f" * c.freedict + "a" * c.apertium, str(c.paths), c.pos))
        for c in candidates
    )


def _unpack_candidates(packed: str, word: str, source: str) -> list[Candidate]:
    """The candidates of ``packed``, translations of ``word`` read in ``source``."""
    out = []
    for order, item in enumerate(packed.split(SENSE_SEP) if packed else ()):
        text, flags, paths, pos = item.split(TRANS_SEP)
        candidate = Candidate(text, order, "f" in flags, "a" in flags, int(paths), pos)
        candidate.readings, candidate.lookalike = (source,), cognates(word, text)
        out.append(candidate)
    return out


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGS)}")
