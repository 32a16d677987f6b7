"""Time and peak memory of one ``presssearch query`` process, cold and warm.

Each run is a fresh process, as a user's query from the command line is:
``presssearch query TEXT --index-dir INDEX``. The first run has an empty
cache folder (``XDG_CACHE_HOME`` set to a new temporary folder), so it
includes building the lexicon's database; the following runs are warm. The
lexicon's build is also timed alone, in this process. Peak memory is the
child process's maximum resident set size (``ru_maxrss``), as
``/usr/bin/time -f %M`` reports it.

    presssearch index corpus/ --index-dir /tmp/lx
    python bench/query_cost.py --index-dir /tmp/lx

Prints a table and writes JSON (default ``bench/out/query_cost.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_JSON = REPO_ROOT / "bench" / "out" / "query_cost.json"


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds and peak MB of one child process (it must be the only child running)."""
    code = (
        "import resource, subprocess, sys, time; t = time.perf_counter();"
        " r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL);"
        " s = time.perf_counter() - t;"
        " print(s, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *command], env=env, capture_output=True, text=True, check=True
    )
    seconds, kilobytes, returncode = out.stdout.split()
    if returncode != "0":
        raise SystemExit(f"{' '.join(command)} failed: {out.stderr.strip()}")
    return float(seconds), int(kilobytes) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--query", default="Audiard Spanish language")
    parser.add_argument("--warm", type=int, default=5, help="warm runs (default 5)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    args = parser.parse_args(argv)

    command = ["presssearch", "query", args.query, "--index-dir", str(args.index_dir)]
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="presssearch-cache-") as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache}
        seconds, mb = run(command, env)
        rows.append({"run": "query, cold cache", "seconds": seconds, "peak_mb": mb})
        for i in range(args.warm):
            seconds, mb = run(command, env)
            rows.append({"run": f"query, warm {i + 1}", "seconds": seconds, "peak_mb": mb})
    with tempfile.TemporaryDirectory(prefix="presssearch-cache-") as cache:
        from presssearch.translate import Lexicon

        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        Lexicon.load(cache_dir=cache)
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        size = sum(p.stat().st_size for p in Path(cache).iterdir()) / 2**20
        rows.append(
            {
                "run": "lexicon build alone",
                "seconds": seconds,
                "peak_mb": after,
                "rise_mb": after - before,
                "db_mb": size,
            }
        )

    print(f"{'run':<24} {'seconds':>8} {'peak MB':>8}")
    for row in rows:
        print(f"{row['run']:<24} {row['seconds']:>8.2f} {row['peak_mb']:>8.0f}")
    warm = sorted(float(r["seconds"]) for r in rows if str(r["run"]).startswith("query, warm"))
    if warm:
        print(f"warm median: {warm[len(warm) // 2]:.2f} s; database {rows[-1]['db_mb']:.1f} MB")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps({"query": args.query, "rows": rows}, indent=2), encoding="utf-8"
    )
    print(f"JSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
