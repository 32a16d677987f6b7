"""Bytes to text: however a page was encoded, its accented words come out right."""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from presssearch import extract_article

TITLE = "Gascón pide perdón a España"
SPANISH = (
    "La actriz habló con la prensa en Madrid sobre la polémica del último año. "
    "Dijo que la campaña había sido difícil para ella y para el equipo de la película, "
    "y que el señor Audiard la había apoyado desde el principio."
)
FRENCH = (
    "Le réalisateur français a présenté ses excuses après une polémique très vive. "
    "Il a déclaré à la presse qu'il n'avait jamais voulu blesser personne et que "
    "la critique, déçue, reste partagée à Noël."
)
FRENCH_NOTE = (
    "Le réalisateur a présenté ses excuses après une polémique très vive. Il a déclaré "
    "à la presse qu'il n'avait jamais voulu blesser personne. La critique reste partagée."
)
# Windows-1252 has these; ISO-8859-1 does not.
CP1252_EXTRAS = "Le billet coûte 12 € — « un prix “raisonnable” », dit le cœur du public."

ACCENTED = ["habló", "polémica", "último", "año", "campaña", "señor", "película", "difícil"]
FRENCH_ACCENTED = ["réalisateur", "français", "après", "très", "déclaré", "à", "déçue", "Noël"]


def html(head: str = "", title: str = TITLE, paragraphs: tuple[str, ...] = (SPANISH,)) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head>{head}<title>{title}</title></head>"
        f"<body><article>{body}</article></body></html>"
    )


def assert_words(text: str, words: list[str]) -> None:
    missing = [w for w in words if w not in text]
    assert not missing, f"mangled: {missing} not in {text!r}"
    assert "\ufffd" not in text


# -- Byte-order marks ------------------------------------------------------------


def test_utf8_with_bom() -> None:
    article = extract_article(codecs.BOM_UTF8 + html().encode("utf-8"), path="a.html")
    assert article.title == TITLE
    assert_words(article.text, ACCENTED)


def test_utf8_bom_wins_over_a_contradicting_declaration() -> None:
    data = codecs.BOM_UTF8 + html('<meta charset="iso-8859-1">').encode("utf-8")
    article = extract_article(data, path="a.html")
    assert article.title == TITLE
    assert_words(article.text, ACCENTED)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(encoding: str) -> None:
    text = html()
    if encoding == "utf-16-le":
        data = codecs.BOM_UTF16_LE + text.encode(encoding)
    elif encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + text.encode(encoding)
    else:
        data = text.encode(encoding)  # Python writes the BOM itself
    article = extract_article(data, path="a.html")
    assert article.title == TITLE
    assert_words(article.text, ACCENTED)
    assert article.lang == "es"


def test_utf16_text_file_with_bom() -> None:
    data = f"{TITLE}\n\n{SPANISH}\n".encode("utf-16")
    article = extract_article(data, path="a.txt")
    assert article.title == TITLE
    assert article.text == SPANISH


def test_utf8_text_file_with_bom_has_a_clean_title() -> None:
    data = codecs.BOM_UTF8 + f"{TITLE}\n\n{SPANISH}\n".encode()
    article = extract_article(data, path="a.txt")
    assert article.title == TITLE  # no stray U+FEFF in front


# -- Declarations -------------------------------------------------------------------


def test_meta_charset_iso_8859_1() -> None:
    data = html('<meta charset="iso-8859-1">', paragraphs=(SPANISH, FRENCH)).encode("latin-1")
    article = extract_article(data, path="a.html")
    assert article.title == TITLE
    assert_words(article.text, ACCENTED + FRENCH_ACCENTED)


def test_http_equiv_content_type_windows_1252() -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    data = html(head, paragraphs=(FRENCH, CP1252_EXTRAS)).encode("cp1252")
    article = extract_article(data, path="a.html")
    assert_words(article.text, [*FRENCH_ACCENTED, "€", "—", "“raisonnable”", "cœur"])


def test_iso_8859_1_label_read_as_windows_1252() -> None:
    # Browsers read "iso-8859-1" as Windows-1252, and so do sites that mislabel.
    data = html('<meta charset="iso-8859-1">', paragraphs=(CP1252_EXTRAS,)).encode("cp1252")
    article = extract_article(data, path="a.html")
    assert_words(article.text, ["€", "—", "“raisonnable”", "cœur"])


