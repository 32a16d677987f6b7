"""presssearch's own evaluation over the real data in ``../shared/eval``.

Every figure follows the definitions in ``shared/eval/README.md``; this script
only reads that data (never copies it) and uses only presssearch's public API:
``extract_article``, ``detect_language``, ``Index.create/add_path/search`` and
the analyzers of ``presssearch.analyze``. The web section also runs trafilatura
and readability-lxml (both dependencies of presssearch) on the same pages, to
compare.

Sections (``--only`` takes a comma-separated subset):

extraction
    Readability and scrapinghub pages (39): precision, recall and F1 of the
    multiset of lowercased ``\\w+`` tokens of ``Article.text`` against the
    expected text (``expected.html`` with its tags stripped by lxml's
    ``text_content()``, or ``articleBody``), per page, then averaged.
    Trafilatura pages (22, es/fr): per page, the share of ``with`` snippets found
    in ``Article.text`` and the share of ``without`` snippets absent from it, both
    sides with whitespace collapsed; then averaged over pages.
    Pages are split once, by a hash of their id (``page_part``), into a tune
    part (two thirds) and a held-out part: every extraction and title
    figure is given for ``all`` pages (the gated figure), ``tune`` and
    ``heldout``. Rules are tuned by looking at tune pages only; the JSON holds
    per-page details of tune pages only, and the held-out part's averages.
titles
    Page metadata: ``Article.title`` equal to the manifest's ``expected_title``
    after collapsing whitespace (the 45 pages that have one), and ``Article.lang``
    equal to the manifest's ``lang`` (all 61 pages).
web
    The 437 real web pages of ``web/`` (``evaldata.json``), each gunzipped and
    read as a saved ``.html`` file by ``extract_article``, and, in the same run,
    by trafilatura's ``bare_extraction(html, with_metadata=True)`` and by
    readability-lxml (``Document(html).summary()``, its text with a line break
    after each block, and ``short_title()``). Per page: ``with``, the share of
    upstream's ``with`` snippets found in the text, and ``without``, the share
    of its ``without`` snippets absent from it (whitespace collapsed on both
    sides); ``title``, the title equal to upstream's ignoring case, whitespace
    collapsed; ``date``, the publication date equal to upstream's ISO day;
    ``lang.ours``, a page whose ``lang_ref`` is en, es or fr labelled so;
    ``lang.others``, a page whose ``lang_ref`` is another language labelled
    with that code or ``und`` (a label's region is dropped: ``de-DE`` is
    ``de``). Each is averaged over the pages upstream annotated for it; pages
    with no ``lang_ref`` are in neither language figure. A page an extractor
    raises on (or, for trafilatura, finds nothing to extract from) scores 0 on
    every figure, ``without`` included, and is listed with its exception under
    ``failures`` in the JSON. readability-lxml reads no date or language, so it
    has no such figures; trafilatura labels no language unless asked for one
    (``target_language``), so it says ``und`` on every page. The pages are
    split as the curated ones are (:func:`held_out`: the third whose file
    names' SHA-256 digests sort first is held out); every figure is given for
    all pages, ``tune`` and ``heldout``. presssearch's figures on all pages and
    on the held-out part are gated; the tune part's and the other extractors'
    are reported. The JSON lists what presssearch got wrong on tune pages
    only. Pages are read on ``--jobs`` processes, once for all three
    extractors, and each extractor's results are kept for the rest of the run.
langid
    ``detect_language`` on NTREX: every line of the en, es and fr files is a
    labelled sentence; the first line of each story (boundaries from
    ``DOCUMENT_IDS.tsv``, one id per line) is a headline. Lines of the pt, it, ca
    and de files should not be called en, es or fr. The same figures again on
    every NTREX line upper-cased (``str.upper``), keys ``langid.ntrex.capitals.*``:
    text in capitals should be identified as well as the same text as written.
    The TIME collection, English in capitals throughout: the share of its 423
    stories that ``extract_article`` does not label en, on the very files the
    ``time`` section indexes, and the share of its 83 queries that
    ``detect_language(..., tie_break=False)`` (the query's language, as
    ``Index.search`` detects it) does not call en. Also the lingua sentences,
    word pairs and single words (reported only, never gated: the lingua Spanish
    lost its accents upstream).
throughput
    ``detect_language`` calls per second, one process pinned to one core, over
    3000 NTREX sentences (1000 each of en, es and fr, interleaved), each called
    once after a warm-up on other text; then over the same sentences in capitals.
    Per second of wall-clock time, and per second of this process's CPU time:
    on a busy machine the core also runs other processes, which the first counts
    and the second does not.
time
    The TIME collection: each of the 423 documents is written as a ``.txt`` file
    named by its position in ``TIME.ALL`` (``001.txt`` ...). The documents have
    no headlines, so the first line (which presssearch takes as the title) is the
    neutral ``TIME <text number>`` and the text follows after a blank line. The
    79 judged queries run through ``Index.search`` as their words (free-text words
    are OR-grouped by default; see below), with ``limit=50``, and again with
    ``limit=1000`` when some of their relevant documents are not in those 50 (the
    ranking's prefix is the same, and AP needs only the relevant documents' ranks,
    so this is MAP at ``limit=1000``, several times faster). Judged numbers
    are positions in ``TIME.ALL``: up to 370 the position itself, from 371 the
    position plus 2. nDCG@10 uses binary relevance, the log2(rank + 1) discount
    and the ideal DCG of the query's number of relevant documents; MAP is over
    the full ranking, a relevant document never retrieved adding precision 0.
ntrex
    Known-item retrieval: one document per story and language (123 x en/es/fr =
    369, one index, in folders ``en/``, ``es/``, ``fr/`` so ids are ``en/012.txt``).
    A document is the story's lines after its headline; its first line is
    therefore its first body sentence, which presssearch takes as its title (the
    headline itself is left out, or the query would match it trivially). The
    headline in language X is the query; the target is the same story in X
    (MRR@10, success@1) and, cross-language, in each other language Y
    (success@1 and success@10 per pair, and their means over the six pairs).
    Known-item MRR@10 is also reported for the tune and held-out stories
    (``ntrex.tune.mrr10.*``, ``ntrex.heldout.mrr10.*``, split as in the twins
    section); ranking rules are chosen by looking at tune stories only.
    Cross-language figures come in two variants; only the means of the second
    are gated, the six pairs are reported. ``ntrex.cross.*`` is
    the README's literal definition: the rank of Y's copy in the one ranking over
    all 369 documents, where X's own copy competes; when X's copy is first, Y's
    cannot be, so there success@1(X->Y) <= 1 - success@1(X->X) and a known-item
    MRR@10 of .89 rules out a cross success@1 of .75. ``ntrex.cross_lang.*``
    searches only the documents presssearch labelled Y
    (``Index.search(query, SearchOptions(lang=Y))``), as a user looking for the coverage in Y
    would; the issue's cross-language targets (success@1 >= .75, success@10 >= .93)
    are shown against this variant, the only one where both can hold.
twins
    Short queries across languages: one or two content words of an NTREX
    headline (the rule is :func:`short_queries`'s), run through
    ``Index.export`` on the ``ntrex`` index (every match, not only the top
    ten). Twin recall X->Y: of the stories whose X document matches an X
    query, the share whose Y document matches too; twin Jaccard: stories
    matched in both over stories matched in either. Each is the mean over
    the queries of X that match some X document, per pair and over the six
    pairs. Given for ``all`` queries (gated), ``tune`` and ``heldout``: a
    held-out third of the stories (by SHA-256 of their ids), whose queries
    that no tune headline also makes are never looked at while tuning.
stemming
    The share of ``voc.txt`` words whose stem, from the stemming filter inside
    ``analyzer_for(lang)`` (run alone: before accent folding, as in the analyzer)
    equals the same line of ``output.txt``.

Searches use ``Index.search`` with its defaults (near-duplicate collapsing and
query translation, when presssearch has them), so the figures are what a user
gets. A query text is reduced to its words (``\\w+`` with inner apostrophes)
joined by spaces, so that quotes, colons, parentheses, ``*``, ``~`` and the like
are not query syntax; the upper-case operator words ``AND``, ``OR``, ``NOT``,
``ANDNOT``, ``ANDMAYBE`` and ``TO`` are lower-cased so that they are words too.
Nothing else is changed: the analyzers do their own case folding.

Engines: the ``time`` and ``ntrex`` sections (TIME, NTREX known-item and
cross-language retrieval) build their indexes on presssearch's engine chosen
by ``--engine whoosh|tantivy`` (by default the product's default for a new
index: Whoosh, unless ``$PRESSSEARCH_ENGINE`` names another, which is also how
``tests/test_quality.py`` checks the tantivy engine). ``--engine both`` runs
them once on each engine. The floors are the same for every engine.

Output: a table of every figure with its target (from the issue) and its gate
(from ``tests/quality_floors.json``), headed by the engine (or, with several,
the engine after each label), and a JSON file (default
``bench/out/evaluate.json``) with the figures and per-page, per-query details:
``engines`` lists those run, ``figures`` and ``details`` are the first
engine's, ``by_engine`` has each engine's figures, details, times and gate
failures. ``--check`` exits with 1 when a figure of any engine is past its
gate; ``--raise-floors`` moves the gates up to today's figures (never down),
the worst of every engine's: it runs the sections on both engines. ``--jobs`` (default 2) is the
number of processes for language ID accuracy, indexing and queries; throughput
is always measured in this one process.

The data directory is ``../shared/eval`` beside the repository, or
``$PRESSSEARCH_EVAL_DIR``, or ``--eval-dir``.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import hashlib
import itertools
import json
import math
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePath
from typing import Any

import lxml.html

import presssearch
from common import (
    EVAL_DIR_ENV,
    LINGUA_KINDS,
    NTREX_FILES,
    Page,
    load_pages,
    read_lines,
    resolve_eval_dir,
)
from presssearch import ExtractionError, Index, SearchOptions, detect_language, extract_article
from presssearch.engine import default_engine, engines

#: Every engine, the default (the reference) first.
ENGINES = tuple(engines())

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL_DIR = REPO_ROOT.parent / "shared" / "eval"
DEFAULT_JSON = REPO_ROOT / "bench" / "out" / "evaluate.json"
FLOORS_PATH = REPO_ROOT / "tests" / "quality_floors.json"

SECTIONS = (
    "extraction",
    "titles",
    "web",
    "langid",
    "throughput",
    "time",
    "ntrex",
    "twins",
    "stemming",
)
#: The sections that build an index, and so run once per engine.
ENGINE_SECTIONS = ("time", "ntrex", "twins")
OURS = ("en", "es", "fr")
OTHERS = ("pt", "it", "ca", "de")
NTREX_LINES = 1997
NTREX_STORIES = 123
SNOWBALL_DIRS = {"en": "english", "es": "spanish", "fr": "french"}
TIME_DOCS = 423
TIME_JUDGED_QUERIES = 79
TIME_SHALLOW = 50
TIME_DEEP = 1000
TIME_LAST_DIRECT = 370  # TIME.REL numbers up to here are positions; above, positions + 2
THROUGHPUT_PER_LANGUAGE = 1000


# ---------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class Figure:
    """One reported number. ``better`` is ``higher`` or ``lower``."""

    key: str
    label: str
    value: float
    target: float | None = None
    better: str = "higher"
    gated: bool = True
    unit: str = "share"


@dataclass
class SectionResult:
    name: str
    figures: list[Figure]
    detail: dict[str, Any]
    seconds: float = 0.0
    #: The engine of the section's index (``ENGINE_SECTIONS``), else None.
    engine: str | None = None


@dataclass
class Floors:
    """The gate: figures that must stay at or above ``min``, at or below ``max``."""

    min: dict[str, float] = field(default_factory=dict)
    max: dict[str, float] = field(default_factory=dict)

    def bound(self, key: str) -> tuple[str, float] | None:
        if key in self.min:
            return ">=", self.min[key]
        if key in self.max:
            return "<=", self.max[key]
        return None

    def violations(self, figures: Iterable[Figure]) -> list[str]:
        problems = []
        for fig in figures:
            if fig.key in self.min and fig.value < self.min[fig.key]:
                problems.append(f"{fig.key} = {fig.value:.4f} is below {self.min[fig.key]}")
            if fig.key in self.max and fig.value > self.max[fig.key]:
                problems.append(f"{fig.key} = {fig.value:.4f} is above {self.max[fig.key]}")
        return problems


def floor3(value: float) -> float:
    """``value`` rounded down to 3 decimals (a little slack for float error)."""
    return math.floor(value * 1000 + 1e-9) / 1000


def ceil3(value: float) -> float:
    """``value`` rounded up to 3 decimals."""
    return math.ceil(value * 1000 - 1e-9) / 1000


def load_floors(path: Path = FLOORS_PATH) -> Floors:
    """The gate in ``path``, or an empty one when the file does not exist."""
    if not path.is_file():
        return Floors()
    data = json.loads(path.read_text(encoding="utf-8"))
    return Floors(min=dict(data.get("min", {})), max=dict(data.get("max", {})))


def worst_figures(figures: Iterable[Figure]) -> list[Figure]:
    """One figure per key, the worst of those given (a key measured on several engines)."""
    worst: dict[str, Figure] = {}
    for fig in figures:
        kept = worst.get(fig.key)
        if kept is None or (fig.value < kept.value) == (fig.better == "higher"):
            worst[fig.key] = fig
    return list(worst.values())


def raised_floors(floors: Floors, figures: Iterable[Figure]) -> Floors:
    """``floors`` moved up to ``figures`` (rounded to 3 decimals), never down."""
    new = Floors(min=dict(floors.min), max=dict(floors.max))
    for fig in figures:
        if not fig.gated:
            continue
        if fig.better == "higher":
            new.min[fig.key] = max(new.min.get(fig.key, 0.0), floor3(fig.value))
        else:
            new.max[fig.key] = min(new.max.get(fig.key, math.inf), ceil3(fig.value))
    return new


def write_floors(floors: Floors, path: Path = FLOORS_PATH) -> None:
    data = {
        "comment": (
            "Quality gate for tests/test_quality.py, written by "
            "'python bench/evaluate.py --raise-floors'. 'min': the figure must stay at or "
            "above; 'max': at or below. Values are measured figures rounded to 3 decimals "
            "in the gate's favour; they only ever move towards the targets."
        ),
        "min": dict(sorted(floors.min.items())),
        "max": dict(sorted(floors.max.items())),
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------
# Shared helpers


def collapse(text: str) -> str:
    """``text`` with every run of whitespace a single space, trimmed."""
    return " ".join(text.split())


_TOKEN = re.compile(r"\w+")
_QUERY_WORD = re.compile(r"\w+(?:['’ʼ]\w+)*")
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})


def free_words(text: str) -> str:
    """``text`` as a query of plain words: no query syntax survives."""
    words = _QUERY_WORD.findall(text)
    return " ".join(w.lower() if w in _OPERATORS else w for w in words)


def token_prf(extracted: str, expected: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of lowercased ``\\w+`` token multisets."""
    got = Counter(_TOKEN.findall(extracted.lower()))
    want = Counter(_TOKEN.findall(expected.lower()))
    overlap = sum((got & want).values())
    precision = overlap / sum(got.values()) if got else 0.0
    recall = overlap / sum(want.values()) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def detect_many(texts: Sequence[str], jobs: int = 1) -> list[str]:
    """``detect_language`` of each text, in order, on ``jobs`` processes."""
    if jobs <= 1 or len(texts) < 1000:
        return [detect_language(t) for t in texts]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        return list(pool.map(detect_language, texts, chunksize=250))


