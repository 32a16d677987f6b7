"""Peak memory and time of indexing one very large or oddly shaped page.

Each shape is generated at a few sizes in a temporary folder, one file per
folder, and indexed by a fresh ``presssearch index FOLDER --index-dir TMP
--jobs 1`` under ``/usr/bin/time -f "%M KB %e s"`` (peak resident memory of
the largest process, and wall time). Shapes:

news
    A news page: a head with metadata and inline scripts, navigation, an
    article of many paragraphs with figures and read-also boxes, a long
    comment thread, a footer.
oneline
    The same page with every line break taken out: the whole file on one line.
nested
    Elements nested inside each other (``<div><span>...``), a paragraph of
    text at the bottom.
tinyp
    An article made of very many one-word paragraphs.

Every page's first paragraph holds the word ``zanzibarquill``; after
indexing, the script searches for it, so a row also says whether the page
can still be found by a word near its start.

With ``--tree``, the largest news page is also indexed with the default
number of workers, and the summed resident memory of the whole process tree
(parent and workers) is sampled with psutil every 20 ms.

    python bench/bigfiles.py                 # every shape at every size
    python bench/bigfiles.py --quick         # the smallest size of each shape
    python bench/bigfiles.py --tree --label after

Prints a table (shape, size, peak RSS, seconds, seconds per MB, found) and
writes JSON to ``bench/out/bigfiles.json`` (or ``--out``).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

OUT_DIR = Path(__file__).resolve().parent / "out"
MB = 1024 * 1024
MARKER = "zanzibarquill"
TIMEOUT = 900

WORDS = (
    "the government announced on tuesday that the new budget would cut spending on "
    "schools hospitals and roads while raising taxes on fuel and tobacco officials said "
    "el gobierno anunció el martes que el nuevo presupuesto reduciría el gasto en "
    "escuelas hospitales y carreteras le gouvernement a annoncé mardi que le nouveau "
    "budget réduirait les dépenses pour les écoles les hôpitaux et les routes"
).split()


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraphs(rng: random.Random) -> Iterator[str]:
    while True:
        yield " ".join(_sentence(rng, rng.randint(8, 25)) for _ in range(rng.randint(2, 5)))


HEAD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Budget cuts announced for schools and roads | The Daily Bench</title>
<meta property="og:title" content="Budget cuts announced for schools and roads">
<meta property="og:site_name" content="The Daily Bench">
<meta property="article:published_time" content="2025-03-03T08:00:00Z">
<script type="application/ld+json">{"@type": "NewsArticle", "headline":
"Budget cuts announced for schools and roads", "datePublished": "2025-03-03"}</script>
</head>
"""


def news_page(size: int, *, newlines: bool = True) -> str:
    """A news page of about ``size`` characters: markup, article, comments."""
    rng = random.Random(size)
    paragraphs = _paragraphs(rng)
    parts = [HEAD, "<body><header><nav><ul>"]
    parts += [f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(40)]
    parts.append("</ul></nav></header>\n<main><article><h1>Budget cuts announced</h1>\n")
    parts.append(f"<p>{MARKER} {next(paragraphs)}</p>\n")
    total = sum(len(p.encode()) for p in parts)  # bytes, to stay under a --max-size
    article_end = size * 0.6
    size -= 200  # room for the closing tags
    n = 0
    while total < article_end:
        n += 1
        if n % 25 == 0:
            chunk = (
                '<figure><img src="/img.jpg"><figcaption>Photo: Agency</figcaption></figure>\n'
                '<aside class="related"><h3>Read more</h3><ul>'
                + "".join(f'<li><a href="/a/{n}{i}">{_sentence(rng, 6)}</a></li>' for i in range(5))
                + "</ul></aside>\n"
            )
        elif n % 40 == 0:
            chunk = f"<script>var data{n} = {json.dumps([_sentence(rng, 10)] * 20)};</script>\n"
        else:
            chunk = f"<p>{next(paragraphs)}</p>\n"
        parts.append(chunk)
        total += len(chunk.encode())
    parts.append('</article></main>\n<section id="comments" class="comments"><h2>Comments</h2>\n')
    while True:
        chunk = (
            f'<div class="comment"><span class="author">reader{n}</span>'
            f"<p>{_sentence(rng, rng.randint(5, 30))}</p></div>\n"
        )
        n += 1
        total += len(chunk.encode())
        if total > size:
            break
        parts.append(chunk)
    parts.append("</section><footer><p>© The Daily Bench</p></footer></body></html>\n")
    page = "".join(parts)
    return page.replace("\n", " ") if not newlines else page


def oneline_page(size: int) -> str:
    return news_page(size, newlines=False)


def nested_page(depth: int) -> str:
    """``depth`` elements nested in each other, alternating ``div`` and ``span``."""
    tags = ["div" if i % 2 == 0 else "span" for i in range(depth)]
    opening = "".join(f"<{t}>" for t in tags)
    closing = "".join(f"</{t}>" for t in reversed(tags))
    rng = random.Random(depth)
    body = f"<p>{MARKER} {next(_paragraphs(rng))}</p>"
    return f"{HEAD}<body>{opening}{body}{closing}</body></html>\n"


