"""The reading edition: HTML pages from the same app, by content negotiation, and a static copy.

A browser (``Accept: text/html``) gets a page where a data client gets JSON, at the same URL; every
page links to its JSON and CSV. Pages are rendered once with Jinja2 (through Litestar's template
engine), kept as ``Rendered`` bytes and served like the JSON answers. No page needs JavaScript and
none loads anything from another origin.
"""

from __future__ import annotations

from .negotiation import wants_html
from .routes import page_endpoints, with_pages
from .site import Site

__all__ = ["Site", "page_endpoints", "wants_html", "with_pages"]
