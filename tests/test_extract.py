"""Saved page or text file to an Article: metadata from each signal, clean text."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import PAGES
from presssearch import Article, ExtractionError, extract_article

BODY = (
    "<p>The festival jury met on Tuesday to discuss the award, and the discussion "
    "went on late into the night.</p>"
    "<p>Several members said afterwards that the decision had been a difficult one.</p>"
)


def page(head: str = "", body: str = BODY, *, lang: str | None = None) -> bytes:
    """A minimal article page with ``head`` in its <head> and ``body`` in its <article>."""
    html_lang = f' lang="{lang}"' if lang else ""
    return (
        f'<!DOCTYPE html><html{html_lang}><head><meta charset="utf-8">{head}</head>'
        f"<body><article>{body}</article></body></html>"
    ).encode()


def json_ld(obj: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def extract(data: bytes, name: str = "page.html") -> Article:
    return extract_article(data, path=name)


# -- Title ---------------------------------------------------------------------


def test_title_from_og_title() -> None:
    article = extract(page('<meta property="og:title" content="Jury weighs its verdict">'))
    assert article.title == "Jury weighs its verdict"


def test_title_from_json_ld_headline() -> None:
    head = json_ld(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": "Jury weighs its verdict",
        }
    )
    assert extract(page(head)).title == "Jury weighs its verdict"


def test_title_from_json_ld_graph() -> None:
    head = json_ld(
        {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebPage", "name": "Festival news"},
                {"@type": "NewsArticle", "headline": "Jury weighs its verdict"},
            ],
        }
    )
    assert extract(page(head)).title == "Jury weighs its verdict"


def test_title_from_h1() -> None:
    article = extract(page(body="<h1>Jury weighs its verdict</h1>" + BODY))
    assert article.title == "Jury weighs its verdict"
    # The headline is the title, not the first paragraph of the text.
    assert not article.text.startswith("Jury weighs its verdict")


@pytest.mark.parametrize(
    ("title_tag", "expected"),
    [
        (
            "Festival jury takes a long night to weigh its verdict | Festival Weekly",
            "Festival jury takes a long night to weigh its verdict",
        ),
        ("Jury weighs its verdict | Festival Weekly", "Jury weighs its verdict"),
        ("Un festival sous tension | Cinéma Hebdo", "Un festival sous tension"),
        ("El jurado delibera - Diario del Cine", "El jurado delibera"),
        ("Oscar snubs | The New York Times", "Oscar snubs"),
    ],
)
def test_title_from_title_tag_without_site_suffix(title_tag: str, expected: str) -> None:
    article = extract(page(f"<title>{title_tag}</title>"))
    assert article.title == expected


@pytest.mark.parametrize(
    ("title_tag", "logo"),
    [
        ("Festivalblog.de » Blog Archiv » Jury weighs its verdict", "Festivalblog.de"),
        ("festival-weekly.com // » Jury weighs its verdict", "festival-weekly.com"),
        ("Festival Weekly | Reviews | Jury weighs its verdict", "Festival Weekly"),
    ],
)
def test_a_title_that_opens_with_the_site_name_ends_with_the_headline(
    title_tag: str, logo: str
) -> None:
    # The site's name, written as its host or as og:site_name says, then its
    # sections, then the headline; a logo <h1> with the host name is not it.
    head = f'<title>{title_tag}</title><meta property="og:site_name" content="Festival Weekly">'
    body = f"<h1>{logo}</h1>{BODY}"
    article = extract(page(head, body))
    assert article.title == "Jury weighs its verdict"


def test_a_kicker_before_the_headline_in_the_h1_and_a_host_after_it_in_og_title() -> None:
    # og:title adds the site's host name, which is no byline; the <h1> sets a
    # quote before the headline, which is no part of it.
    head = (
        '<meta property="og:title" content="Jury weighs its verdict | FESTIVAL-WEEKLY.DE">'
        "<title>Jury weighs its verdict | FESTIVAL-WEEKLY.DE - Film news</title>"
    )
    body = f'<h1>"A long night" / Jury weighs its verdict</h1>{BODY}'
    article = extract(page(head, body))
    assert article.title == "Jury weighs its verdict"


def test_title_tag_suffix_removed_when_it_is_the_site_name() -> None:
    head = (
        "<title>Jury weighs its verdict | Festival Weekly</title>"
        '<meta property="og:site_name" content="Festival Weekly">'
    )
    article = extract(page(head))
    assert article.title == "Jury weighs its verdict"
    assert article.source == "Festival Weekly"


@pytest.mark.parametrize(
    "og_title",
    [
        "Siemens und die Kohlemine Adani: Kaeser verarscht Neubauer",
        "Kaeser verarscht Neubauer (Tageszeitung)",
        "Kaeser verarscht Neubauer - Tipp der Redaktion",
        "NWX Magazin | Kaeser verarscht Neubauer",
    ],
)
def test_the_headline_shown_wins_over_og_title_that_wraps_it(og_title: str) -> None:
    head = f'<meta property="og:title" content="{og_title}"><title>{og_title} | Zeitung</title>'
    article = extract(page(head, body="<h1>Kaeser verarscht Neubauer</h1>" + BODY))
    assert article.title == "Kaeser verarscht Neubauer"


@pytest.mark.parametrize(
    ("title_tag", "expected"),
    [
        # The site's name first, then the headline the page shows.
        (
            "Notes from the Field | Why the jury took a long night over its verdict",
            "Why the jury took a long night over its verdict",
        ),
        # A headline with a dash in it: the part after it is not a site's name.
        (
            "Jury tastings January – May 2025 in Cannes",
            "Jury tastings January – May 2025 in Cannes",
        ),
    ],
)
def test_a_page_without_h1_shows_its_headline_in_an_h2(title_tag: str, expected: str) -> None:
    body = f"<h2>{expected}</h2>" + BODY + "<h2>Related articles</h2>"
    article = extract(page(f"<title>{title_tag}</title>", body=body))
    assert article.title == expected


def test_og_title_around_the_h2_headline_gives_way_to_it() -> None:
    # og:title adds an issue number that the page does not show.
    head = '<meta property="og:title" content="Jury weighs its verdict (2025/5)">'
    body = "<h2>Jury weighs its verdict</h2>" + BODY
    assert extract(page(head, body=body)).title == "Jury weighs its verdict"


def test_an_h2_in_other_words_than_the_title_is_not_the_headline() -> None:
    body = "<h2>Most read this week</h2>" + BODY
    article = extract(page("<title>Jury weighs its verdict | Festival Weekly</title>", body=body))
    assert article.title == "Jury weighs its verdict"


def test_the_headline_that_json_ld_and_the_title_say_wins_over_og_title() -> None:
    headline = "City sues the builder over its cracked paving stones"
    head = (
        '<meta property="og:title" content="Paving disaster: the high street is a mess">'
        f"<title>{headline} | Festival Weekly</title>"
        + json_ld({"@type": "NewsArticle", "headline": headline})
    )
    article = extract(page(head, body=f"<h1>{headline}</h1>" + BODY))
    assert article.title == headline


def test_og_title_wins_when_only_the_title_tag_says_the_h1() -> None:
    head = (
        '<meta property="og:title" content="Seven secrets hotel owners keep from guests">'
        "<title>The seven secrets hotel owners keep | Festival Weekly</title>"
        '<meta name="twitter:title" content="The seven secrets hotel owners keep">'
    )
    article = extract(page(head, body="<h1>The seven secrets hotel owners keep</h1>" + BODY))
    assert article.title == "Seven secrets hotel owners keep from guests"


def test_og_title_wins_over_an_h1_in_other_words() -> None:
    head = '<meta property="og:title" content="Seven secrets hotel owners keep from guests">'
    article = extract(page(head, body="<h1>The seven secrets hotel owners keep</h1>" + BODY))
    assert article.title == "Seven secrets hotel owners keep from guests"


# -- Outlet ----------------------------------------------------------------------


def test_source_from_og_site_name() -> None:
    article = extract(page('<meta property="og:site_name" content="Festival Weekly">'))
    assert article.source == "Festival Weekly"


def test_source_from_json_ld_publisher() -> None:
    head = json_ld(
        {
            "@type": "NewsArticle",
            "headline": "Jury weighs its verdict",
            "publisher": {"@type": "Organization", "name": "Festival Weekly"},
        }
    )
    assert extract(page(head)).source == "Festival Weekly"


def test_source_from_json_ld_news_media_organization() -> None:
    head = json_ld(
        [
            {"@type": "NewsArticle", "headline": "Jury weighs its verdict"},
            {"@type": "NewsMediaOrganization", "name": "Festival Weekly"},
        ]
    )
    assert extract(page(head)).source == "Festival Weekly"


# -- Authors ---------------------------------------------------------------------


def test_single_author_from_json_ld() -> None:
    head = json_ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Ana Gómez"}})
    assert extract(page(head)).authors == ("Ana Gómez",)


def test_author_list_from_json_ld() -> None:
    head = json_ld(
        {
            "@type": "NewsArticle",
            "author": [
                {"@type": "Person", "name": "Ana Gómez"},
                {"@type": "Person", "name": "Louis Martin"},
            ],
        }
    )
    assert extract(page(head)).authors == ("Ana Gómez", "Louis Martin")


def test_author_as_plain_string_in_json_ld() -> None:
    head = json_ld({"@type": "NewsArticle", "author": "Ana Gómez"})
    assert extract(page(head)).authors == ("Ana Gómez",)


def test_author_from_meta_author() -> None:
    article = extract(page('<meta name="author" content="Ana Gómez">'))
    assert article.authors == ("Ana Gómez",)


def test_two_authors_from_meta_author() -> None:
    article = extract(page('<meta name="author" content="Ana Gómez and Louis Martin">'))
    assert article.authors == ("Ana Gómez", "Louis Martin")


def test_no_author_signal_means_no_authors() -> None:
    assert extract(page()).authors == ()


# -- Date ------------------------------------------------------------------------


def test_date_from_article_published_time() -> None:
    head = '<meta property="article:published_time" content="2025-01-21T08:30:00+01:00">'
    assert extract(page(head)).published == dt.date(2025, 1, 21)


def test_date_from_json_ld_date_published() -> None:
    head = json_ld({"@type": "NewsArticle", "datePublished": "2025-01-22T18:00:00-05:00"})
    assert extract(page(head)).published == dt.date(2025, 1, 22)


def test_date_from_time_element() -> None:
    body = BODY + '<p>Posted on <time datetime="2025-01-23">23 January</time>.</p>'
    assert extract(page(body=body)).published == dt.date(2025, 1, 23)


def test_no_date_signal_means_undated() -> None:
    assert extract(page()).published is None


# -- Canonical URL ------------------------------------------------------------------


def test_canonical_url() -> None:
    head = '<link rel="canonical" href="https://festival.example/news/jury-verdict">'
    assert extract(page(head)).url == "https://festival.example/news/jury-verdict"


# -- All signals together: the test corpus page --------------------------------------


def test_full_page_metadata() -> None:
    path = PAGES / "en" / "audiard-spanish-remarks.html"
    article = extract_article(path.read_bytes(), path=path)
    assert article.title == "Audiard defends his Spanish-language film after remarks draw fire"
    assert article.source == "The Daily Reel"
    assert article.authors == ("Morgan Ellis",)
    assert article.published == dt.date(2025, 1, 20)
    assert article.url == "https://dailyreel.example/news/audiard-spanish-remarks"
    assert article.lang == "en"


def test_page_with_metadata_in_three_languages() -> None:
    es = PAGES / "es" / "gascon-pide-perdon.html"
    article = extract_article(es.read_bytes(), path=es)
    assert article.title == "Karla Sofía Gascón pide perdón por sus viejos mensajes"
    assert article.source == "Diario del Cine"
    assert article.authors == ("Lucía Romero", "Andrés Vidal")
    assert article.published == dt.date(2025, 2, 1)
    assert article.lang == "es"

    fr = PAGES / "fr" / "l-actrice-et-le-realisateur.html"
    article = extract_article(fr.read_bytes(), path=fr)
    assert article.title == "Audiard prend ses distances avec l’actrice principale de son film"
    assert article.source == "Le Journal du Film"
    assert article.authors == ("Claire Dubois",)
    assert article.published == dt.date(2025, 1, 25)
    assert article.lang == "fr"


# -- Boilerplate ---------------------------------------------------------------------

MARKERS = [
    "headermarker",
    "navmarker",
    "cookiemarker",
    "relatedmarker",
    "formmarker",
    "footermarker",
    "scriptmarker",
    "stylesheetmarker",
]


def test_boilerplate_is_not_article_text() -> None:
    path = PAGES / "en" / "audiard-spanish-remarks.html"
    text = extract_article(path.read_bytes(), path=path).text
    for marker in MARKERS:
        assert marker not in text, f"{marker} leaked into the article text"
    assert "We use cookies" not in text
    assert "Related stories" not in text
    assert "Sign up" not in text
    assert "Copyright" not in text


def test_article_paragraphs_are_kept_and_separated_by_blank_lines() -> None:
    path = PAGES / "en" / "audiard-spanish-remarks.html"
    text = extract_article(path.read_bytes(), path=path).text
    paragraphs = text.split("\n\n")
    assert paragraphs == [
        "The French director Jacques Audiard spent Monday explaining remarks he made about "
        "the Spanish language, which he admitted he barely speaks, while promoting his "
        "musical Emilia Pérez.",
        "Critics in Mexico said the film treated the country as a backdrop. Audiard's reply "
        "was that he had tried to listen to everyone who worked on the production and that "
        "he regretted any offence.",
        "The awards campaign for the film continues in Los Angeles next week.",
    ]


def test_boilerplate_removed_from_page_without_article_element() -> None:
    html = """<html><head><title>Un festival sous tension | Cinéma Hebdo</title></head><body>
    <div id="top"><div class="header">Cinéma Hebdo headermarker</div>
    <ul class="menu"><li>Accueil navmarker</li><li>Critiques</li></ul></div>
    <div id="cookie-notice"><p>Ce site utilise des cookies cookiemarker pour mesurer
    l'audience. En poursuivant votre navigation, vous acceptez leur usage.</p></div>
    <div class="content">
    <p>Le festival s'est ouvert dans une atmosphère lourde, après une semaine de
    polémiques autour du dernier film de Jacques Audiard.</p>
    <p>Les organisateurs ont renforcé la sécurité et annulé plusieurs rencontres.</p>
    <div class="related"><p>À lire aussi : relatedmarker notre sélection des films de la
    semaine et toutes nos critiques du moment, à découvrir sans attendre.</p></div>
    <form><p>Recevez notre lettre formmarker chaque semaine</p><input name="m"></form>
    <p>La cérémonie de clôture aura lieu samedi soir.</p>
    </div>
    <div class="footer">Mentions légales footermarker</div>
    <style>.x { color: red } /* stylesheetmarker */</style>
    <script>var scriptmarker = 1;</script>
    </body></html>"""
    article = extract_article(html.encode(), path="festival.html")
    for marker in MARKERS:
        assert marker not in article.text, f"{marker} leaked into the article text"
    assert article.text.split("\n\n") == [
        "Le festival s'est ouvert dans une atmosphère lourde, après une semaine de "
        "polémiques autour du dernier film de Jacques Audiard.",
        "Les organisateurs ont renforcé la sécurité et annulé plusieurs rencontres.",
        "La cérémonie de clôture aura lieu samedi soir.",
    ]
    assert article.lang == "fr"


def test_html_entities_are_decoded_in_title_and_text() -> None:
    path = PAGES / "en" / "ticket-sales.html"
    article = extract_article(path.read_bytes(), path=path)
    assert article.title == "Ticket sales < forecasts & rivals gain ground"
    assert article.source == "Reel & Reckon"
    assert "came in < 40% of the studio's forecast & exhibitors" in article.text


# -- Plain text ------------------------------------------------------------------------


def test_text_file_first_non_empty_line_is_the_title() -> None:
    data = (
        b"\n\n   Notes from the festival circuit   \n\n"
        b"Programmers met in Berlin this week\nto finalise the line-up.\n\n"
        b"The market opens on Thursday.\n"
    )
    article = extract_article(data, path="notes.txt")
    assert article.title == "Notes from the festival circuit"
    assert article.text == (
        "Programmers met in Berlin this week to finalise the line-up.\n\n"
        "The market opens on Thursday."
    )
    assert article.published is None
    assert article.source is None
    assert article.authors == ()


def test_text_file_with_windows_line_endings() -> None:
    data = b"Notes from the festival\r\n\r\nFirst paragraph here.\r\n\r\nSecond one.\r\n"
    article = extract_article(data, path="notes.txt")
    assert article.title == "Notes from the festival"
    assert article.text == "First paragraph here.\n\nSecond one."


def test_text_file_that_looks_like_html_is_still_text() -> None:
    data = b"How to write <title> tags\n\nA note on markup for the web team."
    article = extract_article(data, path="markup.txt")
    assert article.title == "How to write <title> tags"


def test_html_without_suffix_is_sniffed() -> None:
    article = extract_article(page("<title>Jury weighs its verdict</title>"))
    assert article.title == "Jury weighs its verdict"
    assert "<p>" not in article.text


# -- Unreadable files ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"", "empty.html", "empty"),
        (b"  \n\t\n ", "blank.txt", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.html", "binary"),
        (b"<html><head></head><body><nav>Home</nav></body></html>", "nav.html", "no-text"),
    ],
)
def test_unreadable_files_raise_extraction_error(data: bytes, name: str, reason: str) -> None:
    with pytest.raises(ExtractionError) as excinfo:
        extract_article(data, path=name)
    assert excinfo.value.reason == reason
    assert name in str(excinfo.value)


# -- What a page says to its reader is not the article ---------------------------

STORY = (
    "<p>La Asamblea aprobó el martes una reforma que castiga con cárcel a quien "
    "reproduzca mensajes de las pandillas, y varias asociaciones de periodistas "
    "advirtieron que la ley puede usarse contra la prensa.</p>"
    "<p>El presidente de la Asamblea defendió la reforma durante la sesión plenaria "
    "y acusó a varios medios de hacer propaganda para los grupos criminales.</p>"
    "<p>La Relatoría Especial para la Libertad de Expresión pidió al Gobierno que "
    "revise la norma y que garantice la seguridad de los periodistas amenazados en "
    "las redes sociales durante las últimas semanas.</p>"
    "<p>Los gremios de prensa anunciaron que presentarán un recurso ante la Sala de "
    "lo Constitucional en los próximos días, con el apoyo de organizaciones "
    "internacionales de defensa de la libertad de prensa.</p>"
    "<p>El debate continuará la próxima semana en la comisión de legislación, donde "
    "los diputados de la oposición pedirán escuchar a los gremios de periodistas y a "
    "los expertos en libertad de expresión antes de cualquier votación.</p>"
)


def story_page(extra: str) -> bytes:
    """A news page without an article element, its story followed by ``extra``."""
    return (
        '<!DOCTYPE html><html lang="es"><head><meta charset="utf-8">'
        "<title>La Asamblea aprueba la reforma | Diario</title></head><body>"
        f'<div class="wrap"><div class="story">{STORY}{extra}</div></div></body></html>'
    ).encode()


def test_call_to_subscribe_is_not_article_text() -> None:
    box = (
        '<div class="note"><h2>Un público informado decide mejor.</h2>'
        "<p>Hacemos periodismo desde hace cien años. Y ahora el periodismo es\n"
        "fundamental para que la opinión pública se fortalezca.<br><br>"
        "<strong>HAZTE MIEMBRO Y DISFRUTA DE BENEFICIOS EXCLUSIVOS</strong></p>"
        '<a href="/miembros">Hágase miembro ahora</a></div>'
    )
    text = extract(story_page(box)).text
    assert "HAZTE MIEMBRO" not in text
    assert "Hacemos periodismo" not in text
    assert "Un público informado" not in text
    assert text.startswith("La Asamblea aprobó el martes")
    assert "organizaciones internacionales de defensa" in text


def test_related_heading_and_its_links_are_not_article_text() -> None:
    box = (
        "<div><h3>Contenido relacionado</h3>"
        '<div><a href="/a">La Asamblea aprueba otra ley bajo la excusa de las pandillas</a>'
        '<a href="/b">Periodistas denuncian nuevas amenazas</a></div></div>'
    )
    text = extract(page(body=STORY + box, lang="es")).text
    assert "Contenido relacionado" not in text
    assert "Periodistas denuncian nuevas amenazas" not in text
    assert "Los gremios de prensa anunciaron" in text


def test_paragraph_made_of_links_is_not_article_text() -> None:
    links = (
        '<p>-<a href="/a">Escándalo en la ciudad: graban a una pareja en las murallas</a>'
        '<br><br>-<a href="/b">La historia de la mujer que se graduó a los 77 años</a></p>'
    )
    text = extract(story_page(links)).text
    assert "graban a una pareja" not in text
    assert "se graduó a los 77 años" not in text
    assert "La Relatoría Especial" in text


def test_list_of_teasers_after_the_article_is_not_article_text() -> None:
    teasers = (
        "<h3>Articles liés</h3><ul>"
        '<li><h3><a href="/1">Un an à l’atelier Sciences Po</a></h3>'
        "<p>Intervenant à l’atelier, Philippe observe ses élèves tout au long de l’année.</p></li>"
        '<li><h3><a href="/2">Contre les E3C, les élèves gagnent une bataille</a></h3>'
        "<p>Un peu partout en région parisienne, les lycéens se mobilisent.</p></li></ul>"
    )
    text = extract(page(body=BODY + teasers)).text
    assert "Articles liés" not in text
    assert "Intervenant à l’atelier" not in text
    assert "Several members said afterwards" in text


def test_photo_credit_is_not_article_text() -> None:
    credit = "<p>Crédits photos : Bestimage</p>"
    text = extract(page(body=BODY + credit)).text
    assert "Bestimage" not in text
    assert text.startswith("The festival jury met on Tuesday")


@pytest.mark.parametrize(
    "kicker",
    [
        '<span class="entry-title__toptitle">Investitionen in Sicherheit</span>',
        '<span class="kicker">Hafenstreit</span>',
        '<div class="article-dachzeile">Nach dem Urteil</div>',
    ],
)
def test_a_kicker_set_inside_the_h1_is_not_part_of_the_headline(kicker: str) -> None:
    headline = "Die Fähre fährt ab Montag wieder nach Plan"
    head = f'<meta property="og:title" content="{headline} - Hafenblatt"><title>{headline}</title>'
    # The headline's own inline markup is read as written, word for word.
    shown = "Die <em>Fähre</em> fährt ab <b>Mon</b>tag wieder nach Plan"
    article = extract(page(head, body=f"<h1>{kicker} {shown}</h1>" + BODY))
    assert article.title == headline


TOPICS = ["tickets", "bicycles", "luggage", "assistance", "refunds", "pets"]


def answers_page(page_class: str = "page", second_class: str = "more") -> bytes:
    """A page of questions and answers without an <article>, between two long lists
    of links; its answers in a block of class ``page_class``, all but the first two
    in two inner blocks of class ``second_class``."""

    def answer(topic: str, n: int) -> str:
        return (
            f"<p>Passengers asking about {topic} on replacement coaches should note point {n}:"
            " the rules differ between operators, and the staff at each station will explain"
            " what applies to the journey before departure. Where a coach cannot take"
            f" {topic}, a taxi may be booked at no extra cost for the whole trip.</p>"
        )

    sections = [f"<h2>About {t}</h2>{answer(t, 1)}{answer(t, 2)}" for t in TOPICS]
    links = "".join(
        f"<li><a href='/s{i}'>Station guide number {i} for travellers</a></li>" for i in range(200)
    )
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        "<title>Replacement coaches: what to expect</title></head><body>"
        f"<div class=top><ul>{links}</ul></div><div class='{page_class}'>"
        "<h1>Replacement coaches: what to expect</h1>"
        f"<div class=intro>{''.join(sections[:2])}</div>"
        f"<div class='{second_class}'>{''.join(sections[2:4])}</div>"
        f"<div class='{second_class}'>{''.join(sections[4:])}</div></div>"
        f"<div class=foot><ul>{links}</ul></div></body></html>"
    ).encode()


def assert_every_answer_and_no_list(text: str) -> None:
    for topic in TOPICS:
        assert f"asking about {topic} on replacement coaches should note point 2" in text
    assert "Station guide" not in text


def test_a_page_whose_text_goes_on_in_a_second_block_keeps_all_of_it() -> None:
    # readability-lxml sets a block named "story-extra" aside and reads the
    # first answers only.
    assert_every_answer_and_no_list(extract(answers_page(second_class="story-extra")).text)


def test_a_page_that_names_its_whole_text_like_a_box_keeps_it_and_not_the_lists() -> None:
    # The block around the answers is named like a paywall notice.
    text = extract(answers_page(page_class="steady-paywall-container")).text
    assert_every_answer_and_no_list(text)
