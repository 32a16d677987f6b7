"""The cost of a query's first language detection in a fresh process.

Runs each case in new Python processes, several times, and reports the median
wall-clock time, CPU time (user + system, which other processes on a busy
machine do not inflate) and peak RSS:

- ``import``: ``import presssearch.detect`` and nothing else (the baseline);
- ``detect``: the same and one ``detect_language(query, tie_break=False)``, as
  ``presssearch query`` does; the model file is in the cache folder (run once
  before measuring, so that it is);
- ``detect, no cache``: the same with an unwritable cache folder;
- ``before``: ``detect_language`` as it was at ``--old-rev`` (py3langid's own
  model, loaded whole).

Prints a table and writes ``bench/out/detect_cold.json``.

    python bench/detect_cold.py [--runs 7] [--old-rev f56ed8f]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OLD_REV = "f56ed8f"
QUERY = "Audiard Spanish language"

IMPORT = "import presssearch.detect\n"
DETECT = (
    "from presssearch.detect import detect_language\n"
    f"assert detect_language({QUERY!r}, tie_break=False) == 'en'\n"
)
OLD = (
    "import importlib.util, sys, presssearch\n"
    "spec = importlib.util.spec_from_file_location('detect_old', sys.argv[1])\n"
    "old = importlib.util.module_from_spec(spec)\n"
    "spec.loader.exec_module(old)\n"
    f"assert old.detect_language({QUERY!r}, tie_break=False) == 'en'\n"
)


def run(code: str, args: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one fresh process running ``code``."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *args], env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"the measured process failed ({child.returncode}): {code!r}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--old-rev", default=OLD_REV)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="detect-cold-"))
    old_file = work / "detect_old.py"
    old_file.write_text(
        subprocess.run(
            ["git", "show", f"{args.old_rev}:src/presssearch/detect.py"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout,
        encoding="utf-8",
    )
    cached = dict(os.environ, XDG_CACHE_HOME=str(work / "cache"))
    # A file where the cache folder's parent should be: not writable, even by root.
    blocked = work / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    unwritable = dict(os.environ, XDG_CACHE_HOME=str(blocked))
    run(DETECT, [], cached)  # builds the model file
    cases = {
        "import": (IMPORT, [], cached),
        "detect": (DETECT, [], cached),
        "detect, no cache": (DETECT, [], unwritable),
        "before": (OLD, [str(old_file)], cached),
    }
    results: dict[str, dict[str, object]] = {}
    runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in cases}
    for _ in range(args.runs):  # interleaved, so that load changes touch every case alike
        for name, (code, extra, env) in cases.items():
            runs[name].append(run(code, extra, env))
    print(f"{'case':<18} {'wall s':>8} {'CPU s':>8} {'RSS MB':>8}   (median of {args.runs})")
    for name, found in runs.items():
        wall, cpu, rss = (statistics.median(x) for x in zip(*found, strict=True))
        results[name] = {"wall_s": wall, "cpu_s": cpu, "rss_mb": rss, "runs": found}
        print(f"{name:<18} {wall:>8.3f} {cpu:>8.3f} {rss:>8.1f}")
    base = results["import"]
    for name in ("detect", "before"):
        row = results[name]
        print(
            f"added by the first detection, {name}: "
            f"{row['wall_s'] - base['wall_s']:+.3f} s wall, "  # type: ignore[operator]
            f"{row['cpu_s'] - base['cpu_s']:+.3f} s CPU, "  # type: ignore[operator]
            f"{row['rss_mb'] - base['rss_mb']:+.1f} MB"  # type: ignore[operator]
        )
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "detect_cold.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"JSON: {out / 'detect_cold.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
