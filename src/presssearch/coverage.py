"""Coverage analysis over all the matches of a query: facets, timelines, exports.

Counts are over the whole result set, near-duplicates included, not just the
hits shown; the engine counts them from its columns (tantivy by its
aggregations), so no stored document is read to count.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from presssearch.engine import EngineReader
from presssearch.errors import QueryError
from presssearch.plan import SearchOptions, plan_query
from presssearch.records import stored_metadata

__all__ = ["INTERVALS", "ExportRow", "bucket", "export", "facets", "timeline"]

INTERVALS = ("day", "week", "month")


def bucket(day: dt.date, interval: str) -> str:
    """The label of the time bucket of ``day``: 2025-02-03, 2025-W06 or 2025-02."""
    if interval == "day":
        return day.isoformat()
    if interval == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if interval == "month":
        return f"{day.year}-{day.month:02d}"
    raise QueryError(f"unknown interval {interval!r}: use day, week or month")


def _matching_columns(
    reader: EngineReader, text: str, options: SearchOptions
) -> Iterator[tuple[tuple[str, str | None, dt.date | None], int]]:
    """((lang, outlet, published date), documents) over the documents matching ``text``."""
    plan = plan_query(text, options, reader=reader)
    if plan.query is None or reader.doc_count() == 0:
        return
    found = reader.value_counts(plan.query, ("lang", "outlet", "published"), filter=plan.filter)
    for (code, outlet, day), count in found.items():
        yield (code or "und", outlet or None, day), count


def facets(
    reader: EngineReader, text: str, options: SearchOptions, *, interval: str = "day"
) -> dict[str, dict[str, int]]:
    """Counts of all the documents matching ``text`` by language, outlet and date bucket.

    Documents without a date count under ``"undated"``; without an outlet,
    under ``"unknown"``.
    """
    bucket(dt.date.today(), interval)  # validates the interval
    by_lang: Counter[str] = Counter()
    by_source: Counter[str] = Counter()
    by_date: Counter[str] = Counter()
    for (code, outlet, day), count in _matching_columns(reader, text, options):
        by_lang[code] += count
        by_source[outlet or "unknown"] += count
        by_date[bucket(day, interval) if day else "undated"] += count
    return {
        "lang": dict(by_lang.most_common()),
        "source": dict(by_source.most_common()),
        "date": dict(sorted(by_date.items())),
    }


def timeline(
    reader: EngineReader,
    text: str,
    options: SearchOptions,
    *,
    interval: str = "day",
    by: str = "lang",
) -> dict[str, dict[str, int]]:
    """Matching documents per time bucket, one series per language or outlet.

    Returns ``{series: {bucket: count}}`` with every series over the same
    buckets, from the first to the last dated match, empty buckets included.
    Undated documents are left out.
    """
    if by not in ("lang", "source"):
        raise QueryError(f"unknown series {by!r}: use lang or source")
    bucket(dt.date.today(), interval)
    counts: dict[str, Counter[str]] = {}
    days: list[dt.date] = []
    for (code, outlet, day), count in _matching_columns(reader, text, options):
        if day is None:
            continue
        days.append(day)
        series = code if by == "lang" else (outlet or "unknown")
        counts.setdefault(series, Counter())[bucket(day, interval)] += count
    if not days:
        return {}
    labels = _bucket_range(min(days), max(days), interval)
    return {
        series: {label: counter.get(label, 0) for label in labels}
        for series, counter in sorted(counts.items(), key=lambda kv: -sum(kv[1].values()))
    }


def _bucket_range(first: dt.date, last: dt.date, interval: str) -> list[str]:
    labels: list[str] = []
    day = first
    while day <= last:
        label = bucket(day, interval)
        if not labels or labels[-1] != label:
            labels.append(label)
        day += dt.timedelta(days=1)
    return labels


@dataclass(frozen=True)
class ExportRow:
    """One matching document, as ``presssearch export`` writes it."""

    id: str
    path: str
    url: str | None
    title: str
    source: str | None
    authors: tuple[str, ...]
    published: dt.date | None
    lang: str
    group: str | None
    score: float


def export(reader: EngineReader, text: str, options: SearchOptions) -> Iterator[ExportRow]:
    """Every document matching ``text``, best first (not only the top hits)."""
    plan = plan_query(text, options, reader=reader)
    if plan.query is None or reader.doc_count() == 0:
        return
    for hit in reader.search(plan.query, filter=plan.filter, limit=None):
        fields = reader.stored(hit.doc)
        yield ExportRow(
            **stored_metadata(fields),
            group=fields.get("dup_group"),
            score=round(hit.score, 4),
        )
