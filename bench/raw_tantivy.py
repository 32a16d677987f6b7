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
import datetime as dt
import json
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import tantivy

from stock_whoosh import TEXT_FIELDS, article, read_manifest

#: Tantivy's default writer budget (shared by the indexing threads).
HEAP_BYTES = 128_000_000
#: Tokens longer than this are dropped, as by tantivy's built-in ``en_stem``.
LONG_TOKEN = 40
#: The tokenizer of each language's fields: tantivy's own for en and xx, ours for es/fr.
TOKENIZERS = {"en": "en_stem", "es": "es_stem", "fr": "fr_stem", "xx": "default"}
STEMMED = {"es_stem": "spanish", "fr_stem": "french"}


def schema() -> tantivy.Schema:
    """Eight analyzed fields; id, language and date for filters; the title stored."""
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("lang", stored=True, tokenizer_name="raw")
    builder.add_date_field("published", stored=True, indexed=True, fast=True)
    builder.add_text_field("title", stored=True, tokenizer_name="raw", index_option="basic")
    for name in TEXT_FIELDS:
        builder.add_text_field(name, tokenizer_name=TOKENIZERS[name.rsplit("_", 1)[1]])
    return builder.build()


def register_tokenizers(ix: tantivy.Index) -> None:
    """The Spanish and French analyzers: tantivy keeps them in memory, not in the index."""
    for name, language in STEMMED.items():
        analyzer = (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(LONG_TOKEN))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.stemmer(language))
            .filter(tantivy.Filter.ascii_fold())
            .build()
        )
        ix.register_tokenizer(name, analyzer)


def document(corpus: Path, entry: dict[str, Any]) -> tantivy.Document:
    """The tantivy document of one manifest entry, from its ``.txt`` file."""
    title, body, code = article(corpus, entry)
    doc = tantivy.Document()
    doc.add_text("id", entry["id"])
    doc.add_text("lang", entry["lang"])
    doc.add_date("published", _midnight(dt.date.fromisoformat(entry["date"])))
    doc.add_text("title", title)
    doc.add_text(f"title_{code}", title)
    doc.add_text(f"body_{code}", f"{title}\n\n{body}")
    return doc


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def build(
    corpus: Path, index_dir: Path, *, threads: int = 2, limit: int | None = None
) -> dict[str, Any]:
    """Index the first ``limit`` articles of ``corpus`` (all by default) into ``index_dir``."""
    entries = read_manifest(corpus)[:limit]
    shutil.rmtree(index_dir, ignore_errors=True)
    index_dir.mkdir(parents=True)
    started = time.perf_counter()
    ix = tantivy.Index(schema(), path=str(index_dir))
    register_tokenizers(ix)
    writer = ix.writer(heap_size=HEAP_BYTES, num_threads=threads)
    for entry in entries:
        writer.add_document(document(corpus, entry))
    writer.commit()
    writer.wait_merging_threads()
    seconds = time.perf_counter() - started
    ix.reload()
    count = ix.searcher().num_docs
    return {"docs": count, "seconds": round(seconds, 2), "threads": threads}


class RawSearcher:
    """One open searcher; :meth:`search` runs a query as the baseline does."""

    def __init__(self, index_dir: Path) -> None:
        self.ix = tantivy.Index.open(str(index_dir))
        register_tokenizers(self.ix)
        self.schema = self.ix.schema
        self.searcher = self.ix.searcher()

    def search(
        self,
        text: str,
        *,
        lang: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int = 10,
    ) -> list[dict[str, Any]]:
        q = self.ix.parse_query(text, list(TEXT_FIELDS))
        filters: list[tantivy.Query] = []
        if lang:
            filters.append(tantivy.Query.term_query(self.schema, "lang", lang))
        if since or until:
            filters.append(
                tantivy.Query.range_query(
                    self.schema,
                    "published",
                    tantivy.FieldType.Date,
                    _midnight(since) if since else tantivy.MIN_DATETIME,
                    _midnight(until + dt.timedelta(days=1)) if until else tantivy.MAX_DATETIME,
                    include_upper=False,
                )
            )
        if filters:
            q = tantivy.Query.boolean_query(
                [
                    (tantivy.Occur.Must, q),
                    *(
                        (tantivy.Occur.Must, tantivy.Query.const_score_query(f, 0.0))
                        for f in filters
                    ),
                ]
            )
        hits = self.searcher.search(q, limit, count=False).hits
        found = []
        for score, address in hits:
            stored = self.searcher.doc(address)
            found.append(
                {name: stored.get_first(name) for name in ("id", "lang", "title")}
                | {
                    "published": stored.get_first("published"),
                    "score": score,
                }
            )
        return found

    def close(self) -> None:
        """Nothing to release: tantivy frees the searcher with the object."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    build_cmd = sub.add_parser("index", help="index CORPUS's clean text into INDEX_DIR")
    build_cmd.add_argument("corpus", type=Path)
    build_cmd.add_argument("index_dir", type=Path)
    build_cmd.add_argument("--threads", type=int, default=2, help="tantivy's indexing threads")
    build_cmd.add_argument("--limit", type=int)
    args = parser.parse_args(argv)
    result = build(args.corpus, args.index_dir, threads=args.threads, limit=args.limit)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
