"""CPU per page of extraction and of the near-duplicate fingerprint, now and at a given commit.

``src/presssearch`` as it was at ``--base`` (a single ``extract.py`` or the
``extract`` package, whichever that commit has) is exported to a temporary
folder, and each version runs in a process of its own over the same pages:
generated pages (``generate.py``), the real pages of the evaluation set (the
61 curated pages and, with ``--web``, the 437 pages of ``web/``) and the demo
corpus. Every field of the two articles (title, text, language, date,
outlet, authors, URL, declared language, encoding, notes) and the two
fingerprints are compared, and the pages that differ are counted (with
``--same``, the script exits 1 if any differs: for a change meant to keep
the output). Each version extracts and fingerprints each page ``--rounds``
times and the least CPU time (``time.process_time``) of each page is kept:
on a shared machine, interference only ever adds time (and a cost paid once
in a process, such as a parser's first call, falls on one round only).
Each process first reads three pages untimed, which loads the language model
and the extractors. Language detection is timed apart.

Prints a table, writes ``bench/out/extract_cpu.json``.

    python bench/extract_cpu.py [--base main] [--pages 2000] [--rounds 2] [--web] [--same]
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import pickle
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from common import load_pages, resolve_eval_dir
from presssearch import extract

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
BASE_REV = "main"

Page = tuple[str, bytes, str]  # label, bytes, the file name extraction sees


def export_source(rev: str, folder: Path) -> Path:
    """The folder holding ``presssearch`` as it was at ``rev``."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev, "src/presssearch"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder / "src"


# Run in a process of its own with the version's source first on sys.path:
# argv is the source folder, the pickled pages, the rounds and the output file.
_WORKER = r"""
import gc, pickle, sys, time
sys.path.insert(0, sys.argv[1])
import presssearch.extract as extract
from presssearch.dedup import fingerprint
from presssearch.errors import ExtractionError
pages = pickle.loads(open(sys.argv[2], "rb").read())
rounds = int(sys.argv[3])
detect = extract.detect_language
spent = [0.0]
def timed_detect(text):
    started = time.process_time()
    try:
        return detect(text)
    finally:
        spent[0] += time.process_time() - started
extract.detect_language = timed_detect
# Loading the language model and the extractors is not a page's cost.
for label, data, name in pages[:3]:
    try:
        extract.extract_article(data, path=name)
    except ExtractionError:
        pass
outputs, times = [], []
gc.disable()
for i, (label, data, name) in enumerate(pages):
    best = None
    for _ in range(rounds):
        spent[0] = 0.0
        started = time.process_time()
        try:
            article = extract.extract_article(data, path=name)
            text = article.text
        except ExtractionError as exc:
            article, text = None, ""
            error = ("error", str(exc), exc.reason)
        extracted = time.process_time()
        printed = fingerprint(text)
        done = time.process_time()
        t = (extracted - started - spent[0], spent[0], done - extracted)
        best = t if best is None else tuple(min(a, b) for a, b in zip(best, t))
    times.append(best)
    if article is None:
        outputs.append(error)
    else:
        outputs.append((article.title, article.text, article.lang, article.published,
            article.source, article.authors, article.url, article.declared_lang,
            article.encoding, article.notes, printed))
    if i % 25 == 24:
        gc.collect()
open(sys.argv[4], "wb").write(pickle.dumps((outputs, times)))
"""


def run_version(src: Path, pages: list[Page], rounds: int, folder: Path) -> tuple[list, list]:
    """The outputs and per-page CPU times of the version in ``src`` over ``pages``."""
    given, got = folder / "pages.pickle", folder / f"out-{abs(hash(str(src)))}.pickle"
    given.write_bytes(pickle.dumps(pages))
    subprocess.run(
        [sys.executable, "-c", _WORKER, str(src), str(given), str(rounds), str(got)], check=True
    )
    return pickle.loads(got.read_bytes())


