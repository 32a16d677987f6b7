"""presssearch's speed and memory benchmark, on generated news (``generate.py``).

One run, on the same documents throughout:

1. **Indexing against stock Whoosh**, on the first ``--index-docs`` articles
   (10,000 by default), one run after the other: ``presssearch index PAGES
   --jobs 2`` as a subprocess on the HTML pages, then stock Whoosh
   (``stock_whoosh.py``: Whoosh's own analyzers and its ``procs=2,
   multisegment=True`` writer) on the same articles' clean text; wall time,
   rate, and the peak memory of each process tree, sampled every 0.2 s: the
   sum of the processes' RSS (which counts pages shared after ``fork`` once
   per process) and the sum of their PSS (which shares them out).
2. **The query indexes** of all ``--docs`` articles, the same two ways
   (timed too), when ``--docs`` is larger.
3. **Clean text**: presssearch on the ``.txt`` files.
4. **Stages**: a single-process pass over a sample of the pages with the
   library's own functions timed: ``extract_article`` minus
   ``detect_language`` (decode and extract), ``detect_language``, the
   near-duplicate fingerprint and grouping, the analysis of the text fields,
   the engine's document writing and its commits; and the pages on which
   extraction ran both trafilatura and readability.
5. **Queries**: a fixed, seeded mix of 300 queries (one to four words from
   the generated vocabulary, quoted phrases, ``lang=`` and
   ``since=``/``until=`` filters, words of several languages), interleaved
   over four variants open in this process (each query on every variant
   before the next query): ``Index.search`` with the defaults, with
   ``translate=False``, the stock-Whoosh baseline (the query's words OR-ed
   over its eight fields, BM25F) and SQLite FTS5 (the clean text in an FTS5
   table, ``tokenize='unicode61 remove_diacritics 2'``, no stemming; words
   OR-ed, phrases quoted, filters in ``WHERE``, ``ORDER BY bm25 LIMIT 10``,
   with a snippet).

``--engine tantivy`` makes presssearch's indexes on its tantivy engine
(``presssearch index --engine tantivy``) and adds two variants to sections 1,
2 and 5: **raw tantivy** (``raw_tantivy.py``: plain tantivy with its own
analyzers, the same eight fields, query parser and ``Must`` filters), the
baseline that engine is measured against beside stock Whoosh, and
presssearch on the **Whoosh** engine (its index of the same pages in
``--work`` is reused, or built). Query latencies are then given against both
baselines.

Prints a table and writes JSON (default ``bench/out/benchmark-<docs>.json``,
``benchmark-<docs>-tantivy.json`` with ``--engine tantivy``).
The machine is shared: the load average before and after is recorded, and
figures from a loaded machine are lower than they would be on an idle one;
the ratios between variants measured side by side are the steadier figures.

    python bench/benchmark.py --docs 20000 --work bench/out/work-20k --skip clean
    python bench/benchmark.py --docs 10000
    python bench/benchmark.py --docs 2000 --index-docs 1000 --engine tantivy --work DIR
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from common import (
    MANIFEST,
    BenchQuery,
    RawSearcher,
    StockSearcher,
    engine_options,
    generate_corpus,
    git_state,
    load_average,
    machine_info,
    make_queries,
    percentiles,
    presssearch_command,
    pss_kb,
    query_date,
    rss_kb,
    search,
    status_kb,
    tree_pids,
    write_primer,
)
from presssearch import Index, QueryError
from presssearch.engine import engines

#: The engines, the default (the reference) first.
ENGINES = tuple(engines())
DEFAULT_ENGINE = ENGINES[0]

try:
    import psutil
except ImportError:  # optional (the "bench" extra): /proc is read instead
    psutil = None

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
QUERY_SEED = 20_240
QUERY_COUNT = 300
WARMUP_QUERIES = 20
SAMPLE_INTERVAL = 0.2
CORPUS_STAMP = "stamp.json"

#: What the product aims for (the task's targets), for the table.
TARGETS = {
    "e2e_pages_per_s": 300.0,
    "clean_docs_per_s": 600.0,
    "p50_ms": 10.0,
    "p95_ms": 25.0,
    "peak_rss_mb": 500.0,
}


# ---------------------------------------------------------------------------
# Machine


# ---------------------------------------------------------------------------
# Memory of a process tree


@dataclass
class MemoryPeak:
    """The peaks of one process tree's memory, sampled while it runs."""

    tree_rss_mb: float = 0.0
    tree_pss_mb: float = 0.0
    parent_hwm_mb: float = 0.0
    max_processes: int = 0
    samples: int = 0


class TreeSampler(threading.Thread):
    """Samples the RSS and PSS of a process tree every ``interval`` seconds."""

    def __init__(self, pid: int, interval: float = SAMPLE_INTERVAL) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak = MemoryPeak()
        self._stop_event = threading.Event()

    def sample(self) -> None:
        pids = tree_pids(self.pid)
        if not pids:
            return
        rss = sum(rss_kb(p) for p in pids) / 1024
        pss = sum(pss_kb(p) for p in pids) / 1024
        hwm = status_kb(self.pid, ("VmHWM",)).get("VmHWM", 0) / 1024
        peak = self.peak
        peak.tree_rss_mb = max(peak.tree_rss_mb, rss)
        peak.tree_pss_mb = max(peak.tree_pss_mb, pss)
        peak.parent_hwm_mb = max(peak.parent_hwm_mb, hwm)
        peak.max_processes = max(peak.max_processes, len(pids))
        peak.samples += 1

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.sample()
            self._stop_event.wait(self.interval)

    def stop(self) -> MemoryPeak:
        self._stop_event.set()
        self.join()
        return self.peak


# ---------------------------------------------------------------------------
# End to end: the real command


def run_index_cli(
    corpus: Path,
    index_dir: Path,
    docs: int,
    jobs: int,
    work: Path,
    *,
    fresh: bool = True,
    engine: str = DEFAULT_ENGINE,
) -> dict[str, Any]:
    """``presssearch index`` as a subprocess: wall time, rate, memory of its tree.

    A new index is made with ``engine``; an existing one keeps its own. If the
    run fails on a new index, it is run again on an index that already holds
    one document (a workaround for a product bug, recorded in the result).
    """
    try:
        return _run_index_cli(corpus, index_dir, docs, jobs, fresh=fresh, engine=engine)
    except RuntimeError as exc:
        if not fresh:
            raise
        shutil.rmtree(index_dir, ignore_errors=True)
        primer = [*presssearch_command(), "index", str(write_primer(work / "primer"))]
        subprocess.run(
            [*primer, "--index-dir", str(index_dir), "--jobs", "1", *engine_options(engine)],
            check=True,
            capture_output=True,
        )
        result = _run_index_cli(corpus, index_dir, docs, jobs, fresh=False, engine=engine)
        result["workaround"] = f"index primed with one document; the first run failed: {exc}"
        return result


