"""``presssearch serve`` in a real browser: headless Chromium driven by Playwright.

The system's Chromium (Debian's ``chromium`` package; scripts/install-browser.sh
installs it), never a browser Playwright downloads. Without it, or without
Playwright, these tests skip and say why (and fail under ``CI=true``).
Screenshots of the main views go to bench/out/screenshots/ for people to look at.
"""

from __future__ import annotations

import csv
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from conftest import require_module, skip_or_fail

require_module("starlette", "the web pages need the serve extra: pip install '.[test]'")
sync_api = require_module(
    "playwright.sync_api", "browser tests need playwright: pip install '.[test]'"
)

from presssearch import Index
from presssearch.web import running
from serving import (
    COPY,
    COPY_OUTLET,
    HOSTILE,
    HOSTILE_HTTPS,
    HOSTILE_TITLE,
    HOSTILE_WORD,
    ORIGINAL,
    build_site,
)

CHROMIUM = (
    os.environ.get("PRESSSEARCH_CHROMIUM")
    or shutil.which("chromium")
    or shutil.which("chromium-browser")
    or "/usr/bin/chromium"
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).parent.parent / "bench" / "out" / "screenshots"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site_index = build_site(tmp_path_factory.mktemp("site"))
    with Index.open(site_index) as index, running(index) as address:
        yield address.rstrip("/")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).is_file():
        skip_or_fail(
            f"no Chromium at {CHROMIUM}: run scripts/install-browser.sh"
            " (or set PRESSSEARCH_CHROMIUM)"
        )
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    yield page
    context.close()


def shoot(page: object, name: str, *, full_page: bool = True) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_search_from_the_box_and_narrow_by_a_facet(page: object, base: str) -> None:
    page.goto(base + "/")
    shoot(page, "home")
    page.get_by_label("Search the coverage").fill("Gascón")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=Gasc*")
    count = page.locator("h1.count").inner_text()
    assert "matching articles" in count
    assert page.locator("ol.hits > li").count() > 1
    assert page.locator("figure.chart svg rect").count() > 0
    shoot(page, "results")

    facet = page.locator(".facets a", has_text="Spanish")
    expected = int(facet.locator("xpath=..").locator(".n").inner_text())
    facet.click()
    page.wait_for_url("**lang=es**")
    assert params(page.url)["lang"] == ["es"]
    assert page.locator("h1.count").inner_text().startswith(f"{expected} matching")
    languages = page.locator("ol.hits .meta .lang").all_inner_texts()
    assert languages and set(languages) == {"Spanish"}
    shoot(page, "facet-spanish")

    page.go_back()
    page.wait_for_url(lambda url: "lang" not in params(url))
    assert page.locator("h1.count").inner_text() == count


def test_filters_form_and_timeline_options_are_urls(page: object, base: str) -> None:
    page.goto(f"{base}/?{urlencode({'q': 'Audiard'})}")
    page.get_by_label("Outlet").fill("Global Wire")
    page.get_by_label("From").fill("2025-01-30")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**source=Global**")
    assert params(page.url)["since"] == ["2025-01-30"]
    outlets = page.locator("ol.hits .outlet").all_inner_texts()
    assert outlets and set(outlets) == {"Global Wire"}

    page.goto(f"{base}/?{urlencode({'q': 'Gascón'})}")
    page.get_by_role("link", name="week", exact=True).click()
    page.get_by_role("link", name="outlet", exact=True).click()
    assert params(page.url)["interval"] == ["week"] and params(page.url)["by"] == ["source"]
    assert "per week, by outlet" in page.locator("#chart-title").text_content()
    shoot(page, "timeline-by-outlet")


def test_paging_with_the_keyboard(page: object, base: str) -> None:
    page.goto(f"{base}/?{urlencode({'q': 'Gascón'})}")
    first = page.locator("ol.hits > li h3").first.inner_text()
    page.locator("a[rel=next]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**page=2**")
    assert page.locator("ol.hits").get_attribute("start") == "21"
    assert page.locator("ol.hits > li h3").first.inner_text() != first
    page.go_back()
    assert page.locator("ol.hits > li h3").first.inner_text() == first


