"""Load on ``presssearch serve``: concurrent browsers' requests for a fixed time.

Starts ``presssearch serve`` on a free loopback port (127.0.0.1 only) over an
index of the demo corpus (built in bench/out/load-demo-index), or over
``--index-dir``, or over ``--generate N`` pages of generate.py's synthetic
news. Then ``--clients`` threads, each a keep-alive HTTP connection, send a
seeded mix of requests for ``--seconds`` and stop: search pages (some with
filters, page 2, or the timeline by outlet per week), article views and CSV
exports. Reports requests per second, latency percentiles overall and per
kind, errors and 5xx answers, and the server's resident memory at the start,
middle and end of the run (and its peak, sampled every half second); prints a
table and writes bench/out/load.json. An ``--index-dir`` is served on the
engine it was built with, which the first line and the JSON name; the demo
and generated indexes built here are on ``--engine`` (Whoosh by default;
``tantivy`` builds them in folders of their own, named ``...-tantivy``).

    python bench/load.py                         # demo corpus, 20 clients, 30 s
    python bench/load.py --generate 10000        # synthetic news, built once
    python bench/load.py --index-dir bench/out/work-2k-t/ix-html-tantivy-2000 --seconds 10
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from common import (
    DEFAULT_ENGINE,
    ENGINES,
    engine_options,
    load_average,
    machine_info,
    percentiles,
    presssearch_command,
    rss_kb,
    vocabulary,
)
from presssearch import Index

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
DEMO = BENCH_DIR.parent / "corpus"
HOST = "127.0.0.1"
SEED = 7

#: Kinds of request and their share of the mix.
KINDS = (
    ("search", 0.50),
    ("search+filter", 0.15),
    ("search page 2", 0.05),
    ("timeline by outlet", 0.10),
    ("article", 0.15),
    ("export csv", 0.05),
)

DEMO_QUERIES = [
    "Gascón",
    "Audiard Spanish language",
    '"langue espagnole"',
    "Gascón AND Netflix",
    "Oscar OR Goya",
    "Gascón NOT Netflix",
    "lang:es Audiard",
    'source:"Global Wire"',
    "title:victim",
    "Audi*",
    "Gascn~",
    "date:[2025-01-30 TO 2025-02-03]",
    "Zoe Saldaña",
    "campagne des Oscars",
    "pide perdón",
    "emilia perez",
]


@dataclass
class Tally:
    """What the clients saw, added up under a lock."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, status: int) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            self.statuses[status] = self.statuses.get(status, 0) + 1

    def fail(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


def _engine_suffix(engine: str) -> str:
    """What the folder of an index built here adds to its name for a non-default engine."""
    return "" if engine == DEFAULT_ENGINE else f"-{engine}"


def demo_index(work: Path, engine: str = DEFAULT_ENGINE) -> Path:
    """An index of the demo corpus on ``engine``, built once."""
    index_dir = work / f"load-demo-index{_engine_suffix(engine)}"
    if not Index.exists(index_dir):
        with Index.create(index_dir, engine=engine) as index:
            index.add_path(DEMO, jobs=1)
    return index_dir


def generated_index(work: Path, count: int, engine: str = DEFAULT_ENGINE) -> Path:
    """An index of ``count`` generated pages on ``engine``, built once (generate.py, then the
    CLI)."""
    corpus = work / f"load-news-{count}"
    index_dir = work / f"load-news-{count}-index{_engine_suffix(engine)}"
    if not Index.exists(index_dir):
        shutil.rmtree(corpus, ignore_errors=True)
        subprocess.run(
            [
                sys.executable,
                str(BENCH_DIR / "generate.py"),
                "--count",
                str(count),
                "--out",
                str(corpus),
                "--format",
                "html",
                "--seed",
                "1",
            ],
            check=True,
        )
        subprocess.run(
            [
                *presssearch_command(),
                "index",
                str(corpus),
                "--index-dir",
                str(index_dir),
                *engine_options(engine),
            ],
            check=True,
        )
    return index_dir


def queries_for(index_dir: Path, generated: bool) -> list[str]:
    if not generated:
        return DEMO_QUERIES
    rng = random.Random(SEED)
    found = vocabulary(1)
    words = [w for lang in found["languages"] for w in found["vocabulary"][lang]["words"]]
    return [" ".join(rng.sample(words, rng.randint(1, 3))) for _ in range(200)]


def plan(index_dir: Path, queries: list[str], count: int) -> list[tuple[str, str]]:
    """A seeded list of ``count`` (kind, path) requests."""
    rng = random.Random(SEED)
    with Index.open(index_dir) as index:
        stats = index.stats()
        ids = [row.id for q in queries[:20] for row in index.export(q)][:500] or ["none"]
    outlets = [name for name in stats.outlets if name != "unknown"] or [""]
    kinds = [k for k, _ in KINDS]
    weights = [w for _, w in KINDS]
    requests = []
    for _ in range(count):
        kind = rng.choices(kinds, weights)[0]
        params: dict[str, str] = {"q": rng.choice(queries)}
        path = "/"
        if kind == "search+filter":
            choice = rng.random()
            if choice < 0.4:
                params["lang"] = rng.choice(list(stats.languages) or ["en"])
            elif choice < 0.7:
                params["source"] = rng.choice(outlets)
            elif stats.first_date:
                params["since"] = stats.first_date.isoformat()
                params["until"] = (stats.first_date + dt.timedelta(days=30)).isoformat()
        elif kind == "search page 2":
            params["page"] = "2"
        elif kind == "timeline by outlet":
            params.update(by="source", interval="week")
        elif kind == "article":
            path, params = "/article", {"id": rng.choice(ids)}
        elif kind == "export csv":
            path = "/export.csv"
        requests.append((kind, f"{path}?{urlencode(params)}"))
    return requests


def client(port: int, requests: list[tuple[str, str]], deadline: float, tally: Tally) -> None:
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    i = 0
    while time.monotonic() < deadline:
        kind, path = requests[i % len(requests)]
        i += 1
        start = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as exc:
            tally.fail(f"{kind} {path}: {type(exc).__name__}: {exc}")
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=60)
            continue
        tally.add(kind, time.perf_counter() - start, response.status)
    connection.close()


