"""``presssearch serve`` over plain HTTP: pages, filters, export, escaping, errors, read-only.

A real server on a free loopback port, over a real index of the demo corpus
(tests/serving.py); requests with urllib.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from click.testing import CliRunner

from conftest import SAFETY_TIMEOUT, require_module

require_module("starlette", "the web pages need the serve extra: pip install '.[serve]'")

from markupsafe import escape

from presssearch import Index, SearchOptions
from presssearch.cli import main
from presssearch.web import running
from presssearch.web.app import PER_PAGE, highlight, safe_link
from serving import (
    COPY,
    COPY_OUTLET,
    DEMO,
    HOSTILE,
    HOSTILE_HTTPS,
    HOSTILE_OUTLET,
    HOSTILE_TITLE,
    HOSTILE_WORD,
    ORIGINAL,
    build_site,
    fetch,
)


@pytest.fixture(scope="module")
def site_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def base(site_index: Path) -> Iterator[str]:
    """The address of a server over the site's index, for the whole module."""
    with Index.open(site_index) as index, running(index) as address:
        yield address.rstrip("/")


def search_url(base: str, **params: str) -> str:
    return f"{base}/?{urlencode(params)}"


def hit_ids(body: str) -> list[str]:
    """The document ids the result list links to, in order."""
    section = body.split('<ol class="hits"', 1)[1].split("</ol>", 1)[0]
    return [
        html.unescape(m).split("&")[0]
        for m in re.findall(r'<h3><a href="/article\?id=([^"]+)"', section)
    ]


def unquoted(doc_id: str) -> str:
    from urllib.parse import unquote_plus

    return unquote_plus(doc_id)


# -- search -----------------------------------------------------------------------


def test_search_lists_the_hits_of_the_library_in_its_order(base: str, site_index: Path) -> None:
    reply = fetch(search_url(base, q="Audiard Spanish language"))
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("text/html")
    with Index.open(site_index) as index:
        expected = [
            hit.id
            for hit in index.search("Audiard Spanish language", SearchOptions(limit=PER_PAGE))
        ]
        total = sum(index.facets("Audiard Spanish language")["lang"].values())
    assert [unquoted(i) for i in hit_ids(reply.body)] == expected
    assert f"{total} matching articles" in reply.body
    assert "<mark>" in reply.body  # the snippets' matched words are highlighted


def test_requests_at_the_same_time_get_the_pages_one_at_a_time_gets(base: str) -> None:
    # The pages are served by several threads over one index, with no lock around it.
    urls = [
        search_url(base, q=q, **extra)
        for q in ("Audiard Spanish language", "Gascón", "Netflix -Oscar", "langue espagnole")
        for extra in ({}, {"by": "source", "interval": "week"}, {"lang": "es"})
    ] + [f"{base}/article?id={quote(ORIGINAL)}", f"{base}/export.csv?q=Gasc%C3%B3n"]
    alone = {url: fetch(url).body for url in urls}
    results: list[list[tuple[str, int, str]]] = [[] for _ in range(8)]

    def work(n: int) -> None:
        for url in urls[n:] + urls[:n]:
            reply = fetch(url)
            results[n].append((url, reply.status, reply.body))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for got in results:
        assert len(got) == len(urls)
        for url, status, body in got:
            assert status == 200, url
            assert body == alone[url], url


def test_syndicated_copies_are_shown_once_with_their_count(base: str) -> None:
    body = fetch(search_url(base, q="Netflix Gascón Oscar campaign")).body
    ids = [unquoted(i) for i in hit_ids(body)]
    assert ORIGINAL in ids and COPY not in ids
    assert "+1 similar" in body and COPY_OUTLET in body
    every = [unquoted(i) for i in hit_ids(fetch(search_url(base, q="Netflix", all="1")).body)]
    assert ORIGINAL in every and COPY in every


def test_a_language_filter_narrows_to_the_facet_count(base: str) -> None:
    body = fetch(search_url(base, q="Gascón")).body
    link = re.search(r'<a href="([^"]+)">Spanish</a> <span class="n">(\d+)</span>', body)
    assert link, "the language facet links to a narrowed search"
    narrowed = fetch(base + html.unescape(link.group(1))).body
    assert f"{link.group(2)} matching articles" in narrowed
    ids = [unquoted(i) for i in hit_ids(narrowed)]
    assert ids and all(i.startswith(("es/", "txt/")) for i in ids)
    assert "language: Spanish" in narrowed  # the active filter, removable


