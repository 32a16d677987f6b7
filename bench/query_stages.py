"""Where a query's time goes on the tantivy engine, with timers (no profiler).

    python bench/query_stages.py bench/out/work-100k/ix-html-tantivy-100000

Runs 20 warm-up queries of the benchmark's mix (``common.make_queries``)
on the index, reopens it (so that no result is remembered), then the next
200 queries, each through ``Index.search`` with the defaults, and prints the
mean wall time a query spends in each stage: planning (``plan_query``:
parsing, translations, query language), the engine search (tantivy's
candidates, then their exact rescoring), stored fields and snippets. The
stages are timed by wrapping the functions that do them; cProfile (as in
``profile_query.py``) slows Python code far more than tantivy's, so its
shares mislead here.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import presssearch.engine.tantivy.reader as tantivy_engine
import presssearch.search as search_module
from common import make_queries, percentiles, search
from presssearch import Index

STAGES: list[tuple[Any, str, str]] = [
    (search_module, "plan_query", "planning"),
    (tantivy_engine.TantivyReader, "_ranked", "engine search (candidates + rescoring)"),
    (tantivy_engine.TantivyReader, "_candidates", "  of which tantivy's candidates"),
    (tantivy_engine.TantivyReader, "stored", "stored fields"),
    (search_module, "snippet", "snippets"),
]


def timed(spent: collections.Counter[str], label: str, f: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return f(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - started

    return wrapper


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index", help="a presssearch index on the tantivy engine")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--slowest", type=int, default=0, metavar="N", help="also list the N slowest queries"
    )
    args = parser.parse_args(argv)
    spent: collections.Counter[str] = collections.Counter()
    for owner, name, label in STAGES:
        setattr(owner, name, timed(spent, label, getattr(owner, name)))
    queries = make_queries(1, 20 + args.queries)
    with Index.open(args.index) as index:
        for q in queries[:20]:
            search(index, q)
    with Index.open(args.index) as index:
        spent.clear()
        each: list[tuple[float, dict[str, float], Any]] = []
        for q in queries[20:]:
            before = dict(spent)
            started = time.perf_counter()
            search(index, q)
            took = time.perf_counter() - started
            stages = {label: spent[label] - before.get(label, 0.0) for _, _, label in STAGES}
            each.append((took, stages, q))
    total = sum(took for took, _, _ in each)
    print(f"{args.queries} queries on {args.index}: {total / args.queries * 1000:.2f} ms a query")
    print(f"  {'stage':42} {'mean':>6} {'p50':>6} {'p95':>6}  (ms)")
    for _, _, label in STAGES:
        figures = percentiles([stages[label] for _, stages, _ in each])
        print(
            f"  {label:42} {figures['mean_ms']:6.2f} {figures['p50_ms']:6.2f}"
            f" {figures['p95_ms']:6.2f}"
        )
    if args.slowest:
        print(f"\nthe {args.slowest} slowest queries (ms: total, then each stage as above):")
        for took, stages, q in sorted(each, key=lambda e: e[0], reverse=True)[: args.slowest]:
            split = " ".join(f"{stages[label] * 1000:5.1f}" for _, _, label in STAGES)
            print(f"  {took * 1000:6.1f} | {split} | {q.kind:<8} {q.text[:60]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