def start_server(index_dir: Path) -> tuple[subprocess.Popen, int]:
    process = subprocess.Popen(
        [
            *presssearch_command(),
            "serve",
            "--index-dir",
            str(index_dir),
            "--host",
            HOST,
            "--port",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = process.stdout.readline() if process.stdout else ""
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not match:
        process.kill()
        raise SystemExit(f"the server did not start: {line or process.stderr.read()}")
    return process, int(match.group(1))


def run(index_dir: Path, queries: list[str], clients: int, seconds: float) -> dict[str, Any]:
    requests = plan(index_dir, queries, 5000)
    process, port = start_server(index_dir)
    try:
        # Warm up: one of each kind, so the first queries' loading is not in the figures.
        warm = Tally()
        seen: set[str] = set()
        for kind, path in requests:
            if kind not in seen:
                seen.add(kind)
                client(port, [(kind, path)], time.monotonic() + 0.001, warm)
        rss = {"start": rss_kb(process.pid) / 1024}
        samples = [rss["start"]]
        tally = Tally()
        begin = time.monotonic()
        deadline = begin + seconds
        rng = random.Random(SEED)
        threads = []
        for n in range(clients):
            offset = rng.randrange(len(requests))
            mine = requests[offset:] + requests[:offset]
            thread = threading.Thread(
                target=client, args=(port, mine, deadline, tally), name=f"c{n}"
            )
            thread.start()
            threads.append(thread)
        while time.monotonic() < deadline:
            time.sleep(0.5)
            samples.append(rss_kb(process.pid) / 1024)
            if "middle" not in rss and time.monotonic() >= begin + seconds / 2:
                rss["middle"] = samples[-1]
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - begin
        rss["end"] = rss_kb(process.pid) / 1024
        rss["max"] = max([*samples, rss["end"]])
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
    every = [s for values in tally.latencies.values() for s in values]
    total = len(every)
    return {
        "clients": clients,
        "seconds": round(elapsed, 2),
        "requests": total,
        "requests_per_s": round(total / elapsed, 1),
        "latency": percentiles(every) if every else {},
        "by_kind": {
            kind: {"requests": len(values), **percentiles(values)}
            for kind, values in sorted(tally.latencies.items())
        },
        "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
        "errors": len(tally.errors) + sum(v for k, v in tally.statuses.items() if k >= 400),
        "connection_errors": tally.errors[:10],
        "server_5xx": sum(v for k, v in tally.statuses.items() if k >= 500),
        "server_rss_mb": {k: round(v, 1) for k, v in rss.items()},
        "server_exit": process.returncode,
    }


def table(result: dict[str, Any]) -> str:
    lines = [
        f"{'requests':<22}{'count':>8}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'max ms':>10}"
    ]
    rows = [
        *result["by_kind"].items(),
        ("all", {"requests": result["requests"], **result["latency"]}),
    ]
    for kind, figures in rows:
        lines.append(
            f"{kind:<22}{figures['requests']:>8}{figures['p50_ms']:>10}{figures['p95_ms']:>10}"
            f"{figures['p99_ms']:>10}{figures['max_ms']:>10}"
        )
    rss = result["server_rss_mb"]
    lines += [
        "",
        f"{result['clients']} clients for {result['seconds']} s:"
        f" {result['requests_per_s']} requests/s, {result['errors']} errors,"
        f" {result['server_5xx']} 5xx",
        f"server RSS MB: start {rss['start']}, middle {rss.get('middle')}, end {rss['end']},"
        f" max {rss['max']}",
        f"load average before {result['load_average']['before']},"
        f" after {result['load_average']['after']}",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--index-dir", type=Path, help="An existing index to serve.")
    source.add_argument("--generate", type=int, metavar="N", help="Serve N generated pages.")
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default=DEFAULT_ENGINE,
        help="the engine of the demo or generated index built here (an --index-dir has its own)",
    )
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--out", type=Path, default=OUT_DIR / "load.json")
    args = parser.parse_args()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    if args.index_dir:
        index_dir, name = args.index_dir, str(args.index_dir)
    elif args.generate:
        index_dir = generated_index(OUT_DIR, args.generate, args.engine)
        name = f"{args.generate} generated"
    else:
        index_dir, name = demo_index(OUT_DIR, args.engine), "demo corpus"
    with Index.open(index_dir) as index:
        documents, engine = len(index), index.engine
    print(
        f"serving {name} ({documents:,} documents, {engine} engine) to {args.clients} clients"
        f" for {args.seconds:g} s"
    )
    load_before = load_average()
    result = run(index_dir, queries_for(index_dir, bool(args.generate)), args.clients, args.seconds)
    result = {
        "index": {"name": name, "path": str(index_dir), "documents": documents},
        "engine": engine,
        **result,
        "machine": machine_info(),
        # Other work on the machine slows the server: the load before and after.
        "load_average": {"before": load_before, "after": load_average()},
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    print(table(result))
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