def test_outlet_and_date_filters_come_from_the_query_string(base: str) -> None:
    body = fetch(search_url(base, q="Gascón", source="Global Wire")).body
    outlets = re.findall(r'<span class="outlet">([^<]*)</span>', body)
    assert outlets and set(outlets) == {"Global Wire"}
    dated = fetch(search_url(base, q="Gascón", since="2025-02-05", until="2025-02-06")).body
    days = re.findall(r'<time datetime="([\d-]+)"', dated)
    assert days and all("2025-02-05" <= d <= "2025-02-06" for d in days)


def test_paging_shows_the_rest_of_the_hits(base: str, site_index: Path) -> None:
    with Index.open(site_index) as index:
        everything = [hit.id for hit in index.search("Gascón", SearchOptions(limit=100))]
    assert len(everything) > PER_PAGE  # the demo corpus has more than one page of these
    first = fetch(search_url(base, q="Gascón")).body
    second = fetch(search_url(base, q="Gascón", page="2")).body
    assert [unquoted(i) for i in hit_ids(first)] == everything[:PER_PAGE]
    assert [unquoted(i) for i in hit_ids(second)] == everything[PER_PAGE:]
    assert 'rel="next"' in first and 'rel="next"' not in second
    assert 'rel="prev"' in second


def test_the_timeline_is_an_svg_with_one_bar_per_series_and_day(
    base: str, site_index: Path
) -> None:
    with Index.open(site_index) as index:
        series = index.timeline("Gascón", by="lang", interval="day")
    body = fetch(search_url(base, q="Gascón")).body
    svg = body.split("<svg viewBox", 1)[1].split("</svg>", 1)[0]
    bars = sum(1 for counts in series.values() for n in counts.values() if n)
    assert svg.count("<rect") == bars
    assert "Matching articles per day, by language" in body
    legend = re.findall(r"</svg>([^<]+)</li>", body.split('class="legend"', 1)[1])
    names = {"en": "English", "es": "Spanish", "fr": "French"}
    assert legend == [names[code] for code in series]


def test_the_timeline_by_outlet_sums_the_smallest_outlets(base: str, site_index: Path) -> None:
    with Index.open(site_index) as index:
        outlets = index.timeline("Gascón", by="source", interval="week")
    assert len(outlets) > 7  # more outlets than colours
    body = fetch(search_url(base, q="Gascón", by="source", interval="week")).body
    assert "Matching articles per week, by outlet" in body
    legend = re.findall(r"</svg>([^<]+)</li>", body.split('class="legend"', 1)[1])
    assert len(legend) == 7 and legend[-1] == "other outlets"
    assert html.unescape(legend[0]) == next(iter(outlets))


def test_explain_shows_the_query_as_it_runs(base: str, site_index: Path) -> None:
    with Index.open(site_index) as index:
        expanded = index.explain("Spanish language")
    body = fetch(search_url(base, q="Spanish language", explain="1")).body
    assert f"<pre>{escape(expanded)}</pre>" in body
    assert "<pre>" not in fetch(search_url(base, q="Spanish language")).body


def test_the_page_says_when_queries_go_untranslated(base: str) -> None:
    from presssearch.plan import translation_unavailable

    body = fetch(search_url(base, q="Spanish language")).body
    reason = translation_unavailable()
    if reason is None:
        assert "Searching without translation" not in body
    else:
        assert f"Searching without translation: {escape(reason)}" in body


def test_home_page_describes_the_index_and_the_syntax(base: str) -> None:
    body = fetch(base + "/").body
    assert re.search(r"holds <strong>\d+</strong> articles", body)
    assert "date:[2025-01-30 TO 2025-02-03]" in body


# -- article and export ------------------------------------------------------------


def test_article_view_shows_text_metadata_link_and_copies(base: str, site_index: Path) -> None:
    with Index.open(site_index) as index:
        doc = index.get(ORIGINAL)
    assert doc is not None and doc.url
    body = fetch(f"{base}/article?{urlencode({'id': ORIGINAL})}").body
    assert escape(doc.title) in body
    assert f'<a href="{escape(doc.url)}" rel="noopener noreferrer nofollow">' in body
    first_paragraph = doc.text.split("\n\n")[0].strip()
    assert f"<p>{escape(first_paragraph)}</p>" in body
    copies = body.split('id="copies"', 1)[1]
    assert f"/article?id={quote(COPY, safe='')}" in copies and COPY_OUTLET in copies


