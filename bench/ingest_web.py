"""Ingest speed on real pages: ``presssearch index`` beside trafilatura alone, in one run.

Over the pages of ``../shared/eval/web/pages`` (gzipped saved pages, which
presssearch reads as they are): ``presssearch index PAGES --jobs N`` into a new
index on each engine, timed from the command's start to its end, and
trafilatura's ``bare_extraction(html, with_metadata=True)`` alone (the call the
evaluation compares with) over the same pages in N processes, gunzipping
included. Each is run ``--rounds`` times, alternating, and its best time kept:
on a shared machine, interference only ever adds time. Prints a table and
writes ``bench/out/ingest_web.json``.

    python bench/ingest_web.py [--jobs 2] [--rounds 1]
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import multiprocessing
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from evaluate import resolve_eval_dir

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "ingest_web.json"


def _trafilatura_page(path: Path) -> bool:
    from trafilatura import bare_extraction

    for name in ("trafilatura", "htmldate", "courlan", "readability"):
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return (
                bare_extraction(gzip.decompress(path.read_bytes()), with_metadata=True) is not None
            )
        except Exception:
            return False


def time_trafilatura(files: list[Path], jobs: int) -> tuple[float, int]:
    context = multiprocessing.get_context("fork")
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        found = sum(pool.map(_trafilatura_page, files, chunksize=4))
    return time.perf_counter() - started, found


def time_presssearch(pages: Path, jobs: int, engine: str, work: Path) -> tuple[float, str]:
    index = work / f"ix-{engine}"
    shutil.rmtree(index, ignore_errors=True)
    command = [
        shutil.which("presssearch") or str(Path(sys.executable).parent / "presssearch"),
        "index", str(pages),
        "--index-dir", str(index), "--jobs", str(jobs), "--engine", engine,
    ]  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    shutil.rmtree(index, ignore_errors=True)
    return seconds, done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    pages = resolve_eval_dir(args.eval_dir) / "web" / "pages"
    files = sorted(pages.glob("*.gz"))
    best: dict[str, float] = {}
    notes: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.rounds):
            seconds, found = time_trafilatura(files, args.jobs)
            best["trafilatura bare_extraction"] = min(
                best.get("trafilatura bare_extraction", seconds), seconds
            )
            notes["trafilatura bare_extraction"] = f"a document for {found} of {len(files)} pages"
            for engine in ("whoosh", "tantivy"):
                label = f"presssearch index ({engine})"
                seconds, summary = time_presssearch(pages, args.jobs, engine, Path(tmp))
                best[label] = min(best.get(label, seconds), seconds)
                notes[label] = summary
    base = len(files) / best["trafilatura bare_extraction"]
    rows = {
        label: {
            "seconds": round(s, 2),
            "pages_per_second": round(len(files) / s, 1),
            "ratio_to_trafilatura": round(len(files) / s / base, 2),
            "note": notes[label],
        }
        for label, s in best.items()
    }
    print(f"{len(files)} pages, {args.jobs} processes, best of {args.rounds}")
    print(f"{'':32s} {'s':>7s} {'pages/s':>8s} {'ratio':>6s}")
    for label, row in rows.items():
        print(
            f"{label:32s} {row['seconds']:7.2f} {row['pages_per_second']:8.1f}"
            f" {row['ratio_to_trafilatura']:6.2f}  {row['note']}"
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps({"pages": len(files), "jobs": args.jobs, "runs": rows}, indent=2) + "\n"
    )
    print(f"JSON: {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
