"""What the benchmark scripts share, in one module: no script imports another.

- the machine, the code measured (its commit) and the load average;
- the memory of a process tree, from ``/proc`` (or psutil when installed);
- the ``presssearch`` command and the engines;
- the generated news (``generate.py``, run as a command): the collection,
  its manifest, its clean text, and the seeded query mix drawn from its
  vocabulary;
- percentiles (nearest rank);
- profiles summed by package;
- the two baselines presssearch is measured against, stock Whoosh and raw
  tantivy (``stock_whoosh.py`` and ``raw_tantivy.py`` build them as commands);
- the evaluation data in ``../shared/eval`` (``evaluate.py`` defines the figures).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
import os
import platform
import pstats
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import presssearch
from presssearch import Index, SearchOptions
from presssearch.engine import engines

try:
    import psutil
except ImportError:  # optional (the "bench" extra): /proc is read instead
    psutil = None


class _Imported:
    """A module imported when first used: a script that does not use a baseline does not
    load its library (the memory of a fresh query process is measured after its imports)."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self._name), attribute)


fields = _Imported("whoosh.fields")
index = _Imported("whoosh.index")
qparser = _Imported("whoosh.qparser")
query = _Imported("whoosh.query")
scoring = _Imported("whoosh.scoring")
analysis = _Imported("whoosh.analysis")
tantivy = _Imported("tantivy")  # the "bench" extra
lxml_html = _Imported("lxml.html")

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
#: The engines, the default (the reference) first.
ENGINES = tuple(engines())
DEFAULT_ENGINE = ENGINES[0]


# ---------------------------------------------------------------------------
# The machine


