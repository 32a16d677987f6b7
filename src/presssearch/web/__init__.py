"""``presssearch serve``: search, compare and export coverage in a browser.

``app`` holds the pages (search with filters, facets and a timeline, the
article view, CSV and JSON export) over one open :class:`presssearch.Index`;
``chart`` lays out the timeline as server-drawn SVG; ``server`` listens on a
socket and runs the app with uvicorn. Every page works without JavaScript and
every state is a URL. The web dependencies come with the ``serve`` extra.
"""

from __future__ import annotations

from presssearch.web.app import create_app
from presssearch.web.server import address, is_loopback, listen, make_server, running

__all__ = ["address", "create_app", "is_loopback", "listen", "make_server", "running"]