def test_utf8_declared_and_true() -> None:
    data = html('<meta charset="utf-8">', paragraphs=(SPANISH, CP1252_EXTRAS)).encode()
    article = extract_article(data, path="a.html")
    assert_words(article.text, [*ACCENTED, "€", "cœur"])


@pytest.mark.parametrize("label", ["iso-8859-1", "windows-1252"])
def test_single_byte_label_on_utf8_bytes_is_read_as_utf8(label: str) -> None:
    # Site templates keep an old label after the pages have moved to UTF-8: read
    # by the label, "Fußgängerzone" would become "FuÃ\x9fgÃ¤ngerzone".
    data = html(f'<meta charset="{label}">', paragraphs=(SPANISH, FRENCH)).encode("utf-8")
    article = extract_article(data, path="a.html")
    assert article.title == TITLE
    assert_words(article.text, ACCENTED + FRENCH_ACCENTED)
    assert "Ã" not in article.text


# -- No declaration, or a wrong one ---------------------------------------------------


@pytest.mark.parametrize(
    ("title", "text", "words"),
    [
        (TITLE, SPANISH, ACCENTED),
        ("Audiard s'excuse", FRENCH, FRENCH_ACCENTED),
        ("Note", FRENCH_NOTE, ["réalisateur", "présenté", "après", "très", "déclaré", "partagée"]),
    ],
    ids=["es", "fr", "fr-note"],
)
@pytest.mark.parametrize("suffix", [".html", ".txt"])
def test_undeclared_latin_1(title: str, text: str, words: list[str], suffix: str) -> None:
    source = html(title=title, paragraphs=(text,)) if suffix == ".html" else f"{title}\n\n{text}\n"
    article = extract_article(source.encode("latin-1"), path=f"a{suffix}")
    assert article.title == title
    assert_words(article.text, words)


@pytest.mark.parametrize(
    ("text", "words"), [(SPANISH, ACCENTED), (FRENCH, FRENCH_ACCENTED)], ids=["es", "fr"]
)
def test_declared_utf8_but_bytes_are_windows_1252(text: str, words: list[str]) -> None:
    data = html('<meta charset="utf-8">', paragraphs=(text, CP1252_EXTRAS)).encode("cp1252")
    article = extract_article(data, path="a.html")
    assert article.title == TITLE
    assert_words(article.text, [*words, "€"])


def test_undeclared_utf8() -> None:
    article = extract_article(html().encode(), path="a.html")
    assert article.title == TITLE
    assert_words(article.text, ACCENTED)


# -- Composed characters ------------------------------------------------------------


def _page(title: str, body: str, suffix: str) -> bytes:
    text = html(title=title, paragraphs=(body,)) if suffix == "html" else f"{title}\n\n{body}\n"
    return text.encode("utf-8")


@pytest.mark.parametrize("suffix", ["html", "txt"])
def test_letters_written_with_combining_accents_read_as_composed(suffix: str) -> None:
    # Some sites write a letter and its accent as two characters: the title and
    # the text come out as the one character other pages and keyboards write.
    decomposed = unicodedata.normalize("NFD", TITLE)
    assert decomposed != TITLE
    article = extract_article(
        _page(decomposed, unicodedata.normalize("NFD", SPANISH), suffix), path=f"a.{suffix}"
    )
    assert article.title == TITLE
    assert_words(article.text, ACCENTED)


@pytest.mark.parametrize("suffix", ["html", "txt"])
def test_text_comes_in_unicodes_canonical_composed_form(suffix: str) -> None:
    # Bengali's RRA (U+09DC) is written by Unicode's normal form as DDA and a nukta.
    bengali = "\u098f\u09ae\u09aa\u09bf\u09b0 \u09ac\u09be\u09dc\u09bf\u09b0"
    normal = unicodedata.normalize("NFC", bengali)
    assert normal != bengali
    article = extract_article(_page(bengali, SPANISH, suffix), path=f"a.{suffix}")
    assert article.title == normal
