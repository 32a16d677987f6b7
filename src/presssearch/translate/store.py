"""The lexicon's database: the dictionaries merged into six directions, built once and cached."""

from __future__ import annotations

import contextlib
import itertools
import os
import sqlite3
import tempfile
import threading
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

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

# --------------------------------------------------------------- build and cache


def build_rows(folder: Path, present: Sequence[str]) -> _Rows:
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
    for src in LANGS:
        keys = {k for d, t in tables.items() if d.startswith(src) for k in t}
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


@dataclass
class _Rows:
    """The rows of the lexicon's database, as :func:`build_rows` makes them."""

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


class Store:
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
    def open(cls, path: Path, stamp: str) -> Store | None:
        """The database in ``path`` if it is readable and built from these dictionaries."""
        if not path.is_file():
            return None
        uri = f"{path.resolve().as_uri()}?mode=ro"
        try:
            store = cls(lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))
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
        return found[0][0].split(TRANS_SEP) if found else []

    def stems(self, source: str, stem: str) -> list[str]:
        """The first one-word headwords of ``source`` with this stem, shortest first."""
        found = self._query("SELECT keys FROM stems WHERE source = ? AND stem = ?", source, stem)
        return found[0][0].split(TRANS_SEP) if found else []

    def all_senses(self) -> list[tuple[str, str, str]]:
        """Every (source, target, packed senses) row."""
        return self._query("SELECT source, target, packed FROM senses")


def _fill(db: sqlite3.Connection, stamp: str, rows: _Rows) -> None:
    """Create the tables in an empty database and insert ``rows``, in key order."""
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.executescript(_SCHEMA)
    db.executemany(
        "INSERT INTO meta VALUES (?, ?)", [("format", str(CACHE_FORMAT)), ("stamp", stamp)]
    )
    db.executemany("INSERT INTO senses VALUES (?, ?, ?, ?)", sorted(rows.senses))
    db.executemany("INSERT INTO loose VALUES (?, ?, ?)", sorted(rows.loose))
    db.executemany("INSERT INTO stems VALUES (?, ?, ?)", sorted(rows.stems))
    db.commit()