def generated_pages(count: int, seed: int, folder: Path) -> list[Page]:
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "generate.py"),
            "--count",
            str(count),
            "--out",
            str(folder),
            "--format",
            "html",
            "--seed",
            str(seed),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return [(f"generated:{p.name}", p.read_bytes(), p.name) for p in sorted(folder.rglob("*.html"))]


def eval_pages(eval_dir: Path) -> list[Page]:
    pages = []
    for page in load_pages(eval_dir):
        data = page.file.read_bytes()
        if page.file.suffix == ".gz":
            data = gzip.decompress(data)
        pages.append((f"eval:{page.id}", data, page.name))
    return pages


def web_pages(eval_dir: Path) -> list[Page]:
    folder = eval_dir / "web" / "pages"
    return [
        (f"web:{p.name}", gzip.decompress(p.read_bytes()), p.name.removesuffix(".gz"))
        for p in sorted(folder.glob("*.gz"))
    ]


def corpus_pages() -> list[Page]:
    return [
        (f"corpus:{p.relative_to(ROOT / 'corpus')}", p.read_bytes(), p.name)
        for p in sorted((ROOT / "corpus").rglob("*"))
        if p.suffix in extract.SUFFIXES
    ]


STAGES = ("extraction", "detection", "fingerprint")


def mean_ms(times: list[tuple[float, float, float]]) -> dict[str, float]:
    return {stage: sum(t[k] for t in times) * 1000 / len(times) for k, stage in enumerate(STAGES)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default=BASE_REV, help="the commit to compare with")
    parser.add_argument("--pages", type=int, default=2000, help="generated pages")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2, help="timed runs of each page")
    parser.add_argument("--eval-dir", help="default: ../shared/eval or $PRESSSEARCH_EVAL_DIR")
    parser.add_argument("--web", action="store_true", help="also the 437 pages of web/")
    parser.add_argument("--same", action="store_true", help="exit 1 if any page differs")
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        folder = Path(tmp)
        base_src = export_source(args.base, folder / "base")
        now_src = ROOT / "src"
        sets = {"generated": generated_pages(args.pages, args.seed, folder / "generated")}
        try:
            eval_dir = resolve_eval_dir(args.eval_dir)
            sets["evaluation"] = eval_pages(eval_dir)
            if args.web:
                sets["web"] = web_pages(eval_dir)
        except (OSError, ValueError):
            print("no evaluation pages: timing the generated pages only", file=sys.stderr)
        sets["corpus"] = corpus_pages()

        result: dict[str, Any] = {
            "base": args.base,
            "rounds": args.rounds,
            "load_before": os.getloadavg(),
            "sets": {},
        }
        compared = differ = 0
        for set_name, pages in sets.items():
            base_out, base_times = run_version(base_src, pages, args.rounds, folder)
            now_out, now_times = run_version(now_src, pages, args.rounds, folder)
            changed = [p[0] for p, a, b in zip(pages, base_out, now_out, strict=True) if a != b]
            compared += len(pages)
            differ += len(changed)
            figures = {args.base: mean_ms(base_times), "now": mean_ms(now_times)}
            result["sets"][set_name] = {
                "pages": len(pages),
                "differ": len(changed),
                "ms_per_page": figures,
            }
            print(
                f"\n{set_name} pages ({len(pages):,}; {len(changed)} read differently),"
                " CPU ms a page:"
            )
            print(f"{'stage':<12}{args.base:>10}{'now':>10}{'ratio':>8}")
            for stage in (*STAGES, "total"):
                if stage == "total":
                    old, new = (sum(figures[v].values()) for v in figures)
                else:
                    old, new = (figures[v][stage] for v in figures)
                print(f"{stage:<12}{old:>10.3f}{new:>10.3f}{old / new if new else 0:>7.2f}x")
        print(f"\n{compared:,} pages compared with {args.base}: {differ} read differently")
        result["compared"], result["differ"] = compared, differ
        result["load_after"] = os.getloadavg()
    (OUT / "extract_cpu.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 1 if differ and args.same else 0


if __name__ == "__main__":
    sys.exit(main())
