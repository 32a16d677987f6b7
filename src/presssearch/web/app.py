"""The pages of ``presssearch serve``, over one open index.

Every page is a GET whose query string holds the whole state (query,
filters, page, chart options), so it can be bookmarked and the back button
works. The index is reached only through :class:`presssearch.Index`'s public
methods, which requests call at the same time (an index is safe to share
between threads, and one that an indexer has committed to is reopened
without disturbing the requests under way). Documents are looked up by id
in the index, never as files. All document text goes through the templates' escaping; the
snippets' ``<em>`` marks are rebuilt from their escaped text.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import jinja2
from markupsafe import Markup, escape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from presssearch import Index, PresssearchError, QueryError, SearchOptions
from presssearch.coverage import AUTO
from presssearch.coverage import INTERVALS as COVERAGE_INTERVALS
from presssearch.languages import ANALYZED, language_name
from presssearch.plan import translation_unavailable
from presssearch.present import write_export
from presssearch.web.chart import timeline_chart

__all__ = ["PER_PAGE", "create_app"]

HERE = Path(__file__).parent

#: Hits per page, and the last page one can reach (export has them all).
PER_PAGE = 20
MAX_PAGE = 50
#: Outlets listed beside the results; the rest are summed.
FACET_OUTLETS = 15
#: Fewer hits than this and the page suggests a spelling correction, as the CLI does.
SUGGEST_BELOW = 3
#: The timeline's bucket widths; the first, the default, chooses from the span of the dates.
INTERVALS = (AUTO, *COVERAGE_INTERVALS)
SERIES = ("lang", "source")

_EM = re.compile(r"<em>(.*?)</em>", re.DOTALL)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

SECURITY_HEADERS = {
    # No script runs on these pages, inline or not, and nothing loads from elsewhere.
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
        " base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class BadRequest(Exception):
    """A query string the pages cannot use; the message is shown as it is."""


def _one(params: Any, name: str) -> str:
    """One query-string value, without control characters and surrounding spaces."""
    return _CONTROL.sub("", params.get(name) or "").strip()


def _date(params: Any, name: str) -> dt.date | None:
    value = _one(params, name)
    if not value:
        return None
    try:
        if not _DATE.match(value):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"{name} must be a date as YYYY-MM-DD, not {value!r}") from None


def _choice(params: Any, name: str, choices: tuple[str, ...]) -> str:
    value = _one(params, name) or choices[0]
    if value not in choices:
        raise BadRequest(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


@dataclass(frozen=True)
class State:
    """What one search page shows: the query, its filters and the view's options."""

    q: str = ""
    lang: str = ""
    source: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    page: int = 1
    interval: str = AUTO
    by: str = "lang"
    every_copy: bool = False
    explain: bool = False

    @classmethod
    def parse(cls, params: Any) -> State:
        page_text = _one(params, "page") or "1"
        if not page_text.isdigit() or not 1 <= int(page_text) <= MAX_PAGE:
            raise BadRequest(
                f"page must be a number from 1 to {MAX_PAGE}, not {page_text!r}"
                " (export the results to see them all)"
            )
        return cls(
            q=_one(params, "q"),
            lang=_one(params, "lang").lower(),
            source=_one(params, "source"),
            since=_date(params, "since"),
            until=_date(params, "until"),
            page=int(page_text),
            interval=_choice(params, "interval", INTERVALS),
            by=_choice(params, "by", SERIES),
            every_copy=_one(params, "all") == "1",
            explain=_one(params, "explain") == "1",
        )

    def options(self, **more: Any) -> SearchOptions:
        """The search options of this state: its filters (and paging's limit, collapsing)."""
        return SearchOptions(
            lang=self.lang or None,
            source=self.source or None,
            since=self.since,
            until=self.until,
            **more,
        )

    def params(self) -> dict[str, str]:
        """The query string of this state, without its default values."""
        values = {
            "q": self.q,
            "lang": self.lang,
            "source": self.source,
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
            "page": str(self.page) if self.page != 1 else "",
            "interval": self.interval if self.interval != AUTO else "",
            "by": self.by if self.by != "lang" else "",
            "all": "1" if self.every_copy else "",
            "explain": "1" if self.explain else "",
        }
        return {name: value for name, value in values.items() if value}

    def url(self, path: str = "/", **changes: Any) -> str:
        """The URL of this state with ``changes``; a change of filter goes back to page 1."""
        if "page" not in changes:
            changes["page"] = 1
        query = urlencode(replace(self, **changes).params())
        return f"{path}?{query}" if query else path

    @property
    def filtered(self) -> bool:
        return bool(self.lang or self.source or self.since or self.until)