def default_jobs() -> int:
    return max(1, min(2, os.cpu_count() or 1))


# ---------------------------------------------------------------------------
# Pages: extraction, titles, page language


@dataclass(frozen=True)
class Extracted:
    title: str
    text: str
    lang: str
    error: str | None = None


def extract_page(page: Page) -> Extracted:
    data = page.file.read_bytes()
    if page.file.suffix == ".gz":
        data = gzip.decompress(data)
    try:
        article = extract_article(data, path=PurePath(page.name))
    except ExtractionError as exc:
        return Extracted(title="", text="", lang="und", error=str(exc))
    return Extracted(title=article.title, text=article.text, lang=article.lang)


@cache
def _extracted_pages(eval_dir: Path) -> tuple[tuple[Page, Extracted], ...]:
    return tuple((page, extract_page(page)) for page in load_pages(eval_dir))


#: The share of pages held out from tuning.
HELDOUT_SHARE = 1 / 3
PARTS = ("all", "tune", "heldout")


def held_out(ids: Iterable[str]) -> frozenset[str]:
    """The held-out third of ``ids``: those whose SHA-256 digests sort first.

    Fixed by the ids alone: the same pages whatever the order they are listed
    in, on every machine and every run.
    """
    ordered = sorted(ids, key=lambda i: hashlib.sha256(i.encode("utf-8")).hexdigest())
    return frozenset(ordered[: round(len(ordered) * HELDOUT_SHARE)])


@cache
def _heldout(eval_dir: Path) -> frozenset[str]:
    """The ids of the held-out evaluation pages (:func:`held_out`).

    Extraction rules are tuned by looking at the other pages (``tune``) only;
    the held-out pages say whether the rules carry over to pages nobody looked
    at. Their per-page details are never written out, only their averages.
    """
    return held_out(p.id for p in load_pages(eval_dir))


def page_part(eval_dir: Path, page_id: str) -> str:
    """``heldout`` or ``tune``: the part of the evaluation pages ``page_id`` is in."""
    return "heldout" if page_id in _heldout(eval_dir) else "tune"


def _in_part(eval_dir: Path, page_id: str, part: str) -> bool:
    return part == "all" or page_part(eval_dir, page_id) == part


def _part_key(key: str, part: str) -> str:
    """``extraction.f1`` for all pages, ``extraction.tune.f1`` for a part."""
    if part == "all":
        return key
    section, _, rest = key.partition(".")
    return f"{section}.{part}.{rest}"