def test_csv_export_has_every_match(base: str, site_index: Path) -> None:
    reply = fetch(f"{base}/export.csv?{urlencode({'q': 'Gascón', 'lang': 'fr'})}")
    assert reply.status == 200
    assert "attachment" in reply.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(reply.body)))
    with Index.open(site_index) as index:
        expected = [row.id for row in index.export("Gascón", SearchOptions(lang="fr"))]
    assert [row["id"] for row in rows] == expected
    assert {row["lang"] for row in rows} == {"fr"}


def test_json_export_is_one_array_of_every_match(base: str, site_index: Path) -> None:
    reply = fetch(f"{base}/export.json?{urlencode({'q': 'Gascón'})}")
    records = json.loads(reply.body)
    with Index.open(site_index) as index:
        expected = [row.id for row in index.export("Gascón")]
    assert [r["id"] for r in records] == expected
    assert set(records[0]) >= {"id", "title", "source", "published", "lang", "url", "score"}


# -- safety --------------------------------------------------------------------------


def test_hostile_document_text_is_escaped_everywhere(base: str) -> None:
    results = fetch(search_url(base, q=HOSTILE_WORD)).body
    article = fetch(f"{base}/article?{urlencode({'id': HOSTILE})}").body
    for body in (results, article):
        assert "<script" not in body
        assert "<img" not in body and "<b " not in body
        assert escape(HOSTILE_TITLE) in body
        assert escape(HOSTILE_OUTLET) in body
    assert "&lt;script&gt;alert(5)" in results  # from the snippet, still text
    links = re.findall(r'href="([^"]*)"', article)
    assert escape(HOSTILE_HTTPS) in links  # linked whole, inside its attribute
    assert not any(link.lower().lstrip().startswith(("javascript", "data")) for link in links)


def test_control_characters_are_dropped_from_the_query(base: str) -> None:
    body = fetch(f"{base}/?q=Gas%00c%1b%C3%B3n").body
    assert 'value="Gascón"' in body and "\x00" not in body and "\x1b" not in body
    assert "matching articles" in body


def test_pages_forbid_scripts_and_framing(base: str) -> None:
    headers = fetch(search_url(base, q="Gascón")).headers
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert "script-src" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "//evil.example/",
        "https:alert(1)",
        "https://exa mple.com/",
    ],
)
def test_only_http_addresses_are_linked(url: str) -> None:
    assert safe_link(url) is None


def test_http_addresses_are_linked_as_they_are() -> None:
    assert safe_link("https://www.example.com/a?b=1") == "https://www.example.com/a?b=1"
    assert safe_link("HTTP://example.com/") == "HTTP://example.com/"


def test_snippet_marks_are_kept_and_everything_else_escaped() -> None:
    snippet = "a &lt;b&gt; <em>Gascón</em> said <script>x</script> <em>&lt;i&gt;</em>"
    assert str(highlight(snippet)) == (
        "a &lt;b&gt; <mark>Gascón</mark> said &lt;script&gt;x&lt;/script&gt; <mark>&lt;i&gt;</mark>"
    )


