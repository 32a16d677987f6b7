"""A cProfile of single-process indexing of generated pages, and where its time goes.

Generates ``--pages`` HTML pages (``generate.py``), indexes them with
``Index.add_path(jobs=1)`` under cProfile, prints the top ``--top`` functions
by cumulative time (as ``python -m cProfile -s cumtime`` does), then the
self time of every function summed by package: presssearch, Whoosh, lxml,
py3langid, langdetect, numpy, PyStemmer, Beautiful Soup, the
standard library. Time in C functions is charged to the package of the Python
code that called them.

    python bench/profile_index.py --pages 2000

The same profile from the command line (the pages from ``generate.py``)::

    python -m cProfile -s cumtime .venv/bin/presssearch index PAGES --jobs 1 | head -60
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import generate
from benchmark import OUT_DIR, write_primer
from presssearch import Index

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


def profile_indexing(pages: Path, work: Path) -> tuple[cProfile.Profile, dict[str, Any]]:
    """Index ``pages`` in one process under cProfile; retried on a primed index on failure."""
    info: dict[str, Any] = {"workaround": None}
    for attempt in range(2):
        index_dir = work / "ix-profile"
        shutil.rmtree(index_dir, ignore_errors=True)
        with Index.create(index_dir) as index:
            if attempt:
                index.add_path(write_primer(work / "primer"), jobs=1)
            profiler = cProfile.Profile()
            started = time.perf_counter()
            try:
                profiler.enable()
                report = index.add_path(pages, jobs=1)
            except Exception as exc:
                if attempt:
                    raise
                info["workaround"] = f"index primed after: {type(exc).__name__}: {exc}"
                continue
            finally:
                profiler.disable()
            info["seconds"] = round(time.perf_counter() - started, 2)
            info["indexed"] = report.added + report.updated
            return profiler, info
    raise AssertionError("unreachable")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--work", type=Path, help="default: a temporary folder under bench/out/")
    parser.add_argument(
        "--out", type=Path, help="report file (default: bench/out/profile-<pages>.txt)"
    )
    args = parser.parse_args(argv)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    temporary = args.work is None
    work = args.work or Path(tempfile.mkdtemp(prefix="profile-", dir=OUT_DIR))
    try:
        pages = work / "pages"
        if not (pages / generate.MANIFEST).exists():
            generate.write_corpus(pages, args.pages, seed=args.seed)
        profiler, info = profile_indexing(pages, work)
    finally:
        if temporary:
            shutil.rmtree(work, ignore_errors=True)
    buffer = io.StringIO()
    stats = pstats.Stats(profiler, stream=buffer)
    stats.sort_stats("cumulative").print_stats(args.top)
    packages = by_package(stats)
    total = sum(packages.values())
    lines = [
        f"single-process indexing of {args.pages:,} generated pages:"
        f" {info['seconds']} s under cProfile ({args.pages / info['seconds']:.0f} pages/s)",
    ]
    if info["workaround"]:
        lines.append(f"workaround: {info['workaround']}")
    lines.append("")
    lines.append("self time by package (C builtins and stdlib charged to their callers):")
    for name, seconds in packages.items():
        lines.append(f"  {name:<24} {seconds:7.2f} s  {seconds / total:6.1%}")
    lines.append("")
    lines.append(buffer.getvalue().strip())
    text = "\n".join(lines)
    out = args.out or OUT_DIR / f"profile-{args.pages}.txt"
    out.write_text(text + "\n", encoding="utf-8")
    out.with_suffix(".json").write_text(
        json.dumps({"pages": args.pages, **info, "by_package_s": packages}, indent=2) + "\n",
        encoding="utf-8",
    )
    print(text)
    print(f"\nreport: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
