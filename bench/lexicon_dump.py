"""Dump what the lexicon gives for thousands of real words, to compare two versions.

Reads the English, Spanish and French NTREX lines of ``../shared/eval`` (or
``$PRESSSEARCH_EVAL_DIR``) and writes one JSON line per lookup to a file. The
first 400 lines of each language (headlines and first sentences) are expanded
whole, as the query side does (stop words, cap; from any language and from the
line's own), which exercises the expressions of two and three words; each of
their distinct words is expanded alone, and given to ``lookup`` and to
``translate`` (with the pivot) in every direction.

Run it before and after a change of ``presssearch.translate`` and diff the
two files: identical files mean identical expansions::

    python bench/lexicon_dump.py bench/out/lexicon-before.jsonl
    python bench/lexicon_dump.py bench/out/lexicon-after.jsonl
    diff bench/out/lexicon-before.jsonl bench/out/lexicon-after.jsonl

It also prints a table: the number of lines and the time the lookups took.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

from presssearch.plan import _is_stop_word
from presssearch.ranking import TRANSLATION_CAP
from presssearch.translate import LANGS, Expansion, Lexicon

REPO_ROOT = Path(__file__).resolve().parents[1]
EVAL_DIR = Path(os.environ.get("PRESSSEARCH_EVAL_DIR") or REPO_ROOT.parent / "shared" / "eval")
FILES = {
    "en": "newstest2019-src.eng.txt",
    "es": "newstest2019-ref.spa.txt",
    "fr": "newstest2019-ref.fra.txt",
}
WORD = re.compile(r"\w+(?:['’]\w+)*")


def _expansions(expansions: list[Expansion]) -> list[object]:
    return [
        [e.text, list(e.languages), {k: list(v) for k, v in sorted(e.translations.items())}]
        for e in expansions
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the JSON-lines file to write")
    parser.add_argument("--eval-dir", type=Path, default=EVAL_DIR)
    parser.add_argument(
        "--lines", type=int, default=400, help="how many lines of each language (default 400)"
    )
    args = parser.parse_args(argv)

    texts = {
        lang: (args.eval_dir / "ntrex" / name).read_text(encoding="utf-8").split("\n")
        for lang, name in FILES.items()
    }
    started = time.perf_counter()
    lexicon = Lexicon.load()
    loaded = time.perf_counter() - started
    n = 0
    started = time.perf_counter()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:

        def emit(*row: object) -> None:
            nonlocal n
            n += 1
            out.write(json.dumps(row, ensure_ascii=False) + "\n")

        seen: set[str] = set()
        for lang in LANGS:
            for line in texts[lang][: args.lines]:
                words = WORD.findall(line)
                for source in (None, lang):
                    emit(
                        "line",
                        source,
                        line,
                        _expansions(
                            lexicon.expand(
                                words, stopwords=_is_stop_word, cap=TRANSLATION_CAP, source=source
                            )
                        ),
                    )
                for word in words:
                    if word in seen:
                        continue
                    seen.add(word)
                    emit("word", word, _expansions(lexicon.expand([word], stopwords=_is_stop_word)))
                    for source in LANGS:
                        emit("lookup", word, source, lexicon.lookup(word, source))
                        for target in LANGS:
                            if target != source:
                                got = lexicon.translate(word, source, target, pivot=True)
                                emit("translate", word, source, target, list(got))
    took = time.perf_counter() - started
    print(f"{'words':>8} {'lines':>8} {'load s':>8} {'lookups s':>10}")
    print(f"{len(seen):>8} {n:>8} {loaded:>8.2f} {took:>10.2f}")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
