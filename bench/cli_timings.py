"""How long the command line takes to answer, on the demo corpus, warm.

    python bench/cli_timings.py --runs 10

indexes ``corpus/`` into a temporary folder, then runs each command below
``--runs`` times, interleaved (run k of every command before run k+1), after
one untimed warm-up round so that the files are in the page cache:

- ``python -c pass`` (the interpreter alone), ``python -c "import click"``,
  ``python -c "import whoosh.index, whoosh.qparser, whoosh.scoring"``;
- ``presssearch --version`` and ``presssearch -h``;
- ``presssearch query "Audiard Spanish language"``, with and without
  ``--no-translate``.

Each run's wall time is taken with ``time.perf_counter`` around the
subprocess, and its peak RSS with GNU ``time -f %M`` (``apt-get install
time``; the run is started through it, which adds about a millisecond to
every command alike). Then ``python -X importtime`` of ``--version`` and of the
query: the 15 modules with the most cumulative import time. Prints tables and
writes ``bench/out/cli-timings.json``.

The package is byte-compiled first (``compileall``), as ``pip install``
does for an installed copy: an editable install run with
``PYTHONDONTWRITEBYTECODE=1`` would otherwise compile every module from
source on every run, which the installed libraries it is compared with
(click, Whoosh) never do.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from common import OUT_DIR, git_state, load_average, presssearch_command

REPO = Path(__file__).resolve().parent.parent
QUERY = "Audiard Spanish language"
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def commands(index_dir: Path) -> dict[str, list[str]]:
    cli = presssearch_command()
    query = [*cli, "query", QUERY, "--index-dir", str(index_dir)]
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import click'": [sys.executable, "-c", "import click"],
        "python -c 'import whoosh.index, whoosh.qparser, whoosh.scoring'": [
            sys.executable,
            "-c",
            "import whoosh.index, whoosh.qparser, whoosh.scoring",
        ],
        "presssearch --version": [*cli, "--version"],
        "presssearch -h": [*cli, "-h"],
        f'presssearch query "{QUERY}"': query,
        f'presssearch query "{QUERY}" --no-translate': [*query, "--no-translate"],
    }


def run_once(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB and exit status of one run.

    The peak comes from GNU ``time -f %M`` when it is installed: Linux
    carries the peak RSS of a forking process over to its child's
    ``ru_maxrss``, so a child forked by this (larger) process would report
    at least this process's size. Without it, ``os.wait4``'s figure is kept.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as peak_file:
        wrapped = [GNU_TIME, "-f", "%M", "-o", peak_file.name, *command] if GNU_TIME else command
        started = time.perf_counter()
        proc = subprocess.Popen(wrapped, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        text = peak_file.read().strip().splitlines() if GNU_TIME else []
    peak_kb = int(text[-1]) if text and text[-1].isdigit() else usage.ru_maxrss
    return seconds, peak_kb / 1024, proc.returncode


def time_commands(cmds: dict[str, list[str]], runs: int) -> dict[str, dict[str, Any]]:
    for command in cmds.values():  # warm-up round, untimed
        run_once(command)
    seconds: dict[str, list[float]] = {name: [] for name in cmds}
    rss: dict[str, list[float]] = {name: [] for name in cmds}
    failures: dict[str, int] = {name: 0 for name in cmds}
    for _ in range(runs):
        for name, command in cmds.items():
            wall, peak, status = run_once(command)
            seconds[name].append(wall)
            rss[name].append(peak)
            failures[name] += status != 0
    return {
        name: {
            "median_s": round(statistics.median(seconds[name]), 4),
            "min_s": round(min(seconds[name]), 4),
            "max_s": round(max(seconds[name]), 4),
            "peak_rss_mb": round(max(rss[name]), 1),
            "failures": failures[name],
            "runs_s": [round(x, 4) for x in seconds[name]],
        }
        for name in cmds
    }


def import_times(command: list[str], top: int = 15) -> dict[str, Any]:
    """``-X importtime`` of ``command`` (a console script run by this Python): top modules."""
    script = command[0]
    argv = (
        [sys.executable, "-X", "importtime", *command[1:]]
        if script == sys.executable
        else [sys.executable, "-X", "importtime", script, *command[1:]]
    )
    proc = subprocess.run(argv, capture_output=True, text=True)
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative_us, name = (part.strip() for part in line[12:].split("|"))
        rows.append((int(cumulative_us), int(self_us), name))
    rows.sort(reverse=True)
    return {
        "modules": len(rows),
        "top": [
            {"module": name.strip(), "cumulative_ms": cum / 1000, "self_ms": own / 1000}
            for cum, own, name in rows[:top]
        ],
        "self_total_ms": round(sum(own for _c, own, _n in rows) / 1000, 1),
    }


def render(result: dict[str, Any]) -> str:
    base = result["timings"]["python -c pass"]["median_s"]
    lines = [
        f"command-line timings on the demo corpus ({result['indexed']}),"
        f" {result['runs']} interleaved warm runs each",
        f"code: {result['git'].get('commit', '')[:10]} {result['git'].get('subject', '')}",
        f"load average before/after: {result['load_before']} / {result['load_after']}",
        f"bytecode: {result.get('bytecode', 'not compiled first')}",
        "",
    ]
    width = max(len(n) for n in result["timings"])
    lines.append(
        f"{'command':<{width}}  {'median':>8}  {'min':>8}  {'max':>8}  {'- python':>8}  peak RSS"
    )
    lines.append("-" * (width + 52))
    for name, t in result["timings"].items():
        failed = f"  ({t['failures']} failed)" if t["failures"] else ""
        lines.append(
            f"{name:<{width}}  {t['median_s'] * 1000:6.0f}ms  {t['min_s'] * 1000:6.0f}ms"
            f"  {t['max_s'] * 1000:6.0f}ms  {(t['median_s'] - base) * 1000:6.0f}ms"
            f"  {t['peak_rss_mb']:5.1f} MB{failed}"
        )
    for name, imports in result["importtime"].items():
        lines.append("")
        lines.append(
            f"python -X importtime, {name}: {imports['modules']} modules,"
            f" {imports['self_total_ms']:.0f} ms of import in all; top 15 by cumulative time:"
        )
        for row in imports["top"]:
            lines.append(
                f"  {row['cumulative_ms']:8.1f} ms  (self {row['self_ms']:6.1f})  {row['module']}"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus")
    parser.add_argument("--json", type=Path, default=OUT_DIR / "cli-timings.json")
    args = parser.parse_args(argv)
    import presssearch

    package = Path(presssearch.__file__).parent
    compiled = compileall.compile_dir(package, quiet=1)
    work = Path(tempfile.mkdtemp(prefix="cli-", dir=OUT_DIR))
    try:
        index_dir = work / "index"
        built = subprocess.run(
            [*presssearch_command(), "index", str(args.corpus), "--index-dir", str(index_dir)],
            capture_output=True,
            text=True,
            check=True,
        )
        result: dict[str, Any] = {
            "indexed": built.stdout.strip().splitlines()[-1] if built.stdout.strip() else "",
            "runs": args.runs,
            "git": git_state(),
            "bytecode": f"compileall {package}: {'ok' if compiled else 'failed'}",
            "load_before": load_average(),
        }
        cmds = commands(index_dir)
        result["timings"] = time_commands(cmds, args.runs)
        query = cmds[f'presssearch query "{QUERY}"']
        result["importtime"] = {
            "presssearch --version": import_times(cmds["presssearch --version"]),
            f'presssearch query "{QUERY}"': import_times(query),
        }
        result["load_after"] = load_average()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result["table"] = render(result)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(result["table"])
    print(f"\nJSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