def evaluate_extraction(eval_dir: Path) -> SectionResult:
    """Token P/R/F1 (readability, scrapinghub) and snippet shares (trafilatura).

    Each figure is given for all pages (gated) and for the tune and held-out
    parts (:func:`page_part`; reported, not gated).
    """
    per_page: dict[str, dict[str, Any]] = {}
    prf: dict[str, tuple[float, float, float]] = {}
    with_shares: dict[str, float] = {}
    without_shares: dict[str, float] = {}
    with_found = with_total = without_absent = without_total = 0
    for page, got in _extracted_pages(eval_dir):
        if page.expected_text is not None:
            p, r, f = token_prf(got.text, page.expected_text)
            prf[page.id] = (p, r, f)
            per_page[page.id] = {"precision": p, "recall": r, "f1": f, "error": got.error}
        elif page.with_snippets or page.without_snippets:
            text = collapse(got.text)
            found = [s for s in page.with_snippets if collapse(s) in text]
            leaked = [s for s in page.without_snippets if collapse(s) in text]
            if page.with_snippets:
                with_shares[page.id] = len(found) / len(page.with_snippets)
            if page.without_snippets:
                without_shares[page.id] = 1 - len(leaked) / len(page.without_snippets)
            with_found += len(found)
            with_total += len(page.with_snippets)
            without_absent += len(page.without_snippets) - len(leaked)
            without_total += len(page.without_snippets)
            per_page[page.id] = {
                "with_missing": [s for s in page.with_snippets if s not in found],
                "without_present": leaked,
                "error": got.error,
            }
    figures = []
    for part in PARTS:
        scores = [v for k, v in prf.items() if _in_part(eval_dir, k, part)]
        withs = [v for k, v in with_shares.items() if _in_part(eval_dir, k, part)]
        withouts = [v for k, v in without_shares.items() if _in_part(eval_dir, k, part)]
        gated = part == "all"
        name = "" if gated else f"{part}: "
        figures += [
            Figure(
                _part_key("extraction.precision", part),
                f"{name}extraction token precision ({len(scores)} pages)",
                mean([x[0] for x in scores]),
                gated=gated,
            ),
            Figure(
                _part_key("extraction.recall", part),
                f"{name}extraction token recall ({len(scores)} pages)",
                mean([x[1] for x in scores]),
                gated=gated,
            ),
            Figure(
                _part_key("extraction.f1", part),
                f"{name}extraction token F1 ({len(scores)} pages)",
                mean([x[2] for x in scores]),
                0.96,
                gated=gated,
            ),
            Figure(
                _part_key("extraction.trafilatura.with", part),
                f"{name}trafilatura 'with' snippets found ({len(withs)} pages)",
                mean(withs),
                0.96,
                gated=gated,
            ),
            Figure(
                _part_key("extraction.trafilatura.without", part),
                f"{name}trafilatura 'without' snippets absent ({len(withouts)} pages)",
                mean(withouts),
                0.86,
                gated=gated,
            ),
        ]
    detail = {
        "token_pages": len(prf),
        "snippet_pages": len(with_shares),
        "with_pooled": {"found": with_found, "total": with_total},
        "without_pooled": {"absent": without_absent, "total": without_total},
        "heldout_pages": sum(1 for k in per_page if page_part(eval_dir, k) == "heldout"),
        "pages": {k: v for k, v in per_page.items() if page_part(eval_dir, k) == "tune"},
    }
    return SectionResult("extraction", figures, detail)


def evaluate_titles(eval_dir: Path) -> SectionResult:
    """Exact titles (where the manifest has one) and page language (all pages).

    Title figures are also given for the tune and held-out parts (not gated).
    """
    titles: dict[str, dict[str, Any]] = {}
    languages: dict[str, dict[str, str]] = {}
    for page, got in _extracted_pages(eval_dir):
        if page.expected_title:
            titles[page.id] = {
                "ok": collapse(got.title) == collapse(page.expected_title),
                "expected": page.expected_title,
                "got": got.title,
            }
        languages[page.id] = {"expected": page.lang, "got": got.lang}
    lang_ok = sum(1 for v in languages.values() if v["expected"] == v["got"])
    figures = []
    for part in PARTS:
        oks = [t["ok"] for k, t in titles.items() if _in_part(eval_dir, k, part)]
        gated = part == "all"
        figures.append(
            Figure(
                _part_key("titles.exact", part),
                f"{'' if gated else part + ': '}title exact match ({len(oks)} pages)",
                sum(oks) / len(oks) if oks else 0.0,
                0.92 if gated else 0.80,
                gated=gated,
            )
        )
    figures.append(
        Figure(
            "titles.page_language",
            f"page language = manifest ({len(languages)} pages)",
            lang_ok / len(languages),
        )
    )
    detail = {
        "title_pages": len(titles),
        "title_misses": {
            k: v for k, v in titles.items() if not v["ok"] and page_part(eval_dir, k) == "tune"
        },
        "language_pages": len(languages),
        "language_misses": {
            k: v
            for k, v in languages.items()
            if v["expected"] != v["got"] and page_part(eval_dir, k) == "tune"
        },
    }
    return SectionResult("titles", figures, detail)


# ---------------------------------------------------------------------------
# Real web pages: extraction and metadata by presssearch, trafilatura, readability

#: The extractors compared on the web pages; only presssearch's figures are gated.
WEB_EXTRACTORS = ("presssearch", "trafilatura", "readability")
#: (key, label) of each web figure, in the order of the table.
WEB_METRICS = (
    ("with", "'with' snippets found"),
    ("without", "'without' snippets absent"),
    ("title", "title = upstream's, case ignored"),
    ("date", "publication date = upstream's"),
    ("lang.ours", "pages in en/es/fr labelled so"),
    ("lang.others", "pages in other languages: own code or und"),
)
#: What each extractor gives: readability-lxml reads no date and no language.
WEB_GIVES = {
    "presssearch": tuple(m for m, _ in WEB_METRICS),
    "trafilatura": tuple(m for m, _ in WEB_METRICS),
    "readability": ("with", "without", "title"),
}
UNDETERMINED = "und"


@dataclass(frozen=True)
class WebPage:
    name: str  # upstream's file name (``<name>.html``), also the page's id
    file: Path  # the gzipped page: web/pages/<name>.gz
    with_snippets: tuple[str, ...]
    without_snippets: tuple[str, ...]
    title: str | None
    date: str | None  # ISO day
    lang_ref: str | None


@dataclass(frozen=True)
class WebExtracted:
    text: str = ""
    title: str = ""
    date: str | None = None  # ISO day
    lang: str = UNDETERMINED  # primary language subtag, lower case; "und" for none
    #: Set when the extractor raised, or gave no result: the page fails every figure.
    error: str | None = None


@cache
def load_web_pages(eval_dir: Path) -> tuple[WebPage, ...]:
    """Every page of ``web/evaldata.json`` with upstream's annotations, by file name."""
    root = eval_dir / "web"
    truth = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    return tuple(
        WebPage(
            name=name,
            file=root / "pages" / f"{name}.gz",
            with_snippets=tuple(entry.get("with") or ()),
            without_snippets=tuple(entry.get("without") or ()),
            title=entry.get("title") or None,
            date=(entry.get("date") or "")[:10] or None,
            lang_ref=entry.get("lang_ref") or None,
        )
        for name, entry in sorted(truth.items())
    )


@cache
def _web_heldout(eval_dir: Path) -> frozenset[str]:
    """The held-out third of the web pages, chosen as for the curated pages (:func:`held_out`)."""
    return held_out(page.name for page in load_web_pages(eval_dir))


def web_part(eval_dir: Path, name: str) -> str:
    """``heldout`` or ``tune``: the part of the web pages the page ``name`` is in."""
    return "heldout" if name in _web_heldout(eval_dir) else "tune"


def _language_code(value: object) -> str:
    """``de`` for ``de-DE``, ``de_at`` or ``DE``; ``und`` for none."""
    text = str(value or "").strip().replace("_", "-").split("-")[0].lower()
    return text or UNDETERMINED


def _html_text(html_text: str) -> str:
    """The text of an HTML fragment, with a line break after each block element."""
    if not html_text.strip():
        return ""
    root = lxml.html.fromstring(html_text)
    for element in root.iter(
        "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "pre"
    ):
        element.tail = "\n" + (element.tail or "")
    return root.text_content()


def _extract_presssearch(html: bytes, name: str) -> WebExtracted:
    article = extract_article(html, path=PurePath(name))
    published = article.published.isoformat()[:10] if article.published else None
    return WebExtracted(article.text, article.title, published, _language_code(article.lang))


def _extract_trafilatura(html: bytes, name: str) -> WebExtracted:
    from trafilatura import bare_extraction

    document = bare_extraction(html, with_metadata=True)
    if document is None:
        raise ValueError("trafilatura found nothing to extract")

    def field(name: str) -> Any:
        if isinstance(document, dict):  # what trafilatura before 1.8 returned
            return document.get(name)
        return getattr(document, name, None)

    return WebExtracted(
        field("text") or "",
        field("title") or "",
        (field("date") or "")[:10] or None,
        _language_code(field("language")),
    )


def _extract_readability(html: bytes, name: str) -> WebExtracted:
    from readability import Document

    document = Document(html)
    # short_title() is readability's headline: the page's <title> less the site's
    # name, which title() keeps (on the 376 pages with a title: .657 against .112).
    return WebExtracted(_html_text(document.summary()), document.short_title() or "")


