"""Results for people and for programs: terminal text and JSON lines."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable

from presssearch.index import Document, IndexReport
from presssearch.search import SearchHit

__all__ = ["document_json", "document_text", "hit_json", "hit_text", "report_text"]

_EM = re.compile(r"<em>(.*?)</em>", re.DOTALL)


def hit_json(hit: SearchHit) -> str:
    """One hit as one line of JSON."""
    return json.dumps(
        {
            "id": hit.id,
            "path": hit.path,
            "title": hit.title,
            "lang": hit.lang,
            "source": hit.source,
            "published": hit.published.isoformat() if hit.published else None,
            "score": hit.score,
            "snippet": hit.snippet,
            "url": hit.url,
            "authors": list(hit.authors),
        },
        ensure_ascii=False,
    )


def snippet_text(snippet: str, style: Callable[[str], str]) -> str:
    """A highlighted snippet for the terminal: matched words through ``style``."""
    parts = []
    last = 0
    for match in _EM.finditer(snippet):
        parts.append(html.unescape(snippet[last : match.start()]))
        parts.append(style(html.unescape(match.group(1))))
        last = match.end()
    parts.append(html.unescape(snippet[last:]))
    return "".join(parts)


def hit_text(rank: int, hit: SearchHit, style: Callable[[str], str]) -> str:
    """One hit as a few readable lines."""
    details = " · ".join(
        part
        for part in (
            hit.source or "unknown outlet",
            hit.published.isoformat() if hit.published else "undated",
            hit.lang,
            f"score {hit.score:.2f}",
        )
    )
    return "\n".join(
        [
            f"{rank:>2}. {hit.title or '(untitled)'}",
            f"    {details}",
            f"    {hit.path}",
            f"    {snippet_text(hit.snippet, style)}",
        ]
    )


def document_json(doc: Document) -> str:
    return json.dumps(
        {
            "id": doc.id,
            "path": doc.path,
            "title": doc.title,
            "lang": doc.lang,
            "source": doc.source,
            "authors": list(doc.authors),
            "published": doc.published.isoformat() if doc.published else None,
            "url": doc.url,
            "text": doc.text,
        },
        ensure_ascii=False,
    )


def document_text(doc: Document) -> str:
    rows = [
        ("id", doc.id),
        ("path", doc.path),
        ("title", doc.title),
        ("outlet", doc.source or ""),
        ("authors", ", ".join(doc.authors)),
        ("published", doc.published.isoformat() if doc.published else ""),
        ("language", doc.lang),
        ("url", doc.url or ""),
    ]
    head = "\n".join(f"{key:>9}: {value}" for key, value in rows if value)
    return f"{head}\n\n{doc.text}"


def report_text(report: IndexReport) -> str:
    """The summary line of an indexing run."""
    langs = ", ".join(f"{code} {n}" for code, n in sorted(report.languages.items()))
    skipped = f"skipped {report.skipped_total}"
    if report.skipped:
        reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(report.skipped.items()))
        skipped += f" ({reasons})"
    return (
        f"added {report.added}, updated {report.updated}, removed {report.removed}, "
        f"unchanged {report.unchanged}, {skipped}; "
        f"languages: {langs or 'none'}; {report.total} documents in the index; "
        f"{report.seconds:.1f} s"
    )
