"""Raw tantivy on the generated news: the baseline presssearch's tantivy engine is measured against.

The same clean-text articles as ``stock_whoosh.py`` (``generate.py``'s
``.txt`` files, with the manifest's language and date) in a plain tantivy
index laid out the same way, with nothing of presssearch in it:

- eight text fields, ``title_<code>`` and ``body_<code>`` for ``en``, ``es``,
  ``fr`` and ``xx`` (anything else); an article goes into the two fields of
  its language (the manifest's), the body field with the headline too;
- tantivy's own analysis: its built-in ``en_stem`` tokenizer for en (simple
  tokenizer, long tokens dropped, lower case, the Snowball English stemmer),
  for es and fr a ``TextAnalyzer`` registered as ``es_stem`` and ``fr_stem``
  (simple tokenizer, long tokens dropped, lower case, tantivy's Snowball
  stemmer of the language, then ASCII folding), and ``default`` for xx;
  no stop words (tantivy's built-in analyzers have none);
- ``id`` and ``lang`` as ``raw`` text fields, the date as an indexed fast
  date field, the title stored (not the body: there are no snippets);
- written by one ``IndexWriter`` with ``--threads`` indexing threads
  (tantivy's default memory budget), committed once, merges waited for;
- queried with tantivy's query parser over the eight fields: the query's
  words OR-ed, its quoted phrases as phrase queries, each field analyzed by
  its own tokenizer; stock BM25; the ``lang`` term and the date range (on the
  fast field) as ``Must`` clauses of constant score zero, so they filter
  without changing the ranking; the top 10 with their stored fields.

    python bench/raw_tantivy.py index CORPUS INDEX_DIR [--threads 2] [--limit N]

indexes ``CORPUS/txt`` as listed by ``CORPUS/manifest.jsonl`` and prints one
JSON line; ``benchmark.py`` runs it so as to measure the process tree.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from common import build_raw


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    build_cmd = sub.add_parser("index", help="index CORPUS's clean text into INDEX_DIR")
    build_cmd.add_argument("corpus", type=Path)
    build_cmd.add_argument("index_dir", type=Path)
    build_cmd.add_argument("--threads", type=int, default=2, help="tantivy's indexing threads")
    build_cmd.add_argument("--limit", type=int)
    args = parser.parse_args(argv)
    result = build_raw(args.corpus, args.index_dir, threads=args.threads, limit=args.limit)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
