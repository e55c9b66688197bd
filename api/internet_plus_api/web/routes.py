"""Where the pages meet the API: negotiated paths get a page for browsers; a few paths are pages only.

``with_pages`` wraps the views of the paths that have a page (``/``, every collection and every row):
a request that prefers HTML and has no query string gets the page, every other request the view's
own answer, which then says ``Vary: Accept``. ``page_endpoints`` adds the paths that exist only as
pages (the matrix, search, releases) and the stylesheet. Both are ``Endpoint``s, so the OpenAPI
document lists them like every other route.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from litestar import Request, Response

from ..http import respond
from ..listing import Q
from ..query import parse_query
from ..routing import Endpoint, View, vary_accept
from .negotiation import wants_html
from .site import Site, view_path

__all__ = ["page_endpoints", "with_pages"]

_HTML_SCHEMA = {"type": "string", "description": "The page for people, when Accept prefers text/html."}
_PAGE_STATUSES = (400, 404, 414, 429, 500)
_NEGOTIATED = re.compile(r"^/$|^/v1/[a-z][a-z_]*(/\{id\})?$")


def _negotiated(view: View, site: Site) -> View:
    """A path with a page negotiates; a path without one (``…/A02.1.json``, which names its format) answers
    the same to every Accept, so says nothing of it, as nginx says of the file. An error may be a page."""

    def negotiated_view(request: Request[Any, Any, Any]) -> Response[bytes]:
        path = request.scope["path"]
        if not request.scope.get("query_string") and wants_html(request.headers.get("accept")):
            page = site.page(path)
            if page is not None:
                return respond(page)
        response = view(request)
        return vary_accept(response, True) if site.has_page(path) or (response.status_code or 200) >= 400 else response

    return negotiated_view


def with_pages(endpoints: list[Endpoint], site: Site) -> list[Endpoint]:
    """``endpoints`` with the view of every path that has pages negotiating HTML, and documented so."""
    families = {"/", *(p.rsplit("/", 1)[0] + "/{id}" for p in site.paths() if p.count("/") == 3), *site.paths()}
    out = []
    for e in endpoints:
        if _NEGOTIATED.match(e.path) and e.path in families:
            e = dataclasses.replace(
                e,
                view=_negotiated(e.view, site),
                content={**e.content, "text/html": _HTML_SCHEMA},
                headers=tuple(dict.fromkeys((*e.headers, "Vary"))),
            )
        out.append(e)
    return out


def page_endpoints(site: Site) -> list[Endpoint]:
    def fixed(path: str) -> View:
        def view(request: Request[Any, Any, Any]) -> Response[bytes]:
            parse_query(request.scope.get("query_string", b""), ())
            page = site.page(path)
            assert page is not None  # every path given here is one of the site's
            return respond(page)

        return view

    search_params = (
        dataclasses.replace(
            Q,
            description="The text to find: Chinese (simplified or traditional) or English. Without it, the form alone.",
        ),
    )

    def search(request: Request[Any, Any, Any]) -> Response[bytes]:
        query = parse_query(request.scope.get("query_string", b""), search_params)
        q = query["q"]
        if not q:
            page = site.page("/search")
            assert page is not None
            return respond(page)
        return respond(site.html(site.search_page(q, site.ds.search(q))))

    def stylesheet(request: Request[Any, Any, Any]) -> Response[bytes]:
        parse_query(request.scope.get("query_string", b""), ())
        return respond(site.stylesheet)

    def page(path: str, view: View, op: str, summary: str, **kw: Any) -> Endpoint:
        return Endpoint(
            path=path,
            view=view,
            operation_id=op,
            summary=summary,
            tag="pages",
            content={"text/html": _HTML_SCHEMA},
            headers=("ETag", "Cache-Control", "X-Dataset-Version"),
            statuses=_PAGE_STATUSES,
            **kw,
        )

    return [
        page("/matrix", fixed("/matrix"), "page_matrix", "Who is responsible: agencies × actions and measures (SVG)"),
        page(
            "/matrix/by-mentions",
            fixed("/matrix/by-mentions"),
            "page_matrix_by_mentions",
            "The matrix, agencies by mentions",
        ),
        page("/matrix/by-leads", fixed("/matrix/by-leads"), "page_matrix_by_leads", "The matrix, agencies by leads"),
        page(
            "/matrix/today",
            fixed("/matrix/today"),
            "page_matrix_today",
            "The matrix by the bodies that hold the duties today",
        ),
        *(
            page(path, fixed(path), f"page_{doc.replace('-', '_')}_{view}", f"{doc}: the text in {name} alone")
            for doc in site.held
            for view, name in (("zh", "Chinese"), ("en", "English"))
            if (path := view_path(doc, view))
        ),
        page("/search", search, "page_search", "Search the edition (a form; the hits as a page)", params=search_params),
        page("/releases", fixed("/releases"), "page_releases", "The releases of the dataset"),
        dataclasses.replace(
            page("/static/site.css", stylesheet, "page_stylesheet", "The pages' stylesheet"),
            content={"text/css": {"type": "string"}},
        ),
    ]
