"""Publication dates: read in words in the page's language, dropped with a note when implausible."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from presssearch import extract_article

BODY = {
    "en": "<p>The council voted late on Tuesday to rebuild the harbour wall before winter.</p>",
    "es": "<p>El ayuntamiento votó el martes reconstruir el muelle antes del invierno.</p>",
    "fr": "<p>Le conseil a voté mardi soir la reconstruction de la digue avant l'hiver.</p>",
    "de": "<p>Der Gemeinderat hat am Dienstag beschlossen, die Hafenmauer neu zu bauen.</p>",
}


def page(lang: str, head: str = "", byline: str = "", above: str = "", below: str = "") -> bytes:
    """A page whose headline is "Harbour wall"; ``above`` stands over the headline,
    ``byline`` under it, ``below`` after the article."""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>Harbour wall</title>{head}</head><body><article>{above}<h1>Harbour wall</h1>"
        f"{byline}{BODY[lang]}</article>{below}</body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("lang", "written", "date"),
    [
        ("es", "21 de abril de 2022", dt.date(2022, 4, 21)),
        ("es", "21 de Abril de 2022", dt.date(2022, 4, 21)),
        ("es", "Publicado el 5 de septiembre del 2023", dt.date(2023, 9, 5)),
        ("fr", "3 février 2025", dt.date(2025, 2, 3)),
        ("fr", "1er mars 2025", dt.date(2025, 3, 1)),
        ("fr", "Publié le 12 décembre 2024 à 18h05", dt.date(2024, 12, 12)),
        ("en", "March 3, 2025", dt.date(2025, 3, 3)),
        ("en", "3 March 2025", dt.date(2025, 3, 3)),
        ("en", "Sept. 9, 2024", dt.date(2024, 9, 9)),
    ],
)
def test_date_in_words_is_read_in_the_pages_language(
    lang: str, written: str, date: dt.date
) -> None:
    article = extract_article(page(lang, byline=f"<time>{written}</time>"), path="a.html")
    assert article.published == date
    assert not article.notes


def test_rfc_2822_date_in_a_meta_tag() -> None:
    head = '<meta name="date" content="Mon, 03 Mar 2025 10:00:00 GMT">'
    assert extract_article(page("en", head), path="a.html").published == dt.date(2025, 3, 3)


def test_date_after_tomorrow_is_dropped_with_a_note() -> None:
    head = '<meta property="article:published_time" content="2221-04-20T10:00:00Z">'
    article = extract_article(page("es", head), path="a.html")
    assert article.published is None
    assert article.notes == ("date dropped: 2221-04-20 is after tomorrow",)


def test_json_ld_placeholder_date_is_dropped_and_the_next_signal_used() -> None:
    ld = json.dumps({"@type": "NewsArticle", "datePublished": "0001-01-01T00:00:00"})
    head = f'<script type="application/ld+json">{ld}</script>'
    byline = '<time datetime="2025-01-05T09:00">5 January 2025</time>'
    article = extract_article(page("en", head, byline), path="a.html")
    assert article.published == dt.date(2025, 1, 5)
    assert article.notes == ("date dropped: 0001-01-01 is before the first newspapers",)


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("1970-01-01T00:00:00+00:00", "1970-01-01"),  # the Unix epoch
        ("1969-12-31T19:00:00-05:00", "1969-12-31"),  # the same instant, in New York
        ("1900-01-01", "1900-01-01"),
        ("1899-12-30", "1899-12-30"),  # a spreadsheet's day zero
    ],
)
def test_epoch_placeholder_date_is_dropped_with_a_note(written: str, day: str) -> None:
    head = f'<meta property="article:published_time" content="{written}">'
    article = extract_article(page("en", head), path="a.html")
    assert article.published is None
    assert article.notes == (f"date dropped: {day} is a placeholder, not a date",)


def test_placeholder_date_gives_way_to_the_date_printed_on_the_page() -> None:
    head = '<meta property="article:published_time" content="1970-01-01T01:00:00+01:00">'
    byline = "<time>3 March 2025</time>"
    article = extract_article(page("en", head, byline), path="a.html")
    assert article.published == dt.date(2025, 3, 3)


def test_tomorrow_is_still_plausible() -> None:
    # A page saved just before midnight in a time zone ahead of ours.
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    head = f'<meta property="article:published_time" content="{tomorrow.isoformat()}">'
    assert extract_article(page("en", head), path="a.html").published == tomorrow


@pytest.mark.parametrize("written", ["04/05/2022", "the 2025 season", "mar 2025"])
def test_ambiguous_or_partial_dates_are_not_guessed(written: str) -> None:
    article = extract_article(page("en", byline=f"<time>{written}</time>"), path="a.html")
    assert article.published is None


@pytest.mark.parametrize(
    ("lang", "byline", "date"),
    [
        (
            "fr",
            "<p>Par Antoine Lefebvre. Publié le 5 février 2025 à 19h00</p>",
            dt.date(2025, 2, 5),
        ),
        (
            "es",
            "<div>Por <a>Lucía Ferrer</a> 6 de febrero de 2025, 10:00</div>",
            dt.date(2025, 2, 6),
        ),
        ("en", "<p>Published March 3, 2025</p>", dt.date(2025, 3, 3)),
    ],
)
def test_date_printed_in_the_byline_when_the_page_declares_none(
    lang: str, byline: str, date: dt.date
) -> None:
    article = extract_article(page(lang, byline=byline), path="a.html")
    assert article.published == date
    assert "Publié" not in article.text and "Ferrer" not in article.text


def test_a_sentence_with_a_date_is_not_a_byline() -> None:
    byline = "<p>Por su parte, el ministerio anunció el 3 de marzo de 2025 nuevas obras.</p>"
    article = extract_article(page("es", byline=byline), path="a.html")
    assert article.published is None
    assert "3 de marzo de 2025 nuevas obras" in article.text


def test_a_dropped_date_is_said_by_show_and_by_a_verbose_run(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from presssearch.cli import main

    folder = tmp_path / "pages"
    folder.mkdir()
    head = '<meta property="article:published_time" content="2221-04-20T10:00:00Z">'
    (folder / "future.html").write_bytes(page("es", head=head))
    index_dir = tmp_path / "index"
    env = {"PRESSSEARCH_INDEX": None}

    run = CliRunner().invoke(
        main, ["index", str(folder), "--index-dir", str(index_dir), "--verbose"], env=env
    )
    assert run.exit_code == 0, run.output
    assert f"note: {folder / 'future.html'}: date dropped: 2221-04-20 is after tomorrow" in (
        run.stderr
    )
    shown = CliRunner().invoke(
        main, ["show", "future.html", "--index-dir", str(index_dir), "--json"], env=env
    )
    doc = json.loads(shown.stdout)
    assert doc["published"] is None
    assert doc["notes"] == ["date dropped: 2221-04-20 is after tomorrow"]
    text = CliRunner().invoke(main, ["show", "future.html", "--index-dir", str(index_dir)], env=env)
    assert "note: date dropped: 2221-04-20 is after tomorrow" in text.stdout
    stats = CliRunner().invoke(main, ["stats", "--index-dir", str(index_dir), "--json"], env=env)
    assert json.loads(stats.stdout)["first_date"] is None


@pytest.mark.parametrize(
    "modified",
    [
        '<meta property="article:modified_time" content="2024-03-05T10:00:00Z">',
        '<meta property="og:updated_time" content="2024-03-05T10:00:00Z">',
        "",  # the JSON-LD's dateModified alone
    ],
)
def test_a_page_updated_later_is_dated_when_it_was_published(modified: str) -> None:
    # A date finder may take the day of the last change; the page says when it was
    # first published, and that is the date a reader cites.
    ld = json.dumps(
        {
            "@type": "NewsArticle",
            "headline": "Harbour wall",
            "datePublished": "2024-03-01T08:00:00Z",
            "dateModified": "2024-03-05T10:00:00Z",
        }
    )
    head = f'{modified}<script type="application/ld+json">{ld}</script>'
    assert extract_article(page("en", head), path="a.html").published == dt.date(2024, 3, 1)


def test_a_moment_written_in_utc_and_in_the_pages_time_zone_is_the_local_day() -> None:
    # 03:37 UTC on 4 May is 23:37 on 3 May in the page's zone: the day its readers saw.
    ld = json.dumps(
        {
            "@type": "NewsArticle",
            "headline": "Harbour wall",
            "datePublished": "2022-05-04T03:37:37+00:00",
        }
    )
    head = f'<script type="application/ld+json">{ld}</script>'
    shown = '<time class="entry-date" datetime="2022-05-03T23:37:37-04:00">May 3, 2022</time>'
    article = extract_article(page("en", head, byline=shown), path="a.html")
    assert article.published == dt.date(2022, 5, 3)


# Other stories' dates in a list after the article, the oldest first.
RELATED = (
    "<aside><h2>More news</h2><ul>"
    '<li><time datetime="2022-06-28T09:28">28.06.2022</time> <a href="/a">Ferry timetable</a></li>'
    '<li><time datetime="2022-08-04T10:02">04.08.2022</time> <a href="/b">New pier</a></li>'
    "</ul></aside>"
)


@pytest.mark.parametrize(
    ("lang", "byline", "above"),
    [
        ("en", '<p><time datetime="2022-12-12T12:22">Dec 12, 2022</time></p>', ""),
        ("de", "<div>Veröffentlicht am 12.12.2022</div>", ""),
        (
            "de",
            "",
            '<div><time datetime="2022-12-12 12:22">12.12.2022 12:22</time></div>',
        ),
    ],
)
def test_the_date_shown_beside_the_headline_is_not_taken_for_another_storys(
    lang: str, byline: str, above: str
) -> None:
    # A date finder may take the oldest date on the page: that of a story in the list below.
    article = extract_article(page(lang, byline=byline, above=above, below=RELATED), path="a.html")
    assert article.published == dt.date(2022, 12, 12)


@pytest.mark.parametrize(
    ("head", "byline", "expected"),
    [
        pytest.param(
            # Midnight in Berlin written in UTC: 23:00 on the 4th. The page shows the 5th.
            '<meta property="article:published_time" content="2021-11-04T23:00Z">',
            '<div class="date">5. November 2021</div>',
            dt.date(2021, 11, 5),
            id="the day its readers saw",
        ),
        pytest.param(
            # Of two dates shown beside the headline, the first is the publication.
            '<meta name="date" content="2022-01-21">',
            "<p>11.01.2022 / aktualisiert 21.01.2022</p>",
            dt.date(2022, 1, 11),
            id="the first of two",
        ),
        pytest.param(
            # A day mentioned in a sentence under the headline is not its date.
            '<meta property="article:published_time" content="2025-02-10T08:00:00Z">',
            "<p>Am 3. März 2025 beginnen die Arbeiten an der Hafenmauer.</p>",
            dt.date(2025, 2, 10),
            id="not a day in a sentence",
        ),
    ],
)
def test_the_date_shown_beside_the_headline(head: str, byline: str, expected: dt.date) -> None:
    article = extract_article(page("de", head, byline=byline), path="a.html")
    assert article.published == expected
