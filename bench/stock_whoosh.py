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
import datetime as dt
import json
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from whoosh import fields, index, qparser, query, scoring
from whoosh.analysis import LanguageAnalyzer, StandardAnalyzer

LANGS = ("en", "es", "fr")
CODES = (*LANGS, "xx")
TEXT_FIELDS = tuple(f"{kind}_{code}" for code in CODES for kind in ("title", "body"))
#: The writer's memory per process, Whoosh's default.
LIMIT_MB = 128


def schema() -> fields.Schema:
    """Eight analyzed fields, stock analyzers; id, language and date for filters."""
    analyzers = {code: LanguageAnalyzer(code) for code in LANGS}
    analyzers["xx"] = StandardAnalyzer()
    text = {
        name: fields.TEXT(analyzer=analyzers[name.rsplit("_", 1)[1]], phrase=True)
        for name in TEXT_FIELDS
    }
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        lang=fields.ID(stored=True),
        published=fields.DATETIME(stored=True),
        title=fields.STORED(),
        **text,
    )


def read_manifest(corpus: Path) -> list[dict[str, Any]]:
    lines = (corpus / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def article(corpus: Path, entry: dict[str, Any]) -> tuple[str, str, str]:
    """The title and body of one manifest entry's ``.txt`` file, and its fields' code."""
    text = (corpus / "txt" / f"{entry['id']}.txt").read_text(encoding="utf-8")
    title, _, body = text.partition("\n\n")
    return title.strip(), body, entry["lang"] if entry["lang"] in LANGS else "xx"


def document(corpus: Path, entry: dict[str, Any]) -> dict[str, Any]:
    """The Whoosh document of one manifest entry, from its ``.txt`` file."""
    title, body, code = article(corpus, entry)
    return {
        "id": entry["id"],
        "lang": entry["lang"],
        "published": dt.datetime.fromisoformat(entry["date"]),
        "title": title,
        f"title_{code}": title,
        f"body_{code}": f"{title}\n\n{body}",
    }


def build(
    corpus: Path, index_dir: Path, *, procs: int = 2, limit: int | None = None
) -> dict[str, Any]:
    """Index the first ``limit`` articles of ``corpus`` (all by default) into ``index_dir``."""
    entries = read_manifest(corpus)[:limit]
    shutil.rmtree(index_dir, ignore_errors=True)
    index_dir.mkdir(parents=True)
    started = time.perf_counter()
    ix = index.create_in(str(index_dir), schema())
    writer = (
        ix.writer(procs=procs, multisegment=True, limitmb=LIMIT_MB)
        if procs > 1
        else ix.writer(limitmb=LIMIT_MB)
    )
    for entry in entries:
        writer.add_document(**document(corpus, entry))
    writer.commit()
    seconds = time.perf_counter() - started
    count = ix.doc_count()
    ix.close()
    return {"docs": count, "seconds": round(seconds, 2), "procs": procs}


class StockSearcher:
    """One open searcher; :meth:`search` runs a query as the baseline does."""

    def __init__(self, index_dir: Path) -> None:
        self.ix = index.open_dir(str(index_dir))
        self.searcher = self.ix.searcher(weighting=scoring.BM25F())
        self.parser = qparser.MultifieldParser(
            list(TEXT_FIELDS), self.ix.schema, group=qparser.OrGroup
        )
        self.parser.remove_plugin_class(qparser.FieldsPlugin)  # words only, no field:value

    def search(
        self,
        text: str,
        *,
        lang: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int = 10,
    ) -> list[dict[str, Any]]:
        q = self.parser.parse(text)
        parts: list[query.Query] = []
        if lang:
            parts.append(query.Term("lang", lang))
        if since or until:
            start = dt.datetime.combine(since, dt.time()) if since else None
            end = dt.datetime.combine(until, dt.time.max) if until else None
            parts.append(query.DateRange("published", start, end))
        filt = None if not parts else parts[0] if len(parts) == 1 else query.And(parts)
        results = self.searcher.search(q, filter=filt, limit=limit)
        return [dict(hit.fields(), score=hit.score) for hit in results]

    def close(self) -> None:
        self.searcher.close()
        self.ix.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    build_cmd = sub.add_parser("index", help="index CORPUS's clean text into INDEX_DIR")
    build_cmd.add_argument("corpus", type=Path)
    build_cmd.add_argument("index_dir", type=Path)
    build_cmd.add_argument("--procs", type=int, default=2)
    build_cmd.add_argument("--limit", type=int)
    args = parser.parse_args(argv)
    result = build(args.corpus, args.index_dir, procs=args.procs, limit=args.limit)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