WEB_EXTRACT: dict[str, Callable[[bytes, str], WebExtracted]] = {
    "presssearch": _extract_presssearch,
    "trafilatura": _extract_trafilatura,
    "readability": _extract_readability,
}


def _extract_web_page(task: tuple[WebPage, tuple[str, ...]]) -> dict[str, WebExtracted]:
    """One page by each extractor named; whatever one raises is its failure on the page.

    Warnings are ignored and the extractors' log messages are not shown (what
    fails is the page's error instead): the figures must not depend on the
    filters of whoever runs this (the test suite turns warnings into errors).
    """
    import logging
    import warnings

    page, extractors = task
    loggers = [logging.getLogger(n) for n in ("trafilatura", "readability", "htmldate", "courlan")]
    levels = [logger.level for logger in loggers]
    html = gzip.decompress(page.file.read_bytes())
    out: dict[str, WebExtracted] = {}
    try:
        for logger in loggers:
            logger.setLevel(logging.CRITICAL + 1)
        for extractor in extractors:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    out[extractor] = WEB_EXTRACT[extractor](html, page.name)
                except Exception as exc:  # any exception: the page fails every figure
                    out[extractor] = WebExtracted(error=f"{type(exc).__name__}: {exc}")
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
    return out


#: Each extractor's results on each page, by (data folder, extractor): computed
#: once in a run, however many times the web section runs.
_WEB_RESULTS: dict[tuple[Path, str], dict[str, WebExtracted]] = {}


def web_extractions(
    eval_dir: Path, extractors: Sequence[str], jobs: int = 1
) -> dict[str, dict[str, WebExtracted]]:
    """``{extractor: {page name: result}}``, each page read once for every extractor not
    yet run, on ``jobs`` processes (``fork``, so that this module need not be importable
    by name)."""
    pages = load_web_pages(eval_dir)
    todo = tuple(e for e in extractors if (eval_dir, e) not in _WEB_RESULTS)
    if todo:
        tasks = [(page, todo) for page in pages]
        if jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
                results = list(pool.map(_extract_web_page, tasks, chunksize=4))
        else:
            results = [_extract_web_page(task) for task in tasks]
        for extractor in todo:
            _WEB_RESULTS[eval_dir, extractor] = {
                page.name: got[extractor] for page, got in zip(pages, results, strict=True)
            }
    return {e: _WEB_RESULTS[eval_dir, e] for e in extractors}


def web_scores(page: WebPage, got: WebExtracted) -> dict[str, float]:
    """The page's figures, each only where upstream annotated the page for it.

    A failed extraction scores 0 on every figure, ``without`` included: it kept
    nothing out because it gave nothing.
    """
    ok = got.error is None
    text = collapse(got.text)
    scores: dict[str, float] = {}
    if page.with_snippets:
        found = sum(1 for s in page.with_snippets if collapse(s) in text)
        scores["with"] = found / len(page.with_snippets) if ok else 0.0
    if page.without_snippets:
        absent = sum(1 for s in page.without_snippets if collapse(s) not in text)
        scores["without"] = absent / len(page.without_snippets) if ok else 0.0
    if page.title:
        same = collapse(got.title).casefold() == collapse(page.title).casefold()
        scores["title"] = float(ok and same)
    if page.date:
        scores["date"] = float(ok and got.date == page.date)
    if page.lang_ref in OURS:
        scores["lang.ours"] = float(ok and got.lang == page.lang_ref)
    elif page.lang_ref:
        scores["lang.others"] = float(ok and got.lang in (page.lang_ref, UNDETERMINED))
    return scores


def _web_key(metric: str, extractor: str, part: str) -> str:
    """``web.with`` (presssearch, all pages), ``web.heldout.trafilatura.with`` ..."""
    key = f"web.{metric}" if extractor == "presssearch" else f"web.{extractor}.{metric}"
    return _part_key(key, part)


def _web_page_detail(page: WebPage, got: WebExtracted) -> dict[str, Any]:
    """What presssearch got wrong on one page."""
    text = collapse(got.text)
    detail: dict[str, Any] = {}
    if got.error:
        detail["error"] = got.error
    missing = [s for s in page.with_snippets if collapse(s) not in text]
    leaked = [s for s in page.without_snippets if collapse(s) in text]
    if missing:
        detail["with_missing"] = missing
    if leaked:
        detail["without_present"] = leaked
    if page.title and collapse(got.title).casefold() != collapse(page.title).casefold():
        detail["title"] = {"expected": page.title, "got": got.title}
    if page.date and got.date != page.date:
        detail["date"] = {"expected": page.date, "got": got.date}
    if page.lang_ref and got.lang != page.lang_ref:
        detail["lang"] = {"expected": page.lang_ref, "got": got.lang}
    return detail


def evaluate_web(eval_dir: Path, *, jobs: int = 1, compare: bool = True) -> SectionResult:
    """Text, title, date and language of 437 real web pages, by presssearch and, with
    ``compare``, by trafilatura and readability-lxml on the same pages in the same run.

    Every figure is given for all pages, the tune part and the held-out part
    (:func:`web_part`); presssearch's on all pages and on the held-out part are
    gated, the rest reported.
    """
    pages = load_web_pages(eval_dir)
    extractors = WEB_EXTRACTORS if compare else ("presssearch",)
    results = web_extractions(eval_dir, extractors, jobs)
    scores = {
        e: {page.name: web_scores(page, results[e][page.name]) for page in pages}
        for e in extractors
    }
    figures: list[Figure] = []
    for part in PARTS:
        names = [p.name for p in pages if part == "all" or web_part(eval_dir, p.name) == part]
        prefix = "" if part == "all" else f"{part}: "
        for metric, label in WEB_METRICS:
            for extractor in extractors:
                if metric not in WEB_GIVES[extractor]:
                    continue
                values = [
                    scores[extractor][n][metric] for n in names if metric in scores[extractor][n]
                ]
                by = "" if extractor == "presssearch" else f", {extractor}"
                figures.append(
                    Figure(
                        _web_key(metric, extractor, part),
                        f"{prefix}web {label}{by} ({len(values)} pages)",
                        mean(values),
                        gated=extractor == "presssearch" and part != "tune",
                    )
                )
    ours = results["presssearch"]
    detail = {
        "pages": len(pages),
        "heldout_pages": len(_web_heldout(eval_dir)),
        "extractors": list(extractors),
        "annotated": {
            metric: sum(1 for n in scores["presssearch"] if metric in scores["presssearch"][n])
            for metric, _ in WEB_METRICS
        },
        # Every page an extractor failed on, held-out pages included: a crash is
        # a defect to fix, not something to tune on.
        "failures": {
            e: {name: got.error for name, got in results[e].items() if got.error}
            for e in extractors
        },
        "languages": dict(
            Counter(
                f"{page.lang_ref} -> {'error' if ours[page.name].error else ours[page.name].lang}"
                for page in pages
                if page.lang_ref
            ).most_common()
        ),
        "tune_pages": {
            page.name: found
            for page in pages
            if web_part(eval_dir, page.name) == "tune"
            and (found := _web_page_detail(page, ours[page.name]))
        },
    }
    return SectionResult("web", figures, detail)


# ---------------------------------------------------------------------------
# NTREX data


@dataclass(frozen=True)
class Ntrex:
    lines: dict[str, list[str]]  # language -> 1997 aligned lines
    stories: list[tuple[str, range]]  # (document id, its line indices), in file order

    @property
    def headline_indices(self) -> list[int]:
        return [lines.start for _, lines in self.stories]


@cache
def load_ntrex(eval_dir: Path) -> Ntrex:
    root = eval_dir / "ntrex"
    ids = [line.split("\t")[0].strip() for line in read_lines(root / "DOCUMENT_IDS.tsv")]
    lines = {lang: read_lines(root / name) for lang, name in NTREX_FILES.items()}
    for lang, got in lines.items():
        if len(got) != len(ids):
            raise ValueError(f"ntrex {lang}: {len(got)} lines against {len(ids)} document ids")
    stories: list[tuple[str, range]] = []
    start = 0
    for i in range(1, len(ids) + 1):
        if i == len(ids) or ids[i] != ids[start]:
            stories.append((ids[start], range(start, i)))
            start = i
    if len({doc for doc, _ in stories}) != len(stories):
        raise ValueError("ntrex: a document's lines are not contiguous in DOCUMENT_IDS.tsv")
    if len(ids) != NTREX_LINES or len(stories) != NTREX_STORIES:
        raise ValueError(f"ntrex: {len(ids)} lines in {len(stories)} stories, not 1997 in 123")
    return Ntrex(lines=lines, stories=stories)


# ---------------------------------------------------------------------------
# Language identification


def _rates(labels: Sequence[str], truth: str | None) -> dict[str, Any]:
    counts = Counter(labels)
    out: dict[str, Any] = {"n": len(labels), "labels": dict(counts.most_common())}
    if truth is not None:
        out["accuracy"] = counts[truth] / len(labels) if labels else 0.0
    out["called_ours"] = sum(counts[c] for c in OURS) / len(labels) if labels else 0.0
    return out


