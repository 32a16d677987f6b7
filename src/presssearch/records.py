"""What searching hands back: plain values that stay valid after the index is closed."""

from __future__ import annotations

import datetime as dt
from typing import Any

__all__ = ["stored_metadata"]


def stored_metadata(fields: dict) -> dict[str, Any]:
    """The metadata of a document's stored fields, as hits, rows and documents carry it."""
    published = fields.get("published")
    authors = fields.get("authors")
    if isinstance(published, dt.datetime):
        published = published.date()
    return {
        "id": fields["id"],
        "path": fields.get("path", fields["id"]),
        "title": fields.get("title", ""),
        "lang": fields.get("lang", "und"),
        "source": fields.get("source"),
        "authors": tuple(a for a in authors.split("; ") if a) if authors else (),
        "published": published or None,
        "url": fields.get("url"),
    }