def test_a_bad_query_is_a_400_with_the_cli_message(base: str, site_index: Path) -> None:
    cli = CliRunner().invoke(main, ["query", "Gascn~7", "--index-dir", str(site_index)])
    assert cli.exit_code == 2
    # The last line; a notice about missing dictionaries may come before it.
    message = cli.output.strip().splitlines()[-1].removeprefix("presssearch: ")
    reply = fetch(search_url(base, q="Gascn~7"))
    assert reply.status == 400
    assert escape(message) in reply.body
    assert "Traceback" not in reply.body
    assert fetch(f"{base}/export.csv?{urlencode({'q': 'Gascn~7'})}").status == 400


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"q": "Gascón", "page": "0"}, "page must be a number"),
        ({"q": "Gascón", "page": "x"}, "page must be a number"),
        ({"q": "Gascón", "since": "2025-13-01"}, "since must be a date"),
        ({"q": "Gascón", "until": "yesterday"}, "until must be a date"),
        (
            {"q": "Gascón", "interval": "decade"},
            "interval must be one of auto, day, week, month, year",
        ),
        ({"q": "Gascón", "by": "author"}, "by must be one of lang, source"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(base: str, params: dict, words: str) -> None:
    reply = fetch(search_url(base, **params))
    assert reply.status == 400
    assert words in html.unescape(reply.body)


@pytest.mark.parametrize(
    "path",
    [
        "/article?id=nothing/here.html",
        "/article?id=../../../../etc/passwd",
        "/article?id=/etc/passwd",
        "/article?id=..%2F..%2F..%2Fetc%2Fpasswd",
        "/article?id=%2e%2e%2f%2e%2e%2fpyproject.toml",
        "/article?id=..%5c..%5cpyproject.toml",
        "/article?id=en%2F..%2F..%2FMANIFEST.tsv",
        "/article?id=",
        "/article",
        "/static/../../../pyproject.toml",
        "/static/%2e%2e/%2e%2e/%2e%2e/pyproject.toml",
        "/static/..%2f..%2f..%2fcli.py",
        "/etc/passwd",
        "/nothing",
    ],
)
def test_unknown_ids_and_paths_are_404_and_reach_no_file(base: str, path: str) -> None:
    reply = fetch(base + path)
    assert reply.status == 404
    assert "root:" not in reply.body and "[project]" not in reply.body
    assert "def main" not in reply.body and "Traceback" not in reply.body


def test_article_ids_are_looked_up_in_the_index_not_on_disk(base: str) -> None:
    # The demo corpus's own manifest is a file beside the articles, never indexed.
    assert (DEMO / "MANIFEST.tsv").is_file()
    assert fetch(f"{base}/article?{urlencode({'id': 'MANIFEST.tsv'})}").status == 404


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_the_server_is_read_only(base: str, site_index: Path, method: str) -> None:
    with Index.open(site_index) as index:
        before = len(index)
    for path in ("/", "/article?id=" + quote(ORIGINAL), "/export.csv?q=x", "/static/style.css"):
        reply = fetch(base + path, method=method, data=b"q=x")
        assert reply.status == 405, path
    with Index.open(site_index) as index:
        assert len(index) == before


def test_head_answers_without_a_body(base: str) -> None:
    reply = fetch(search_url(base, q="Gascón"), method="HEAD")
    assert reply.status == 200 and reply.body == ""


def test_other_host_names_are_refused(base: str) -> None:
    # A page elsewhere that renames itself to 127.0.0.1 still sends its own name.
    reply = fetch(search_url(base, q="Gascón"), headers={"Host": "attacker.example"})
    assert reply.status == 400
    assert fetch(search_url(base, q="Gascón"), headers={"Host": "localhost"}).status == 200


# -- a live index --------------------------------------------------------------------


def test_the_server_sees_what_an_indexer_commits(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "en").mkdir(parents=True)
    (corpus / "other").mkdir()
    weather = "other/echo-du-soir-meteo-vents-violents-littoral.html"
    shutil.copy(DEMO / weather, corpus / weather)
    with Index.create(tmp_path / "index") as writer:
        writer.add_path(corpus, jobs=1)
    with Index.open(tmp_path / "index") as index, running(index) as address:
        url = f"{address}?{urlencode({'q': 'Saldana'})}"
        assert "No matching articles" in fetch(url).body
        late = "en/morning-courier-zoe-saldana-saddened-by-gascon-controversy.html"
        shutil.copy(DEMO / late, corpus / late)
        with Index.open(tmp_path / "index") as writer:
            writer.add_path(corpus, jobs=1)
        body = fetch(url).body
        assert "1 matching article" in body
        assert [unquoted(i) for i in hit_ids(body)] == [late]


# -- the command --------------------------------------------------------------------


def _serve(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", "from presssearch.cli import main; main()", "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_serve_prints_its_address_and_stops_on_ctrl_c(site_index: Path) -> None:
    process = _serve("--index-dir", str(site_index), "--port", "0")
    try:
        line = process.stdout.readline()
        match = re.search(r"at (http://127\.0\.0\.1:\d+/) \(Ctrl-C stops\)", line)
        assert match, line
        assert "matching articles" in fetch(match.group(1) + "?q=Gasc%C3%B3n").body
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=SAFETY_TIMEOUT)
    assert process.returncode == 0
    assert err.strip() == "stopped"


def test_serve_warns_off_loopback_and_reports_a_bad_address(site_index: Path) -> None:
    # 192.0.2.1 is a documentation address: the warning comes, then it cannot be bound.
    process = _serve("--index-dir", str(site_index), "--host", "192.0.2.1", "--port", "0")
    _, err = process.communicate(timeout=SAFETY_TIMEOUT)
    lines = err.strip().splitlines()
    assert process.returncode == 1
    assert lines[0].startswith("warning: listening on 192.0.2.1: anyone who can reach")
    assert lines[1].startswith("presssearch: cannot listen on 192.0.2.1:0:")


def test_serve_without_an_index_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--index-dir", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "no index in" in result.output
