"""The lexicon's SQLite database: building it from the dictionaries (FreeDict's,
Apertium's bilingual dictionaries and morphological analysers) and reading it.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sqlite3
import tempfile
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import presssearch.translate.apertium as apertium
from presssearch.translate.dictd import (
    CACHE_FORMAT,
    ISO,
    LANGS,
    SPACELESS,
    STEM_HEADWORDS,
    TRANS_SEP,
    Senses,
    Splitter,
    Table,
    clean_translation,
    cognates,
    loose_key,
    normalize,
    pack,
    read_dictionary,
    stem_key,
    truncated,
)

#: Answers of the database a lexicon keeps in memory (its lookups' rows), at most.
ANSWERS_KEPT = 200_000


# --------------------------------------------------------------- build and cache


def build_rows(
    folder: Path,
    present: Sequence[str],
    bidix: dict[tuple[str, str], Path] | None = None,
    analysers: dict[str, Path] | None = None,
) -> _Rows:
    """Parse the dictionaries and merge them into the six directions: the database's rows."""
    entries = {name: list(read_dictionary(folder, name)) for name in present}

    # Drop the English entries whose headword was cut short (see truncated).
    english = [name for name in entries if name.startswith("eng-")]
    prons: dict[str, set[str]] = defaultdict(set)
    for name in english:
        for entry in entries[name]:
            prons[entry.key].add(entry.pronunciation)
    for name in english:
        entries[name] = [e for e in entries[name] if not truncated(e, prons[e.key])]

    # Word frequencies of English and Spanish, from the sources that kept their spaces.
    texts: dict[str, list[str]] = {lang: [] for lang in LANGS}
    for name, items in entries.items():
        src, tgt = (ISO[c] for c in name.split("-"))
        texts[src].extend(e.headword for e in items)
        if name not in SPACELESS:
            texts[tgt].extend(t for e in items for s in e.senses for t in s)
    splitters = {ISO[c]: Splitter(ISO[c], texts[ISO[c]]) for c in ("eng", "spa")}

    own: dict[str, dict[str, Senses]] = defaultdict(dict)
    inverted: dict[str, dict[str, list[tuple[tuple[int, ...], str]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for name, items in entries.items():
        src, tgt = (ISO[c] for c in name.split("-"))
        table = own[f"{src}-{tgt}"]
        back = inverted[f"{tgt}-{src}"]
        for order, entry in enumerate(items):
            senses = entry.senses
            if name in SPACELESS:
                senses = [[splitters[tgt].repair(t) for t in s] for s in senses]
            table.setdefault(entry.key, []).extend(senses)
            headword = clean_translation(entry.headword)
            if headword is None:  # an affix (-able) is a headword, not a translation
                continue
            for i, sense in enumerate(senses):
                for j, t in enumerate(sense):
                    rank = (i, j, headword.count(" "), not cognates(headword, t), order)
                    back[normalize(t)].append((rank, headword))

    tables: dict[str, Table] = {}
    for src, tgt in itertools.permutations(LANGS, 2):
        direction = f"{src}-{tgt}"
        merged: dict[str, Senses] = {k: list(v) for k, v in own.get(direction, {}).items()}
        for key, sources in inverted.get(direction, {}).items():
            merged.setdefault(key, []).extend([h] for _, h in sorted(sources))
        if merged:
            # Identical senses (an entry listed twice, one inverted twice) count once.
            tables[direction] = {k: pack(dict.fromkeys(map(tuple, v))) for k, v in merged.items()}

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
            if loose_key(key) != key:
                loose[loose_key(key)].append(key)
        # The one-word headwords of each stem, shortest first, for the stem tier.
        for key in sorted(keys, key=lambda k: (len(k), k)):
            if key.isalpha():
                stems[stem_key(key, src)].append(key)
        rows.loose.extend((src, f, TRANS_SEP.join(ks)) for f, ks in loose.items())
        rows.stems.extend(
            (src, stem, TRANS_SEP.join(ks[:STEM_HEADWORDS])) for stem, ks in stems.items()
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
                # Each translation a path leads to once, in the dictionaries' order (never
                # a set's, which differs from one process to the next).
                reached = dict.fromkeys(
                    (q, word)
                    for p, step in items
                    for q, word in second.get(normalize(step), {})
                    if q == p
                )
                for item in reached:
                    table[key].setdefault(item, ["-", 0])[1] += 1
        heads[src].update(table)
        rows.apertium.extend(
            (src, key, tgt, pack([p, t, f"{kind}{n}"] for (p, t), (kind, n) in items.items()))
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
            (lang, lemma, TRANS_SEP.join(sorted(found.values())))
            for lemma, found in by_lemma.items()
        )
        rows.lemmas.extend(
            (lang, surface, TRANS_SEP.join(sorted(found))) for surface, found in lemmas.items()
        )


@dataclass
class _Rows:
    """The rows of the lexicon's database, as :func:`build_rows` makes them."""

    senses: list[tuple[str, str, str, str]] = field(default_factory=list)  # source, key, target
    loose: list[tuple[str, str, str]] = field(default_factory=list)  # source, loose key, keys
    stems: list[tuple[str, str, str]] = field(default_factory=list)  # source, stem, headwords
    # source, key, target, packed [part of speech, translation, kind] lists
    apertium: list[tuple[str, str, str, str]] = field(default_factory=list)
    pos: list[tuple[str, str, str]] = field(default_factory=list)  # language, word, parts of speech
    forms: list[tuple[str, str, str]] = field(default_factory=list)  # language, lemma, forms
    lemmas: list[tuple[str, str, str]] = field(default_factory=list)  # language, form, lemmas
    # source, key, target, packed candidates (see Store.candidates)
    candidates: list[tuple[str, str, str, str]] = field(default_factory=list)


_SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE translations (
    source TEXT, key TEXT, target TEXT, senses TEXT, apertium TEXT, candidates TEXT,
    PRIMARY KEY (source, key, target)
) WITHOUT ROWID;
CREATE TABLE loose (
    source TEXT, loose TEXT, keys TEXT NOT NULL, PRIMARY KEY (source, loose)
) WITHOUT ROWID;
CREATE TABLE stems (
    source TEXT, stem TEXT, keys TEXT NOT NULL, PRIMARY KEY (source, stem)
) WITHOUT ROWID;
CREATE TABLE words (
    lang TEXT, word TEXT, pos TEXT, forms TEXT, lemmas TEXT, PRIMARY KEY (lang, word)
) WITHOUT ROWID;
"""
# A headword's translations by both dictionaries, and what Apertium's analysers and
# dictionaries say of a word: each one statement, whichever part is asked for.
_TRANSLATIONS = (
    "SELECT target, senses, apertium, candidates FROM translations WHERE source = ? AND key = ?"
)
_WORD = "SELECT pos, forms, lemmas FROM words WHERE lang = ? AND word = ?"
#: The lexicon's file is read through a memory map of this many bytes at most.
MAP_BYTES = 1 << 28
#: Keys read in one statement, at most (SQLite's limit on parameters is 999 at least).
_PREFETCH = 500


class Store:
    """The lexicon's SQLite database: translations by headword, and the keys of the looser tiers.

    ``translations`` holds each direction's packed senses (FreeDict's),
    Apertium's packed translations and the headword's candidate translations
    (worked out from both when the database is built: :meth:`Lexicon.candidates
    <presssearch.translate.lexicon.Lexicon.candidates>`) by (source, key,
    target); ``words`` what
    Apertium says of a word of a language (its parts of speech, its forms, its
    lemmas); ``loose`` the headwords of a source language by their accent-, hyphen- and
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
        # The database never changes once written: answers are remembered.
        self._answers: dict[tuple[str, tuple[str, ...]], list[tuple]] = {}

    @classmethod
    def open(cls, path: Path, stamp: str) -> Store | None:
        """The database in ``path`` if it is readable and built from these dictionaries."""
        if not path.is_file():
            return None
        uri = f"{path.resolve().as_uri()}?mode=ro"

        def connect() -> sqlite3.Connection:
            db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            db.execute(f"PRAGMA mmap_size = {MAP_BYTES}")  # pages read without a system call
            return db

        try:
            store = cls(connect)
            meta = dict(store._query("SELECT name, value FROM meta"))
        except sqlite3.Error:
            return None
        if meta.get("format") != str(CACHE_FORMAT) or meta.get("stamp") != stamp:
            return None
        return store

    @classmethod
    def write(cls, path: Path, stamp: str, rows: _Rows) -> Store | None:
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
    def in_memory(cls, stamp: str, rows: _Rows) -> Store:
        """The database built in memory, where no cache file can be written."""
        db = sqlite3.connect(":memory:", check_same_thread=False)
        _fill(db, stamp, rows)
        return cls(lambda: db)

    def _query(self, sql: str, *args: str) -> list[tuple]:
        key = (sql, args)
        found = self._answers.get(key)
        if found is not None:
            return found
        with self._lock:
            found = self._connection().execute(sql, args).fetchall()
            if len(self._answers) >= ANSWERS_KEPT:
                self._answers.clear()  # a bound, not an order: reading again is cheap
            self._answers[key] = found
        return found

    def prefetch(self, table: str, lang: str, keys: Iterable[str]) -> None:
        """Read the rows of many keys of one language in one statement, for the lookups
        that follow (``table``: ``translations`` or ``words``)."""
        sql, column = (_TRANSLATIONS, "key") if table == "translations" else (_WORD, "word")
        wanted = [k for k in dict.fromkeys(keys) if (sql, (lang, k)) not in self._answers]
        for start in range(0, len(wanted), _PREFETCH):
            chunk = wanted[start : start + _PREFETCH]
            marks = ", ".join("?" * len(chunk))
            where = sql.replace(f"{column} = ?", f"{column} IN ({marks})")
            select = where.replace("SELECT ", f"SELECT {column}, ", 1)
            found: dict[str, list[tuple]] = {k: [] for k in chunk}
            with self._lock:
                order = f"{column}, target" if table == "translations" else column
                statement = f"{select} ORDER BY {order}"
                for row in self._connection().execute(statement, (lang, *chunk)):
                    found[row[0]].append(row[1:])
                if len(self._answers) + len(found) >= ANSWERS_KEPT:
                    self._answers.clear()
                for k, rows in found.items():
                    self._answers[(sql, (lang, k))] = rows

    def senses(self, source: str, key: str) -> dict[str, str]:
        """Target language -> packed senses of one headword."""
        found = self._query(_TRANSLATIONS, source, key)
        return {target: senses for target, senses, _, _ in found if senses is not None}

    def loose(self, source: str, loose: str) -> list[str]:
        """The headwords of ``source`` whose loose form is ``loose`` (and differs from them)."""
        found = self._query("SELECT keys FROM loose WHERE source = ? AND loose = ?", source, loose)
        return found[0][0].split(TRANS_SEP) if found else []

    def stems(self, source: str, stem: str) -> list[str]:
        """The first one-word headwords of ``source`` with this stem, shortest first."""
        found = self._query("SELECT keys FROM stems WHERE source = ? AND stem = ?", source, stem)
        return found[0][0].split(TRANS_SEP) if found else []

    def apertium(self, source: str, key: str) -> dict[str, str]:
        """Target language -> Apertium's packed translations of one headword."""
        found = self._query(_TRANSLATIONS, source, key)
        return {target: packed for target, _, packed, _ in found if packed is not None}

    def candidates(self, source: str, key: str, target: str) -> str | None:
        """The packed candidates of one headword into ``target``, as
        :meth:`Lexicon.candidates <presssearch.translate.lexicon.Lexicon.candidates>`
        worked them out when the database was built; None if it did not."""
        for row in self._query(_TRANSLATIONS, source, key):
            if row[0] == target:
                return row[3]
        return None

    def pos(self, lang: str, word: str) -> str:
        """The parts of speech Apertium gives a word (``n``, ``a``, ``v``, ``r``), or ''."""
        found = self._query(_WORD, lang, word)
        return (found[0][0] or "") if found else ""

    def forms(self, lang: str, lemma: str) -> list[str]:
        """Forms of a lemma that its language's analyzer makes other index terms of."""
        found = self._query(_WORD, lang, lemma)
        return found[0][1].split(TRANS_SEP) if found and found[0][1] else []

    def lemmas(self, lang: str, form: str) -> list[str]:
        """The lemmas of a form its language's analyzer does not stem like them."""
        found = self._query(_WORD, lang, form)
        return found[0][2].split(TRANS_SEP) if found and found[0][2] else []

    def headwords(self, source: str) -> list[str]:
        """Every headword of ``source`` (read each time, not remembered)."""
        with self._lock:
            sql = "SELECT DISTINCT key FROM translations WHERE source = ? ORDER BY key"
            return [key for (key,) in self._connection().execute(sql, (source,))]

    def all_senses(self) -> list[tuple[str, str, str]]:
        """Every (source, target, packed senses) row (read each time, not remembered)."""
        with self._lock:
            sql = "SELECT source, target, senses FROM translations WHERE senses IS NOT NULL"
            return self._connection().execute(sql).fetchall()

    def _connection(self) -> sqlite3.Connection:
        """This process's connection (a forked process opens its own); under the lock."""
        if self._pid != os.getpid():
            self._db, self._pid = self._connect(), os.getpid()
        return self._db


def _fill(db: sqlite3.Connection, stamp: str, rows: _Rows) -> None:
    """Create the tables in an empty database and insert ``rows``, in key order."""
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.executescript(_SCHEMA)
    db.executemany(
        "INSERT INTO meta VALUES (?, ?)", [("format", str(CACHE_FORMAT)), ("stamp", stamp)]
    )
    translations: dict[tuple[str, str, str], list[str | None]] = defaultdict(
        lambda: [None, None, None]
    )
    for column, found in enumerate((rows.senses, rows.apertium, rows.candidates)):
        for source, key, target, packed in found:
            translations[source, key, target][column] = packed
    db.executemany(
        "INSERT INTO translations VALUES (?, ?, ?, ?, ?, ?)",
        sorted((*k, *v) for k, v in translations.items()),
    )
    db.executemany("INSERT INTO loose VALUES (?, ?, ?)", sorted(rows.loose))
    db.executemany("INSERT INTO stems VALUES (?, ?, ?)", sorted(rows.stems))
    words: dict[tuple[str, str], list[str | None]] = defaultdict(lambda: [None, None, None])
    for column, found in enumerate((rows.pos, rows.forms, rows.lemmas)):
        for lang, word, value in found:
            words[lang, word][column] = value
    db.executemany(
        "INSERT INTO words VALUES (?, ?, ?, ?, ?)", sorted((*k, *v) for k, v in words.items())
    )
    db.commit()