def tiny_paragraphs_page(count: int) -> str:
    """An article of ``count`` one-word paragraphs after a first real one."""
    rng = random.Random(count)
    tiny = "".join(f"<p>{rng.choice(WORDS)}</p>\n" for _ in range(count))
    first = f"<p>{MARKER} {next(_paragraphs(rng))}</p>\n"
    return f"{HEAD}<body><article><h1>Budget</h1>\n{first}{tiny}</article></body></html>\n"


# shape: (generator, sizes, the unit of a size, its label)
SHAPES: dict[str, tuple[Callable[[int], str], tuple[int, ...], str]] = {
    "news": (news_page, (5 * MB, 10 * MB, 25 * MB, 50 * MB), "bytes"),
    "oneline": (oneline_page, (2 * MB, 5 * MB, 10 * MB), "bytes"),
    "nested": (nested_page, (25_000, 50_000, 100_000), "elements"),
    "tinyp": (tiny_paragraphs_page, (250_000, 500_000, 1_000_000), "paragraphs"),
}


def run_index(folder: Path, index_dir: Path, jobs: int | None) -> dict[str, Any]:
    """Index ``folder`` under /usr/bin/time; peak RSS (KB), seconds, exit code."""
    presssearch = Path(sys.executable).with_name("presssearch")
    command = [str(presssearch), "index", str(folder), "--index-dir", str(index_dir)]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    timed = ["/usr/bin/time", "-f", "%M KB %e s", *command]
    try:
        done = subprocess.run(timed, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return {"rss_kb": None, "seconds": TIMEOUT, "returncode": "timeout"}
    last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    try:
        kb, _, seconds, _ = last.split()
        rss, secs = int(kb), float(seconds)
    except ValueError:
        rss, secs = None, None
    return {
        "rss_kb": rss,
        "seconds": secs,
        "returncode": done.returncode,
        "stderr": done.stderr[-2000:],
    }


def run_tree(folder: Path, index_dir: Path) -> dict[str, Any]:
    """Index ``folder`` with the default workers; the peak summed RSS of the process tree."""
    import psutil

    presssearch = Path(sys.executable).with_name("presssearch")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(presssearch), "index", str(folder), "--index-dir", str(index_dir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    root = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            procs = [root, *root.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in procs if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.02)
    return {
        "tree_rss_kb": peak // 1024,
        "seconds": round(time.perf_counter() - start, 2),
        "returncode": proc.returncode,
    }


def found(index_dir: Path) -> bool:
    from presssearch import Index

    with Index.open(index_dir) as index:
        return bool(index.search(MARKER))


def measure(shape: str, size: int, work: Path, *, jobs: int | None = 1) -> dict[str, Any]:
    make, _, unit = SHAPES[shape]
    folder = work / f"{shape}-{size}"
    folder.mkdir()
    page = make(size).encode("utf-8")
    (folder / "page.html").write_bytes(page)
    del page
    index_dir = work / f"index-{shape}-{size}"
    row: dict[str, Any] = {
        "shape": shape,
        "size": size,
        "unit": unit,
        "mb": round((folder / "page.html").stat().st_size / MB, 2),
        "jobs": jobs,
    }
    row.update(run_index(folder, index_dir, jobs) if jobs == 1 else run_tree(folder, index_dir))
    row["found"] = row["returncode"] == 0 and found(index_dir)
    shutil.rmtree(folder)
    shutil.rmtree(index_dir, ignore_errors=True)
    return row


def print_row(row: dict[str, Any]) -> None:
    rss = row.get("rss_kb") or row.get("tree_rss_kb")
    rss_mb = f"{rss / 1024:8.0f}" if rss else "       ?"
    secs = row.get("seconds")
    per_mb = f"{secs / row['mb']:7.2f}" if secs and row["mb"] else "      ?"
    label = "tree" if row["jobs"] != 1 else "jobs 1"
    print(
        f"{row['shape']:8} {row['size']:>10} {row['unit']:10} {row['mb']:7.2f} "
        f"{label:6} {rss_mb} {secs if secs is not None else '?':>8} {per_mb} "
        f"{'yes' if row['found'] else 'NO':>5}",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated shapes")
    parser.add_argument("--quick", action="store_true", help="only the smallest size of each")
    parser.add_argument("--tree", action="store_true", help="also the largest news page, 2 jobs")
    parser.add_argument("--label", default="", help="a name for this run, kept in the JSON")
    parser.add_argument("--out", type=Path, default=OUT_DIR / "bigfiles.json")
    args = parser.parse_args(argv)
    if not Path("/usr/bin/time").exists():
        parser.error("/usr/bin/time is missing (apt-get install time)")

    print(
        f"{'shape':8} {'size':>10} {'unit':10} {'MB':>7} {'procs':6} {'peak MB':>8} "
        f"{'seconds':>8} {'s/MB':>7} {'found':>5}"
    )
    rows = []
    with tempfile.TemporaryDirectory(prefix="bigfiles-") as tmp:
        work = Path(tmp)
        for shape in args.shapes.split(","):
            sizes = SHAPES[shape][1]
            for size in sizes[:1] if args.quick else sizes:
                rows.append(measure(shape, size, work))
                print_row(rows[-1])
        if args.tree:
            rows.append(measure("news", SHAPES["news"][1][-1], work, jobs=None))
            print_row(rows[-1])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"label": args.label, "rows": rows}, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
