"""Check that language ID answers as it did before its model was cached.

Runs ``detect_language`` as it was at a given commit (py3langid's own model,
loaded whole) and as it is now over every NTREX line in en/es/fr/pt/it/ca/de (the
story headlines are among them), the same lines in capitals, and the lingua
sentences, word pairs and single words, with and without the langdetect
tie-break. The current code is run three ways: as it chooses (pure Python for
short text, numpy for longer), all in pure Python, and all with numpy. Also
counts the texts whose numpy-path probabilities are bit for bit py3langid's.

Prints a table, writes ``bench/out/detect_identical.json``, and exits 1 if any
answer differs. The data directory is ``../shared/eval`` beside the repository,
or ``$PRESSSEARCH_EVAL_DIR``, or ``--eval-dir``.

    python bench/detect_identical.py [--old-rev f56ed8f] [--limit N]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

from common import LINGUA_KINDS, NTREX_FILES, read_lines
from presssearch import detect

ROOT = Path(__file__).resolve().parents[1]
# The last commit before the model was cached.
OLD_REV = "f56ed8f"


def texts(eval_dir: Path) -> dict[str, list[str]]:
    """The texts to compare, by set name."""
    out: dict[str, list[str]] = {}
    for lang, name in NTREX_FILES.items():
        lines = [line for line in read_lines(eval_dir / "ntrex" / name) if line.strip()]
        out[f"ntrex.{lang}"] = lines
        out[f"ntrex.{lang}.capitals"] = [line.upper() for line in lines]
    for kind in LINGUA_KINDS:
        for lang in NTREX_FILES:
            path = eval_dir / "langid" / "lingua" / kind / f"{lang}.txt"
            out[f"lingua.{kind}.{lang}"] = [t for t in read_lines(path) if t.strip()]
    return out


def old_module(rev: str) -> ModuleType:
    """``presssearch.detect`` as it was at ``rev``."""
    source = subprocess.run(
        ["git", "show", f"{rev}:src/presssearch/detect.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    folder = Path(tempfile.mkdtemp(prefix="detect-old-"))
    path = folder / "detect_old.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("detect_old", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old-rev", default=OLD_REV)
    parser.add_argument("--eval-dir", type=Path)
    parser.add_argument("--limit", type=int, help="at most this many texts per set")
    args = parser.parse_args()
    eval_dir = args.eval_dir or Path(
        os.environ.get("PRESSSEARCH_EVAL_DIR") or ROOT.parent / "shared" / "eval"
    )
    sets = texts(eval_dir)
    if args.limit:
        sets = {name: found[: args.limit] for name, found in sets.items()}
    flat = [t for found in sets.values() for t in found]
    old = old_module(args.old_rev)
    limit = detect._PURE_MAX_BYTES
    ways = {"as chosen": limit, "pure Python": 10**9, "numpy": -1}
    rows: list[dict[str, object]] = []
    failures = 0
    for tie_break in (False, True):
        start = time.perf_counter()
        before = [old.detect_language(t, tie_break=tie_break) for t in flat]
        old_seconds = time.perf_counter() - start
        for way, bytes_limit in ways.items():
            detect._PURE_MAX_BYTES = bytes_limit
            start = time.perf_counter()
            after = [detect.detect_language(t, tie_break=tie_break) for t in flat]
            seconds = time.perf_counter() - start
            diffs = [(t, a, b) for t, a, b in zip(flat, before, after, strict=True) if a != b]
            failures += len(diffs)
            rows.append(
                {
                    "tie_break": tie_break,
                    "way": way,
                    "texts": len(flat),
                    "differences": len(diffs),
                    "examples": [list(d) for d in diffs[:10]],
                    "seconds_old": round(old_seconds, 2),
                    "seconds_new": round(seconds, 2),
                }
            )
    detect._PURE_MAX_BYTES = -1
    model = detect._model()
    identical = sum(
        old._identifier().rank(t[: detect.SAMPLE_CHARS]) == model.rank(t[: detect.SAMPLE_CHARS])
        for t in flat
    )
    detect._PURE_MAX_BYTES = limit

    print(f"{'tie-break':<10} {'scored':<12} {'texts':>7} {'differences':>12}")
    for row in rows:
        print(
            f"{'yes' if row['tie_break'] else 'no':<10} {row['way']:<12} "
            f"{row['texts']:>7} {row['differences']:>12}"
        )
    print(f"numpy-path probabilities bit for bit py3langid's: {identical} of {len(flat)} texts")
    print(f"sets: {', '.join(f'{name} {len(found)}' for name, found in sets.items())}")
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    report = {
        "old_rev": args.old_rev,
        "sets": {name: len(found) for name, found in sets.items()},
        "runs": rows,
        "numpy_probabilities_identical": identical,
    }
    (out / "detect_identical.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(f"JSON: {out / 'detect_identical.json'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
