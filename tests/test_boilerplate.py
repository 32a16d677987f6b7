"""What the page says around the article stays out of its text, in English, Spanish and French.

Share bars, bylines with their dates, kickers and section labels over the
headline, photo credits, newsletter boxes and comment notices are recognised
by where they stand and by a few words of each language, whatever their
class names; the article's own sentences, including ones that start like a
byline ("Por su parte, ..."), stay.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from presssearch import extract_article

ARTICLES = {
    "en": (
        "Harbour wall to be rebuilt before winter",
        [
            "The town council voted late on Tuesday to rebuild the harbour wall before the "
            "winter storms, after a survey found cracks along most of its length.",
            "By the end of the meeting, councillors had also agreed to close the outer quay to "
            "fishing boats until December, the harbour master said.",
            "Work will begin next month, and the contractor has promised to keep the inner "
            "basin open to pleasure craft for most of the season.",
        ],
    ),
    "es": (
        "El muelle será reconstruido antes del invierno",
        [
            "El ayuntamiento votó el martes por la noche reconstruir el muelle antes de los "
            "temporales de invierno, después de que un estudio hallara grietas en casi toda su "
            "longitud.",
            "Por su parte, la capitanía del puerto anunció el 3 de marzo de 2025 que el muelle "
            "exterior permanecerá cerrado a los pesqueros hasta diciembre.",
            "Las obras empezarán el mes próximo y la empresa ha prometido mantener abierta la "
            "dársena interior durante casi toda la temporada.",
        ],
    ),
    "fr": (
        "La digue sera reconstruite avant l'hiver",
        [
            "Le conseil municipal a voté mardi soir la reconstruction de la digue avant les "
            "tempêtes d'hiver, après qu'une étude a relevé des fissures sur presque toute sa "
            "longueur.",
            "Par ailleurs, la capitainerie a annoncé que le quai extérieur restera fermé aux "
            "bateaux de pêche jusqu'en décembre.",
            "Les travaux commenceront le mois prochain et l'entreprise a promis de laisser le "
            "bassin intérieur ouvert pendant presque toute la saison.",
        ],
    ),
}

# What stands around the article in each language, unmarked by class names.
AROUND = {
    "en": {
        "kicker": "Local news · Coast",
        "byline": 'By <a href="/staff/megan">Megan Thorpe</a>, March 3, 2025, 10:00 · 4 min read',
        "share": (
            'Share: <a href="/s?fb">Facebook</a> <a href="/s?x">X</a> '
            '<a href="/s?li">LinkedIn</a> <a href="/s?mail">Email</a>'
        ),
        "credit": "© Coastal Photo Agency",
        "newsletter": "Get the week's coastal news every Friday",
        "comments": "Comments are closed for this article.",
    },
    "es": {
        "kicker": "Costa · Puertos",
        "byline": (
            'Por <a href="/autor/lucia">Lucía Ferrer</a> 6 de febrero de 2025, 10:00'
            " · 4 min de lectura"
        ),
        "share": (
            '<a href="https://www.facebook.com/sharer.php?u=x">Facebook</a> '
            '<a href="https://x.com/intent/tweet?url=x">X</a> '
            '<a href="https://api.whatsapp.com/send?text=x">WhatsApp</a> '
            '<a href="mailto:?body=x">Correo</a>'
        ),
        "credit": "Foto: Agencia Costera",
        "newsletter": "Recibe cada viernes las noticias de la costa",
        "comments": "Los comentarios están cerrados para esta noticia.",
    },
    "fr": {
        "kicker": "Littoral · Ports",
        "byline": (
            'Par <a href="/auteurs/antoine">Antoine Lefebvre</a>. Publié le '
            '<time datetime="2025-02-05T19:00">5 février 2025 à 19h00</time> · Lecture 3 min'
        ),
        "share": (
            'Partager sur <a href="/p?fb">Facebook</a> · <a href="/p?x">X</a> · '
            '<a href="/p?bs">Bluesky</a> · <button>Copier le lien</button>'
        ),
        "credit": "Photo : Agence du Littoral",
        "newsletter": "Recevez chaque vendredi l'actualité du littoral",
        "comments": "Les commentaires sont fermés pour cet article.",
    },
}


def page(lang: str, *, semantic: bool) -> bytes:
    """An article page with every kind of boilerplate around its text.

    ``semantic`` pages put the text in an <article> (read directly); the
    others use plain <div>s (read by the extractors).
    """
    title, paragraphs = ARTICLES[lang]
    around = AROUND[lang]
    box = "article" if semantic else "div"
    body = "".join(f"<p>{p}</p>" for p in paragraphs * 3)
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<title>{title} | Gazette</title></head><body>
<div><a href="/">Gazette</a> <a href="/local">Local</a> <a href="/sport">Sport</a></div>
<{box} class="story">
  <span>{around["kicker"]}</span>
  <h1>{title}</h1>
  <div class="x1">{around["byline"]}</div>
  <div class="x2">{around["share"]}</div>
  <div class="x3"><img src="/wall.jpg" alt=""><p>{around["credit"]}</p></div>
  <div class="x4">{body}</div>
  <div class="x5">{around["comments"]}</div>
</{box}>
<div class="x6"><h3>{around["newsletter"]}</h3>
  <form action="/nl"><input type="email" name="m"><input type="submit" value="OK"></form></div>
</body></html>""".encode()


