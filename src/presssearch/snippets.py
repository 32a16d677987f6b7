"""Snippets: the passage of a document that shows why it matched, highlighted.

Words are cut and analyzed as the index analyzed them, so a snippet
highlights exactly the terms the query matched (``espagnole`` for a query
that found ``espagnol``).
"""

from __future__ import annotations

import html
import re

from presssearch.analyze import analyzer_for

__all__ = ["SNIPPET_CHARS", "SNIPPET_SCAN", "lead", "snippet"]

SNIPPET_CHARS = 240
SNIPPET_SCAN = 6000
_SPACE = re.compile(r"\s+")


def snippet(text: str, terms: set[str], lang: str) -> str:
    """The passage of ``text`` with the most distinct matched ``terms``, highlighted.

    Matched words are wrapped in ``<em>``; everything else is HTML-escaped.
    Words are analyzed as the index analyzed them (``terms`` are index
    terms), over the first :data:`SNIPPET_SCAN` characters. Empty when no
    word matches.
    """
    scan = text[:SNIPPET_SCAN]
    hits = [
        (start, end, found) for found, start, end in analyzer_for(lang).occurrences(scan, terms)
    ]
    if not hits:
        return ""
    best_start, best_score = 0, (-1, 0)
    last = 0  # the hits from i up to (not including) last fit in a snippet from hit i
    for i, (start, _, _) in enumerate(hits):
        last = max(last, i)
        while last < len(hits) and hits[last][1] <= start + SNIPPET_CHARS:
            last += 1
        window = hits[i:last]
        score = (len({h[2] for h in window}), len(window))
        if score > best_score:
            best_start, best_score = i, score
    first = hits[best_start][0]
    # From the start when the match is near it; else some context before it.
    begin = 0 if first < SNIPPET_CHARS // 2 else first - SNIPPET_LEAD
    if begin:
        space = scan.find(" ", begin, first)
        begin = space + 1 if space != -1 else begin
    end = min(len(scan), begin + SNIPPET_CHARS)
    if end < len(scan):
        space = scan.rfind(" ", begin, end)
        end = space if space > first else end
    parts = ["… " if begin else ""]
    cursor = begin
    for start, stop_, _ in hits:
        if start < begin or stop_ > end:
            continue
        parts.append(html.escape(_SPACE.sub(" ", scan[cursor:start]), quote=False))
        parts.append(f"<em>{html.escape(scan[start:stop_], quote=False)}</em>")
        cursor = stop_
    parts.append(html.escape(_SPACE.sub(" ", scan[cursor:end]), quote=False))
    if end < len(text):
        parts.append(" …")
    return "".join(parts).strip()


#: Characters of context before the first matched word of a snippet.
SNIPPET_LEAD = 60


def lead(text: str) -> str:
    """The start of ``text``, cut at a word boundary, HTML-escaped."""
    text = " ".join(text.split())
    if len(text) > SNIPPET_CHARS:
        text = text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return html.escape(text, quote=False)
