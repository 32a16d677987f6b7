"""Results for people and for programs: terminal text and JSON lines."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TextIO

from presssearch.languages import language_label, language_name
from presssearch.records import Document, IndexReport, IndexStats, SearchHit

if TYPE_CHECKING:
    from presssearch.records import ExportRow, Facets, Timeline

__all__ = [
    "document_json",
    "document_text",
    "facets_json",
    "facets_text",
    "hit_json",
    "hit_text",
    "languages_text",
    "report_text",
    "stats_json",
    "stats_text",
    "timeline_json",
    "timeline_text",
    "write_export",
]

_EM = re.compile(r"<em>(.*?)</em>", re.DOTALL)
#: Outlets that ``stats`` lists by name; the others are counted on one line.
STATS_OUTLETS = 20


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
            "group": hit.group,
            "similar": hit.similar,
            "similar_sources": list(hit.similar_sources),
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
            language_name(hit.lang),
            f"score {hit.score:.2f}",
        )
    )
    if hit.similar:
        outlets = ", ".join(hit.similar_sources) or "other copies"
        details += f" · +{hit.similar} similar ({outlets})"
    return "\n".join(
        [
            f"{rank:>2}. {hit.title or '(untitled)'}",
            f"    {details}",
            f"    {hit.id}",
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
            "duplicates": list(doc.duplicates),
            "notes": list(doc.notes),
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
        ("language", language_label(doc.lang)),
        ("url", doc.url or ""),
        ("copies", ", ".join(doc.duplicates)),
        *(("note", note) for note in doc.notes),
    ]
    head = "\n".join(f"{key:>9}: {value}" for key, value in rows if value)
    return f"{head}\n\n{doc.text}"


def languages_text(counts: dict[str, int]) -> str:
    """Documents per language, named: "German 338, English 83, Polish 1"."""
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], language_name(kv[0])))
    return ", ".join(f"{language_name(code)} {n}" for code, n in ordered)


def report_text(report: IndexReport) -> str:
    """The summary line of an indexing run."""
    skipped = f"skipped {report.skipped_total}"
    if report.skipped:
        reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(report.skipped.items()))
        skipped += f" ({reasons})"
    parts = [
        f"added {report.added}, updated {report.updated}, removed {report.removed}, "
        f"unchanged {report.unchanged}, {skipped}"
    ]
    if report.languages:
        parts.append(f"languages: {languages_text(report.languages)}")
    parts.append(f"{report.total} documents in the index")
    parts.append(f"{report.seconds:.1f} s")
    return "; ".join(parts)


def facets_json(facets: Facets) -> str:
    """Facet counts as the last JSON line of ``query --json --facets``, with their date interval."""
    return json.dumps({"facets": dict(facets), "interval": facets.interval}, ensure_ascii=False)


def timeline_json(series: Timeline) -> str:
    """A timeline as one JSON object, with its interval."""
    return json.dumps({"timeline": dict(series), "interval": series.interval}, ensure_ascii=False)


def facets_text(facets: Facets) -> str:
    """Facet counts as three short columns of text."""
    titles = {"lang": "by language", "source": "by outlet", "date": f"by {facets.interval}"}
    blocks = []
    for key, counts in facets.items():
        names = language_name if key == "lang" else str
        rows = [f"  {count:>6}  {names(label)}" for label, count in counts.items()]
        blocks.append("\n".join([titles.get(key, key), *rows]))
    return "\n\n".join(blocks)


def timeline_text(
    series: dict[str, dict[str, int]], style: Callable[[str, int], str], *, by: str = "lang"
) -> str:
    """A horizontal bar chart: one row per time bucket, one colour per series.

    ``style(text, i)`` colours the bar of the ``i``-th series; with ``by``
    ``"lang"`` the series are languages, named in the legend.
    """
    if not series:
        return "no dated documents match"
    labels = list(next(iter(series.values())))
    totals = {label: sum(counts[label] for counts in series.values()) for label in labels}
    widest = max(totals.values()) or 1
    scale = min(1.0, 50 / widest)
    blocks = "█▓▒░#=*+"
    rows = []
    for label in labels:
        bar = "".join(
            style(blocks[i % len(blocks)] * round(counts[label] * scale), i)
            for i, counts in enumerate(series.values())
        )
        rows.append(f"{label:>10} │{bar} {totals[label]}")
    names = language_name if by == "lang" else str
    legend = "   ".join(
        f"{style(blocks[i % len(blocks)] * 2, i)} {names(name)}" for i, name in enumerate(series)
    )
    return "\n".join([*rows, "", legend])


EXPORT_COLUMNS = (
    "id",
    "path",
    "url",
    "title",
    "source",
    "authors",
    "published",
    "lang",
    "group",
    "score",
)


def export_record(row: ExportRow) -> dict[str, object]:
    return {
        "id": row.id,
        "path": row.path,
        "url": row.url,
        "title": row.title,
        "source": row.source,
        "authors": list(row.authors),
        "published": row.published.isoformat() if row.published else None,
        "lang": row.lang,
        "group": row.group,
        "score": row.score,
    }


def write_export(rows: Iterable[ExportRow], out: TextIO, *, fmt: str) -> int:
    """Write ``rows`` as CSV or JSON lines; returns how many were written."""
    count = 0
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(export_record(row), ensure_ascii=False) + "\n")
            count += 1
        return count
    import csv

    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        record = export_record(row)
        record["authors"] = "; ".join(row.authors)
        writer.writerow(["" if record[c] is None else record[c] for c in EXPORT_COLUMNS])
        count += 1
    return count


def stats_text(stats: IndexStats) -> str:
    def size(n: int) -> str:
        for unit in ("B", "KB", "MB", "GB"):
            if n < 1024 or unit == "GB":
                return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
            n /= 1024  # type: ignore[assignment]
        return f"{n} B"

    outlets = list(stats.outlets.items())
    shown, others = outlets[:STATS_OUTLETS], outlets[STATS_OUTLETS:]
    dates = (
        f"{stats.first_date.isoformat()} to {stats.last_date.isoformat()}"
        if stats.first_date and stats.last_date
        else "none"
    )
    lines = [
        f"index:       {stats.path}",
        f"engine:      {stats.engine}",
        f"documents:   {stats.documents}",
        f"languages:   {languages_text(stats.languages) or 'none'}",
        f"dates:       {dates} ({stats.undated} undated)",
        f"duplicates:  {stats.duplicate_groups} groups holding {stats.documents_in_groups}"
        " documents",
        f"size:        {size(stats.size_bytes)}",
        "updated:     "
        + (stats.updated.strftime("%Y-%m-%d %H:%M:%S UTC") if stats.updated else "never"),
        "outlets:" if stats.outlets else "outlets:     none",
        *(f"  {count:>6}  {name}" for name, count in shown),
    ]
    if others:
        rest = sum(count for _, count in others)
        lines.append(
            f"  and {len(others):,} other outlets ({rest:,} documents; --json lists them all)"
        )
    return "\n".join(lines)


def stats_json(stats: IndexStats) -> str:
    return json.dumps(
        {
            "path": stats.path,
            "engine": stats.engine,
            "documents": stats.documents,
            "languages": stats.languages,
            "outlets": stats.outlets,
            "first_date": stats.first_date.isoformat() if stats.first_date else None,
            "last_date": stats.last_date.isoformat() if stats.last_date else None,
            "undated": stats.undated,
            "duplicate_groups": stats.duplicate_groups,
            "documents_in_groups": stats.documents_in_groups,
            "size_bytes": stats.size_bytes,
            "updated": stats.updated.isoformat() if stats.updated else None,
        },
        ensure_ascii=False,
    )
