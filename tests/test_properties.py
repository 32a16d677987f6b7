"""Property tests: extraction, language detection and queries on any input.

Whatever the bytes of a file, ``extract_article`` returns an article or raises
``ExtractionError``; whatever the text, ``detect_language`` returns a code, the
same one every time; whatever the query, ``Index.search`` returns results or
raises ``QueryError``. Nothing else escapes.
"""

from __future__ import annotations

import codecs
import contextlib
import html
import json
import re
import shutil
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PAGES
from presssearch import (
    Article,
    ExtractionError,
    Index,
    QueryError,
    SearchHit,
    SearchOptions,
    detect_language,
    extract_article,
)

QUICK = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

PATHS = st.sampled_from(
    [None, "page.html", "page.htm", "page.xhtml", "page.shtml", "notes.txt", "notes.text", "x"]
)


def check_article(article: Article) -> None:
    assert isinstance(article, Article)
    assert isinstance(article.title, str)
    assert isinstance(article.text, str)
    assert article.title.strip() or article.text.strip()
    assert isinstance(article.lang, str)
    assert article.lang
    assert all(isinstance(name, str) and name for name in article.authors)


def extract(data: bytes, path: str | None) -> None:
    try:
        article = extract_article(data, path=path)
    except ExtractionError as exc:
        assert exc.reason
        assert str(exc)
        return
    check_article(article)


# -- extract_article over arbitrary bytes ------------------------------------------------------

BOMS = [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE]
HEADS = [
    b"",
    b"<!doctype html>",
    b"<html><head>",
    b'<?xml version="1.0" encoding="utf-8"?>',
    b'<meta charset="utf-8">',
    b'<meta charset="shift_jis">',
    b'<meta charset="no-such-charset">',
    b'<meta http-equiv="Content-Type" content="text/html; charset=utf-16">',
    b"<title>",
    b"<script>",
    b"<!--",
]


@QUICK
@given(data=st.binary(max_size=4096), path=PATHS)
def test_extract_article_on_arbitrary_bytes(data: bytes, path: str | None) -> None:
    extract(data, path)


@QUICK
@given(
    bom=st.sampled_from(BOMS),
    head=st.sampled_from(HEADS),
    body=st.binary(max_size=2048),
    path=PATHS,
)
def test_extract_article_on_bytes_that_start_like_a_page(
    bom: bytes, head: bytes, body: bytes, path: str | None
) -> None:
    extract(bom + head + body, path)


# -- extract_article over text in random HTML --------------------------------------------------

TAGS = (
    "html head body title meta link script style noscript template article main section div"
    " span p h1 h2 h3 a b i em strong br hr ul ol li table tr td th blockquote pre time"
    " figure figcaption nav header footer aside form input button select textarea label"
    " iframe svg object embed video audio canvas dialog menu address"
).split()
ATTRIBUTES = (
    "class id role style hidden aria-hidden lang xml:lang itemprop rel href content property"
    " name datetime type charset http-equiv"
).split()
ATTRIBUTE_VALUES = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "article",
            "articleBody",
            "main",
            "navigation",
            "cookie-banner",
            "related",
            "byline",
            "author",
            "canonical",
            "application/ld+json",
            "display:none",
            "true",
            "og:title",
            "og:site_name",
            "article:published_time",
            "2025-01-20",
            "2025-13-45T99:99",
            "Tue, 31 Dec 9999 23:59:60 +9999",
            "https://example.com/a",
            "en",
            "fr-CA",
        ]
    ),
)
WORDS = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "Jacques Audiard defends his film after the remarks.",
            "La actriz pidió perdón por sus mensajes.",
            "L’actrice a présenté ses excuses jusqu’ici.",
            "&amp; &lt; &#x27; &#0; &#xffffff; &bogus;",
            "<", ">", "&", "\x00", "\ufffd", "\u202e", "🎬",
        ]
    ),
)  # fmt: skip


@st.composite
def attributes(draw: st.DrawFn) -> str:
    parts = []
    for name, value in draw(
        st.dictionaries(st.sampled_from(ATTRIBUTES), ATTRIBUTE_VALUES, max_size=3)
    ).items():
        quote = draw(st.sampled_from(['"', "'", ""]))
        shown = html.escape(value) if draw(st.booleans()) else value
        parts.append(f" {name}={quote}{shown}{quote}")
    return "".join(parts)


def element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    @st.composite
    def build(draw: st.DrawFn) -> str:
        tag = draw(st.sampled_from(TAGS))
        inner = "".join(draw(st.lists(children, max_size=4)))
        close = draw(st.sampled_from([f"</{tag}>", "", f"</{draw(st.sampled_from(TAGS))}>"]))
        return f"<{tag}{draw(attributes())}>{inner}{close}"

    return build()


JSON_KEYS = (
    "@type @graph headline author name publisher datePublished dateModified dateCreated url"
).split()
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(JSON_KEYS) | st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=10,
)


@st.composite
def json_ld(draw: st.DrawFn) -> str:
    value = draw(JSON_VALUES)
    if draw(st.booleans()):
        value = {"@type": draw(st.sampled_from(["NewsArticle", ["Article"], "Organization"]))}
        value.update(draw(st.dictionaries(st.sampled_from(["author", "headline"]), JSON_VALUES)))
    return f'<script type="application/ld+json">{json.dumps(value)}</script>'