def machine_info() -> dict[str, Any]:
    """CPU model, cores, memory, Python and library versions, load average."""
    info: dict[str, Any] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cores": os.cpu_count(),
        "presssearch": presssearch.__version__,
        "presssearch_path": str(Path(presssearch.__file__).parent),
        "sqlite": sqlite3.sqlite_version,
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
    except OSError:
        pass
    for dist in (
        "Whoosh-Reloaded",
        "lxml",
        "py3langid",
        "langdetect",
        "PyStemmer",
        "trafilatura",
        "readability-lxml",
    ):
        try:
            info[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            info[dist] = None
    info["psutil"] = psutil.__version__ if psutil else None
    info["git"] = git_state()
    return info


def git_state() -> dict[str, Any]:
    """The commit of the code measured, and whether src/ differs from it."""
    repo = BENCH_DIR.parent

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    diff = git("diff", "HEAD", "--", "src", "pyproject.toml")
    return {
        "commit": git("rev-parse", "HEAD"),
        "subject": git("log", "-1", "--format=%s"),
        "src_changed": bool(diff),
        "src_diff_sha1": hashlib.sha1(diff.encode()).hexdigest()[:12] if diff else None,
    }


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


# ---------------------------------------------------------------------------
# Memory of a process tree


def _proc_children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def tree_pids(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    if psutil is not None:
        try:
            proc = psutil.Process(pid)
            return [pid, *(c.pid for c in proc.children(recursive=True))]
        except psutil.Error:
            return []
    children = _proc_children()
    found, stack = [], [pid]
    while stack:
        p = stack.pop()
        found.append(p)
        stack.extend(children.get(p, ()))
    return found


def _proc_kb(pid: int, name: str, keys: Sequence[str]) -> dict[str, int]:
    """The ``keys`` of ``/proc/<pid>/<name>`` (``Key:  123 kB`` lines) in kB; {} if unreadable."""
    found: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/{name}") as f:
            for line in f:
                key = line.split(":", 1)[0]
                if key in keys:
                    found[key] = int(line.split()[1])
    except OSError:
        pass
    return found


def status_kb(pid: int, keys: Sequence[str]) -> dict[str, int]:
    """Figures of ``/proc/<pid>/status`` (``VmRSS``, ``VmHWM``...), in kB."""
    return _proc_kb(pid, "status", keys)


def rollup_kb(pid: int, keys: Sequence[str]) -> dict[str, int]:
    """Figures of ``/proc/<pid>/smaps_rollup`` (``Rss``, ``Pss``, ``Anonymous``...), in kB."""
    return _proc_kb(pid, "smaps_rollup", keys)


def pss_kb(pid: int) -> int:
    return rollup_kb(pid, ("Pss",)).get("Pss", 0)


def rss_kb(pid: int) -> int:
    if psutil is not None:
        try:
            return psutil.Process(pid).memory_info().rss // 1024
        except psutil.Error:
            return 0
    return status_kb(pid, ("VmRSS",)).get("VmRSS", 0)


# ---------------------------------------------------------------------------
# The command


def presssearch_command() -> list[str]:
    script = Path(sys.executable).with_name("presssearch")
    if script.exists():
        return [str(script)]
    found = shutil.which("presssearch")
    if found:
        return [found]
    return [sys.executable, "-c", "from presssearch.cli import main; main()"]


def engine_options(engine: str) -> list[str]:
    """``presssearch index``'s option for ``engine``, always given: ``$PRESSSEARCH_ENGINE``
    would otherwise choose the engine of a new index."""
    return ["--engine", engine]


def write_primer(folder: Path) -> Path:
    """A folder of one short text, indexed first when the product needs a non-empty index."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "primer.txt").write_text(
        "Primer\n\nThis document only makes the index non-empty before the timed run.\n",
        encoding="utf-8",
    )
    return folder


# ---------------------------------------------------------------------------
# The generated news (generate.py, run as a command)

#: The manifest ``generate.py`` writes beside the articles.
MANIFEST = "manifest.jsonl"
GENERATE = BENCH_DIR / "generate.py"


def generate_corpus(
    out: Path, count: int, *, seed: int = 1, formats: str = "html", jobs: int | None = None
) -> Path:
    """Write ``count`` generated articles under ``out`` (``html``, ``txt`` or ``both``)."""
    command = [sys.executable, str(GENERATE), "--count", str(count), "--out", str(out)]
    command += ["--format", formats, "--seed", str(seed)]
    if jobs:
        command += ["--jobs", str(jobs)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return out / MANIFEST


@cache
def vocabulary(seed: int) -> dict[str, Any]:
    """The words and phrases of each language of the generated text, and its dates."""
    done = subprocess.run(
        [sys.executable, str(GENERATE), "--vocabulary", "--seed", str(seed)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)


QUERY_SEED = 20_240
QUERY_COUNT = 300
WARMUP_QUERIES = 20


@dataclass
class BenchQuery:
    kind: str
    words: list[str]
    phrases: list[str] = field(default_factory=list)
    lang: str | None = None
    since: str | None = None
    until: str | None = None

    @property
    def text(self) -> str:
        return " ".join([*self.words, *(f'"{p}"' for p in self.phrases)])

    def match(self) -> str:
        """The FTS5 ``MATCH`` expression: every word and phrase quoted, OR-ed."""
        return " OR ".join(f'"{t}"' for t in [*self.words, *self.phrases])


QUERY_KINDS = (
    ("words", 0.35),
    ("phrase", 0.15),
    ("lang", 0.15),
    ("date", 0.15),
    ("lang+date", 0.05),
    ("cross", 0.15),
)


def make_queries(
    seed: int, count: int = QUERY_COUNT, query_seed: int = QUERY_SEED
) -> list[BenchQuery]:
    """A fixed mix of ``count`` queries from the collection's vocabulary."""
    rng = random.Random(f"queries-{query_seed}")
    generated = vocabulary(seed)
    langs = tuple(generated["languages"])
    vocab = generated["vocabulary"]
    first_day = dt.date.fromisoformat(generated["first_day"])
    kinds = [k for k, _ in QUERY_KINDS]
    weights = [w for _, w in QUERY_KINDS]
    queries = []
    for _ in range(count):
        kind = rng.choices(kinds, weights)[0]
        lang = rng.choice(langs)
        words = rng.sample(vocab[lang]["words"], rng.randint(1, 4))
        q = BenchQuery(kind, words)
        if kind == "phrase":
            q.phrases = [rng.choice(vocab[lang]["phrases"])]
            q.words = words[: rng.randint(0, 1)]
        if kind in ("lang", "lang+date"):
            q.lang = rng.choice(langs) if rng.random() < 0.2 else lang
        if kind in ("date", "lang+date"):
            start = first_day + dt.timedelta(days=rng.randrange(generated["days"] - 30))
            end = start + dt.timedelta(days=rng.randint(14, 180))
            shape = rng.random()
            q.since = start.isoformat() if shape < 0.8 else None
            q.until = end.isoformat() if shape > 0.3 else None
        if kind == "cross":
            others = [x for x in langs if x != lang]
            q.words = words[:2] + [
                rng.choice(vocab[other]["words"]) for other in rng.sample(others, rng.randint(1, 2))
            ]
        queries.append(q)
    return queries


def percentiles(values: Sequence[float]) -> dict[str, float]:
    """p50, p95, p99 (nearest rank), mean and max, in milliseconds."""
    ordered = sorted(values)
    n = len(ordered)

    def rank(p: float) -> float:
        return ordered[max(0, min(n - 1, -(-int(p * n) // 100) - 1))]

    return {
        "p50_ms": round(rank(50) * 1000, 2),
        "p95_ms": round(rank(95) * 1000, 2),
        "p99_ms": round(rank(99) * 1000, 2),
        "mean_ms": round(sum(ordered) / n * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


def query_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def search(index: Index, q: BenchQuery, *, translate: bool = True) -> list:
    return index.search(
        q.text,
        SearchOptions(
            lang=q.lang,
            since=query_date(q.since),
            until=query_date(q.until),
            limit=10,
            translate=translate,
        ),
    )


# ---------------------------------------------------------------------------
# Profiles by package


PACKAGES = (
    ("presssearch", ("/presssearch/",)),
    ("whoosh", ("/whoosh/",)),
    ("lxml", ("lxml",)),
    ("trafilatura+readability", ("trafilatura", "readability", "justext", "htmldate", "courlan")),
    ("py3langid", ("py3langid",)),
    ("langdetect", ("langdetect",)),
    ("numpy", ("numpy",)),
    ("PyStemmer", ("Stemmer",)),
    ("bs4", ("/bs4/",)),
    ("charset_normalizer", ("charset_normalizer",)),
    ("click", ("/click/",)),
)


def package_of(filename: str, function: str) -> str | None:
    """The package a profiled function belongs to; None for C builtins and the stdlib."""
    text = f"{filename} {function}"
    for name, marks in PACKAGES:
        if any(mark in text for mark in marks):
            return name
    return None


def by_package(stats: pstats.Stats) -> dict[str, float]:
    """Self time summed per package.

    The self time of C builtins and standard-library functions is charged to
    the packages of their callers (up the call graph, in proportion to the
    time each caller spent in them), so ``re.sub`` called by the extractor
    counts as presssearch and ``zlib`` called by Whoosh as Whoosh.
    """
    raw: dict = stats.stats  # type: ignore[attr-defined]
    memo: dict[tuple, dict[str, float]] = {}

    def owners(key: tuple, depth: int = 0) -> dict[str, float]:
        if key in memo:
            return memo[key]
        filename, _line, function = key
        package = package_of(filename, function)
        if package is not None:
            return {package: 1.0}
        callers = raw.get(key, (0, 0, 0.0, 0.0, {}))[4]
        edges = {c: v[2] for c, v in callers.items() if isinstance(v, tuple) and v[2] > 0}
        total = sum(edges.values())
        if depth > 30 or total <= 0:
            return {"stdlib/builtins": 1.0}
        memo[key] = {"stdlib/builtins": 1.0}  # breaks cycles
        shares: dict[str, float] = {}
        for caller, part in edges.items():
            for name, fraction in owners(caller, depth + 1).items():
                shares[name] = shares.get(name, 0.0) + fraction * part / total
        memo[key] = shares
        return shares

    totals: dict[str, float] = {}
    for key, (_cc, _nc, tottime, _ct, _callers) in raw.items():
        for name, fraction in owners(key).items():
            totals[name] = totals.get(name, 0.0) + tottime * fraction
    return dict(sorted(totals.items(), key=lambda kv: -kv[1]))


# ---------------------------------------------------------------------------
# The stock-Whoosh baseline (stock_whoosh.py builds it)


LANGS = ("en", "es", "fr")


CODES = (*LANGS, "xx")


TEXT_FIELDS = tuple(f"{kind}_{code}" for code in CODES for kind in ("title", "body"))


#: The writer's memory per process, Whoosh's default.
STOCK_LIMIT_MB = 128


def stock_schema() -> fields.Schema:
    """Eight analyzed fields, stock analyzers; id, language and date for filters."""
    analyzers = {code: analysis.LanguageAnalyzer(code) for code in LANGS}
    analyzers["xx"] = analysis.StandardAnalyzer()
    text = {
        name: fields.TEXT(analyzer=analyzers[name.rsplit("_", 1)[1]], phrase=True)
        for name in TEXT_FIELDS
    }
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        lang=fields.ID(stored=True),
        published=fields.DATETIME(stored=True),
        title=fields.STORED(),
        **text,
    )


def read_manifest(corpus: Path) -> list[dict[str, Any]]:
    lines = (corpus / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def article(corpus: Path, entry: dict[str, Any]) -> tuple[str, str, str]:
    """The title and body of one manifest entry's ``.txt`` file, and its fields' code."""
    text = (corpus / "txt" / f"{entry['id']}.txt").read_text(encoding="utf-8")
    title, _, body = text.partition("\n\n")
    return title.strip(), body, entry["lang"] if entry["lang"] in LANGS else "xx"


def stock_document(corpus: Path, entry: dict[str, Any]) -> dict[str, Any]:
    """The Whoosh document of one manifest entry, from its ``.txt`` file."""
    title, body, code = article(corpus, entry)
    return {
        "id": entry["id"],
        "lang": entry["lang"],
        "published": dt.datetime.fromisoformat(entry["date"]),
        "title": title,
        f"title_{code}": title,
        f"body_{code}": f"{title}\n\n{body}",
    }


def build_stock(
    corpus: Path, index_dir: Path, *, procs: int = 2, limit: int | None = None
) -> dict[str, Any]:
    """Index the first ``limit`` articles of ``corpus`` (all by default) into ``index_dir``."""
    entries = read_manifest(corpus)[:limit]
    shutil.rmtree(index_dir, ignore_errors=True)
    index_dir.mkdir(parents=True)
    started = time.perf_counter()
    ix = index.create_in(str(index_dir), stock_schema())
    writer = (
        ix.writer(procs=procs, multisegment=True, limitmb=STOCK_LIMIT_MB)
        if procs > 1
        else ix.writer(limitmb=STOCK_LIMIT_MB)
    )
    for entry in entries:
        writer.add_document(**stock_document(corpus, entry))
    writer.commit()
    seconds = time.perf_counter() - started
    count = ix.doc_count()
    ix.close()
    return {"docs": count, "seconds": round(seconds, 2), "procs": procs}


class StockSearcher:
    """One open searcher; :meth:`search` runs a query as the baseline does."""

    def __init__(self, index_dir: Path) -> None:
        self.ix = index.open_dir(str(index_dir))
        self.searcher = self.ix.searcher(weighting=scoring.BM25F())
        self.parser = qparser.MultifieldParser(
            list(TEXT_FIELDS), self.ix.schema, group=qparser.OrGroup
        )
        self.parser.remove_plugin_class(qparser.FieldsPlugin)  # words only, no field:value

    def search(
        self,
        text: str,
        *,
        lang: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int = 10,
    ) -> list[dict[str, Any]]:
        q = self.parser.parse(text)
        parts: list[query.Query] = []
        if lang:
            parts.append(query.Term("lang", lang))
        if since or until:
            start = dt.datetime.combine(since, dt.time()) if since else None
            end = dt.datetime.combine(until, dt.time.max) if until else None
            parts.append(query.DateRange("published", start, end))
        filt = None if not parts else parts[0] if len(parts) == 1 else query.And(parts)
        results = self.searcher.search(q, filter=filt, limit=limit)
        return [dict(hit.fields(), score=hit.score) for hit in results]

    def close(self) -> None:
        self.searcher.close()
        self.ix.close()


# ---------------------------------------------------------------------------
# The raw-tantivy baseline (raw_tantivy.py builds it)


#: Tantivy's default writer budget (shared by the indexing threads).
RAW_HEAP_BYTES = 128_000_000


#: Tokens longer than this are dropped, as by tantivy's built-in ``en_stem``.
LONG_TOKEN = 40


#: The tokenizer of each language's fields: tantivy's own for en and xx, ours for es/fr.
TOKENIZERS = {"en": "en_stem", "es": "es_stem", "fr": "fr_stem", "xx": "default"}


STEMMED = {"es_stem": "spanish", "fr_stem": "french"}


def raw_schema() -> tantivy.Schema:
    """Eight analyzed fields; id, language and date for filters; the title stored."""
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("lang", stored=True, tokenizer_name="raw")
    builder.add_date_field("published", stored=True, indexed=True, fast=True)
    builder.add_text_field("title", stored=True, tokenizer_name="raw", index_option="basic")
    for name in TEXT_FIELDS:
        builder.add_text_field(name, tokenizer_name=TOKENIZERS[name.rsplit("_", 1)[1]])
    return builder.build()


def register_tokenizers(ix: tantivy.Index) -> None:
    """The Spanish and French analyzers: tantivy keeps them in memory, not in the index."""
    for name, language in STEMMED.items():
        analyzer = (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(LONG_TOKEN))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.stemmer(language))
            .filter(tantivy.Filter.ascii_fold())
            .build()
        )
        ix.register_tokenizer(name, analyzer)


def raw_document(corpus: Path, entry: dict[str, Any]) -> tantivy.Document:
    """The tantivy document of one manifest entry, from its ``.txt`` file."""
    title, body, code = article(corpus, entry)
    doc = tantivy.Document()
    doc.add_text("id", entry["id"])
    doc.add_text("lang", entry["lang"])
    doc.add_date("published", _midnight(dt.date.fromisoformat(entry["date"])))
    doc.add_text("title", title)
    doc.add_text(f"title_{code}", title)
    doc.add_text(f"body_{code}", f"{title}\n\n{body}")
    return doc


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def build_raw(
    corpus: Path, index_dir: Path, *, threads: int = 2, limit: int | None = None
) -> dict[str, Any]:
    """Index the first ``limit`` articles of ``corpus`` (all by default) into ``index_dir``."""
    entries = read_manifest(corpus)[:limit]
    shutil.rmtree(index_dir, ignore_errors=True)
    index_dir.mkdir(parents=True)
    started = time.perf_counter()
    ix = tantivy.Index(raw_schema(), path=str(index_dir))
    register_tokenizers(ix)
    writer = ix.writer(heap_size=RAW_HEAP_BYTES, num_threads=threads)
    for entry in entries:
        writer.add_document(raw_document(corpus, entry))
    writer.commit()
    writer.wait_merging_threads()
    seconds = time.perf_counter() - started
    ix.reload()
    count = ix.searcher().num_docs
    return {"docs": count, "seconds": round(seconds, 2), "threads": threads}


class RawSearcher:
    """One open searcher; :meth:`search` runs a query as the baseline does."""

    def __init__(self, index_dir: Path) -> None:
        self.ix = tantivy.Index.open(str(index_dir))
        register_tokenizers(self.ix)
        self.schema = self.ix.schema
        self.searcher = self.ix.searcher()

    def search(
        self,
        text: str,
        *,
        lang: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int = 10,
    ) -> list[dict[str, Any]]:
        q = self.ix.parse_query(text, list(TEXT_FIELDS))
        filters: list[tantivy.Query] = []
        if lang:
            filters.append(tantivy.Query.term_query(self.schema, "lang", lang))
        if since or until:
            filters.append(
                tantivy.Query.range_query(
                    self.schema,
                    "published",
                    tantivy.FieldType.Date,
                    _midnight(since) if since else tantivy.MIN_DATETIME,
                    _midnight(until + dt.timedelta(days=1)) if until else tantivy.MAX_DATETIME,
                    include_upper=False,
                )
            )
        if filters:
            q = tantivy.Query.boolean_query(
                [
                    (tantivy.Occur.Must, q),
                    *(
                        (tantivy.Occur.Must, tantivy.Query.const_score_query(f, 0.0))
                        for f in filters
                    ),
                ]
            )
        hits = self.searcher.search(q, limit, count=False).hits
        found = []
        for score, address in hits:
            stored = self.searcher.doc(address)
            found.append(
                {name: stored.get_first(name) for name in ("id", "lang", "title")}
                | {
                    "published": stored.get_first("published"),
                    "score": score,
                }
            )
        return found

    def close(self) -> None:
        """Nothing to release: tantivy frees the searcher with the object."""


# ---------------------------------------------------------------------------
# The evaluation data (evaluate.py)

DEFAULT_EVAL_DIR = REPO_ROOT.parent / "shared" / "eval"


EVAL_DIR_ENV = "PRESSSEARCH_EVAL_DIR"


NTREX_FILES = {
    "en": "newstest2019-src.eng.txt",
    "es": "newstest2019-ref.spa.txt",
    "fr": "newstest2019-ref.fra.txt",
    "pt": "newstest2019-ref.por.txt",
    "it": "newstest2019-ref.ita.txt",
    "ca": "newstest2019-ref.cat.txt",
    "de": "newstest2019-ref.deu.txt",
}


LINGUA_KINDS = ("sentences", "word-pairs", "single-words")


def resolve_eval_dir(option: str | os.PathLike[str] | None = None) -> Path:
    """``option``, else ``$PRESSSEARCH_EVAL_DIR``, else ``../shared/eval``."""
    if option:
        return Path(option)
    env = os.environ.get(EVAL_DIR_ENV)
    return Path(env) if env else DEFAULT_EVAL_DIR


def read_lines(path: Path) -> list[str]:
    """The lines of a UTF-8 text file, without line ends.

    Split on ``\\n`` only: some lines hold U+2028 or U+0085, which
    ``str.splitlines`` would treat as line ends.
    """
    text = path.read_text(encoding="utf-8-sig")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


@dataclass(frozen=True)
class Page:
    id: str
    source_set: str
    lang: str
    expected_title: str | None
    file: Path
    name: str  # the file name extract_article sees (decides HTML by its suffix)
    expected_text: str | None = None
    with_snippets: tuple[str, ...] = ()
    without_snippets: tuple[str, ...] = ()


def _strip_tags(html_text: str) -> str:
    return lxml_html.fromstring(html_text).text_content()


def load_pages(eval_dir: Path) -> list[Page]:
    """Every page of ``pages/manifest.jsonl`` with its ground truth."""
    root = eval_dir / "pages"
    scrapinghub = json.loads(
        (root / "scrapinghub" / "ground-truth.subset.json").read_text(encoding="utf-8")
    )
    trafilatura = {
        entry["file"]: entry
        for entry in json.loads(
            (root / "trafilatura" / "evaldata.subset.json").read_text(encoding="utf-8")
        ).values()
    }
    pages = []
    for line in read_lines(root / "manifest.jsonl"):
        if not line.strip():
            continue
        row = json.loads(line)
        source_set, name = row["id"].split("/", 1)
        common = {
            "id": row["id"],
            "source_set": source_set,
            "lang": row["lang"],
            "expected_title": row.get("expected_title") or None,
        }
        if source_set == "readability":
            folder = root / "readability" / name
            expected = _strip_tags((folder / "expected.html").read_text(encoding="utf-8"))
            page = Page(
                **common, file=folder / "source.html", name="source.html", expected_text=expected
            )
        elif source_set == "scrapinghub":
            page = Page(
                **common,
                file=root / "scrapinghub" / "html" / f"{name}.html.gz",
                name=f"{name}.html",
                expected_text=scrapinghub[name]["articleBody"],
            )
        elif source_set == "trafilatura":
            truth = trafilatura[name]
            page = Page(
                **common,
                file=root / "trafilatura" / "eval" / name,
                name=name,
                with_snippets=tuple(truth.get("with", ())),
                without_snippets=tuple(truth.get("without", ())),
            )
        else:
            raise ValueError(f"unknown page set in manifest: {row['id']}")
        pages.append(page)
    return pages