@pytest.mark.parametrize("semantic", [True, False], ids=["article", "divs"])
@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_boilerplate_is_left_out_and_the_article_kept(lang: str, semantic: bool) -> None:
    article = extract_article(page(lang, semantic=semantic), path="page.html")
    title, paragraphs = ARTICLES[lang]
    assert article.title == title
    kept = article.text.split("\n\n")
    # Every sentence of the article, including the ones that start like a byline.
    for paragraph in paragraphs:
        assert paragraph in kept
    assert kept[0] == paragraphs[0]
    # Nothing of what surrounds it.
    around = AROUND[lang]
    for words in (
        *("Facebook", "Thorpe", "Ferrer", "Lefebvre", "2025, 10:00", "19h00"),
        *("min read", "min de lectura", "Lecture 3 min"),  # the reading time beside a byline
    ):
        assert words not in article.text
    for kind in ("kicker", "credit", "newsletter", "comments"):
        assert around[kind] not in article.text, kind
    assert title not in article.text


CORPUS = Path(__file__).resolve().parents[1] / "corpus"
# What the demo corpus's pages print around their articles.
CORPUS_BOILERPLATE = (
    "Partager",
    "Facebook",
    "WhatsApp",
    "Copier le lien",
    "Publié le",
    "Premios Óscar 2025",
    "Cinéma · Oscars 2025",
    "Recibe cada viernes",
    "Los comentarios están cerrados",
    "Foto:",
)


