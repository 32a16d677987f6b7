"""Shared fixtures: the small test corpus in tests/pages and indexes built from it.

Everything is real: files are copied into ``tmp_path`` and indexed with
:class:`presssearch.Index` into a folder next to them. Indexing runs in this
process (``jobs=1``) unless a test is about the worker processes.

The suite does not depend on what the machine has installed: every test runs
with small invented dictionaries (in dictd format, like FreeDict's) for query
translation, no Apertium data, and a cache folder of its session, never
``/usr/share/dictd``, ``/usr/share/apertium`` or ``~/.cache``. The tests of the
real dictionaries ask for them by name (:data:`INSTALLED_DICTS`) and are skipped
where they are not installed.

A test that needs something from outside the repository (the FreeDict
dictionaries, Chromium and Playwright, the evaluation data, an optional
package, the git history) asks for it through :func:`skip_or_fail` or one of
the helpers built on it. Where it is missing the test is skipped and says why;
under ``CI=true`` (as CI services and ``.ci/run`` set it) it fails instead, so
that a green CI run means every test ran.
"""

from __future__ import annotations

import gzip
import importlib
import importlib.util
import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import NoReturn

import pytest

from presssearch import Index
from presssearch.engine import ENGINE_ENV, default_engine, engines
from presssearch.translate import DEFAULT_DICT_DIR, DICT_DIR_ENV, DICTIONARIES
from presssearch.translate.apertium import (
    APERTIUM_DIR_ENV,
    DEFAULT_APERTIUM_DIR,
    DIRECTIONS,
    direction_files,
)

PAGES = Path(__file__).parent / "pages"
REPO = Path(__file__).resolve().parents[1]


