"""Very large and oddly shaped pages are indexed, found by their first words, and read sanely.

A page of many megabytes of scripts, one line of markup, tens of thousands of
nested elements, or hundreds of thousands of paragraphs is indexed like any
other: its document is found by a word of its first paragraph, its text is
the article's (no markup, no script), and the stored text stops at
:data:`presssearch.extract.MAX_TEXT_CHARS` with a note saying so. How much
memory and time this takes is measured by ``bench/bigfiles.py``, not here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ids
from presssearch import Index, extract_article
from presssearch.extract import MAX_MARKUP_BYTES, MAX_TEXT_CHARS

MB = 1024 * 1024
LEAD = (
    "The harbour master of Quillonby said on Monday that the new breakwater would be "
    "finished before the autumn storms, two years later than first promised."
)
PARAGRAPH = (
    "Engineers have poured concrete for most of the season, and the fishing fleet has "
    "moored in the outer basin while the work goes on, officials said."
)
HEAD = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    "<title>Quillonby breakwater to open before the storms | The Harbour Gazette</title>"
    '<meta property="og:site_name" content="The Harbour Gazette"></head>'
)


def index_one(folder: Path, index_dir: Path, name: str, data: bytes | str) -> Index:
    folder.mkdir()
    raw = data.encode("utf-8") if isinstance(data, str) else data
    (folder / name).write_bytes(raw)
    ix = Index.create(index_dir)
    report = ix.add_path(folder, jobs=1)
    assert report.added == 1, report
    return ix


def assert_found_and_sane(ix: Index, name: str) -> str:
    assert ids(ix.search("Quillonby")) == [name]
    doc = ix.get(name)
    assert doc is not None
    assert doc.text.startswith(LEAD) or doc.title.startswith("Quillonby")
    assert LEAD in doc.text
    assert "<" not in doc.text and "function(" not in doc.text
    assert len(doc.text) <= MAX_TEXT_CHARS
    return doc.text


def paragraphs(size: int) -> str:
    return f"<p>{PARAGRAPH}</p>\n" * (size // (len(PARAGRAPH) + 8))


def test_page_with_megabytes_of_scripts_before_its_article(tmp_path: Path) -> None:
    script = "<script>var state = " + '"x", ' * (MB // 5) + "0;</script>\n"
    page = (
        f"{HEAD}<body>{script * 3}<nav><a href='/'>Home</a></nav>"
        f"<article><h1>Quillonby breakwater to open before the storms</h1><p>{LEAD}</p>"
        f"{paragraphs(3 * MB)}</article></body></html>"
    )
    with index_one(tmp_path / "pages", tmp_path / "index", "big.html", page) as ix:
        text = assert_found_and_sane(ix, "big.html")
        assert PARAGRAPH in text
        assert "var state" not in text
        doc = ix.get("big.html")
        assert doc is not None and doc.title == "Quillonby breakwater to open before the storms"


def test_page_on_a_single_line(tmp_path: Path) -> None:
    page = (
        f"{HEAD}<body><article><p>{LEAD}</p>{paragraphs(3 * MB)}</article></body></html>"
    ).replace("\n", " ")
    assert "\n" not in page and len(page) > 2 * MB
    with index_one(tmp_path / "pages", tmp_path / "index", "line.html", page) as ix:
        assert PARAGRAPH in assert_found_and_sane(ix, "line.html")


def test_a_hundred_thousand_nested_elements(tmp_path: Path) -> None:
    depth = 100_000
    page = f"{HEAD}<body>{'<div>' * depth}<p>{LEAD}</p>{'</div>' * depth}</body></html>"
    with index_one(tmp_path / "pages", tmp_path / "index", "nested.html", page) as ix:
        assert_found_and_sane(ix, "nested.html")


def test_hundreds_of_thousands_of_tiny_paragraphs(tmp_path: Path) -> None:
    tiny = "".join(f"<p>word{i % 97}</p>" for i in range(300_000))
    page = f"{HEAD}<body><article><p>{LEAD}</p>{tiny}</article></body></html>"
    with index_one(tmp_path / "pages", tmp_path / "index", "tiny.html", page) as ix:
        text = assert_found_and_sane(ix, "tiny.html")
        assert "word5" in text.split()


def test_stored_text_is_cut_at_a_paragraph_with_a_note() -> None:
    page = f"{HEAD}<body><article><p>{LEAD}</p>{paragraphs(MAX_MARKUP_BYTES)}</article></body>"
    article = extract_article(page.encode(), path="long.html")
    assert article.text.startswith(LEAD)
    assert len(article.text) <= MAX_TEXT_CHARS
    assert article.text.endswith(PARAGRAPH)  # whole paragraphs, not half of one
    assert any("text cut at" in note for note in article.notes)


def test_short_page_has_no_note_about_cutting() -> None:
    page = f"{HEAD}<body><article><p>{LEAD}</p>{paragraphs(20_000)}</article></body>"
    article = extract_article(page.encode(), path="short.html")
    assert not any("cut" in note for note in article.notes)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_large_text_file_is_found_by_its_first_words(tmp_path: Path, encoding: str) -> None:
    text = "Quillonby breakwater to open\n\n" + LEAD + "\n\n" + (PARAGRAPH + "\n\n") * 40_000
    with index_one(tmp_path / "pages", tmp_path / "index", "long.txt", text.encode(encoding)) as ix:
        assert ids(ix.search("Quillonby")) == ["long.txt"]
        doc = ix.get("long.txt")
        assert doc is not None
        assert doc.title == "Quillonby breakwater to open"
        assert doc.text.startswith(LEAD) and len(doc.text) <= MAX_TEXT_CHARS


def test_large_utf16_page_is_decoded_and_found(tmp_path: Path) -> None:
    page = f"{HEAD}<body><article><p>{LEAD}</p>{paragraphs(2 * MB)}</article></body></html>"
    data = page.replace('<meta charset="utf-8">', "").encode("utf-16")
    with index_one(tmp_path / "pages", tmp_path / "index", "wide.html", data) as ix:
        assert PARAGRAPH in assert_found_and_sane(ix, "wide.html")


def test_page_whose_inlined_images_come_before_its_article(tmp_path: Path) -> None:
    image = "iVBORw0KGgo" * (MB // 11)
    page = (
        f'{HEAD}<body><header><img src="data:image/png;base64,{image}" alt="logo">'
        f"<img src='data:image/png;base64,{image}'></header><article><p>{LEAD}</p>"
        f"{paragraphs(MB)}</article></body></html>"
    )
    assert len(page) > MAX_MARKUP_BYTES + MB // 2
    with index_one(tmp_path / "pages", tmp_path / "index", "images.html", page) as ix:
        assert PARAGRAPH in assert_found_and_sane(ix, "images.html")
