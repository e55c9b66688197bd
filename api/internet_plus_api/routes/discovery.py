"""Discovery: ``/sitemap.xml`` (with its parts when split) and ``/robots.txt``, rendered once at start-up.

The sitemap's pages come from the app itself, never from a list kept by hand: every page the site
renders (``Site.paths``: the home page, every list and every row), every other endpoint with a
fixed path whose answer is a page (``/docs``, the matrix, search, releases), and every other page of a
row (an endpoint ``/v1/<collection>/{id}/…`` that answers a page), each once. A row's alias
(``/v1/actions/<slug>``) and an Akoma Ntoso IRI give the same page as the row's own URL, so they are
not listed again. The pages are bilingual at one URL (Chinese and English side by side): there are no
language variants to list. The feeds the app serves at a fixed path (Atom, JSON Feed) are listed too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from litestar import Request, Response

from ..http import respond
from ..query import parse_query
from ..render import Rendered, render
from ..routing import Endpoint
from ..sitemap import SITEMAP, robots_txt, sitemap_files
from ..web.site import Site
from .history import APP_ONLY

__all__ = ["FEED_TYPES", "discovery_endpoints", "listed_paths"]

FEED_TYPES = frozenset({"application/atom+xml", "application/feed+json", "application/rss+xml"})
XML = "application/xml"
_ROW_PAGE = re.compile(r"^/v1/([a-z][a-z_]*)/\{id\}(/[^{}]*)?$")


def listed_paths(endpoints: Sequence[Endpoint], site: Site) -> list[str]:
    """Every page and feed the sitemap lists, in a stable order: the site's pages first, then, as the
    endpoints come, each fixed path that answers a page or a feed and each page of a row
    (``/v1/<collection>/{id}/…``) for every row of the collection, except the pages only the app answers (a row's
    history, ``routes.history.APP_ONLY``): the sitemap is written into the static copy too, where they do not exist."""
    collections = site.catalog.collections
    aliases = {f"/v1/{c.name}/{alias}" for c in collections.values() for alias in c.aliases}
    paths = [p for p in site.paths() if p not in aliases]
    for e in endpoints:
        if not e.path_params and ("text/html" in e.content or FEED_TYPES & set(e.content)):
            paths.append(e.path)
        elif e.path.endswith(APP_ONLY):
            continue
        elif "text/html" in e.content and (match := _ROW_PAGE.match(e.path)) and match[1] in collections:
            paths += [e.path.replace("{id}", str(row["id"])) for row in collections[match[1]].table.rows]
    return list(dict.fromkeys(paths))


def _view(rendered: Rendered) -> Callable[[Request[Any, Any, Any]], Response[bytes]]:
    def view(request: Request[Any, Any, Any]) -> Response[bytes]:
        parse_query(request.scope.get("query_string", b""), ())
        return respond(rendered)

    return view


def discovery_endpoints(endpoints: Sequence[Endpoint], site: Site, base_url: str, lastmod: str) -> list[Endpoint]:
    """The sitemap (index and parts when the pages need more than one file) and robots.txt for the app
    whose other ``endpoints`` are given; ``base_url`` makes the URLs absolute, ``lastmod`` is the release date."""
    files = sitemap_files(listed_paths(endpoints, site), base_url, lastmod)
    out = []
    for path, body in files.items():
        index = path == SITEMAP and len(files) > 1
        out.append(
            Endpoint(
                path=path,
                view=_view(render(body, XML)),
                operation_id="sitemap" if path == SITEMAP else "sitemap_" + path.split("-")[-1].removesuffix(".xml"),
                summary="The sitemap index (sitemaps.org)" if index else "The sitemap: every page (sitemaps.org)",
                description="Absolute URLs on the configured base URL (INTERNET_PLUS_BASE_URL); `lastmod` is the "
                "release date. Every page of the reading edition once, at its own URL, and the feeds.",
                tag="meta",
                content={XML: {"type": "string", "description": "A sitemaps.org 0.9 urlset or sitemapindex."}},
                statuses=(400, 404, 414, 429, 500),
            )
        )
    out.append(
        Endpoint(
            path="/robots.txt",
            view=_view(render(robots_txt(base_url), "text/plain")),
            operation_id="robots",
            summary="robots.txt: every crawler may read everything; where the sitemap is",
            tag="meta",
            content={"text/plain": {"type": "string"}},
            statuses=(400, 404, 414, 429, 500),
        )
    )
    return out