def _run_index_cli(
    corpus: Path,
    index_dir: Path,
    docs: int,
    jobs: int,
    *,
    fresh: bool = True,
    engine: str = DEFAULT_ENGINE,
) -> dict[str, Any]:
    if fresh:
        shutil.rmtree(index_dir, ignore_errors=True)
    command = [
        *presssearch_command(),
        "index",
        str(corpus),
        "--index-dir",
        str(index_dir),
        "--jobs",
        str(jobs),
        *(engine_options(engine) if fresh else []),
    ]
    return measure_indexing(command, index_dir, docs)


#: The baselines: their script, the option that sets its processes or threads, and the
#: start of their index folders' names in ``--work``.
BASELINES = {
    "stock_whoosh": ("stock_whoosh.py", "--procs", "ix-stock"),
    "raw_tantivy": ("raw_tantivy.py", "--threads", "ix-raw-tantivy"),
}


def run_baseline_index(
    name: str, corpus: Path, index_dir: Path, docs: int, jobs: int
) -> dict[str, Any]:
    """A baseline's ``index`` command (``BASELINES``) as a subprocess: the clean text of the
    first ``docs`` articles."""
    script, option, _ = BASELINES[name]
    command = [
        sys.executable,
        str(BENCH_DIR / script),
        "index",
        str(corpus),
        str(index_dir),
        option,
        str(jobs),
        "--limit",
        str(docs),
    ]
    result = measure_indexing(command, index_dir, docs)
    result["inside"] = json.loads(result.pop("summary"))
    return result


def measure_indexing(command: list[str], index_dir: Path, docs: int) -> dict[str, Any]:
    """Run ``command``, which indexes ``docs`` documents into ``index_dir``; time and memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_before = load_average()
    started = time.perf_counter()
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy()
    )
    sampler = TreeSampler(proc.pid)
    sampler.start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - started
    peak = sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        last = stderr.strip().splitlines()[-1] if stderr.strip() else ""
        raise RuntimeError(f"exit status {proc.returncode}: {last}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "command": " ".join(command),
        "docs": docs,
        "seconds": round(seconds, 2),
        "docs_per_s": round(docs / seconds, 1),
        "cpu_seconds": round(cpu, 1),
        "cpu_utilisation": round(cpu / seconds, 2),
        "peak_tree_rss_mb": round(peak.tree_rss_mb, 1),
        "peak_tree_pss_mb": round(peak.tree_pss_mb, 1),
        "parent_vmhwm_mb": round(peak.parent_hwm_mb, 1),
        "largest_process_maxrss_mb": round(after.ru_maxrss / 1024, 1),
        "max_processes": peak.max_processes,
        "memory_samples": peak.samples,
        "index_mb": round(folder_mb(index_dir), 1),
        "summary": stdout.strip().splitlines()[-1] if stdout.strip() else "",
        "warnings": len([line for line in stderr.splitlines() if line.startswith("warning")]),
        "load_before": load_before,
        "load_after": load_average(),
        "workaround": None,
    }


def folder_mb(path: Path) -> float:
    total = 0
    for dirpath, _, filenames in os.walk(path):
        for name in filenames:
            with contextlib.suppress(OSError):
                total += os.stat(os.path.join(dirpath, name)).st_size
    return total / 1024 / 1024


# ---------------------------------------------------------------------------
# Stages, in one process


class _StageClock:
    """Wraps library functions with timers while the product indexes in one process."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._restore: list[tuple[object, str, object]] = []

    def wrap(self, owner: object, name: str, key: str, *, materialize: bool = False) -> bool:
        """Time calls of ``owner.name`` under ``key``; ``materialize`` a returned iterator.

        Whoosh's ``FieldType.index`` returns a generator that analyzes as it is
        consumed: materialized here, its time is the analysis's.
        """
        original = getattr(owner, name, None)
        if original is None:
            return False
        seconds, calls, clock = self.seconds, self.calls, time.perf_counter
        seconds.setdefault(key, 0.0)
        calls.setdefault(key, 0)

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = clock()
            try:
                value = original(*args, **kwargs)
                return list(value) if materialize else value
            finally:
                seconds[key] += clock() - started
                calls[key] += 1

        setattr(owner, name, timed)
        self._restore.append((owner, name, original))
        return True

    def reset(self) -> None:
        for key in self.seconds:
            self.seconds[key] = 0.0
            self.calls[key] = 0

    def restore(self) -> None:
        for owner, name, original in reversed(self._restore):
            setattr(owner, name, original)
        self._restore.clear()


def has_index(path: Path, engine: str) -> bool:
    """Whether ``path`` holds a presssearch index on ``engine``."""
    if not Index.exists(path):
        return False
    with Index.open(path) as index:
        return index.engine == engine


def engine_writer_class(engine: str) -> type:
    """The class of ``engine``'s writer, the one class in ``presssearch.engine.<engine>``
    with the writer's methods."""
    module = importlib.import_module(f"presssearch.engine.{engine}")
    found = [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and value.__module__ == module.__name__
        and all(callable(getattr(value, m, None)) for m in ("add", "replace", "commit", "cancel"))
    ]
    if len(found) != 1:
        raise RuntimeError(f"no single writer class in {module.__name__}: {found}")
    return found[0]