@pytest.mark.parametrize(
    "path", sorted(CORPUS.rglob("*.html")), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_demo_corpus_text_is_the_article_alone(path: Path) -> None:
    article = extract_article(path.read_bytes(), path=path)
    paragraphs = article.text.split("\n\n")
    for words in CORPUS_BOILERPLATE:
        assert words not in article.text
    assert article.title not in paragraphs
    # No byline: a first paragraph is the standfirst or the story, never "Par X, le ...".
    assert not paragraphs[0].startswith(("Por ", "Par ", "By "))


# Clutter between an article's paragraphs, as real pages have it, in four languages.
CLUTTER = {
    "es": [
        "<div>Espacio publicitario</div>",
        '<p>Síguenos en <a href="https://t.me/x">Telegram</a></p>',
        '<div><strong>Seguir leyendo:</strong><ul><li><a href="/a">El puerto cierra por obras'
        '</a></li><li><a href="/b">Los pescadores protestan ante el ayuntamiento</a></li>'
        '<li><a href="/c">Un temporal daña la costa norte</a></li></ul></div>',
        "<p>Valora este artículo</p>",
    ],
    "fr": [
        '<div><p>A lire aussi</p><a href="/d">Les pêcheurs inquiets pour la saison</a></div>',
        "<div>Publicité</div>",
        "<p>Suivez-nous sur Instagram</p>",
    ],
    "en": [
        "<h3>Editors Pick</h3>",
        "<p>Download our app</p>",
        "<div>Advertisement</div>",
        '<div><span>Advertisement:</span><script>show_ad("slot_1")</script></div>',
    ],
    "de": [
        "<p>Teile mich:</p>",
        "<p>Folgen Sie uns auf Facebook</p>",
        "<div>Anzeige</div>",
        '<p><span>Folgen Sie uns auf </span><a href="/t">Twitter</a><br>'
        '<a href="/f">Liken Sie uns auf Facebook</a></p>',
        "<h3>Mehr zum Thema</h3>",
    ],
}


def assert_clutter_left_out(
    lang: str, lines: list[str], gone: tuple[str, ...], *, semantic: bool, repeat: int
) -> None:
    """An article with ``lines`` of clutter between its paragraphs keeps every paragraph,
    its lead first, and none of the words ``gone``."""
    title, paragraphs = ARTICLES[lang]
    box = "article" if semantic else "div"
    body = "".join(f"<p>{p}</p>{lines[n % len(lines)]}" for n, p in enumerate(paragraphs * repeat))
    data = f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<title>{title}</title></head><body><{box}><h1>{title}</h1>{body}</{box}></body></html>"""
    article = extract_article(data.encode(), path="page.html")
    kept = article.text.split("\n\n")
    assert kept[0] == paragraphs[0]  # the lead paragraph stays
    for paragraph in paragraphs:
        assert paragraph in kept
    for words in gone:
        assert words not in article.text


@pytest.mark.parametrize("semantic", [True, False], ids=["article", "divs"])
def test_ads_follow_us_read_also_and_rating_lines_are_left_out(semantic: bool) -> None:
    gone = (
        "Espacio publicitario", "Telegram", "Seguir leyendo", "pescadores protestan",
        "lire aussi", "pêcheurs inquiets", "Publicité", "Instagram", "Editors Pick",
        "app", "Advertisement", "Teile mich", "Folgen Sie", "Anzeige", "Valora",
        "Liken Sie", "Mehr zum Thema", "show_ad",
    )  # fmt: skip
    lines = [line for clutter in CLUTTER.values() for line in clutter]
    assert_clutter_left_out("es", lines, gone, semantic=semantic, repeat=5)


@pytest.mark.parametrize("semantic", [True, False], ids=["article", "divs"])
def test_a_sentence_opening_with_related_and_a_link_stays(semantic: bool) -> None:
    title, paragraphs = ARTICLES["en"]
    sentence = (
        'Related to <a href="/survey">the survey of the harbour wall</a> is '
        '<a href="/report">last year\'s report on the outer quay</a>.'
    )
    box = (
        '<p>Related stories: <a href="/x">Ferry timetable changes for the winter</a> '
        '<a href="/y">Lifeboat crew honoured for night rescue</a></p>'
    )
    body = "".join(f"<p>{p}</p>" for p in paragraphs * 4)
    tag = "article" if semantic else "div"
    data = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title}</title></head><body><{tag}><h1>{title}</h1>{body}<p>{sentence}</p>{box}{body}
</{tag}></body></html>"""
    article = extract_article(data.encode(), path="page.html")
    assert (
        "Related to the survey of the harbour wall is last year's report on the outer quay."
        in article.text
    )
    assert "Related stories" not in article.text
    assert "Lifeboat crew" not in article.text


def test_short_lines_in_a_trusted_article_that_are_not_its_text_are_left_out() -> None:
    title, paragraphs = ARTICLES["en"]
    clutter = (
        '<div class="gallery"><span>Show image</span> <span>Close image</span></div>'
        '<div class="more">Back to the overview</div>'
    )
    body = "".join(f"<p>{p}</p>{clutter}" for p in paragraphs * 4)
    data = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title}</title></head><body><article><h1>{title}</h1>{body}