NODES = st.recursive(WORDS | json_ld(), element, max_leaves=25)


@st.composite
def html_pages(draw: st.DrawFn) -> bytes:
    page = draw(st.sampled_from(["", "<!doctype html>", '<?xml version="1.0"?>']))
    page += "".join(draw(st.lists(NODES, max_size=6)))
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1", "shift_jis"]))
    if draw(st.booleans()):
        declared = draw(st.sampled_from([encoding, "utf-8", "iso-8859-1", "gb2312", "bogus"]))
        page = f'<meta charset="{declared}">' + page
    return page.encode(encoding, errors="replace")


@QUICK
@given(data=html_pages(), path=st.sampled_from([None, "page.html", "page.txt"]))
def test_extract_article_on_text_in_random_html(data: bytes, path: str | None) -> None:
    extract(data, path)


# -- detect_language ---------------------------------------------------------------------------

LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")


@QUICK
@given(text=st.text(max_size=3000))
def test_detect_language_returns_a_code_and_always_the_same(text: str) -> None:
    code = detect_language(text)
    assert isinstance(code, str)
    assert LANGUAGE_CODE.fullmatch(code), code
    assert detect_language(text) == code


# Blocks of letters of scripts that none of our neighbour languages is written in:
# Cyrillic, Greek, Hebrew, Arabic, Devanagari, Bengali, Thai, Georgian, Hangul,
# kana, Chinese characters.
SCRIPTS = [
    (0x0410, 0x044F), (0x0391, 0x03C9), (0x05D0, 0x05EA), (0x0621, 0x064A), (0x0905, 0x0939),
    (0x0985, 0x09B9), (0x0E01, 0x0E30), (0x10D0, 0x10F0), (0xAC00, 0xD7A3), (0x3041, 0x30FA),
    (0x4E00, 0x9FA5),
]  # fmt: skip


@QUICK
@given(data=st.data(), script=st.sampled_from(SCRIPTS))
def test_long_text_in_another_script_never_gets_a_neighbours_code(
    data: st.DataObject, script: tuple[int, int]
) -> None:
    letters = st.characters(min_codepoint=script[0], max_codepoint=script[1])
    words = st.text(alphabet=letters, min_size=1, max_size=9)
    text = " ".join(data.draw(st.lists(words, min_size=120, max_size=400)))
    code = detect_language(text)
    assert LANGUAGE_CODE.fullmatch(code), code
    assert code not in {"en", "es", "fr", "pt", "it", "ca", "de"}


@QUICK
@given(words=st.lists(WORDS, min_size=1, max_size=30))
def test_detect_language_on_sentences_is_deterministic(words: list[str]) -> None:
    text = " ".join(words)
    assert detect_language(text) == detect_language(text)


# -- queries -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    """An index of the test corpus, in this module's own folder."""
    root = tmp_path_factory.mktemp("properties")
    shutil.copytree(PAGES, root / "pages")
    with Index.create(root / "index") as ix:
        ix.add_path(root / "pages", jobs=1)
    with Index.open(root / "index") as ix:
        yield ix


SYNTAX = st.sampled_from(
    [
        "AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO", "(", ")", '"', "'", "*", "?", "~", "~2",
        "^", "^2", "[", "]", "{", "}", ":", "-", "+", "\\", "/", "title:", "lang:", "lang:es",
        "source:", "date:", "author:", "body:", "nosuch:", "2025-01-20", "2025", "Audiard",
        "Gascón", "película", "l’actrice", "the", "de", "le", " ", "  ", "\t", "\x00", "🎬",
    ]
)  # fmt: skip
# Fuzzy distances above 2 are left to test_robustness: "festivals~9" runs for a minute.
_FAR = re.compile(r"~\d+")
QUERIES = st.one_of(
    st.text(max_size=200),
    st.lists(SYNTAX | st.text(max_size=8), max_size=12).map("".join),
    st.lists(SYNTAX, max_size=12).map(" ".join),
).map(lambda query: _FAR.sub("~2", query))


def run_query(ix: Index, query: str, options: SearchOptions | None = None) -> None:
    try:
        hits = ix.search(query, options or SearchOptions())
    except QueryError as exc:
        assert str(exc)
        return
    assert isinstance(hits, list)
    assert all(isinstance(hit, SearchHit) for hit in hits)
    assert len({hit.id for hit in hits}) == len(hits)


@QUICK
@given(query=QUERIES)
def test_search_gives_results_or_a_query_error(small_index: Index, query: str) -> None:
    run_query(small_index, query)


@QUICK
@given(
    query=QUERIES,
    lang=st.none() | st.text(max_size=5),
    source=st.none() | st.text(max_size=12),
    limit=st.integers(min_value=1, max_value=50),
)
def test_search_with_filters_gives_results_or_a_query_error(
    small_index: Index, query: str, lang: str | None, source: str | None, limit: int
) -> None:
    run_query(small_index, query, SearchOptions(lang=lang, source=source, limit=limit))


@QUICK
@given(query=QUERIES)
def test_explain_and_suggest_on_any_query(small_index: Index, query: str) -> None:
    # The command line asks for a suggestion after every query with few hits.
    with contextlib.suppress(QueryError):
        assert isinstance(small_index.explain(query), str)
    suggestion = small_index.suggest(query)
    assert suggestion is None or isinstance(suggestion, str)