def stage_profile(
    files: Sequence[Path], work: Path, *, engine: str = DEFAULT_ENGINE
) -> dict[str, Any]:
    """Per-stage time of ``Index.add_path(jobs=1)`` over ``files``, in this process.

    The product's own pipeline runs, into a new index on ``engine``; the
    library functions it calls are wrapped with timers: ``extract_article``
    (decode, parse, extract, and the ``detect_language`` inside it, timed
    apart), the near-duplicate ``fingerprint`` and group assignment,
    ``ingest.article_fields`` (the analysis of the text fields into index terms), the
    engine writer's ``add`` and ``replace`` (the engine's document writing;
    on Whoosh, its ``FieldType.index`` is timed inside it) and ``commit``. The
    rest (listing, reading, hashing, bookkeeping) is "other".
    ``extract.body._extractors`` (trafilatura and readability, both run on a page
    without a clear article container) is counted and timed, inside
    decode+extract.
    """
    import whoosh.fields

    import presssearch.dedup as dedup_module
    import presssearch.extract as extract_module
    import presssearch.extract.body as body_module
    import presssearch.ingest as ingest_module

    writer_class = engine_writer_class(engine)

    sample = work / "stage-sample"
    shutil.rmtree(sample, ignore_errors=True)
    for path in files:  # the sample, as hard links, in a folder of its own
        target = sample / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except OSError:
            shutil.copyfile(path, target)
    clock = _StageClock()
    wrapped = [
        clock.wrap(extract_module, "extract_article", "extract_total"),
        clock.wrap(extract_module, "detect_language", "detect"),
        clock.wrap(body_module, "_extractors", "trafilatura+readability"),
        clock.wrap(dedup_module, "fingerprint", "fingerprint"),
        clock.wrap(ingest_module.Groups, "assign", "dedup_groups"),
        clock.wrap(ingest_module, "article_fields", "analyze"),
        clock.wrap(writer_class, "add", "write"),
        clock.wrap(writer_class, "replace", "write"),
        clock.wrap(writer_class, "commit", "commit"),
    ]
    if engine == "whoosh":
        wrapped.append(
            clock.wrap(whoosh.fields.FieldType, "index", "field_indexing", materialize=True)
        )
    if not all(wrapped):
        clock.restore()
        raise RuntimeError("a function the stage pass times is gone from presssearch")
    index_dir = work / "ix-stages"
    try:
        shutil.rmtree(index_dir, ignore_errors=True)
        with Index.create(index_dir, engine=engine) as index:
            clock.reset()
            started = time.perf_counter()
            report = index.add_path(sample, jobs=1)
            wall = time.perf_counter() - started
    finally:
        clock.restore()
        shutil.rmtree(index_dir, ignore_errors=True)
        shutil.rmtree(sample, ignore_errors=True)
    t = clock.seconds
    n = len(files)
    if report.added + report.updated != n:
        raise RuntimeError(f"the stage pass indexed {report.added + report.updated} of {n} pages")
    stages = {
        "decode+extract": t["extract_total"] - t["detect"],
        "detect": t["detect"],
        "fingerprint": t["fingerprint"],
        "dedup groups": t["dedup_groups"],
        "analyze": t["analyze"],
        "engine write": t["write"],
        "commit/merge": t["commit"],
    }
    stages["other"] = max(0.0, wall - sum(stages.values()))
    per_doc = {k: round(v / n * 1000, 3) for k, v in stages.items()}
    worker_ms = per_doc["decode+extract"] + per_doc["detect"] + per_doc["fingerprint"]
    parent_ms = (
        per_doc["dedup groups"]
        + per_doc["analyze"]
        + per_doc["engine write"]
        + per_doc["commit/merge"]
    )
    both = clock.calls["trafilatura+readability"]
    return {
        "docs": n,
        "indexed": report.added + report.updated,
        "seconds": round(wall, 2),
        "docs_per_s_single_process": round(n / wall, 1),
        "ms_per_doc": per_doc,
        "share": {k: round(v / wall, 3) for k, v in stages.items()},
        "engine": engine,
        "field_indexing_ms_per_doc": round(t["field_indexing"] / n * 1000, 3)
        if "field_indexing" in t
        else None,
        # Pages on which extraction ran both trafilatura and readability.
        "both_extractors_pages": both,
        "both_extractors_share": round(both / n, 3),
        "both_extractors_ms_per_page": round(t["trafilatura+readability"] / both * 1000, 3)
        if both
        else 0.0,
        "both_extractors_share_of_extract": round(
            t["trafilatura+readability"] / stages["decode+extract"], 3
        ),
        "calls": dict(clock.calls),
        "worker_side_ms_per_doc": round(worker_ms, 3),
        "parent_side_ms_per_doc": round(parent_ms, 3),
        # Extraction runs in the workers, analysis and writing in the parent: the
        # slower side bounds the rate of a 2-job run (ignoring "other" and the IPC).
        "pipeline_bound_docs_per_s_2_jobs": round(1000 / max(parent_ms, worker_ms / 2), 1),
    }


# ---------------------------------------------------------------------------
# Queries


#: The query variants, in the order of the first query; each next query starts one further on.
VARIANTS = (
    "presssearch",
    "presssearch_no_translate",
    "presssearch_whoosh",
    "presssearch_whoosh_no_translate",
    "raw_tantivy",
    "stock_whoosh",
    "fts5",
)
VARIANT_LABELS = {
    "presssearch": "presssearch, defaults",
    "presssearch_no_translate": "presssearch, translate=False",
    "presssearch_whoosh": "presssearch (Whoosh), defaults",
    "presssearch_whoosh_no_translate": "presssearch (Whoosh), translate=False",
    "raw_tantivy": "raw tantivy",
    "stock_whoosh": "stock Whoosh",
    "fts5": "SQLite FTS5",
}


def variant_label(name: str, engine: str) -> str:
    """The table's name of a variant; presssearch's say their engine when it is not Whoosh."""
    if engine != DEFAULT_ENGINE and name in ("presssearch", "presssearch_no_translate"):
        return VARIANT_LABELS[name].replace("presssearch", f"presssearch ({engine})", 1)
    return VARIANT_LABELS[name]


#: What the query variants run on, by the name of the first variant on each.
SOURCES = ("presssearch", "presssearch_whoosh", "raw_tantivy", "stock_whoosh", "fts5")