<p>Figures: 42 boats, 3 quays.</p></article></body></html>"""
    article = extract_article(data.encode(), path="page.html")
    kept = article.text.split("\n\n")
    assert kept[0] == paragraphs[0]
    for paragraph in paragraphs:
        assert paragraph in kept
    assert "Show image" not in article.text
    assert "Back to the overview" not in article.text
    assert "Figures: 42 boats, 3 quays." in kept


def test_a_lead_paragraph_in_a_header_of_its_own_is_kept() -> None:
    title, paragraphs = ARTICLES["en"]
    lead = (
        "The harbour authority said on Tuesday that the northern quay would close for "
        "repairs until the end of the summer season."
    )
    body = "".join(f"<p>{p}</p>" for p in paragraphs * 3)
    data = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title}</title></head><body>
<div class="top"><a href="/">Gazette</a> <a href="/local">Local</a> <a href="/sport">Sport</a></div>
<div class="story"><h1>{title}</h1><header><p>{lead}</p><span>Local news</span></header>
<div class="text">{body}</div></div><div class="bottom">Contact us</div></body></html>"""
    article = extract_article(data.encode(), path="page.html")
    kept = article.text.split("\n\n")
    assert kept[0] == lead
    for paragraph in paragraphs:
        assert paragraph in kept
    assert "Contact us" not in article.text
    assert "Sport" not in article.text


STANDFIRST = "Councillors chose to act before the storms despite the cost of the works."


def with_standfirst(layout: str) -> tuple[list[str], list[str]]:
    """The paragraphs of the text of a page whose description is :data:`STANDFIRST` and
    whose <body> is ``layout`` ({title}, {standfirst} and {body} filled in), and
    the paragraphs of the story in it."""
    title, paragraphs = ARTICLES["en"]
    body = "".join(f"<p>{p}</p>" for p in paragraphs * 3)
    data = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:description" content="{STANDFIRST}"></head><body>'
        + layout.format(title=title, standfirst=STANDFIRST, body=body)
        + "</body></html>"
    )
    return extract_article(data.encode(), path="page.html").text.split("\n\n"), paragraphs


def test_a_standfirst_the_page_shows_and_describes_itself_with_is_kept() -> None:
    kept, paragraphs = with_standfirst(
        '<div class="top"><a href="/">Gazette</a> <a href="/local">Local</a> '
        '<a href="/sport">Sport</a></div><div class="story"><h1>{title}</h1>'
        '<div class="lead">{standfirst}</div><div class="text">{body}</div></div>'
        '<div class="bottom">Contact us</div>'
    )
    assert kept[0] == STANDFIRST
    assert kept[1] == paragraphs[0]
    for paragraph in paragraphs:
        assert paragraph in kept
    assert not any("Contact us" in p for p in kept)


def test_a_standfirst_in_the_articles_own_header_is_kept() -> None:
    # A header block inside the article (taken for boilerplate by its class)
    # holds the standfirst that the page's description repeats; the teaser
    # of another story, described elsewhere, stays out.
    kept, paragraphs = with_standfirst(
        '<article class="post"><div class="article_header"><h1>{title}</h1>'
        "<p>{standfirst}</p></div>{body}</article>"
        "<aside><p>Read next: the harbour works open in May.</p></aside>"
    )
    assert kept[0] == STANDFIRST
    assert kept[1] == paragraphs[0]
    assert not any("harbour works" in p for p in kept)