def _ntrex_langid_figures(
    labels: dict[str, list[str]], heads: Sequence[int], case: str, detail: dict[str, Any]
) -> list[Figure]:
    """Accuracy on NTREX sentences and headlines, and other languages called ours.

    ``labels`` holds each language's labels, line by line; ``case`` is ``""``
    for the text as written or ``"capitals"`` for the same text upper-cased
    (its keys gain ``.capitals``, its labels "in capitals").
    """
    key = f"langid.ntrex{'.' + case if case else ''}"
    written = f" in {case}" if case else ""
    sentence_targets = {"en": 0.997, "es": 0.993, "fr": 0.997}
    headline_targets = {"en": 0.99, "es": 0.975, "fr": 0.99}
    detail.update(sentences={}, headlines={})
    for lang in (*OURS, *OTHERS):
        got = labels[lang]
        detail["sentences"][lang] = _rates(got, lang)
        detail["headlines"][lang] = _rates([got[i] for i in heads], lang)
    figures: list[Figure] = []
    for kind, targets in (("sentences", sentence_targets), ("headlines", headline_targets)):
        for lang in OURS:
            rates = detail[kind][lang]
            figures.append(
                Figure(
                    f"{key}.{kind}.{lang}",
                    f"NTREX {kind} {lang}{written} accuracy ({rates['n']})",
                    rates["accuracy"],
                    targets[lang],
                )
            )
    other_sentences = [got for lang in OTHERS for got in labels[lang]]
    other_headlines = [labels[lang][i] for lang in OTHERS for i in heads]
    figures.append(
        Figure(
            f"{key}.other_called_ours",
            f"NTREX pt/it/ca/de sentences{written} called en/es/fr ({len(other_sentences)})",
            _rates(other_sentences, None)["called_ours"],
            0.005,
            better="lower",
        )
    )
    figures.append(
        Figure(
            f"{key}.headlines.other_called_ours",
            f"NTREX pt/it/ca/de headlines{written} called en/es/fr ({len(other_headlines)})",
            _rates(other_headlines, None)["called_ours"],
            better="lower",
        )
    )
    return figures


def _time_langid_figures(eval_dir: Path, detail: dict[str, Any]) -> list[Figure]:
    """How many TIME stories and queries (all English, in capitals) are not labelled en.

    A story is labelled by ``extract_article`` on the very file the ``time``
    section indexes; a query as ``Index.search`` labels it (``tie_break=False``).
    """
    collection = load_time(eval_dir)
    stories = {
        number: extract_article(f"TIME {number}\n\n{text}\n".encode(), path=f"{number}.txt").lang
        for number, text in collection.documents
    }
    queries = {
        str(q): detect_language(free_words(text), tie_break=False)
        for q, text in sorted(collection.queries.items())
    }
    figures: list[Figure] = []
    for kind, labels in (("stories", stories), ("queries", queries)):
        wrong = {name: lang for name, lang in labels.items() if lang != "en"}
        detail[kind] = {"n": len(labels), "labels": dict(Counter(labels.values())), "not_en": wrong}
        figures.append(
            Figure(
                f"langid.time.{kind}.not_en",
                f"TIME {kind} not labelled en ({len(labels)})",
                len(wrong) / len(labels),
                0.0,
                better="lower",
            )
        )
    return figures


def evaluate_langid(eval_dir: Path, *, lingua: bool = True, jobs: int = 1) -> SectionResult:
    """Accuracy on NTREX sentences and headlines, as written and in capitals, on
    the TIME stories and queries (and on lingua, reported only)."""
    ntrex = load_ntrex(eval_dir)
    heads = ntrex.headline_indices
    # One batch, so that a process pool starts once.
    batches: list[tuple[str, str, list[str]]] = [
        ("ntrex", lang, ntrex.lines[lang]) for lang in (*OURS, *OTHERS)
    ]
    batches += [
        ("ntrex.capitals", lang, [line.upper() for line in ntrex.lines[lang]])
        for lang in (*OURS, *OTHERS)
    ]
    if lingua:
        root = eval_dir / "langid" / "lingua"
        for kind in LINGUA_KINDS:
            for lang in (*OURS, *OTHERS):
                texts = [t for t in read_lines(root / kind / f"{lang}.txt") if t.strip()]
                batches.append((f"lingua.{kind}", lang, texts))
    flat = [t for _, _, texts in batches for t in texts]
    labels = detect_many(flat, jobs)
    by_batch: dict[tuple[str, str], list[str]] = {}
    at = 0
    for group, lang, texts in batches:
        by_batch[group, lang] = labels[at : at + len(texts)]
        at += len(texts)

    figures: list[Figure] = []
    detail: dict[str, Any] = {"ntrex": {}, "ntrex_capitals": {}, "time": {}}
    for case, group in (("", "ntrex"), ("capitals", "ntrex.capitals")):
        figures += _ntrex_langid_figures(
            {lang: by_batch[group, lang] for lang in (*OURS, *OTHERS)},
            heads,
            case,
            detail[group.replace(".", "_")],
        )
    figures += _time_langid_figures(eval_dir, detail["time"])
    if lingua:
        detail["lingua"] = {}
        for kind in LINGUA_KINDS:
            detail["lingua"][kind] = {}
            others: list[str] = []
            for lang in (*OURS, *OTHERS):
                got = by_batch[f"lingua.{kind}", lang]
                rates = _rates(got, lang)
                detail["lingua"][kind][lang] = rates
                if lang in OURS:
                    figures.append(
                        Figure(
                            f"langid.lingua.{kind}.{lang}",
                            f"lingua {kind} {lang} accuracy ({rates['n']})",
                            rates["accuracy"],
                            gated=False,
                        )
                    )
                else:
                    others += got
            figures.append(
                Figure(
                    f"langid.lingua.{kind}.other_called_ours",
                    f"lingua {kind} pt/it/ca/de called en/es/fr ({len(others)})",
                    _rates(others, None)["called_ours"],
                    better="lower",
                    gated=False,
                )
            )
    return SectionResult("langid", figures, detail)


