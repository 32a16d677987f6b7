"""CPU per page of extraction and of the near-duplicate fingerprint, now and at a given commit.

``extract.py`` and ``dedup.py`` as they were at ``--base`` are loaded beside
the current ones (the rest of presssearch is shared). Over generated pages
(``generate.py``), the real pages of the evaluation set and the demo corpus,
each page is read by both, and every field of the two articles (title,
text, language, date, outlet, authors, URL, declared language, encoding,
notes) and the two fingerprints must be the same: the script exits 1 if any
differs. Then, page by page, each version extracts and fingerprints the page
``--rounds`` times, the versions' order alternating, and the least CPU time
(``time.process_time``) of each is kept: on a shared machine, interference
only ever adds time, and both versions meet the same conditions page by page.
Language detection, which neither file does, is timed apart.

Prints a table, writes ``bench/out/extract_cpu.json``.

    python bench/extract_cpu.py [--base af499f2] [--pages 2000] [--rounds 2]
"""

from __future__ import annotations

import argparse
import gc
import gzip
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from common import load_pages, resolve_eval_dir
from presssearch import ExtractionError, dedup, extract

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
# The main line before extraction was made cheaper (with presssearch's own
# MinHash, which gives datasketch's signatures).
BASE_REV = "af499f2"

Page = tuple[str, bytes, str]  # label, bytes, the file name extraction sees


def base_modules(rev: str, folder: Path) -> tuple[ModuleType, ModuleType]:
    """``presssearch.extract`` and ``presssearch.dedup`` as they were at ``rev``."""
    modules = []
    for name in ("extract", "dedup"):
        source = subprocess.run(
            ["git", "show", f"{rev}:src/presssearch/{name}.py"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
        path = folder / f"base_{name}.py"
        path.write_bytes(source)
        spec = importlib.util.spec_from_file_location(f"base_{name}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up
        spec.loader.exec_module(module)
        modules.append(module)
    return modules[0], modules[1]


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


def corpus_pages() -> list[Page]:
    return [
        (f"corpus:{p.relative_to(ROOT / 'corpus')}", p.read_bytes(), p.name)
        for p in sorted((ROOT / "corpus").rglob("*"))
        if p.suffix in extract.SUFFIXES
    ]


def output(module: ModuleType, fingerprint: Callable[[str], Any], page: Page) -> object:
    """Everything ``module`` reads from ``page``, and the text's fingerprint."""
    _, data, name = page
    try:
        article = module.extract_article(data, path=name)
    except ExtractionError as exc:
        return ("error", str(exc), exc.reason)
    return (
        article.title,
        article.text,
        article.lang,
        article.published,
        article.source,
        article.authors,
        article.url,
        article.declared_lang,
        article.encoding,
        article.notes,
        fingerprint(article.text),
    )


class Version:
    """One version's extraction and fingerprint, detection timed apart."""

    def __init__(self, extract_module: ModuleType, dedup_module: ModuleType) -> None:
        self.extract = extract_module
        self.fingerprint = dedup_module.fingerprint
        self.detecting = 0.0
        detect = extract_module.detect_language

        def timed_detect(text: str) -> str:
            started = time.process_time()
            try:
                return detect(text)
            finally:
                self.detecting += time.process_time() - started

        extract_module.detect_language = timed_detect

    def run(self, page: Page) -> tuple[float, float, float]:
        """CPU seconds of extraction (without detection), detection and the fingerprint."""
        _, data, name = page
        self.detecting = 0.0
        started = time.process_time()
        try:
            text = self.extract.extract_article(data, path=name).text
        except ExtractionError:
            text = ""
        extracted = time.process_time()
        self.fingerprint(text)
        done = time.process_time()
        return extracted - started - self.detecting, self.detecting, done - extracted


STAGES = ("extraction", "detection", "fingerprint")


def timings(versions: dict[str, Version], pages: list[Page], rounds: int) -> dict[str, Any]:
    """Per version and stage, the mean over pages of each page's least CPU time, in ms."""
    best: dict[str, list[tuple[float, ...]]] = {name: [] for name in versions}
    names = list(versions)
    gc.disable()
    try:
        for i, page in enumerate(pages):
            seen: dict[str, list[tuple[float, float, float]]] = {name: [] for name in names}
            for r in range(rounds):
                for name in names if (i + r) % 2 == 0 else names[::-1]:
                    seen[name].append(versions[name].run(page))
            for name in names:
                best[name].append(tuple(min(t[k] for t in seen[name]) for k in range(3)))
            if i % 25 == 24:
                gc.collect()
    finally:
        gc.enable()
    return {
        name: {
            stage: sum(t[k] for t in best[name]) * 1000 / len(pages)
            for k, stage in enumerate(STAGES)
        }
        for name in names
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default=BASE_REV, help="the commit to compare with")
    parser.add_argument("--pages", type=int, default=2000, help="generated pages")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2, help="timed runs of each page")
    parser.add_argument("--eval-dir", help="default: ../shared/eval or $PRESSSEARCH_EVAL_DIR")
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        folder = Path(tmp)
        base = Version(*base_modules(args.base, folder))
        now = Version(extract, dedup)
        sets = {"generated": generated_pages(args.pages, args.seed, folder / "generated")}
        try:
            sets["evaluation"] = eval_pages(resolve_eval_dir(args.eval_dir))
        except (OSError, ValueError):
            print("no evaluation pages: timing the generated pages only", file=sys.stderr)
        sets["corpus"] = corpus_pages()

        compared = differ = 0
        for pages in sets.values():
            for page in pages:
                compared += 1
                if output(base.extract, base.fingerprint, page) != output(
                    extract, dedup.fingerprint, page
                ):
                    differ += 1
                    print(f"differs: {page[0]}", file=sys.stderr)
        print(f"{compared:,} pages compared with {args.base}: {differ} differ")

        result: dict[str, Any] = {
            "base": args.base,
            "rounds": args.rounds,
            "compared": compared,
            "differ": differ,
            "load_before": os.getloadavg(),
            "sets": {},
        }
        versions = {args.base: base, "now": now}
        for set_name in ("generated", "evaluation"):
            if set_name not in sets:
                continue
            figures = timings(versions, sets[set_name], args.rounds)
            result["sets"][set_name] = {"pages": len(sets[set_name]), "ms_per_page": figures}
            print(f"\n{set_name} pages ({len(sets[set_name]):,}), CPU ms a page:")
            print(f"{'stage':<12}{args.base:>10}{'now':>10}{'ratio':>8}")
            for stage in (*STAGES, "total"):
                if stage == "total":
                    old, new = (sum(figures[v].values()) for v in versions)
                else:
                    old, new = (figures[v][stage] for v in versions)
                print(f"{stage:<12}{old:>10.3f}{new:>10.3f}{old / new:>7.2f}x")
        result["load_after"] = os.getloadavg()
    (OUT / "extract_cpu.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
