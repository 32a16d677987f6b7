"""The site the web tests serve: the demo corpus, one syndicated copy and one hostile page.

Shared by tests/test_serve.py (plain HTTP) and tests/test_serve_browser.py
(headless Chromium). Everything is real: files written to a folder, indexed
with :class:`presssearch.Index`, served on a free loopback port.
"""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from html import escape
from pathlib import Path

from conftest import SAFETY_TIMEOUT
from presssearch import Index

DEMO = Path(__file__).parent.parent / "corpus"

#: The demo article copied under another outlet's name, so it has a near-duplicate.
ORIGINAL = "en/global-wire-netflix-drops-gascon-from-oscar-campaign.html"
COPY = "en/reprint-netflix-drops-gascon.html"
COPY_OUTLET = "Harbour Reprint Daily"

#: A page whose metadata tries to run script and whose URL is javascript:.
HOSTILE = "en/hostile.html"
HOSTILE_TITLE = "<script>alert(1)</script> Quokkaville council vote"
HOSTILE_OUTLET = '<img src=x onerror="alert(3)">'
HOSTILE_URL = "javascript:alert(2)"
#: An https address that tries to close the attribute it is written in.
HOSTILE_HTTPS = 'https://quokkaville.example/vote"><script>alert(6)</script>'

HOSTILE_WORD = "quokkaville"

HOSTILE_PAGE = f"""<!doctype html>
<html><head><meta charset="utf-8">
<title>{escape(HOSTILE_TITLE)}</title>
<meta property="og:title" content="{escape(HOSTILE_TITLE)}">
<meta property="og:site_name" content="{escape(HOSTILE_OUTLET)}">
<meta property="og:url" content="{HOSTILE_URL}">
<link rel="canonical" href="{escape(HOSTILE_HTTPS)}">
<meta property="article:published_time" content="2025-02-04T10:00:00Z">
<meta name="author" content="&lt;b onmouseover=alert(4)&gt;Mallory&lt;/b&gt;">
</head><body><article>
<h1>{escape(HOSTILE_TITLE)}</h1>
<p>The Quokkaville council voted on Tuesday to &lt;script&gt;alert(5)&lt;/script&gt; keep the
harbour open all winter, after a long debate about ferries, fishing permits and the cost of
dredging the channel that the town depends on.</p>
<p>Residents of Quokkaville said the decision would protect jobs at the harbour and the
small businesses around it, while critics asked who would pay for the dredging next year.</p>
</article></body></html>
"""


def build_site(root: Path) -> Path:
    """Index the demo corpus plus the copy and the hostile page under ``root``; the index folder."""
    corpus = root / "corpus"
    shutil.copytree(DEMO, corpus)
    original = (corpus / ORIGINAL).read_text(encoding="utf-8")
    (corpus / COPY).write_text(original.replace("Global Wire", COPY_OUTLET), encoding="utf-8")
    (corpus / HOSTILE).write_text(HOSTILE_PAGE, encoding="utf-8")
    with Index.create(root / "index") as index:
        index.add_path(corpus, jobs=1)
    return root / "index"


@dataclass(frozen=True)
class Reply:
    status: int
    headers: Message  # names in any case
    body: str


def fetch(
    url: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    data: bytes | None = None,
) -> Reply:
    """One HTTP request; error statuses are returned, not raised."""
    request = urllib.request.Request(url, method=method, headers=headers or {}, data=data)
    try:
        with urllib.request.urlopen(request, timeout=SAFETY_TIMEOUT) as response:
            return Reply(response.status, response.headers, response.read().decode("utf-8-sig"))
    except urllib.error.HTTPError as exc:
        with exc:
            return Reply(exc.code, exc.headers, exc.read().decode("utf-8", "replace"))
