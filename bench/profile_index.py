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

from common import MANIFEST, OUT_DIR, by_package, generate_corpus, write_primer
from presssearch import Index


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
        if not (pages / MANIFEST).exists():
            generate_corpus(pages, args.pages, seed=args.seed)
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