def _timed_calls(texts: Sequence[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one ``detect_language`` call per text, on one core."""
    pinned = None
    if hasattr(os, "sched_getaffinity"):
        pinned = os.sched_getaffinity(0)
        os.sched_setaffinity(0, {min(pinned)})
    try:
        cpu_start = time.process_time()
        start = time.perf_counter()
        for text in texts:
            detect_language(text)
        wall = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
    finally:
        if pinned is not None:
            os.sched_setaffinity(0, pinned)
    return wall, cpu


def evaluate_throughput(
    eval_dir: Path, *, per_language: int = THROUGHPUT_PER_LANGUAGE
) -> SectionResult:
    """``detect_language`` calls per second in this process, on one core, on
    sentences as written and the same sentences in capitals."""
    ntrex = load_ntrex(eval_dir)
    count = min(per_language, NTREX_LINES)
    sentences = [ntrex.lines[lang][i] for i in range(count) for lang in OURS]
    # Warm up (profiles load on first use) on text that is not measured.
    for lang in OTHERS:
        detect_language(ntrex.lines[lang][0])
    figures: list[Figure] = []
    detail: dict[str, Any] = {}
    for case, texts in (("", sentences), ("capitals", [s.upper() for s in sentences])):
        wall, cpu = _timed_calls(texts)
        chars = sum(len(s) for s in texts)
        key = f"throughput.{case + '.' if case else ''}sentences_per"
        where = f", in {case}" if case else ""
        for per, label, seconds in (("second", "s", wall), ("cpu_second", "CPU s", cpu)):
            figures.append(
                Figure(
                    f"{key}_{per}",
                    f"language ID sentences/{label}, one core{where} ({len(texts)} sentences)",
                    len(texts) / seconds,
                    2000,
                    gated=False,
                    unit="per second",
                )
            )
        detail[case or "as_written"] = {
            "sentences": len(texts),
            "characters": chars,
            "wall_seconds": wall,
            "cpu_seconds": cpu,
            "characters_per_second": chars / wall,
        }
    return SectionResult("throughput", figures, detail)


# ---------------------------------------------------------------------------
# Retrieval


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _build_index(docs: Path, where: Path, jobs: int, engine: str | None) -> dict[str, Any]:
    """Index the files under ``docs`` into ``where`` on ``engine``; what the indexing reported."""
    with Index.create(where, engine=engine) as index:
        report = index.add_path(docs, jobs=jobs)
        engine = index.engine
    return {
        "engine": engine,
        "documents": report.total,
        "added": report.added,
        "skipped": dict(report.skipped),
        "languages": dict(report.languages.most_common()),
        "index_seconds": report.seconds,
    }


@dataclass(frozen=True)
class Query:
    text: str
    limit: int
    lang: str | None = None


def _search_ids(index: Index, q: Query) -> list[str]:
    text = free_words(q.text)
    if not text:
        return []
    return [hit.id for hit in index.search(text, SearchOptions(lang=q.lang, limit=q.limit))]


_worker_index: Index | None = None


def _open_worker_index(where: str) -> None:
    global _worker_index
    _worker_index = Index.open(where)


def _in_worker(ask: Callable[[Index, Any], list[str]], item: Any) -> list[str]:
    assert _worker_index is not None
    return ask(_worker_index, item)


def _on_index(
    where: Path, items: Sequence[Any], ask: Callable[[Index, Any], list[str]], jobs: int
) -> list[list[str]]:
    """``ask(index, item)`` for each of ``items``, in order, on the index in ``where``.

    With ``jobs`` > 1 (and ``fork``, so that this module need not be importable
    by name) the items are shared among worker processes, each with the
    index open.
    """
    if jobs <= 1 or len(items) < 20 or "fork" not in multiprocessing.get_all_start_methods():
        with Index.open(where) as index:
            return [ask(index, item) for item in items]
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs, initializer=_open_worker_index, initargs=(str(where),)) as pool:
        chunk = max(1, len(items) // (4 * jobs))
        return pool.map(functools.partial(_in_worker, ask), items, chunksize=chunk)


def run_queries(where: Path, queries: Sequence[Query], jobs: int = 1) -> list[list[str]]:
    """The hit ids of each query, in order, with ``Index.search`` on the index in ``where``
    (on ``jobs`` processes)."""
    return _on_index(where, queries, _search_ids, jobs)


@dataclass(frozen=True)
class TimeCollection:
    documents: list[tuple[str, str]]  # (TEXT number, text), position i + 1 in TIME.ALL
    queries: dict[int, str]
    relevant: dict[int, set[int]]  # query -> positions, for the judged queries


def time_position(judged: int) -> int:
    """The position in TIME.ALL of a document number in TIME.REL."""
    return judged if judged <= TIME_LAST_DIRECT else judged - 2


def load_time(eval_dir: Path) -> TimeCollection:
    root = eval_dir / "time"
    documents: list[tuple[str, str]] = []
    number, body = None, []
    for line in [*read_lines(root / "TIME.ALL"), "*TEXT end"]:
        if line.startswith("*TEXT"):
            if number is not None:
                documents.append((number, "\n".join(b for b in body if b.strip())))
            number, body = line.split()[1], []
        else:
            body.append(line)
    queries: dict[int, str] = {}
    current: int | None = None
    for line in read_lines(root / "TIME.QUE"):
        if line.startswith("*FIND"):
            current = int(line.split()[1])
            queries[current] = ""
        elif current is not None and line.strip():
            queries[current] = f"{queries[current]} {line.strip()}".strip()
    relevant: dict[int, set[int]] = {}
    for line in read_lines(root / "TIME.REL"):
        numbers = [int(n) for n in line.split()]
        if len(numbers) > 1:
            positions = {time_position(n) for n in numbers[1:]}
            if not all(1 <= p <= len(documents) for p in positions):
                raise ValueError(f"TIME.REL: a judged document out of range in {line!r}")
            relevant.setdefault(numbers[0], set()).update(positions)
    return TimeCollection(documents, queries, relevant)


def ndcg_at(ranking: Sequence[int], relevant: set[int], k: int = 10) -> float:
    """nDCG@k with binary relevance and the log2(rank + 1) discount."""
    dcg = sum(1 / math.log2(i + 2) for i, d in enumerate(ranking[:k]) if d in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal if ideal else 0.0


def average_precision(ranking: Sequence[int], relevant: set[int]) -> float:
    """AP over the whole ranking; relevant documents never retrieved add 0."""
    hits, total = 0, 0.0
    for i, d in enumerate(ranking, start=1):
        if d in relevant:
            hits += 1
            total += hits / i
    return total / len(relevant) if relevant else 0.0


def evaluate_time(eval_dir: Path, *, jobs: int = 1, engine: str | None = None) -> SectionResult:
    """nDCG@10 and MAP of presssearch's ranking on the TIME collection, on ``engine``."""
    collection = load_time(eval_dir)
    if len(collection.documents) != TIME_DOCS:
        raise ValueError(f"TIME.ALL: {len(collection.documents)} documents, not {TIME_DOCS}")
    if len(collection.relevant) != TIME_JUDGED_QUERIES:
        raise ValueError(f"TIME.REL: {len(collection.relevant)} judged queries, not 79")
    per_query: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="presssearch-time-") as tmp:
        docs = Path(tmp, "docs")
        for position, (number, text) in enumerate(collection.documents, start=1):
            _write(docs / f"{position:03d}.txt", f"TIME {number}\n\n{text}\n")
        info = _build_index(docs, Path(tmp, "index"), jobs, engine)
        judged = sorted(collection.relevant)
        # Every hit costs a snippet, so rank TIME_SHALLOW deep first and go to
        # TIME_DEEP only for queries with relevant documents still unranked:
        # AP needs only the ranks of the relevant documents, so it is the same.
        results = dict(
            zip(
                judged,
                run_queries(
                    Path(tmp, "index"),
                    [Query(collection.queries[q], limit=TIME_SHALLOW) for q in judged],
                    jobs,
                ),
                strict=True,
            )
        )
        deeper = [
            q
            for q in judged
            if not collection.relevant[q] <= {int(PurePath(i).stem) for i in results[q]}
        ]
        deep = run_queries(
            Path(tmp, "index"),
            [Query(collection.queries[q], limit=TIME_DEEP) for q in deeper],
            jobs,
        )
        results.update(zip(deeper, deep, strict=True))
    for q in judged:
        ranking = [int(PurePath(i).stem) for i in results[q]]
        relevant = collection.relevant[q]
        ranks = sorted(ranking.index(d) + 1 for d in relevant if d in ranking)
        per_query[str(q)] = {
            "ndcg10": ndcg_at(ranking, relevant),
            "ap": average_precision(ranking, relevant),
            "relevant": len(relevant),
            "relevant_ranks": ranks,
            "limit": TIME_DEEP if q in deeper else TIME_SHALLOW,
        }
    n = len(per_query)
    figures = [
        Figure(
            "time.ndcg10",
            f"TIME nDCG@10 ({n} queries)",
            mean([v["ndcg10"] for v in per_query.values()]),
            0.71,
        ),
        Figure(
            "time.map", f"TIME MAP ({n} queries)", mean([v["ap"] for v in per_query.values()]), 0.64
        ),
    ]
    return SectionResult(
        "time", figures, {"index": info, "queries": per_query}, engine=info["engine"]
    )


def evaluate_ntrex(eval_dir: Path, *, jobs: int = 1, engine: str | None = None) -> SectionResult:
    """Known-item retrieval of NTREX stories by headline, within and across languages, on
    ``engine``."""
    ntrex = load_ntrex(eval_dir)
    stories = ntrex.stories
    pairs = [(x, y) for x in OURS for y in OURS if x != y]
    # Ranks (1-10, or None past 10) of story k in language y for the headline in x:
    # ``ranks`` in the one ranking over all 369 documents, ``in_lang`` among the
    # documents presssearch labelled y (``Index.search(..., SearchOptions(lang=y))``).
    ranks: dict[tuple[str, str], list[int | None]] = {(x, y): [] for x in OURS for y in OURS}
    in_lang: dict[tuple[str, str], list[int | None]] = {pair: [] for pair in pairs}

    def rank(ids: list[str], target: str) -> int | None:
        return ids.index(target) + 1 if target in ids else None

    with tempfile.TemporaryDirectory(prefix="presssearch-ntrex-") as tmp:
        docs = Path(tmp, "docs")
        for lang in OURS:
            for k, (_, lines) in enumerate(stories, start=1):
                body = [ntrex.lines[lang][i] for i in lines[1:]]
                _write(docs / lang / f"{k:03d}.txt", "\n".join(body) + "\n")
        info = _build_index(docs, Path(tmp, "index"), jobs, engine)
        asked: list[tuple[str, int, str | None]] = []  # (x, story, lang filter)
        queries: list[Query] = []
        for x in OURS:
            for k, (_, lines) in enumerate(stories, start=1):
                headline = ntrex.lines[x][lines.start]
                for lang in (None, *(y for y in OURS if y != x)):
                    asked.append((x, k, lang))
                    queries.append(Query(headline, limit=10, lang=lang))
        results = run_queries(Path(tmp, "index"), queries, jobs)
    for (x, k, lang), ids in zip(asked, results, strict=True):
        if lang is None:
            for y in OURS:
                ranks[x, y].append(rank(ids, f"{y}/{k:03d}.txt"))
        else:
            in_lang[x, lang].append(rank(ids, f"{lang}/{k:03d}.txt"))

    def success(found: list[int | None], k: int) -> float:
        return sum(1 for r in found if r is not None and r <= k) / len(found)

    def mrr(found: list[int | None]) -> float:
        return sum(1 / r for r in found if r is not None) / len(found)

    figures: list[Figure] = []
    for x in OURS:
        figures.append(
            Figure(f"ntrex.mrr10.{x}", f"NTREX known-item MRR@10 {x}", mrr(ranks[x, x]), 0.89)
        )
    for x in OURS:
        figures.append(
            Figure(
                f"ntrex.success1.{x}", f"NTREX known-item success@1 {x}", success(ranks[x, x], 1)
            )
        )
    # The same by part of the stories (as the twins section splits them): reported only.
    story_ids = [story for story, _ in stories]
    for part in ("tune", "heldout"):
        for x in OURS:
            found = [
                r
                for (story, _), r in zip(stories, ranks[x, x], strict=True)
                if ntrex_story_part(story, story_ids) == part
            ]
            figures.append(
                Figure(
                    f"ntrex.{part}.mrr10.{x}",
                    f"NTREX known-item MRR@10 {x} ({part})",
                    mrr(found),
                    gated=False,
                )
            )
    variants = (
        ("cross", "all 369", ranks, {}),
        ("cross_lang", "lang=Y", in_lang, {1: 0.75, 10: 0.93}),
    )
    for name, scope, found, targets in variants:
        for k in (1, 10):
            for x, y in pairs:
                figures.append(
                    Figure(
                        f"ntrex.{name}.success{k}.{x}-{y}",
                        f"NTREX cross-language success@{k} {x}->{y} ({scope})",
                        success(found[x, y], k),
                        gated=False,
                    )
                )
            figures.append(
                Figure(
                    f"ntrex.{name}.success{k}.mean",
                    f"NTREX cross-language success@{k}, mean of 6 pairs ({scope})",
                    mean([success(found[x, y], k) for x, y in pairs]),
                    targets.get(k),
                    # In the ranking over all 369 documents, X's own copy comes
                    # first whenever known-item search works: reported only.
                    gated=name == "cross_lang",
                )
            )
    detail = {
        "index": info,
        "stories": len(stories),
        "mrr10": {f"{x}-{y}": mrr(ranks[x, y]) for x in OURS for y in OURS},
        "mrr10_lang_filter": {f"{x}-{y}": mrr(in_lang[x, y]) for x, y in pairs},
        "misses_at_10": {
            f"{x}-{y}": [stories[i][0] for i, r in enumerate(ranks[x, y]) if r is None]
            for x in OURS
            for y in OURS
        },
    }
    return SectionResult("ntrex", figures, detail, engine=info["engine"])


# ---------------------------------------------------------------------------
# Cross-language twins: short queries


#: Short queries: headline words of at least this many letters.
TWIN_MIN_LETTERS = 3
_LETTERS = re.compile(r"[^\W\d_]+")


def ntrex_story_part(story_id: str, story_ids: Sequence[str]) -> str:
    """``heldout`` or ``tune``: the part of the NTREX stories ``story_id`` is in.

    The held-out stories are the third whose ids' SHA-256 digests sort first
    (as for the extraction pages): query translation is tuned on short
    queries of the other stories only.
    """
    return "heldout" if story_id in _heldout_stories(tuple(story_ids)) else "tune"


@cache
def _heldout_stories(story_ids: tuple[str, ...]) -> frozenset[str]:
    return held_out(story_ids)  # asked once per story and language: worked out once


def short_queries(headline: str, body: str, lang: str) -> list[str]:
    """The short queries of one headline: each content word, then each two in a row.

    The rule, fixed before any figure was seen: the headline's words are its
    runs of letters (``l’ouragan`` gives ``l`` and ``ouragan``), lower-cased.
    A word is a content word when it has at least :data:`TWIN_MIN_LETTERS`
    letters, is no stop word of the language (the Snowball list the analyzer
    uses) and is not a name: in the story's own text (``body``) it is written
    in lower case more often than capitalized, or, absent from the text, it
    is in lower case in the headline and not its first word. Each content
    word (once) is a query, and so is each pair of content words that follow
    each other in that list.
    """
    from presssearch.analyze import stop_words

    stop = stop_words(lang)
    lower: Counter[str] = Counter()
    upper: Counter[str] = Counter()
    for token in _LETTERS.findall(body):
        (lower if token.islower() else upper)[token.lower()] += 1
    content: list[str] = []
    for position, match in enumerate(_LETTERS.finditer(headline)):
        word = match.group()
        low = word.lower()
        if len(low) < TWIN_MIN_LETTERS or low in stop or low in content:
            continue
        seen = lower[low] + upper[low]
        if seen:
            if lower[low] <= upper[low]:
                continue
        elif word != low or position == 0:
            continue
        content.append(low)
    pairs = [f"{a} {b}" for a, b in itertools.pairwise(content)]
    return [*content, *pairs]


def twin_queries(ntrex: Ntrex) -> dict[str, dict[str, list[str]]]:
    """Part (``all``, ``tune``, ``heldout``) -> language -> its short queries, sorted.

    A query made from the headlines of several stories counts once; a held-out
    query is one that no tune story's headline makes.
    """
    ids = [story_id for story_id, _ in ntrex.stories]
    out: dict[str, dict[str, list[str]]] = {part: {} for part in PARTS}
    for lang in OURS:
        made: dict[str, set[str]] = {"tune": set(), "heldout": set()}
        for story_id, lines in ntrex.stories:
            headline = ntrex.lines[lang][lines.start]
            body = "\n".join(ntrex.lines[lang][i] for i in lines[1:])
            made[ntrex_story_part(story_id, ids)].update(short_queries(headline, body, lang))
        out["tune"][lang] = sorted(made["tune"])
        out["heldout"][lang] = sorted(made["heldout"] - made["tune"])
        out["all"][lang] = sorted(made["tune"] | made["heldout"])
    return out


def _export_ids(index: Index, text: str) -> list[str]:
    return [row.id for row in index.export(text)]


def run_exports(where: Path, texts: Sequence[str], jobs: int = 1) -> list[list[str]]:
    """The ids of every match of each query (``Index.export``), in order, on ``jobs`` processes."""
    return _on_index(where, texts, _export_ids, jobs)


def twin_scores(matches: Sequence[str], x: str, y: str) -> tuple[float, float] | None:
    """Twin recall and twin Jaccard of one query's matches from language ``x`` to ``y``.

    ``matches`` are document ids (``en/012.txt``). Recall: of the stories
    whose ``x`` document matches, the share whose ``y`` document matches too;
    Jaccard: the stories matched in both over those matched in either. None
    when no ``x`` document matches.
    """
    found: dict[str, set[str]] = {x: set(), y: set()}
    for doc in matches:
        lang, _, name = doc.partition("/")
        if lang in found:
            found[lang].add(name)
    if not found[x]:
        return None
    both = found[x] & found[y]
    return len(both) / len(found[x]), len(both) / len(found[x] | found[y])


def evaluate_twins(eval_dir: Path, *, jobs: int = 1, engine: str | None = None) -> SectionResult:
    """Short queries' translations on NTREX: whether a story's translations match with it.

    The index is the ``ntrex`` section's (123 stories x en/es/fr). The short
    queries (:func:`short_queries`, one or two content words of a headline)
    run through ``Index.export`` (every match, translation on). For a query in
    language X and each other language Y, :func:`twin_scores` gives its twin
    recall and Jaccard; each figure is their mean over the queries of X that
    match some X document, per pair, then over the six pairs. Queries come in
    three parts (:func:`twin_queries`): ``all`` (gated), ``tune`` (the
    stories query translation is tuned on) and ``heldout`` (the other third:
    reported, never looked at query by query; its queries' details are not
    written out).
    """
    ntrex = load_ntrex(eval_dir)
    queries = twin_queries(ntrex)
    pairs = [(x, y) for x in OURS for y in OURS if x != y]
    with tempfile.TemporaryDirectory(prefix="presssearch-twins-") as tmp:
        docs = Path(tmp, "docs")
        for lang in OURS:
            for k, (_, lines) in enumerate(ntrex.stories, start=1):
                body = [ntrex.lines[lang][i] for i in lines[1:]]
                _write(docs / lang / f"{k:03d}.txt", "\n".join(body) + "\n")
        info = _build_index(docs, Path(tmp, "index"), jobs, engine)
        asked = [(x, q) for x in OURS for q in queries["all"][x]]
        results = run_exports(Path(tmp, "index"), [q for _, q in asked], jobs)
    matched = {(x, q): ids for (x, q), ids in zip(asked, results, strict=True)}

    figures: list[Figure] = []
    detail: dict[str, Any] = {"index": info, "queries": {}}
    for part in PARTS:
        recall: dict[tuple[str, str], list[float]] = {pair: [] for pair in pairs}
        jaccard: dict[tuple[str, str], list[float]] = {pair: [] for pair in pairs}
        for x, y in pairs:
            for q in queries[part][x]:
                scores = twin_scores(matched[x, q], x, y)
                if scores is not None:
                    recall[x, y].append(scores[0])
                    jaccard[x, y].append(scores[1])
        for name, values in (("recall", recall), ("jaccard", jaccard)):
            for x, y in pairs:
                figures.append(
                    Figure(
                        _part_key(f"twins.{name}.{x}-{y}", part),
                        f"NTREX short queries, twin {name} {x}->{y} ({part})",
                        mean(values[x, y]),
                        gated=False,
                    )
                )
            target = {"recall": 0.70, "jaccard": 0.50}[name]
            figures.append(
                Figure(
                    _part_key(f"twins.{name}.mean", part),
                    f"NTREX short queries, twin {name}, mean of 6 pairs ({part})",
                    mean([mean(values[pair]) for pair in pairs]),
                    target,
                    gated=part == "all",
                )
            )
        detail["queries"][part] = {x: len(queries[part][x]) for x in OURS}
    detail["tune"] = {f"{x}:{q}": sorted(matched[x, q]) for x in OURS for q in queries["tune"][x]}
    return SectionResult("twins", figures, detail, engine=info["engine"])


# ---------------------------------------------------------------------------
# Stemming


def analyzer_stemmer(lang: str) -> Callable[[Sequence[str]], list[str]]:
    """The stemmer behind ``presssearch.analyze.analyzer_for(lang)``, run alone.

    The analyzer applies it to lowercased words before accent folding, which
    is how the reference vocabularies are written.
    """
    from presssearch.analyze import stemmer

    stem_word = stemmer(lang)

    def stem(words: Sequence[str]) -> list[str]:
        return [stem_word(word) for word in words]

    return stem


def evaluate_stemming(eval_dir: Path) -> SectionResult:
    """The share of Snowball reference words whose stem equals the reference stem."""
    figures: list[Figure] = []
    detail: dict[str, Any] = {}
    for lang, folder in SNOWBALL_DIRS.items():
        words = read_lines(eval_dir / "snowball" / folder / "voc.txt")
        expected = read_lines(eval_dir / "snowball" / folder / "output.txt")
        if len(words) != len(expected):
            raise ValueError(f"snowball/{folder}: voc.txt and output.txt differ in length")
        got = analyzer_stemmer(lang)(words)
        wrong = [(w, g, e) for w, g, e in zip(words, got, expected, strict=True) if g != e]
        share = 1 - len(wrong) / len(words)
        figures.append(
            Figure(
                f"stemming.{lang}",
                f"Snowball {folder} stems = reference ({len(words)})",
                share,
                1.0,
            )
        )
        detail[lang] = {
            "words": len(words),
            "mismatches": len(wrong),
            "examples": [{"word": w, "got": g, "expected": e} for w, g, e in wrong[:20]],
        }
    return SectionResult("stemming", figures, detail)


# ---------------------------------------------------------------------------
# Running and reporting


def run_section(
    name: str, eval_dir: Path, *, jobs: int = 1, extras: bool = True, engine: str | None = None
) -> SectionResult:
    """Run one section by name and time it.

    ``extras`` adds the report-only figures the gate does not need: lingua's
    language ID, and trafilatura and readability-lxml on the web pages. The
    sections that build an index (``ENGINE_SECTIONS``) build it on ``engine``:
    by default presssearch's default for a new index, Whoosh unless
    ``$PRESSSEARCH_ENGINE`` names another.
    """
    start = time.perf_counter()
    if name == "extraction":
        result = evaluate_extraction(eval_dir)
    elif name == "titles":
        result = evaluate_titles(eval_dir)
    elif name == "web":
        result = evaluate_web(eval_dir, jobs=jobs, compare=extras)
    elif name == "langid":
        result = evaluate_langid(eval_dir, lingua=extras, jobs=jobs)
    elif name == "throughput":
        result = evaluate_throughput(eval_dir)
    elif name == "time":
        result = evaluate_time(eval_dir, jobs=jobs, engine=engine)
    elif name == "ntrex":
        result = evaluate_ntrex(eval_dir, jobs=jobs, engine=engine)
    elif name == "twins":
        result = evaluate_twins(eval_dir, jobs=jobs, engine=engine)
    elif name == "stemming":
        result = evaluate_stemming(eval_dir)
    else:
        raise ValueError(f"unknown section {name!r}; choose from {', '.join(SECTIONS)}")
    result.seconds = time.perf_counter() - start
    return result


def _fmt(value: float, unit: str) -> str:
    return f"{value:,.0f}" if unit == "per second" else f"{value:.4f}"


def format_table(results: Sequence[SectionResult], floors: Floors) -> str:
    """The figures with their targets and gates; the engine of each index-building section's
    figures is in the first line, or after each label when there are several."""
    engines = list(dict.fromkeys(r.engine for r in results if r.engine))
    rows = [("figure", "value", "target", "gate", "")]
    for result in results:
        for fig in result.figures:
            sign = ">=" if fig.better == "higher" else "<="
            target = f"{sign} {_fmt(fig.target, fig.unit)}" if fig.target is not None else ""
            bound = floors.bound(fig.key)
            gate = f"{bound[0]} {bound[1]:.3f}" if bound else ("" if fig.gated else "(report)")
            mark = ""
            if fig.target is not None:
                met = fig.value >= fig.target if fig.better == "higher" else fig.value <= fig.target
                mark = "target met" if met else "below target"
            if floors.violations([fig]):
                mark = "FAILS GATE"
            label = (
                f"{fig.label} [{result.engine}]"
                if len(engines) > 1 and result.engine
                else fig.label
            )
            rows.append((label, _fmt(fig.value, fig.unit), target, gate, mark))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = []
    if engines:
        built = dict.fromkeys(r.name for r in results if r.engine)
        lines.append(f"engine: {', '.join(engines)} (the index of {', '.join(built)})")
    for n, row in enumerate(rows):
        lines.append(
            "  ".join(
                cell.ljust(w) if i == 0 or i == 4 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def source_state() -> dict[str, Any]:
    """The git commit of the checkout and whether presssearch's sources differ from it."""
    try:
        head = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "status", "--porcelain", "--", "src"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        return {"commit": None}
    return {"commit": head, "src_changes": [line for line in changed if line.strip()]}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Evaluate presssearch on the data in ../shared/eval (see the module docstring)."
    )
    parser.add_argument("--eval-dir", help=f"the data (default ${EVAL_DIR_ENV} or ../shared/eval)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write the JSON")
    parser.add_argument("--only", help=f"comma-separated sections: {','.join(SECTIONS)}")
    parser.add_argument(
        "--jobs",
        type=int,
        default=default_jobs(),
        help="processes for language ID accuracy and indexing",
    )
    parser.add_argument(
        "--engine",
        choices=[*ENGINES, "both"],
        help="the engine of the indexes of the time and ntrex sections; 'both' runs them on"
        " each engine, and the gate holds for each (default: presssearch's default for a new"
        " index, Whoosh unless $PRESSSEARCH_ENGINE names another; 'both' with --raise-floors)",
    )
    parser.add_argument("--floors", type=Path, default=FLOORS_PATH, help="the gate file")
    parser.add_argument("--check", action="store_true", help="exit 1 when a figure fails its gate")
    parser.add_argument(
        "--raise-floors", action="store_true", help="move the gate up to today's figures"
    )
    args = parser.parse_args(argv)

    eval_dir = resolve_eval_dir(args.eval_dir)
    if not eval_dir.is_dir():
        parser.error(f"no evaluation data in {eval_dir}")
    sections = list(SECTIONS)
    if args.only:
        sections = [s.strip() for s in args.only.split(",") if s.strip()]
        unknown = [s for s in sections if s not in SECTIONS]
        if unknown:
            parser.error(
                f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}"
            )

    if args.engine == "both" or (args.engine is None and args.raise_floors):
        engines = list(ENGINES)
    else:
        engines = [args.engine or default_engine()]
    if args.raise_floors and len(engines) < len(ENGINES):
        parser.error("--raise-floors needs --engine both: the floors hold for every engine")

    started = time.perf_counter()
    results = []
    for name in sections:
        for engine in engines if name in ENGINE_SECTIONS else [None]:
            step = f"{name} on {engine}" if engine else name
            print(f"[{step}] ...", file=sys.stderr, flush=True)
            results.append(run_section(name, eval_dir, jobs=args.jobs, engine=engine))
            print(f"[{step}] {results[-1].seconds:.1f} s", file=sys.stderr, flush=True)
    total = time.perf_counter() - started

    floors = load_floors(args.floors)
    figures = [fig for r in results for fig in r.figures]
    if args.raise_floors:
        floors = raised_floors(floors, worst_figures(figures))
        write_floors(floors, args.floors)
    problems = [
        f"{problem} [{r.engine}]" if r.engine else problem
        for r in results
        for problem in floors.violations(r.figures)
    ]

    print(format_table(results, floors))
    print()
    print(
        "sections: "
        + ", ".join(
            f"{r.name}{f' on {r.engine}' if r.engine else ''} {r.seconds:.1f} s" for r in results
        )
        + f"; total {total:.1f} s"
    )
    # "figures", "seconds" and "details" are those of the first engine (the only one
    # unless --engine both); "by_engine" has each engine's for the sections it ran.
    first = [r for r in results if r.engine in (None, engines[0])]
    output = {
        "presssearch_version": presssearch.__version__,
        "source": source_state(),
        "eval_dir": str(eval_dir),
        "sections": sections,
        "engines": engines,
        "seconds": {r.name: r.seconds for r in first} | {"total": total},
        "figures": {fig.key: fig.value for r in first for fig in r.figures},
        "targets": {
            fig.key: {"value": fig.target, "better": fig.better}
            for fig in figures
            if fig.target is not None
        },
        "gate_failures": problems,
        "details": {r.name: r.detail for r in first},
        "by_engine": {
            engine: {
                "seconds": {r.name: r.seconds for r in results if r.engine == engine},
                "figures": {
                    fig.key: fig.value for r in results if r.engine == engine for fig in r.figures
                },
                "gate_failures": [p for p in problems if p.endswith(f" [{engine}]")],
                "details": {r.name: r.detail for r in results if r.engine == engine},
            }
            for engine in engines
        },
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(output, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"JSON: {args.json}")
    for problem in problems:
        print(f"GATE: {problem}", file=sys.stderr)
    return 1 if args.check and problems else 0


if __name__ == "__main__":
    sys.exit(main())
