"""Stock Whoosh on the generated news: the baseline presssearch is measured against.

The same clean-text articles (``generate.py``'s ``.txt`` files, with the
manifest's language and date) in an index laid out as presssearch's is, but
with nothing of presssearch in it:

- eight text fields, ``title_<code>`` and ``body_<code>`` for ``en``, ``es``,
  ``fr`` and ``xx`` (anything else); an article goes into the two fields of
  its language (the manifest's: stock Whoosh detects none), the body field
  with the headline too, as presssearch does;
- Whoosh's own analysis: ``LanguageAnalyzer(lang)`` for en/es/fr (regex
  tokenizer, lower case, the language's stop words, Whoosh's pure-Python
  Snowball stemmer) and ``StandardAnalyzer`` for ``xx``;
- ``id`` and ``lang`` as ``ID`` fields, the date as a ``DATETIME``, the
  title stored (not the body: there are no snippets);
- written by ``ix.writer(procs=N, multisegment=True)``, Whoosh's own
  multi-process writer;
- queried with a plain OR of the query's words (and quoted phrases) over the
  eight fields (``MultifieldParser`` with ``OrGroup``), stock BM25F, filters
  as a Whoosh filter query, the top 10 with their stored fields.

    python bench/stock_whoosh.py index CORPUS INDEX_DIR [--procs 2] [--limit N]

indexes ``CORPUS/txt`` as listed by ``CORPUS/manifest.jsonl`` and prints one
JSON line; ``benchmark.py`` runs it so as to measure the process tree.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from common import build_stock


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    build_cmd = sub.add_parser("index", help="index CORPUS's clean text into INDEX_DIR")
    build_cmd.add_argument("corpus", type=Path)
    build_cmd.add_argument("index_dir", type=Path)
    build_cmd.add_argument("--procs", type=int, default=2)
    build_cmd.add_argument("--limit", type=int)
    args = parser.parse_args(argv)
    result = build_stock(args.corpus, args.index_dir, procs=args.procs, limit=args.limit)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
