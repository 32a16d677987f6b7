"""Where a query's time goes: cProfile over the benchmark's query mix, by stage.

    python bench/profile_query.py --index bench/out/work-20k/ix-html-20000

runs the first ``--queries`` (200) queries of ``benchmark.py``'s seeded mix
through ``Index.search`` on one open index, twice: with the default options
and with ``translate=False`` (after 20 warm-up queries on both, so the
lexicon and the language model are loaded before the profile starts). The
time under ``Index.search`` is split by the functions of presssearch that
do each part (cumulative times, disjoint):

- planning: ``plan.plan_query`` (with, inside it, parsing, the lexicon's
  expansions and query language detection);
- engine search: the engine reader's ``search`` (``WhooshReader.search``:
  the query tree turned into Whoosh's, Whoosh's matchers, scoring and
  collector; or ``TantivyReader.search`` on a tantivy index);
- stored fields of the hits: the reader's ``stored`` called by ``search._best``;
- collapsing and group lookups: ``search.group_members`` (the other members of
  each hit's near-duplicate group, their stored fields included);
- snippets: ``snippets.snippet`` and ``snippets.lead``, and the query terms
  they highlight (``search._positive_terms``);
- other: the rest (``SearchHit`` building, bookkeeping).

The engine is the index's own (``presssearch/engine/<engine>.py``). Per
query, the table also gives the time in the engine library's own search: on
Whoosh, ``searcher.search_with_collector`` and the documents its collector
scores; on tantivy, the calls of ``tantivy.Searcher.search`` (in Rust) and
their time.

With ``--stock DIR`` (an index of ``stock_whoosh.py``), the baseline runs the
same queries under the profiler too, for the time in Whoosh's search and the
number of documents its collector scores per query.

cProfile slows Python code more than C code, so the shares are a guide and
the absolute times are inflated. Prints a table and the self time by
package, and writes ``bench/out/profile-query-<docs>.{txt,json}``.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import pstats
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from common import (
    OUT_DIR,
    QUERY_SEED,
    WARMUP_QUERIES,
    BenchQuery,
    StockSearcher,
    by_package,
    git_state,
    load_average,
    make_queries,
    query_date,
    search,
)
from presssearch import Index, QueryError

#: (stage, file suffix, function name, only when called from this function or None);
#: ``{engine}`` is the profiled index's engine.
STAGES: tuple[tuple[str, str, str, str | None], ...] = (
    ("planning", "presssearch/plan.py", "plan_query", None),
    ("engine search", "presssearch/engine/{engine}.py", "search", "_best"),
    ("stored fields of the hits", "presssearch/engine/{engine}.py", "stored", "_best"),
    ("collapsing, group lookups", "presssearch/search.py", "group_members", None),
    ("snippets", "presssearch/snippets.py", "snippet", None),
    ("snippets", "presssearch/snippets.py", "lead", None),
    ("snippets", "presssearch/search.py", "_positive_terms", None),
)
#: Parts of planning, shown indented under it.
PLANNING_PARTS: tuple[tuple[str, str, str], ...] = (
    ("parse", "presssearch/plan.py", "parse"),
    ("lexicon lookups (translations)", "presssearch/translate/lexicon.py", "expand"),
    ("query language detection", "presssearch/plan.py", "_query_language"),
)
TOTAL = ("presssearch/index.py", "search")
#: The engine library's own search, by engine: (file suffix, function name); cProfile
#: files a method in C or Rust under "~".
NATIVE_SEARCH = {
    "whoosh": ("whoosh/searching.py", "search_with_collector"),
    "tantivy": ("~", "<method 'search' of 'tantivy.tantivy.Searcher' objects>"),
}


def _cumulative(raw: dict, suffix: str, name: str, caller: str | None = None) -> float:
    """Cumulative seconds of the functions ``name`` in files ending with ``suffix``."""
    total = 0.0
    for (filename, _line, function), (_cc, _nc, _tt, ct, callers) in raw.items():
        if function != name or not filename.endswith(suffix):
            continue
        if caller is None:
            total += ct
        else:
            total += sum(v[3] for (_f, _l, fn), v in callers.items() if fn == caller)
    return total


def stage_shares(stats: pstats.Stats, engine: str = "whoosh") -> dict[str, Any]:
    raw: dict = stats.stats  # type: ignore[attr-defined]
    total = _cumulative(raw, *TOTAL)
    stages: dict[str, float] = {}
    for stage, suffix, name, caller in STAGES:
        found = _cumulative(raw, suffix.format(engine=engine), name, caller)
        stages[stage] = stages.get(stage, 0.0) + found
    stages["other"] = max(0.0, total - sum(stages.values()))
    planning = {part: _cumulative(raw, suffix, name) for part, suffix, name in PLANNING_PARTS}
    return {
        "total_s": round(total, 3),
        "stages_s": {k: round(v, 3) for k, v in stages.items()},
        "stages_share": {k: round(v / total, 3) if total else 0.0 for k, v in stages.items()},
        "planning_parts_s": {k: round(v, 3) for k, v in planning.items()},
        "planning_parts_share": {
            k: round(v / total, 3) if total else 0.0 for k, v in planning.items()
        },
    }


def _calls(raw: dict, suffix: str, name: str) -> int:
    return sum(
        nc
        for (filename, _line, function), (_cc, nc, _tt, _ct, _callers) in raw.items()
        if function == name and filename.endswith(suffix)
    )


def profile_variant(
    run: Callable[[BenchQuery], object], queries: Sequence[BenchQuery], engine: str = "whoosh"
) -> tuple[pstats.Stats, dict[str, Any]]:
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    try:
        for q in queries:
            with contextlib.suppress(QueryError):
                run(q)
    finally:
        profiler.disable()
    seconds = time.perf_counter() - started
    buffer = io.StringIO()
    stats = pstats.Stats(profiler, stream=buffer)
    shares = stage_shares(stats, engine)
    stats.sort_stats("cumulative").print_stats(30)
    raw: dict = stats.stats  # type: ignore[attr-defined]
    return stats, {
        "wall_s": round(seconds, 2),
        # Whoosh's collector: documents it visited (every match scored) per query.
        "collected_per_query": round(_calls(raw, "whoosh/collectors.py", "collect") / len(queries)),
        "whoosh_search_s": round(_cumulative(raw, *NATIVE_SEARCH["whoosh"]), 3),
        "tantivy_search_s": round(_cumulative(raw, *NATIVE_SEARCH["tantivy"]), 3),
        "tantivy_searches_per_query": round(
            _calls(raw, *NATIVE_SEARCH["tantivy"]) / len(queries), 1
        ),
        **shares,
        "by_package_s": {k: round(v, 3) for k, v in by_package(stats).items()},
        "top_cumulative": buffer.getvalue().strip(),
    }


def render(result: dict[str, Any]) -> str:
    names = [n for n in result["variants"] if result["variants"][n]["total_s"]]
    lines = [
        f"query profile: {result['queries']} queries of the benchmark mix on {result['docs']:,}"
        f" documents ({result['index']}, {result.get('engine', 'whoosh')} engine), cProfile",
        f"code: {result['git'].get('commit', '')[:10]} {result['git'].get('subject', '')}",
        f"load average before/after: {result['load_before']} / {result['load_after']}",
        "",
    ]
    head = f"{'stage':<34}" + "".join(f"{n:>26}" for n in names)
    lines += [head, "-" * len(head)]
    first = result["variants"][names[0]]
    for stage in first["stages_s"]:
        cells = ""
        for n in names:
            v = result["variants"][n]
            cells += f"{v['stages_s'][stage]:>15.2f} s {v['stages_share'][stage]:>7.1%}"
        lines.append(f"{stage:<34}{cells}")
        if stage == "planning":
            for part in first["planning_parts_s"]:
                cells = ""
                for n in names:
                    v = result["variants"][n]
                    share = v["planning_parts_share"][part]
                    cells += f"{v['planning_parts_s'][part]:>15.2f} s {share:>7.1%}"
                lines.append(f"  {part:<32}{cells}")
    cells = "".join(f"{result['variants'][n]['total_s']:>15.2f} s {1:>7.1%}" for n in names)
    lines.append(f"{'total under Index.search':<34}{cells}")
    lines.append("")
    lines.append(
        "the engine library's own search, per query: Whoosh's (searcher.search_with_collector)"
        " and its collector, tantivy's (Searcher.search):"
    )
    for n, v in result["variants"].items():
        q = result["queries"]
        if v.get("tantivy_search_s"):
            native = (
                f" {v['tantivy_search_s'] / q * 1000:7.1f} ms in tantivy's search,"
                f" {v['tantivy_searches_per_query']:,} calls"
            )
        else:
            native = (
                f" {v['whoosh_search_s'] / q * 1000:7.1f} ms in Whoosh's search,"
                f" {v['collected_per_query']:,} documents collected (scored)"
            )
        lines.append(f"  {n:<16} {v['wall_s'] / q * 1000:7.1f} ms a query under cProfile,{native}")
    lines.append("")
    lines.append("self time by package (C builtins and stdlib charged to their callers):")
    for n in result["variants"]:
        packages = result["variants"][n]["by_package_s"]
        total = sum(packages.values()) or 1.0
        lines.append(
            f"  {n}: "
            + ", ".join(f"{k} {v / total:.0%}" for k, v in packages.items() if v / total >= 0.005)
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="a presssearch index folder")
    parser.add_argument("--stock", type=Path, help="a stock_whoosh.py index, profiled too")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1, help="the collection's seed")
    parser.add_argument(
        "--out",
        type=Path,
        help="default: bench/out/profile-query-<docs>.txt (-<engine> before .txt if not Whoosh)",
    )
    args = parser.parse_args(argv)
    queries = make_queries(args.seed)[: args.queries]
    warmup = make_queries(args.seed, WARMUP_QUERIES, query_seed=QUERY_SEED + 1)
    result: dict[str, Any] = {
        "queries": len(queries),
        "index": str(args.index),
        "git": git_state(),
        "load_before": load_average(),
        "variants": {},
    }
    with Index.open(args.index) as index:
        result["docs"] = len(index)
        result["engine"] = engine = index.engine
        for q in warmup:
            for translate in (True, False):
                with contextlib.suppress(QueryError):
                    search(index, q, translate=translate)
        runs: dict[str, Callable[[BenchQuery], object]] = {
            "defaults": lambda q: search(index, q),
            "translate=False": lambda q: search(index, q, translate=False),
        }
        stock = None
        if args.stock is not None:
            stock = StockSearcher(args.stock)
            for q in warmup:
                stock.search(q.text, limit=10)
            runs["stock Whoosh"] = lambda q: stock.search(
                q.text, lang=q.lang, since=query_date(q.since), until=query_date(q.until), limit=10
            )
        tops = []
        for name, run in runs.items():
            _stats, figures = profile_variant(
                run, queries, engine if name != "stock Whoosh" else "whoosh"
            )
            tops.append(f"== {name}: the 30 functions with the most cumulative time ==\n")
            tops.append(figures.pop("top_cumulative") + "\n")
            result["variants"][name] = figures
        if stock is not None:
            stock.close()
    result["load_after"] = load_average()
    table = render(result)
    result["table"] = table
    suffix = "" if result["engine"] == "whoosh" else f"-{result['engine']}"
    out = args.out or OUT_DIR / f"profile-query-{result['docs']}{suffix}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(table + "\n\n" + "\n".join(tops), encoding="utf-8")
    out.with_suffix(".json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(table)
    print(f"\nreport: {out} and {out.with_suffix('.json')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
