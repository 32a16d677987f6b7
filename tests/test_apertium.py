"""Apertium's data: compiled dictionaries and analysers read where Debian installs them,
and translation that works the same without them.

The reading tests use the real files (scripts/install-dictionaries.sh installs
them) and are skipped without them (failed under ``CI=true``); the suite's other
tests run with no Apertium data at all.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURE, installed_apertium, write_dicts
from presssearch.translate import Lexicon
from presssearch.translate.apertium import (
    DIRECTIONS,
    ApertiumEntry,
    analyser_files,
    direction_files,
    read_analyser,
    read_bidix,
)


@pytest.fixture(scope="module")
def apertium() -> Path:
    return installed_apertium()


def test_the_english_spanish_dictionary_lists_a_words_senses(apertium: Path) -> None:
    path = direction_files(apertium)["en", "es"]
    court = {e.translation for e in read_bidix(path) if e.lemma == "court" and e.pos == "n"}
    assert {"tribunal", "cancha"} <= court


def test_the_french_spanish_dictionary_reads_both_ways(apertium: Path) -> None:
    files = direction_files(apertium)
    to_spanish = set(read_bidix(files["fr", "es"]))
    assert ApertiumEntry("élection", "n", "elección") in to_spanish
    to_french = set(read_bidix(files["es", "fr"]))
    assert ApertiumEntry("elección", "n", "élection") in to_french


def test_an_analyser_gives_an_irregular_forms_lemma(apertium: Path) -> None:
    path = analyser_files(apertium)["es"]
    forms = {(f.form, f.lemma) for f in read_analyser(path) if f.form == "dijo"}
    assert ("dijo", "decir") in forms


def test_the_lexicon_reads_apertiums_senses_where_they_are(apertium: Path, tmp_path: Path) -> None:
    dicts = write_dicts(tmp_path / "dictd", FIXTURE)  # invented FreeDict dictionaries
    with_data = Lexicon.load(dicts, cache_dir=tmp_path / "a", apertium_folder=apertium)
    assert ("en", "es") in with_data.bidix
    assert "tribunal" in {c.text for c in with_data.candidates("court", {"en": ["court"]}, "es")}
    # Without the data (a folder without it), the same dictionaries and no Apertium.
    without = Lexicon.load(dicts, cache_dir=tmp_path / "b", apertium_folder=tmp_path / "none")
    assert without.bidix == ()
    assert "tribunal" not in {c.text for c in without.candidates("court", {"en": ["court"]}, "es")}


#: Prints Apertium's English-Spanish translations of the words on stdin, from a lexicon
#: it builds (argv: FreeDict's folder, Apertium's).
_TRANSLATE = """
import sys
from presssearch.translate import Lexicon
lexicon = Lexicon.load(sys.argv[1], use_cache=False, apertium_folder=sys.argv[2])
for word in sys.stdin.read().split():
    print(word, lexicon.apertium(word, "en", "es"))
"""


def test_a_lexicon_translates_alike_whichever_process_built_it(
    apertium: Path, tmp_path: Path
) -> None:
    # English to Spanish directly and through Esperanto: the translations a path
    # leads to come in the dictionaries' order, not in that of a set, which
    # differs between processes (each hashes strings its own way).
    folder = tmp_path / "apertium"
    for direction in (("en", "es"), ("es", "en"), ("en", "eo"), ("eo", "en"), ("es", "eo")):
        package, name = DIRECTIONS[direction]
        (folder / package).mkdir(parents=True, exist_ok=True)
        (folder / package / name).symlink_to(apertium / package / name)
    dicts = write_dicts(tmp_path / "dictd", FIXTURE)
    news = Path(__file__).with_name("news") / "en"
    words = sorted(
        {w.lower() for f in news.glob("*.txt") for w in re.findall(r"[a-zA-Z]+", f.read_text())}
    )
    printed = [
        subprocess.run(
            [sys.executable, "-c", _TRANSLATE, str(dicts), str(folder)],
            input=" ".join(words),
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    ]
    assert printed[0].count("\n") == len(words)
    assert printed[0] == printed[1]
