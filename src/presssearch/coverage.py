"""Coverage analysis over all the matches of a query: facets, timelines, exports.

Counts are over the whole result set, near-duplicates included, not just the
hits shown; the engine counts them from its columns (tantivy by its
aggregations), so no stored document is read to count.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

from presssearch.engine import EngineReader
from presssearch.errors import QueryError
from presssearch.plan import plan_query
from presssearch.records import ExportRow, Facets, SearchOptions, Timeline, stored_metadata

__all__ = [
    "AUTO",
    "INTERVALS",
    "ExportRow",
    "Facets",
    "Timeline",
    "bucket",
    "choose_interval",
    "export",
    "facets",
    "ranked",
    "timeline",
]

INTERVALS = ("day", "week", "month", "year")
#: The interval chosen from the span of the matching dates (see :func:`choose_interval`).
AUTO = "auto"
#: The longest span, in days, shown by day, by week and by month: a chart of
#: at most about a hundred bars whatever the span.
_SPANS = ((92, "day"), (2 * 366, "week"), (10 * 366, "month"))


def choose_interval(first: dt.date, last: dt.date) -> str:
    """The bucket width for dates from ``first`` to ``last``: day, week, month or year.

    Up to three months go by day, up to two years by week, up to ten years
    by month, and longer spans by year, so a timeline has some ten to a
    hundred buckets however long the coverage runs.
    """
    span = (last - first).days
    return next((name for days, name in _SPANS if span <= days), "year")


def bucket(day: dt.date, interval: str) -> str:
    """The label of the time bucket of ``day``: 2025-02-03, 2025-W06, 2025-02 or 2025."""
    if interval == "day":
        return day.isoformat()
    if interval == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if interval == "month":
        return f"{day.year}-{day.month:02d}"
    if interval == "year":
        return str(day.year)
    raise QueryError(f"unknown interval {interval!r}: use auto, day, week, month or year")


def ranked(counts: Counter[str] | dict[str, int]) -> dict[str, int]:
    """``counts`` largest first, equal counts in alphabetical order: the same on every engine."""
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold(), kv[0])))


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
    reader: EngineReader, text: str, options: SearchOptions, *, interval: str = AUTO
) -> Facets:
    """Counts of all the documents matching ``text`` by language, outlet and date bucket.

    Documents without a date count under ``"undated"``; without an outlet,
    under ``"unknown"``. ``interval`` ``"auto"`` chooses the buckets' width
    from the span of the matching dates (:func:`choose_interval`).
    """
    _check_interval(interval)
    by_lang: Counter[str] = Counter()
    by_source: Counter[str] = Counter()
    by_day: Counter[dt.date | None] = Counter()
    for (code, outlet, day), count in _matching_columns(reader, text, options):
        by_lang[code] += count
        by_source[outlet or "unknown"] += count
        by_day[day] += count
    days = [day for day in by_day if day is not None]
    if interval == AUTO:
        interval = choose_interval(min(days), max(days)) if days else "day"
    by_date: Counter[str] = Counter()
    for day, count in by_day.items():
        by_date[bucket(day, interval) if day else "undated"] += count
    return Facets(
        {
            "lang": ranked(by_lang),
            "source": ranked(by_source),
            "date": dict(sorted(by_date.items())),
        },
        interval,
    )


def _check_interval(interval: str) -> None:
    if interval != AUTO:
        bucket(dt.date.today(), interval)  # raises QueryError for an unknown one


def timeline(
    reader: EngineReader,
    text: str,
    options: SearchOptions,
    *,
    interval: str = AUTO,
    by: str = "lang",
) -> Timeline:
    """Matching documents per time bucket, one series per language or outlet.

    Every series covers the same buckets, from the first to the last dated
    match, empty buckets included; the series with the most documents comes
    first. Undated documents are left out. ``interval`` ``"auto"`` chooses
    the buckets' width from the span of the dates (:func:`choose_interval`).
    """
    if by not in ("lang", "source"):
        raise QueryError(f"unknown series {by!r}: use lang or source")
    _check_interval(interval)
    per_day: dict[str, Counter[dt.date]] = {}
    for (code, outlet, day), count in _matching_columns(reader, text, options):
        if day is not None:
            series = code if by == "lang" else (outlet or "unknown")
            per_day.setdefault(series, Counter())[day] += count
    days = [day for counter in per_day.values() for day in counter]
    if not days:
        return Timeline({}, "day" if interval == AUTO else interval)
    first, last = min(days), max(days)
    if interval == AUTO:
        interval = choose_interval(first, last)
    labels = _bucket_range(first, last, interval)
    totals = ranked({name: sum(counter.values()) for name, counter in per_day.items()})
    series: dict[str, dict[str, int]] = {}
    for name in totals:
        counts = Counter({label: 0 for label in labels})
        for day, count in per_day[name].items():
            counts[bucket(day, interval)] += count
        series[name] = dict(counts)
    return Timeline(series, interval)


def _bucket_range(first: dt.date, last: dt.date, interval: str) -> list[str]:
    """The labels of every bucket from ``first`` to ``last``, in order."""
    step = {"day": 1, "week": 7}.get(interval)
    labels: list[str] = []
    day = first
    while day <= last:
        label = bucket(day, interval)
        if not labels or labels[-1] != label:
            labels.append(label)
        if step is not None:
            day += dt.timedelta(days=step)
        elif interval == "month":
            day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        else:
            day = dt.date(day.year + 1, 1, 1)
    if labels[-1] != bucket(last, interval):  # a week step can pass the last week's start
        labels.append(bucket(last, interval))
    return labels


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