@pytest.mark.parametrize(
    ("lang", "bio", "share"),
    [
        ("en", "Megan Thorpe covers the coast for the paper and lives in Dover.", "Share this"),
        ("es", "Lucía Ferrer escribe sobre el litoral desde 2019 y vive en Cádiz.", "Compartir"),
        ("fr", "Claire Lefebvre couvre le littoral et vit à Boulogne depuis 2019.", "Partager"),
    ],
)
def test_the_authors_box_and_a_share_box_named_in_the_pages_language_are_left_out(
    lang: str, bio: str, share: str
) -> None:
    # In the page's article container, boxes are known by their class names.
    title, paragraphs = ARTICLES[lang]
    box = "article"
    body = "".join(f"<p>{p}</p>" for p in paragraphs * 4)
    links = '<a href="/x">X</a> <a href="/m">Mail</a>'
    data = f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<title>{title}</title></head><body><{box}><h1>{title}</h1>{body}
<div class="post-authors"><p>{bio}</p></div>
<div class="{share.split()[0].lower()}-box"><p>{share}: {links}</p></div>
</{box}></body></html>"""
    article = extract_article(data.encode(), path="page.html")
    for paragraph in paragraphs:
        assert paragraph in article.text
    assert bio not in article.text
    assert share not in article.text


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("en", "More information"),
        ("es", "Más información"),
        ("fr", "En savoir plus"),
        ("de", "Weiterführende Informationen"),
    ],
)
def test_a_more_information_heading_over_links_is_left_out(lang: str, heading: str) -> None:
    title, paragraphs = ARTICLES.get(lang, ARTICLES["en"])
    body = "".join(f"<p>{p}</p>" for p in paragraphs * 4)
    links = "".join(f'<li><a href="/doc/{n}">Document {n}</a></li>' for n in range(3))
    data = f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<title>{title}</title></head><body><article><h1>{title}</h1>{body}
<div><h3>{heading}</h3><ul>{links}</ul></div></article></body></html>"""
    article = extract_article(data.encode(), path="page.html")
    for paragraph in paragraphs:
        assert paragraph in article.text
    assert heading not in article.text
    assert "Document 1" not in article.text


# Calls to follow the outlet, to get its app or its newsletter, affiliate notices and
# read-also headings, as other real pages word them.
MORE_CLUTTER = [
    "<p>Follow The Harbour Courier on Twitter and Instagram @HarbourCourier, or send us"
    " your tips by e-mail.</p>",
    "<p>For breaking news on the go, download the Courier apps for iOS and Android.</p>",
    "<p>Want the weekly briefing in your inbox? Sign up here</p>",
    '<div><h3>You might also like</h3><ul><li><a href="/g">Ferry fares rise again</a></li>'
    '<li><a href="/h">A new lighthouse keeper</a></li></ul></div>',
    "<p>Para no perderte nada, descarga nuestra app para Android.</p>",
    "<p>Pour ne rien manquer, téléchargez l'application pour iPhone.</p>",
    "<div>Anzeige, enthält Affiliate-Links</div>",
    '<div><h3>Schon gelesen?</h3><a href="/i">Der Hafen bekommt einen neuen Kran</a></div>',
    '<div><p>Das Thema könnte dich auch interessieren:</p><ul><li><a href="/j">Fähren fahren'
    ' wieder nach Plan</a></li><li><a href="/k">Der Fischmarkt zieht um</a></li></ul></div>',
    "<p>Abonnieren Sie jetzt unseren Newsletter und verpassen Sie keine Meldung.</p>",
]


@pytest.mark.parametrize("semantic", [True, False], ids=["article", "divs"])
def test_follow_app_newsletter_affiliate_and_read_also_lines_are_left_out(
    semantic: bool,
) -> None:
    gone = (
        "Harbour Courier", "Courier apps", "Sign up", "You might also like", "Ferry fares",
        "descarga", "téléchargez", "Affiliate", "Schon gelesen", "neuen Kran",
        "könnte dich", "Fischmarkt", "Newsletter",
    )  # fmt: skip
    assert_clutter_left_out("en", MORE_CLUTTER, gone, semantic=semantic, repeat=4)