def open_variants(
    sources: dict[str, Path | None],
) -> tuple[dict[str, Callable[[BenchQuery], list]], list[Callable[[], None]]]:
    """The query variants over ``sources`` (``SOURCES`` names to their index or database,
    or None) and the functions that close what they opened.

    On presssearch's indexes, ``Index.search`` with the default options and
    with ``translate=False`` (one open :class:`Index`, its searcher reused);
    the raw tantivy baseline (``common.RawSearcher``), the stock-Whoosh
    one (``common.StockSearcher``) and SQLite FTS5.
    """
    runners: dict[str, Callable[[BenchQuery], list]] = {}
    closers: list[Callable[[], None]] = []
    for prefix in ("presssearch", "presssearch_whoosh"):
        folder = sources.get(prefix)
        if folder is None:
            continue
        index = Index.open(folder)
        closers.append(index.close)
        runners[prefix] = lambda q, index=index: search(index, q)
        runners[f"{prefix}_no_translate"] = lambda q, index=index: search(index, q, translate=False)
    for name in ("raw_tantivy", "stock_whoosh"):
        folder = sources.get(name)
        if folder is None:
            continue
        searcher = RawSearcher(folder) if name == "raw_tantivy" else StockSearcher(folder)
        closers.append(searcher.close)
        runners[name] = lambda q, searcher=searcher: searcher.search(
            q.text, lang=q.lang, since=query_date(q.since), until=query_date(q.until), limit=10
        )
    if sources.get("fts5") is not None:
        con = sqlite3.connect(sources["fts5"])
        closers.append(con.close)
        runners["fts5"] = lambda q: con.execute(*fts5_sql(q)).fetchall()
    return runners, closers


def run_interleaved_queries(
    sources: dict[str, Path | None],
    queries: Sequence[BenchQuery],
    warmup: Sequence[BenchQuery],
    *,
    log: Callable[[str], None] | None = None,
) -> dict[str, dict[str, Any]]:
    """Every query on every variant (``open_variants``) before the next query, all open in
    this process.

    The order of the variants rotates from one query to the next, so none
    always runs first (on cold caches) or last.
    """
    runners, closers = open_variants(sources)
    names = [v for v in VARIANTS if v in runners]
    if log is not None:
        log(f"queries: {len(queries)}, interleaved over {', '.join(names)}")
    latencies: dict[str, list[float]] = {v: [] for v in names}
    hits: dict[str, list[int]] = {v: [] for v in names}
    errors: dict[str, list[str]] = {v: [] for v in names}
    clock = time.perf_counter
    try:
        for q in warmup:
            for name in names:
                with contextlib.suppress(QueryError):
                    runners[name](q)
        for i, q in enumerate(queries):
            for k in range(len(names)):
                name = names[(i + k) % len(names)]
                started = clock()
                try:
                    found = runners[name](q)
                except QueryError as exc:
                    errors[name].append(f"{q.text}: {exc}")
                    found = []
                latencies[name].append(clock() - started)
                hits[name].append(len(found))
    finally:
        for close in reversed(closers):
            close()
    out = {}
    for name in names:
        by_kind: dict[str, list[float]] = {}
        for q, elapsed in zip(queries, latencies[name], strict=True):
            by_kind.setdefault(q.kind, []).append(elapsed)
        out[name] = {
            **percentiles(latencies[name]),
            "queries": len(queries),
            "with_hits": sum(1 for h in hits[name] if h),
            "errors": errors[name],
            "by_kind": {k: percentiles(v) | {"n": len(v)} for k, v in sorted(by_kind.items())},
            "latencies_ms": [round(x * 1000, 3) for x in latencies[name]],
            "hits": hits[name],
        }
    return out