def _bucket_days(label: str, interval: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a facet's date bucket (2025-02-03, 2025-W06, 2025-02, 2025)."""
    try:
        if interval == "year":
            return dt.date(int(label), 1, 1), dt.date(int(label), 12, 31)
        if interval == "week":
            year, week = label.split("-W")
            monday = dt.date.fromisocalendar(int(year), int(week), 1)
            return monday, monday + dt.timedelta(days=6)
        if interval == "month":
            year, month = label.split("-")
            first = dt.date(int(year), int(month), 1)
            following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first, following - dt.timedelta(days=1)
        day = dt.date.fromisoformat(label)
        return day, day
    except ValueError:
        return None  # "undated"


def highlight(snippet: str) -> Markup:
    """A hit's snippet as safe HTML: its ``<em>`` marks kept, every other character escaped.

    The snippet is already escaped text with ``<em>`` around matched words;
    it is rebuilt from its unescaped pieces rather than trusted.
    """
    parts: list[str] = []
    last = 0
    for match in _EM.finditer(snippet):
        parts.append(escape(html.unescape(snippet[last : match.start()])))
        parts.append(Markup("<mark>%s</mark>") % html.unescape(match.group(1)))
        last = match.end()
    parts.append(escape(html.unescape(snippet[last:])))
    return Markup("").join(parts)


def safe_link(url: str | None) -> str | None:
    """``url`` when it is an http or https address, else None: no other scheme is linked."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ord(c) < 32 or c.isspace() for c in url):
        return None
    return url


def article_url(doc_id: str, q: str = "") -> str:
    params = {"id": doc_id, "q": q} if q else {"id": doc_id}
    return "/article?" + urlencode(params)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["highlight"] = highlight
    env.filters["language"] = language_name
    env.globals["safe_link"] = safe_link
    env.globals["analyzed_languages"] = ANALYZED
    env.globals["article_url"] = article_url
    return env


def _paragraphs(text: str) -> list[str]:
    """The article's paragraphs: its blank-line-separated blocks, else its lines."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    if len(blocks) <= 1:
        blocks = [line.strip() for line in text.splitlines() if line.strip()]
    return blocks


class Pages:
    """The request handlers, sharing one open index and one template environment."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.env = _environment()

    def render(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        body = self.env.get_template(name).render(**context)
        return HTMLResponse(body, status_code=status)

    # -- search -----------------------------------------------------------------

    def search(self, request: Request) -> Response:
        state = State.parse(request.query_params)
        if not state.q:
            stats = self.index.stats()
            return self.render("home.html", state=state, stats=stats)
        filters = state.options()
        first = (state.page - 1) * PER_PAGE
        hits = self.index.search(
            state.q,
            state.options(offset=first, limit=PER_PAGE + 1, collapse=not state.every_copy),
        )
        counts = self.index.facets(state.q, filters, interval=state.interval)
        series = self.index.timeline(state.q, filters, interval=state.interval, by=state.by)
        explained = self.index.explain(state.q) if state.explain else None
        suggestion = self.index.suggest(state.q) if len(hits) < SUGGEST_BELOW else None
        shown = hits[:PER_PAGE]
        outlets = list(counts["source"].items())
        return self.render(
            "results.html",
            state=state,
            hits=shown,
            first=first,
            has_next=len(hits) > PER_PAGE and state.page < MAX_PAGE,
            total=sum(counts["lang"].values()),
            facets=counts,
            outlets=outlets[:FACET_OUTLETS],
            more_outlets=sum(n for _, n in outlets[FACET_OUTLETS:]),
            bucket_days=lambda label: _bucket_days(label, counts.interval),
            interval=series.interval,
            intervals=INTERVALS,
            chart=timeline_chart(
                series, other="other outlets" if state.by == "source" else "other"
            ),
            explained=explained,
            suggestion=suggestion,
            untranslated=translation_unavailable(),
        )

    # -- one article --------------------------------------------------------------

    def article(self, request: Request) -> Response:
        doc_id = request.query_params.get("id", "")
        q = _one(request.query_params, "q")
        doc = self.index.get(doc_id) if doc_id else None
        copies = [self.index.get(other) for other in doc.duplicates] if doc else []
        if doc is None:
            shown = doc_id if len(doc_id) <= 200 else doc_id[:200] + "…"
            raise HTTPException(404, f"no document with id {shown!r} in this index")
        return self.render(
            "article.html",
            doc=doc,
            q=q,
            state=State(q=q),
            paragraphs=_paragraphs(doc.text),
            copies=[c for c in copies if c is not None],
        )

    # -- export -------------------------------------------------------------------

    def export_csv(self, request: Request) -> Response:
        return self._export(request, "csv")

    def export_json(self, request: Request) -> Response:
        return self._export(request, "json")

    def _export(self, request: Request, fmt: str) -> Response:
        """Every match: CSV (with a byte-order mark, for spreadsheets) or a JSON array."""
        state = State.parse(request.query_params)
        if not state.q:
            raise BadRequest("the query is empty")
        # Written to a file that stays in memory while small and spills to disk
        # beyond, then streamed to the browser.
        spool = tempfile.SpooledTemporaryFile(max_size=1 << 20)  # noqa: SIM115 (the stream closes it)
        text = io.TextIOWrapper(
            spool, encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline=""
        )
        try:
            count = write_export(
                self.index.export(state.q, state.options()),
                text,
                fmt="csv" if fmt == "csv" else "jsonl",
            )
            text.flush()
            text.detach()
        except BaseException:
            spool.close()
            raise
        spool.seek(0)
        name = re.sub(r"[^A-Za-z0-9]+", "-", state.q).strip("-")[:60] or "export"
        headers = {
            "Content-Disposition": f'attachment; filename="presssearch-{name}.{fmt}"',
            "X-Presssearch-Count": str(count),
        }
        media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
        body = _csv_chunks(spool) if fmt == "csv" else _json_array(spool)
        return StreamingResponse(body, media_type=media, headers=headers)


def _csv_chunks(spool: Any) -> Iterator[bytes]:
    with spool:
        while chunk := spool.read(1 << 16):
            yield chunk


def _json_array(spool: Any) -> Iterator[bytes]:
    """JSON lines as one JSON array, a line at a time."""
    with spool:
        yield b"["
        separator = b"\n"
        for line in spool:
            yield separator + line.rstrip(b"\n")
            separator = b",\n"
        yield b"\n]\n"


def _error_handlers(pages: Pages) -> dict[Any, Any]:
    def page(status: int, title: str, message: str) -> Response:
        response = pages.render(
            "error.html", status=status, title=title, message=message, state=State()
        )
        if status == 405:
            response.headers["Allow"] = "GET, HEAD"
        return response

    def bad_request(request: Request, exc: Exception) -> Response:
        try:
            state = State.parse(request.query_params)
        except BadRequest:
            state = State(q=_one(request.query_params, "q"))
        return pages.render(
            "error.html", status=400, title="Cannot search", message=str(exc), state=state
        )

    def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        titles = {404: "Not found", 405: "Read-only"}
        messages = {
            404: "There is no such page here.",
            405: f"This server only reads the index: {request.method} is not allowed.",
        }
        detail = exc.detail if exc.status_code == 404 and request.url.path == "/article" else None
        return page(
            exc.status_code,
            titles.get(exc.status_code, "Error"),
            detail or messages.get(exc.status_code, str(exc.detail)),
        )

    def library_error(request: Request, exc: Exception) -> Response:
        print(f"presssearch: {exc}", file=sys.stderr)
        return page(503, "Index unavailable", str(exc))

    def unexpected(request: Request, exc: Exception) -> Response:
        print(f"presssearch: unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return page(500, "Something went wrong", "The server could not show this page.")

    return {
        BadRequest: bad_request,
        QueryError: bad_request,
        HTTPException: http_error,
        PresssearchError: library_error,
        Exception: unexpected,
    }


def create_app(index: Index, *, allowed_hosts: list[str] | None = None) -> Starlette:
    """The web app over ``index``, which stays open (and owned by the caller).

    ``allowed_hosts`` are the host names the app answers to (a page from
    another site that renames itself to 127.0.0.1 gets nothing); None allows any.
    """
    pages = Pages(index)
    get = ["GET"]  # Starlette adds HEAD to GET routes
    routes = [
        Route("/", pages.search, methods=get),
        Route("/article", pages.article, methods=get),
        Route("/export.csv", pages.export_csv, methods=get),
        Route("/export.json", pages.export_json, methods=get),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or ["*"]),
    ]
    return Starlette(
        routes=routes, middleware=middleware, exception_handlers=_error_handlers(pages)
    )


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every response that lacks them (static files too)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name.lower().encode() not in present:
                        headers.append((name.lower().encode(), value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