def test_open_an_article_and_follow_its_copies(page: object, base: str) -> None:
    page.goto(f"{base}/?{urlencode({'q': 'Netflix Gascón Oscar campaign'})}")
    hit = page.locator("ol.hits > li", has=page.locator("a", has_text="+1 similar"))
    assert COPY_OUTLET in hit.inner_text()
    hit.get_by_role("link", name="+1 similar").click()
    page.wait_for_url("**/article?**")
    assert params(page.url)["id"] == [ORIGINAL]
    original = page.get_by_role("link", name="https://")
    assert original.get_attribute("href").startswith("https://www.globalwire.example/")
    assert len(page.locator(".doc .text p").all_inner_texts()) > 2
    shoot(page, "article")

    page.locator("#copies a").click()
    page.wait_for_url("**/article?**")
    assert params(page.url)["id"] == [COPY]
    assert COPY_OUTLET in page.locator(".docmeta").inner_text()
    page.locator("#copies a").click()
    assert params(page.url)["id"] == [ORIGINAL]


def test_download_every_match_as_csv(page: object, base: str, tmp_path: Path) -> None:
    page.goto(f"{base}/?{urlencode({'q': 'Gascón'})}")
    total = int(page.locator("h1.count").inner_text().split()[0])
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    download = info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.name == "presssearch-Gasc-n.csv"
    with saved.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == total
    assert "Gascón" in " ".join(row["title"] for row in rows)


def test_a_hostile_page_runs_nothing_and_links_nowhere_unsafe(page: object, base: str) -> None:
    page.goto(f"{base}/?{urlencode({'q': HOSTILE_WORD})}")
    link = page.get_by_role("link", name=HOSTILE_TITLE)
    assert link.count() == 1  # the title is shown as text, script tags and all
    link.click()
    page.wait_for_url("**/article?**")
    assert params(page.url)["id"] == [HOSTILE]
    assert page.locator("h1").inner_text() == HOSTILE_TITLE
    # Everything the page asked for has loaded (an injected image or script would
    # have been fetched, and its handlers run) and the network has gone quiet.
    page.wait_for_load_state("networkidle")
    assert page.dialogs == []
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    assert all(h.startswith(("http://", "https://")) for h in hrefs)
    assert not any("javascript" in h.lower() for h in hrefs)
    original = page.locator(".docmeta a")
    assert original.get_attribute("href") == HOSTILE_HTTPS
    assert page.locator("script").count() == 0 and page.locator("img").count() == 0
    shoot(page, "hostile-article")


def test_a_bad_query_shows_the_message_and_keeps_the_query(page: object, base: str) -> None:
    response = page.goto(f"{base}/?{urlencode({'q': 'Gascn~7'})}")
    assert response.status == 400
    assert "a fuzzy term allows at most 2 edits" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Search the coverage").input_value() == "Gascn~7"


def test_phone_width_has_no_sideways_scrolling(browser: object, base: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2)
    page = context.new_page()
    try:
        for path in (
            f"/?{urlencode({'q': 'Gascón', 'by': 'source'})}",
            f"/article?{urlencode({'id': ORIGINAL})}",
        ):
            page.goto(base + path)
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= 375, f"{path} is {wide} px wide"
        page.goto(f"{base}/?{urlencode({'q': 'Gascón'})}")
        shoot(page, "phone-results", full_page=False)
    finally:
        context.close()


def test_skip_link_and_labels_for_keyboard_users(page: object, base: str) -> None:
    page.goto(f"{base}/?{urlencode({'q': 'Gascón'})}")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    for control in ("Search the coverage", "Language", "Outlet", "From", "To"):
        assert page.get_by_label(control, exact=True).count() == 1, control