def in_ci() -> bool:
    """Whether the suite runs under CI: ``$CI`` is ``true`` (or ``1``)."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1")


def skip_or_fail(reason: str, *, module: bool = False) -> NoReturn:
    """Skip the test (the whole module with ``module``) for a missing resource; fail under CI.

    ``reason`` says what is missing and how to get it. Under ``CI=true`` the
    test fails with it instead: a CI run that skipped the tests of a resource
    it should have installed would be green without having run them.
    """
    if in_ci():
        pytest.fail(f"{reason} [CI=true: required, not skipped]", pytrace=False)
    pytest.skip(reason, allow_module_level=module)


def require_module(name: str, reason: str) -> ModuleType:
    """The module ``name``, imported; else :func:`skip_or_fail` (for the whole test module).

    What ``pytest.importorskip`` does, except under CI.
    """
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        skip_or_fail(f"{reason} (cannot import {name}: {exc})", module=True)


def load_evaluate() -> ModuleType:
    """``bench/evaluate.py`` as a module (it is a script, not part of the package)."""
    name = "presssearch_bench_evaluate"
    if name in sys.modules:
        return sys.modules[name]
    if str(REPO / "bench") not in sys.path:
        sys.path.insert(0, str(REPO / "bench"))  # evaluate.py imports bench/common.py
    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / "evaluate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def eval_dir(*inside: str) -> Path:
    """The evaluation data (``bench/evaluate.py``'s ``resolve_eval_dir``), or the
    path ``inside`` it; :func:`skip_or_fail` when it is not there."""
    evaluate = load_evaluate()
    root = evaluate.resolve_eval_dir()
    path = root.joinpath(*inside)
    if not path.exists():
        skip_or_fail(
            f"no evaluation data at {path} (set ${evaluate.EVAL_DIR_ENV} to use another folder)"
        )
    return root


#: How long a test waits for a process or an event before it calls it hung. It
#: only stops a test that would never end; no test holds anything to a time.
SAFETY_TIMEOUT = 600

#: The summary line of ``presssearch index`` (no languages when nothing was added or updated).
SUMMARY = re.compile(
    r"^added (?P<added>\d+), updated (?P<updated>\d+), removed (?P<removed>\d+),"
    r" unchanged (?P<unchanged>\d+), skipped (?P<skipped>\d+)(?: \((?P<reasons>[^)]*)\))?"
    r"(?:; languages: (?P<languages>[^;]+))?; (?P<total>\d+) documents in the index; [\d.]+ s$"
)

# Document ids (paths relative to tests/pages) of the test corpus.
EN_REMARKS = "en/audiard-spanish-remarks.html"
EN_NOTES = "en/festival-notes.txt"
EN_TICKETS = "en/ticket-sales.html"
ES_GASCON = "es/gascon-pide-perdon.html"
FR_ACTRICE = "fr/l-actrice-et-le-realisateur.html"
DE_KRITIK = "de/kritik.txt"
ALL_IDS = {EN_REMARKS, EN_NOTES, EN_TICKETS, ES_GASCON, FR_ACTRICE, DE_KRITIK}

#: Where the real FreeDict dictionaries are: $PRESSSEARCH_DICT_DIR as the suite
#: was started (so that ``PRESSSEARCH_DICT_DIR=/nonexistent`` runs it without
#: them), else where Debian installs them.
INSTALLED_DICTS = Path(os.environ.get(DICT_DIR_ENV) or DEFAULT_DICT_DIR)


def installed_dicts() -> Path:
    """:data:`INSTALLED_DICTS`, or :func:`skip_or_fail` when the five dictionaries are not
    all there."""
    absent = [n for n in DICTIONARIES if not (INSTALLED_DICTS / f"freedict-{n}.index").is_file()]
    if absent:
        skip_or_fail(
            f"the FreeDict dictionaries are not all installed in {INSTALLED_DICTS} "
            f"(missing {', '.join(absent)}; apt-get install "
            + " ".join(f"dict-freedict-{n}" for n in DICTIONARIES)
            + "; scripts/install-dictionaries.sh)"
        )
    return INSTALLED_DICTS


#: Where Apertium's data is: $PRESSSEARCH_APERTIUM_DIR as the suite was started,
#: else where Debian installs it.
INSTALLED_APERTIUM = Path(os.environ.get(APERTIUM_DIR_ENV) or DEFAULT_APERTIUM_DIR)
#: The Debian packages of the Apertium dictionaries query translation reads first.
APERTIUM_PACKAGES = ("apertium-eng-spa", "apertium-fr-es")


def installed_apertium() -> Path:
    """:data:`INSTALLED_APERTIUM`, or :func:`skip_or_fail` when its English-Spanish and
    French-Spanish dictionaries are not there."""
    found = direction_files(INSTALLED_APERTIUM)
    absent = [
        f"{src}-{tgt}"
        for (src, tgt), (package, _) in DIRECTIONS.items()
        if package in APERTIUM_PACKAGES and (src, tgt) not in found
    ]
    if absent:
        skip_or_fail(
            f"Apertium's dictionaries are not all installed in {INSTALLED_APERTIUM} "
            f"(missing {', '.join(absent)}; apt-get install {' '.join(APERTIUM_PACKAGES)}; "
            "scripts/install-dictionaries.sh)"
        )
    return INSTALLED_APERTIUM


B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

# Invented entries, in the layouts of the FreeDict editions: (index headword, entry).
ENG_FRA = [
    ("cat", "cat /kæt/\n1. chat\n2. matou\n"),
    ("language", "language /læŋgwidʒ/\nlangue, langage\n"),
    ("spanish", "Spanish /spæniʃ/\nespagnol\n"),
    ("spanish language", "Spanish language /spæniʃlæŋgwidʒ/\nespagnol, langue espagnole\n"),
    ("a lot", "a lot /əlɔt/\nbeaucoup\n"),
    ("lot", "lot /lɔt/\n1. sort\n2. parcelle\n"),
    ("remark", "remark /rimɑːk/\nremarque <n, fem>\n"),
    (
        "bank",
        "bank /bæŋk/\n1. banque (finance)\n2. rive, bord\n3. berge\n4. talus\n5. banc\n",
    ),
    ("story", "story /stɔːri/\nhistoire\n"),
    (" ago", "... ago /əgou/\nil y a ...\n"),
    ("able", "-able /əbl/\n-able\n"),
]
ENG_SPA = [
    ("cat", "cat /kæt/\ngato\n"),
    ("post", "post /poust/\ncorreo\n"),
    ("post", "post /poustɔfis/\nestafeta\n"),  # "post office", filed under "post"
    ("mailbox", "mailbox /meilbɔks/\nbuzóndecorreos\n"),  # lost its spaces
]
FRA_ENG = [
    ("chat", "chat /ʃa/ <n, masc>\n1. cat\n2. chat\n"),
    ("langue", "langue /lɑ̃g/ <n, fem>\n1. tongue\n2. language\n"),
    ("élève", "élève /elɛv/ <n>\npupil, student\n"),
    ("film", "film /film/ <n, masc>\n(photographic) film, movie\n"),
]
SPA_ENG = [
    ("gato", "gato /gato/\ncat\n"),
    ("película", "película /pelikula/\nfilm, movie\n"),
    ("buzón", "buzón /buθon/\nmailbox, letter box\n"),
    ("actriz", "actriz /aktɾiθ/\nactress\n"),
    ("arrestar", "arrestar /aresˈtaɾ/\narrest\n"),
    ("fonte", "fonte /fɔ̃t/\ncast iron\n"),
]
FRA_SPA = [
    (
        "chat",
        "chat /ʃa/ <n, masc>\n1. gato 2.\nMammifère carnivore\n 3.\nPetit félin\n"
        "2. charla\nConversation en ligne\n",
    ),
    ("langue", "langue /lɑ̃ɡ/ <n, fem>\n1. lengua, idioma\nOrgane\n2. lenguaje\nSystème\n"),
    ("actrice", "actrice /ak.tʁis/ <n, fem>\nactriz\nCelle qui joue un rôle\n"),
    ("bureau de poste", "bureau de poste /by.ʁo də pɔst/ <n, masc>\noficina de correos\n"),
    ("excusezmoi", "excusez-moi /ɛk.sky.ze mwa/\nperdón, disculpe\n"),
    ("espagnol", "espagnol /ɛs.pa.ɲɔl/ <adj>\nespañol\nRelatif à l’Espagne\n"),
]
FIXTURE = {
    "eng-fra": ENG_FRA,
    "eng-spa": ENG_SPA,
    "fra-eng": FRA_ENG,
    "spa-eng": SPA_ENG,
    "fra-spa": FRA_SPA,
}


def encode_number(n: int) -> str:
    """A number in dictd's base64."""
    digits = ""
    while True:
        digits = B64[n % 64] + digits
        n //= 64
        if not n:
            return digits


def write_dict(folder: Path, name: str, entries: list[tuple[str, str]]) -> None:
    """A dictd dictionary: NAME.index and a gzip-compressed NAME.dict.dz."""
    data = b""
    lines = []
    for headword, text in [("00databaseinfo", "invented test dictionary\n"), *entries]:
        raw = text.encode("utf-8")
        lines.append(f"{headword}\t{encode_number(len(data))}\t{encode_number(len(raw))}")
        data += raw
    (folder / f"freedict-{name}.index").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with gzip.open(folder / f"freedict-{name}.dict.dz", "wb") as f:
        f.write(data)


def write_dicts(folder: Path, dictionaries: dict[str, list[tuple[str, str]]]) -> Path:
    """``folder``, created, with a dictd dictionary for each name of ``dictionaries``."""
    folder.mkdir(parents=True)
    for name, entries in dictionaries.items():
        write_dict(folder, name, entries)
    return folder


@pytest.fixture(scope="session", autouse=True)
def lexicon_environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The invented dictionaries and a fresh cache folder, for every test of the session.

    Queries then translate with the dictionaries above (``cat`` -> ``chat``)
    and the lexicon's cache goes to a folder of this session. Yields the
    dictionaries' folder.
    """
    root = tmp_path_factory.mktemp("lexicon")
    folder = write_dicts(root / "dictd", FIXTURE)
    with pytest.MonkeyPatch.context() as env:
        env.setenv(DICT_DIR_ENV, str(folder))
        # No Apertium data, whatever the machine has installed; the tests of
        # Apertium's dictionaries write their own.
        env.setenv(APERTIUM_DIR_ENV, str(root / "no-apertium"))
        env.setenv("XDG_CACHE_HOME", str(root / "cache"))
        yield folder


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A writable copy of tests/pages, for tests that add, change or delete files."""
    dest = tmp_path / "corpus"
    shutil.copytree(PAGES, dest)
    return dest


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    """Where a test's own index goes."""
    return tmp_path / "index"


@pytest.fixture
def index(corpus: Path, index_dir: Path) -> Iterator[Index]:
    """A fresh index of a copy of the test corpus, owned by one test."""
    with Index.create(index_dir) as ix:
        ix.add_path(corpus, jobs=1)
        yield ix


@pytest.fixture(scope="session")
def pages_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of an index of the test corpus, built once; tests must only read it."""
    root = tmp_path_factory.mktemp("pages")
    corpus = root / "corpus"
    shutil.copytree(PAGES, corpus)
    with Index.create(root / "index") as ix:
        ix.add_path(corpus, jobs=1)
    return root / "index"


@pytest.fixture(scope="session")
def shared_index(pages_index_dir: Path) -> Iterator[Index]:
    """The read-only index of the test corpus, opened once for all search tests."""
    with Index.open(pages_index_dir) as ix:
        yield ix


def ids(hits: list) -> list[str]:
    """The ids of search hits, in rank order."""
    return [hit.id for hit in hits]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--engine",
        choices=tuple(engines()),
        default=None,
        help="the engine of every index the tests build (as PRESSSEARCH_ENGINE does);"
        " the suite runs once per engine",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "quality: the quality gate over ../shared/eval (tests/test_quality.py)"
    )
    engine = config.getoption("--engine")
    if engine:
        # Set before any index is built; the command-line runs inherit it.
        os.environ[ENGINE_ENV] = engine


def pytest_report_header(config: pytest.Config) -> str:
    return f"presssearch engine: {default_engine()}"
