"""What the memory of an indexing run is made of: the parent and each worker, in
anonymous memory (the heap: Python objects, the engine's buffers) and in file pages
(libraries, the language model and the index files the process has mapped and read).

    python bench/index_memory.py bench/out/work-100k/corpus/html --engine tantivy

Runs ``presssearch index FOLDER --jobs 2`` into a new temporary index folder and reads
``/proc/<pid>/smaps_rollup`` of the parent and of its workers every ``--interval``
seconds. Prints the samples every ``--every`` seconds, then the tree at its peak
(the sum of the processes' RSS, as ``benchmark.py`` counts it), split by process
and by kind, and writes the samples as JSON. Linux only.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from common import rollup_kb, tree_pids

KINDS = ("Rss", "Anonymous", "Pss")


def rollup(pid: int) -> dict[str, int]:
    """RSS, anonymous memory, file pages and PSS of one process, in MB (empty once it is gone)."""
    found = {key: kb // 1024 for key, kb in rollup_kb(pid, KINDS).items()}
    if found:
        found["file"] = found.get("Rss", 0) - found.get("Anonymous", 0)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="the pages to index")
    parser.add_argument("--engine", default="tantivy", choices=("whoosh", "tantivy"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between samples")
    parser.add_argument("--every", type=float, default=60.0, help="seconds between printed samples")
    parser.add_argument("--json", type=Path, default=Path("bench/out/index-memory.json"))
    args = parser.parse_args(argv)
    program = shutil.which("presssearch", path=str(Path(sys.executable).parent)) or "presssearch"
    samples: list[dict[str, Any]] = []
    peak: dict[str, Any] = {"seconds": 0.0, "tree_rss_mb": 0, "parent": {}, "workers": []}
    with tempfile.TemporaryDirectory(prefix="presssearch-memory-") as work:
        command = [
            program, "index", str(args.folder), "--engine", args.engine,
            "--jobs", str(args.jobs), "--index-dir", str(Path(work) / "index"),
        ]  # fmt: skip
        started = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        printed = -args.every
        while proc.poll() is None:
            now = time.perf_counter() - started
            parent = rollup(proc.pid)
            workers = [w for w in (rollup(c) for c in tree_pids(proc.pid)[1:]) if w]
            tree = parent.get("Rss", 0) + sum(w.get("Rss", 0) for w in workers)
            sample = {"seconds": round(now, 1), "tree_rss_mb": tree, "parent": parent}
            sample["workers"] = workers
            samples.append(sample)
            if tree > peak["tree_rss_mb"]:
                peak = sample
            if now - printed >= args.every:
                printed = now
                print(_line(sample), flush=True)
            time.sleep(args.interval)
        seconds = time.perf_counter() - started
        errors = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        print(errors.strip().splitlines()[-1:] or f"exit status {proc.returncode}")
        return 1
    print(f"\npresssearch index {args.folder} --engine {args.engine} --jobs {args.jobs}:", end="")
    print(f" {seconds:,.0f} s")
    print(f"peak tree RSS {peak['tree_rss_mb']:,} MB, at {peak['seconds']:,.0f} s:")
    print(f"  {'process':<10} {'RSS':>6} {'anonymous':>10} {'file pages':>11} {'PSS':>6}  (MB)")
    for name, part in [("parent", peak["parent"])] + [
        (f"worker {i}", w) for i, w in enumerate(peak["workers"], 1)
    ]:
        print(
            f"  {name:<10} {part.get('Rss', 0):>6} {part.get('Anonymous', 0):>10}"
            f" {part.get('file', 0):>11} {part.get('Pss', 0):>6}"
        )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    result = {
        "folder": str(args.folder),
        "engine": args.engine,
        "jobs": args.jobs,
        "seconds": round(seconds, 1),
        "peak": peak,
        "samples": samples,
    }
    args.json.write_text(json.dumps(result, indent=1))
    print(f"JSON: {args.json}")
    return 0


def _line(sample: dict[str, Any]) -> str:
    parent = sample["parent"]
    workers = " ".join(f"{w.get('Rss', 0)}/{w.get('Anonymous', 0)}" for w in sample["workers"])
    return (
        f"{sample['seconds']:7.0f} s  tree {sample['tree_rss_mb']:5} MB  parent RSS/anonymous"
        f" {parent.get('Rss', 0)}/{parent.get('Anonymous', 0)}  workers {workers}"
    )


if __name__ == "__main__":
    sys.exit(main())