def query_process_memory(name: str, path: Path, seed: int) -> dict[str, Any]:
    """The peak memory of a fresh process that runs the query mix on one source
    (``SOURCES``): this script with ``--query-memory``, on the source's first variant."""
    command = [sys.executable, str(Path(__file__).resolve()), "--query-memory", name, str(path)]
    done = subprocess.run(
        [*command, "--seed", str(seed)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        return {"error": lines[-1] if lines else f"exit status {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _query_memory_child(name: str, path: Path, seed: int) -> dict[str, Any]:
    """In a fresh process: open ``name``'s source, run the warm-up and the query mix on its
    first variant; this process's memory after its imports, at its peak and at the end.

    A new program's peak (``VmHWM``) starts from nothing at ``exec``: it is
    this process's own, not its parent's.
    """
    imported = status_kb(os.getpid(), ("VmRSS",)).get("VmRSS", 0)
    started = time.perf_counter()
    runners, closers = open_variants({name: path})
    try:
        for q in [
            *make_queries(seed, WARMUP_QUERIES, query_seed=QUERY_SEED + 1),
            *make_queries(seed),
        ]:
            with contextlib.suppress(QueryError):
                runners[name](q)
        status = status_kb(os.getpid(), ("VmHWM", "VmRSS"))
    finally:
        for close in reversed(closers):
            close()
    return {
        "variant": name,
        "queries": WARMUP_QUERIES + QUERY_COUNT,
        "seconds": round(time.perf_counter() - started, 2),
        "rss_after_imports_mb": round(imported / 1024, 1),
        "peak_rss_mb": round(status.get("VmHWM", 0) / 1024, 1),
        "rss_end_mb": round(status.get("VmRSS", 0) / 1024, 1),
    }


#: Queries of the mix each run as ``presssearch query`` in a process of its own.
CLI_QUERIES = 30


def cli_query_memory(name: str, path: Path, seed: int) -> dict[str, Any]:
    """The peak RSS and wall time of ``presssearch query`` run once per query, each in a
    fresh process, as a user runs it: the first :data:`CLI_QUERIES` queries of the mix."""
    from cli_timings import run_once

    program = shutil.which("presssearch", path=str(Path(sys.executable).parent)) or "presssearch"
    cli = [program, "query", "--index-dir", str(path)]
    peaks: list[float] = []
    walls: list[float] = []
    failed = 0
    for q in make_queries(seed)[:CLI_QUERIES]:
        command = [*cli, q.text]
        if q.lang:
            command += ["--lang", q.lang]
        if q.since:
            command += ["--since", q.since]
        if q.until:
            command += ["--until", q.until]
        seconds, peak_mb, status = run_once(command)
        failed += status not in (0, 1)  # 1: no match
        peaks.append(peak_mb)
        walls.append(seconds)
    return {
        "variant": name,
        "queries": len(peaks),
        "failed": failed,
        "peak_rss_mb_median": round(statistics.median(peaks), 1),
        "peak_rss_mb_max": round(max(peaks), 1),
        "wall_ms_median": round(statistics.median(walls) * 1000, 1),
        "wall_ms_max": round(max(walls) * 1000, 1),
    }


# ---------------------------------------------------------------------------
# SQLite FTS5


FTS5_SCHEMA = (
    "CREATE VIRTUAL TABLE docs USING fts5(title, body, lang UNINDEXED, date UNINDEXED,"
    " tokenize='unicode61 remove_diacritics 2')"
)


def _read_text_article(path: Path) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    title, _, body = text.partition("\n\n")
    return title.strip(), body


#: Articles the FTS5 baseline inserts between two commits.
FTS5_BATCH = 1000


def build_fts5(db_path: Path, txt_root: Path, manifest: Sequence[dict]) -> dict[str, Any]:
    """The clean-text articles into an FTS5 table, committed every :data:`FTS5_BATCH`."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    con = sqlite3.connect(db_path)
    con.execute(FTS5_SCHEMA)
    started = time.perf_counter()
    batch: list[tuple[str, str, str, str]] = []
    for entry in manifest:
        title, body = _read_text_article(txt_root / f"{entry['id']}.txt")
        batch.append((title, body, entry["lang"], entry["date"]))
        if len(batch) >= FTS5_BATCH:
            with con:
                con.executemany("INSERT INTO docs VALUES (?, ?, ?, ?)", batch)
            batch = []
    if batch:
        with con:
            con.executemany("INSERT INTO docs VALUES (?, ?, ?, ?)", batch)
    seconds = time.perf_counter() - started
    con.close()
    return {
        "docs": len(manifest),
        "seconds": round(seconds, 2),
        "docs_per_s": round(len(manifest) / seconds, 1),
        "size_mb": round(db_path.stat().st_size / 1024 / 1024, 1),
    }


def fts5_sql(q: BenchQuery) -> tuple[str, list[str]]:
    where = ["docs MATCH ?"]
    params = [q.match()]
    if q.lang:
        where.append("lang = ?")
        params.append(q.lang)
    if q.since:
        where.append("date >= ?")
        params.append(q.since)
    if q.until:
        where.append("date <= ?")
        params.append(q.until)
    sql = (
        "SELECT rowid, title, snippet(docs, 1, '<em>', '</em>', '…', 24) FROM docs"
        f" WHERE {' AND '.join(where)} ORDER BY bm25(docs, 2.0, 1.0) LIMIT 10"
    )
    return sql, params


# ---------------------------------------------------------------------------
# The corpus


def prepare_corpus(work: Path, docs: int, seed: int) -> tuple[Path, list[dict], float | None]:
    """Generate (or reuse) the pages and texts; returns folder, manifest, seconds."""
    corpus = work / "corpus"
    stamp = {"docs": docs, "seed": seed, "generator": 1}
    stamp_path = corpus / CORPUS_STAMP
    seconds: float | None = None
    if not (stamp_path.exists() and json.loads(stamp_path.read_text()) == stamp):
        shutil.rmtree(corpus, ignore_errors=True)
        started = time.perf_counter()
        generate_corpus(corpus, docs, seed=seed, formats="both")
        seconds = time.perf_counter() - started
        stamp_path.write_text(json.dumps(stamp))
    manifest = [
        json.loads(line)
        for line in (corpus / MANIFEST).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return corpus, manifest, seconds


def sample_files(root: Path, manifest: Sequence[dict], size: int) -> list[Path]:
    step = max(1, len(manifest) // size)
    return [root / f"{entry['id']}.html" for entry in manifest[::step][:size]]


# ---------------------------------------------------------------------------
# Report


def _status(value: float, target: float, higher_is_better: bool) -> str:
    ok = value >= target if higher_is_better else value <= target
    return "ok" if ok else "MISSED"


def _ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f}x" if theirs else "-"


def _grid(rows: Sequence[tuple[str, ...]]) -> list[str]:
    width = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for k, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(width[i]) for i, cell in enumerate(row)).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in width))
    return lines


def _memory_cells(run: dict[str, Any]) -> tuple[str, str, str]:
    return (
        f"{run['peak_tree_rss_mb']:,.0f} MB",
        f"{run['peak_tree_pss_mb']:,.0f} MB",
        f"{run['cpu_utilisation']:.2f}",
    )


def _indexing_row(label: str, run: dict[str, Any], unit: str) -> tuple[str, ...]:
    return (
        label,
        f"{run['docs_per_s']:,.1f} {unit}/s",
        f"{run['seconds']:,.0f} s",
        *_memory_cells(run),
        f"{run['index_mb']:,.0f} MB",
    )


def render_table(result: dict[str, Any]) -> str:
    """The human-readable summary; sections that were skipped say so."""
    lines = [f"presssearch benchmark: {result['docs']:,} generated articles, seed {result['seed']}"]
    git = result.get("machine", {}).get("git", {})
    if git:
        dirty = " (src/ changed)" if git.get("src_changed") else ""
        lines.append(f"code: {git.get('commit', '')[:10]} {git.get('subject', '')}{dirty}")
    lines.append(
        f"load average before/after: {result['load_before']} / {result.get('load_after', '-')}"
    )
    carried = result.get("carried_over")
    if carried:
        lines.append(
            f"from the run of {carried['from_run_started']}: {', '.join(carried['sections'])}"
        )
    engine = result.get("engine", DEFAULT_ENGINE)
    on = "" if engine == DEFAULT_ENGINE else f" --engine {engine}"
    indexing = result.get("indexing")
    if indexing:
        ours = indexing["presssearch"]
        baselines = [n for n in BASELINES if n in indexing]
        lines += ["", f"indexing {indexing['docs']:,} articles, one after the other in this run:"]
        rows = [
            ("", "rate", "wall", "peak tree RSS", "peak tree PSS", "CPU/wall", "index"),
            _indexing_row(
                f"presssearch index{on}, HTML pages, --jobs {result['jobs']}", ours, "pages"
            ),
        ]
        for name in baselines:
            run = indexing[name]
            how = (
                f"procs={run['inside']['procs']}, multisegment"
                if name == "stock_whoosh"
                else f"{run['inside']['threads']} threads"
            )
            rows.append(_indexing_row(f"{VARIANT_LABELS[name]}, clean text, {how}", run, "docs"))
        for name in baselines:
            base = indexing[name]
            rows.append(
                (
                    f"presssearch / {VARIANT_LABELS[name]}",
                    _ratio(ours["docs_per_s"], base["docs_per_s"]),
                    _ratio(ours["seconds"], base["seconds"]),
                    _ratio(ours["peak_tree_rss_mb"], base["peak_tree_rss_mb"]),
                    _ratio(ours["peak_tree_pss_mb"], base["peak_tree_pss_mb"]),
                    "",
                    _ratio(ours["index_mb"], base["index_mb"]),
                )
            )
        lines += _grid(rows)
        loads = [f"presssearch {ours['load_before']} -> {ours['load_after']}"] + [
            f"{VARIANT_LABELS[n]} {indexing[n]['load_before']} -> {indexing[n]['load_after']}"
            for n in baselines
        ]
        lines.append(f"  load average: {', '.join(loads)}")
    rows = [("other runs", "rate", "peak tree RSS", "peak tree PSS", "CPU/wall", "index")]
    runs = indexing.values() if indexing else ()
    for key, label in (
        ("end_to_end_html", f"presssearch index{on}, HTML pages, --jobs {result['jobs']}"),
        ("whoosh_html", f"presssearch index, HTML pages, --jobs {result['jobs']}"),
        ("stock_index", "stock Whoosh, clean text (the query baseline)"),
        ("raw_tantivy_index", "raw tantivy, clean text (the query baseline)"),
        ("end_to_end_txt", f"presssearch index{on}, clean .txt, --jobs {result['jobs']}"),
    ):
        run = result.get(key)
        if run and not any(run == r for r in runs):
            size = f"{run['docs']:,}"
            if run.get("added_to"):
                size = f"{run['docs']:,} more into the {result['docs'] - run['docs']:,}-page index"
            rows.append(
                (
                    f"{label}, {size}",
                    f"{run['docs_per_s']:,.1f}/s",
                    *_memory_cells(run)[:2],
                    _memory_cells(run)[2],
                    f"{run['index_mb']:,.0f} MB",
                )
            )
    if len(rows) > 1:
        lines.append("")
        lines += _grid(rows)
    stages = result.get("stages")
    if stages:
        lines.append("")
        lines.append(
            f"stages, single process over {stages['docs']:,} pages"
            f" ({stages['docs_per_s_single_process']:,.0f} pages/s,"
            f" {stages.get('engine', DEFAULT_ENGINE)} engine):"
        )
        for name, ms in stages["ms_per_doc"].items():
            lines.append(f"  {name:<16} {ms:7.2f} ms/doc  {stages['share'][name]:6.1%}")
        if stages.get("field_indexing_ms_per_doc") is not None:
            lines.append(
                f"  (Whoosh's FieldType.index, inside engine write:"
                f" {stages['field_indexing_ms_per_doc']:.2f} ms/doc)"
            )
        lines.append(
            f"  pages through both trafilatura and readability: {stages['both_extractors_pages']:,}"
            f" of {stages['docs']:,} ({stages['both_extractors_share']:.1%}),"
            f" {stages['both_extractors_ms_per_page']:.2f} ms each,"
            f" {stages['both_extractors_share_of_extract']:.1%} of decode+extract"
        )
        lines.append(
            f"  workers' side {stages['worker_side_ms_per_doc']:.2f} ms/doc, parent's side"
            f" {stages['parent_side_ms_per_doc']:.2f} ms/doc: at most"
            f" {stages['pipeline_bound_docs_per_s_2_jobs']:,.0f} pages/s with 2 jobs"
        )
    queries = result.get("queries")
    if queries:
        # Ratios against each baseline that ran: stock Whoosh, and raw tantivy.
        bases = [(b, queries[b]) for b in ("stock_whoosh", "raw_tantivy") if b in queries]
        short = {"stock_whoosh": "stock", "raw_tantivy": "raw"}
        lines += [
            "",
            f"query latency, {len(result.get('query_mix', []))} queries, interleaved"
            f" (query i on every variant before query i+1), in ms:",
        ]
        rows = [
            (
                "variant",
                "p50",
                "p95",
                "p99",
                "mean",
                "with hits",
                *(f"p{p}/{short[b]}" for b, _ in bases for p in (50, 95)),
            )
        ]
        for name, figures in queries.items():
            rows.append(
                (
                    variant_label(name, engine),
                    f"{figures['p50_ms']:.2f}",
                    f"{figures['p95_ms']:.2f}",
                    f"{figures['p99_ms']:.2f}",
                    f"{figures['mean_ms']:.2f}",
                    f"{figures['with_hits']}/{figures['queries']}",
                    *(
                        _ratio(figures[f"p{p}_ms"], base[f"p{p}_ms"])
                        for _, base in bases
                        for p in (50, 95)
                    ),
                )
            )
        lines += _grid(rows)
        names = list(queries)
        lines.append("")
        lines.append("p50 by kind, ms: " + " / ".join(variant_label(n, engine) for n in names))
        for kind, figures in queries[names[0]]["by_kind"].items():
            cells = " ".join(f"{queries[n]['by_kind'][kind]['p50_ms']:8.2f}" for n in names)
            lines.append(f"  {kind:<10} n={figures['n']:<4} {cells}")
    memory = result.get("query_memory")
    if memory:
        lines += [
            "",
            f"a fresh process running the {WARMUP_QUERIES} warm-up and {QUERY_COUNT} queries on"
            " one variant (presssearch's with the defaults), its RSS:",
        ]
        rows = [("variant", "after imports", "peak", "peak - imports", "at the end", "seconds")]
        for name, run in memory.items():
            label = variant_label(name, engine)
            if "error" in run:
                rows.append((label, run["error"], "", "", "", ""))
                continue
            rows.append(
                (
                    label,
                    f"{run['rss_after_imports_mb']:,.0f} MB",
                    f"{run['peak_rss_mb']:,.0f} MB",
                    f"{run['peak_rss_mb'] - run['rss_after_imports_mb']:,.0f} MB",
                    f"{run['rss_end_mb']:,.0f} MB",
                    f"{run['seconds']:,.1f}",
                )
            )
        lines += _grid(rows)
    cli_memory = result.get("cli_query_memory")
    if cli_memory:
        lines += [
            "",
            f"presssearch query, the first {CLI_QUERIES} queries of the mix, each in a fresh"
            " process (as a user runs it):",
        ]
        rows = [("engine", "peak RSS median", "peak RSS max", "wall median", "wall max")]
        for name, run in cli_memory.items():
            rows.append(
                (
                    variant_label(name, engine),
                    f"{run['peak_rss_mb_median']:,.0f} MB",
                    f"{run['peak_rss_mb_max']:,.0f} MB",
                    f"{run['wall_ms_median']:,.0f} ms",
                    f"{run['wall_ms_max']:,.0f} ms",
                )
            )
        lines += _grid(rows)
    fts = result.get("fts5")
    if fts:
        lines.append("")
        lines.append(
            f"SQLite FTS5 indexing of the clean text: {fts['docs_per_s']:,.0f} docs/s,"
            f" {fts['size_mb']:,.0f} MB"
        )
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Main


def subset_folder(root: Path, manifest: Sequence[dict], folder: Path) -> Path:
    """The pages of ``manifest`` under ``root``, hard-linked into ``folder`` (made once)."""
    stamp = folder / CORPUS_STAMP
    if stamp.exists() and json.loads(stamp.read_text()) == {"docs": len(manifest)}:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    for entry in manifest:
        source = root / f"{entry['id']}.html"
        target = folder / f"{entry['id']}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
    stamp.write_text(json.dumps({"docs": len(manifest)}))
    return folder


def index_name(kind: str, engine: str, docs: int) -> str:
    """The folder in ``--work`` of presssearch's index of ``docs`` pages or texts (``kind``)."""
    return f"ix-{kind}-{docs}" if engine == DEFAULT_ENGINE else f"ix-{kind}-{engine}-{docs}"


def run(
    docs: int,
    work: Path,
    *,
    seed: int = 1,
    jobs: int = 2,
    index_docs: int = 10_000,
    sample: int = 1000,
    skip: Sequence[str] = (),
    engine: str = DEFAULT_ENGINE,
    log: Callable[[str], None] = print,
    checkpoint: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """The whole benchmark in ``work``; returns the result as a dict.

    presssearch's indexes are made with ``engine``. With ``tantivy``, the raw
    tantivy baseline (``raw_tantivy.py``) is built and queried too, and so is
    presssearch on the Whoosh engine (its index of the same ``docs`` pages in
    ``work`` is reused, or built).

    ``skip`` may name ``indexing`` (presssearch against the baselines on the
    first ``index_docs`` articles), ``html`` (building the query indexes of
    all ``docs`` articles: those an earlier run left in ``work`` are used),
    ``clean`` (presssearch on the ``.txt`` files), ``stages`` (the
    single-process pass) and ``memory`` (the peak RSS of a fresh process
    running the query mix, per variant); ``checkpoint`` is called with the
    partial result after each section.
    """

    def done() -> None:
        if checkpoint is not None:
            checkpoint(result)

    result: dict[str, Any] = {
        "docs": docs,
        "seed": seed,
        "jobs": jobs,
        "engine": engine,
        "started": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": machine_info(),
        "load_before": load_average(),
        "code_per_section": {},
    }
    log(f"corpus: {docs:,} articles in {work / 'corpus'}")
    corpus, manifest, gen_seconds = prepare_corpus(work, docs, seed)
    result["generate_seconds"] = round(gen_seconds, 1) if gen_seconds is not None else None
    result["corpus_mb"] = {
        "html": round(folder_mb(corpus / "html"), 1),
        "txt": round(folder_mb(corpus / "txt"), 1),
    }
    index_docs = min(index_docs, docs)
    with_raw = engine == "tantivy"
    html_dir = work / index_name("html", engine, docs)
    whoosh_dir = work / index_name("html", DEFAULT_ENGINE, docs)
    stock_dir, raw_dir = (work / f"{BASELINES[name][2]}-{docs}" for name in BASELINES)

    def query_index(on: str) -> dict[str, Any]:
        """presssearch's index of all ``docs`` pages on engine ``on``, timed."""
        target, first = (
            work / index_name("html", on, docs),
            work / index_name("html", on, index_docs),
        )
        if index_docs != docs and has_index(first, on):
            # The first articles are in the index of the indexing runs: a copy of it
            # gets the others, as a user adds a second folder to an index.
            log(
                f"query index: presssearch ({on}), pages {index_docs:,} to {docs:,} added to a copy"
            )
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(first, target)
            rest = subset_folder(
                corpus / "html", manifest[index_docs:], work / f"html-{index_docs}-{docs}"
            )
            ran = run_index_cli(rest, target, docs - index_docs, jobs, work, fresh=False)
            ran["added_to"] = f"a copy of the index of the first {index_docs:,} pages"
        else:
            log(f"query index: presssearch ({on}), {docs:,} HTML pages")
            ran = run_index_cli(corpus / "html", target, docs, jobs, work, engine=on)
        ran["engine"] = on
        log(f"  {ran['summary']}")
        return ran

    if "indexing" not in skip:
        pages = (
            corpus / "html"
            if index_docs == docs
            else subset_folder(corpus / "html", manifest[:index_docs], work / f"html-{index_docs}")
        )
        log(f"indexing {index_docs:,} articles: presssearch ({engine}), HTML pages")
        result["code_per_section"]["indexing"] = git_state()
        ours = run_index_cli(
            pages,
            work / index_name("html", engine, index_docs),
            index_docs,
            jobs,
            work,
            engine=engine,
        )
        ours["engine"] = engine
        log(f"  {ours['summary']}")
        indexing: dict[str, Any] = {"docs": index_docs, "presssearch": ours}
        for name in ("stock_whoosh", "raw_tantivy") if with_raw else ("stock_whoosh",):
            log(f"indexing {index_docs:,} articles: {VARIANT_LABELS[name]}, clean text")
            indexing[name] = run_baseline_index(
                name, corpus, work / f"{BASELINES[name][2]}-{index_docs}", index_docs, jobs
            )
            indexing[f"rate_ratio_{name}"] = round(
                ours["docs_per_s"] / indexing[name]["docs_per_s"], 3
            )
        indexing["rate_ratio"] = indexing["rate_ratio_stock_whoosh"]
        result["indexing"] = indexing
        if index_docs == docs:
            result["end_to_end_html"], result["stock_index"] = ours, indexing["stock_whoosh"]
            if with_raw:
                result["raw_tantivy_index"] = indexing["raw_tantivy"]
        done()
    if "html" not in skip and index_docs != docs:
        result["code_per_section"]["end_to_end_html"] = git_state()
        result["end_to_end_html"] = query_index(engine)
        done()
        for name, key, folder in (
            ("stock_whoosh", "stock_index", stock_dir),
            ("raw_tantivy", "raw_tantivy_index", raw_dir),
        ):
            if name == "stock_whoosh" or with_raw:
                log(f"query index: {VARIANT_LABELS[name]}, {docs:,} clean texts")
                result[key] = run_baseline_index(name, corpus, folder, docs, jobs)
                done()
    if with_raw and "html" not in skip and not has_index(whoosh_dir, DEFAULT_ENGINE):
        result["code_per_section"]["whoosh_html"] = git_state()
        result["whoosh_html"] = query_index(DEFAULT_ENGINE)
        done()
    if not has_index(html_dir, engine):
        raise SystemExit(f"the queries need the {engine} index of {docs:,} pages in {html_dir}")
    if "clean" not in skip:
        log("end to end: clean text")
        result["code_per_section"]["end_to_end_txt"] = git_state()
        result["end_to_end_txt"] = run_index_cli(
            corpus / "txt", work / index_name("txt", engine, docs), docs, jobs, work, engine=engine
        )
        log(f"  {result['end_to_end_txt']['summary']}")
        done()
    if "stages" not in skip:
        log(f"stages: single process over {min(sample, docs):,} pages")
        result["code_per_section"]["stages"] = git_state()
        result["stages"] = stage_profile(
            sample_files(corpus / "html", manifest, sample), work, engine=engine
        )
        done()
    log("SQLite FTS5: indexing")
    result["fts5"] = build_fts5(work / "fts5.db", corpus / "txt", manifest)
    done()
    queries = make_queries(seed)
    warmup = make_queries(seed, WARMUP_QUERIES, query_seed=QUERY_SEED + 1)
    result["query_mix"] = [asdict(q) | {"text": q.text, "match": q.match()} for q in queries]
    result["code_per_section"]["queries"] = git_state()
    sources: dict[str, Path | None] = {
        "presssearch": html_dir,
        "presssearch_whoosh": whoosh_dir
        if with_raw and has_index(whoosh_dir, DEFAULT_ENGINE)
        else None,
        "raw_tantivy": raw_dir if with_raw and raw_dir.exists() else None,
        "stock_whoosh": stock_dir if stock_dir.exists() else None,
        "fts5": work / "fts5.db",
    }
    result["queries"] = run_interleaved_queries(sources, queries, warmup, log=log)
    done()
    if "memory" not in skip:
        log("queries: the peak memory of a process per variant")
        result["query_memory"] = {
            name: query_process_memory(name, folder, seed)
            for name, folder in sources.items()
            if folder is not None
        }
    if "memory" not in skip:
        log(f"queries: {CLI_QUERIES} runs of presssearch query, a process each")
        result["cli_query_memory"] = {
            name: cli_query_memory(name, folder, seed)
            for name in ("presssearch", "presssearch_whoosh")
            if (folder := sources.get(name)) is not None
        }
    result["load_after"] = load_average()
    result["finished"] = dt.datetime.now().isoformat(timespec="seconds")
    return result


SECTIONS = (
    "indexing",
    "end_to_end_html",
    "stock_index",
    "raw_tantivy_index",
    "whoosh_html",
    "end_to_end_txt",
    "stages",
    "query_memory",
)


def carry_over(result: dict[str, Any], json_path: Path) -> None:
    """Keep the sections an earlier run of the same collection and engine wrote to ``json_path``."""
    try:
        earlier = json.loads(json_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    same = ("docs", "seed", "engine")
    if [earlier.get(k, DEFAULT_ENGINE if k == "engine" else None) for k in same] != [
        result.get(k, DEFAULT_ENGINE if k == "engine" else None) for k in same
    ]:
        return
    kept = [k for k in SECTIONS if k not in result and earlier.get(k)]
    for key in kept:
        result[key] = earlier[key]
        code = earlier.get("code_per_section", {}).get(key)
        if code:
            result.setdefault("code_per_section", {})[key] = code
    if kept:
        started = earlier.get("carried_over", {}).get("from_run_started") or earlier.get("started")
        result["carried_over"] = {"sections": kept, "from_run_started": started}


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000, help="articles (10000 or 100000)")
    parser.add_argument(
        "--work",
        type=Path,
        help="working folder, kept and reused (default: a temporary folder under bench/out/,"
        " removed afterwards)",
    )
    parser.add_argument(
        "--json",
        type=Path,
        help="default: bench/out/benchmark-<docs>.json (benchmark-<docs>-<engine>.json for an"
        " engine other than Whoosh)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2, help="--jobs of the indexing runs")
    parser.add_argument("--sample", type=int, default=1000, help="pages of the stage pass")
    parser.add_argument(
        "--index-docs",
        type=int,
        default=10_000,
        help="articles of the presssearch-against-stock-Whoosh indexing runs",
    )
    parser.add_argument(
        "--skip",
        default="",
        help="comma-separated sections to leave out: indexing (presssearch against the"
        " baselines), html (reuse the query indexes of an earlier run in --work), clean (the"
        " .txt run), stages, memory (a fresh process per query variant, for its peak RSS); the"
        " figures an earlier run wrote to the same JSON file for a skipped section are kept",
    )
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default=DEFAULT_ENGINE,
        help="presssearch's engine (presssearch index --engine); with tantivy, the raw tantivy"
        " baseline and presssearch on the Whoosh engine are measured too",
    )
    parser.add_argument(
        "--query-memory", nargs=2, help=argparse.SUPPRESS
    )  # see query_process_memory
    parser.add_argument(
        "--render", type=Path, metavar="JSON", help="only print the table of an earlier run's JSON"
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.query_memory:
        name, path = args.query_memory
        print(json.dumps(_query_memory_child(name, Path(path), args.seed)))
        return 0
    if args.render:
        print(render_table(json.loads(args.render.read_text(encoding="utf-8"))))
        return 0

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    temporary = args.work is None
    work = (
        Path(tempfile.mkdtemp(prefix=f"work-{args.docs}-", dir=OUT_DIR)) if temporary else args.work
    )
    work.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.engine == DEFAULT_ENGINE else f"-{args.engine}"
    json_path = args.json or OUT_DIR / f"benchmark-{args.docs}{suffix}.json"

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    def checkpoint(partial: dict[str, Any]) -> None:
        snapshot = dict(partial)
        carry_over(snapshot, json_path)
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(snapshot, indent=2, ensure_ascii=False) + "\n")

    skip = [s.strip() for s in args.skip.split(",") if s.strip()]
    try:
        result = run(
            args.docs,
            work,
            seed=args.seed,
            jobs=args.jobs,
            index_docs=args.index_docs,
            sample=args.sample,
            skip=skip,
            engine=args.engine,
            log=log,
            checkpoint=checkpoint,
        )
    finally:
        if temporary:
            shutil.rmtree(work, ignore_errors=True)
    carry_over(result, json_path)
    result["table"] = render_table(result)
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(result["table"])
    print(f"\nJSON: {json_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
