"""A table's URLs in the spelling before 3.2.0 (``/v1/document-links/L001``): a 308 to the table's own.

Since 3.2.0 a URL names a table as everything else does (``/v1/document_links/L001``). The old URLs are
in citations, feeds readers, bookmarks and the RDF of earlier releases, so each still answers: a
permanent redirect (308, which keeps the method) to the same URL with the table's name, the rest of the
path and the query string unchanged. ``PLACES`` says where a table's name stands in a URL; the app's
handlers and the locations of the nginx configuration (``web/nginx.py``) are both written from it, here. A plain static
host cannot redirect: the static copy holds the canonical URLs only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from litestar import Request
from litestar.handlers import HTTPRouteHandler
from litestar.response import Redirect

from internet_plus.table_names import former_spellings

from ..routing import read_only_route

__all__ = ["ANYTHING_BENEATH", "PLACES", "nginx_redirects", "renamed_handlers"]

ANYTHING_BENEATH = "/"
"""An ending that stands for any path under the table's segment (a row, its history, its lineage …)."""

PLACES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("/v1/", ("", ".json", ".csv", ".ndjson", ANYTHING_BENEATH)),
    ("/v1/releases/{version}/tables/", ("", ".json", ANYTHING_BENEATH)),
    ("/feeds/changes/", (".atom", ".json")),
)
"""Where a table's name stands in a URL: the path before it (``{version}`` is any one segment) and what may
follow it directly."""


def _redirect(segment: int, old: str, new: str) -> Any:
    """The handler: the request's own path (as sent) with segment ``segment`` starting ``new`` instead of
    ``old``, and its query string as sent."""

    def redirect(request: Request[Any, Any, Any]) -> Redirect:
        # raw_path is the path as sent (percent-encoded); some clients' scopes carry the query in it too
        raw = bytes(request.scope.get("raw_path") or request.scope["path"].encode()).split(b"?", 1)[0]
        parts = raw.decode("latin-1").split("/")
        parts[segment] = new + parts[segment][len(old) :]
        query = request.scope.get("query_string", b"")
        return Redirect("/".join(parts) + ("?" + query.decode("latin-1") if query else ""), status_code=308)

    return redirect


def renamed_handlers(tables: Iterable[str]) -> list[HTTPRouteHandler]:
    """A GET/HEAD handler for each URL of ``PLACES`` under each table's former spelling. A literal segment
    wins over a path parameter in Litestar's router, so ``/feeds/changes/document-links.atom`` reaches its
    redirect, not the feeds' ``/feeds/changes/{name}``."""
    handlers = []
    for old, new in former_spellings(tables).items():
        for before, endings in PLACES:
            segment = before.count("/")
            prefix = before.replace("{version}", "{version:str}") + old
            for ending in endings:
                path = prefix + ("/{rest:path}" if ending == ANYTHING_BENEATH else ending)
                handlers.append(read_only_route(path, f"renamed:{path}", _redirect(segment, old, new)))
    return handlers


def nginx_redirects(renamed: Mapping[str, str], headers: str) -> str:
    """The nginx ``location`` blocks that do what ``renamed_handlers`` does: one per table and place of
    ``PLACES``, answering a URL in the table's former spelling with a 308 to the same path (as nginx decoded
    it) and query under the table's name, with the fixed ``headers`` (``add_header`` lines)."""
    blocks = []
    for old, new in sorted(renamed.items()):
        for before, endings in PLACES:
            head = "/".join("[^/]+" if p == "{version}" else re.escape(p) for p in before.split("/"))
            tails = sorted(("/.*" if e == ANYTHING_BENEATH else re.escape(e)) for e in endings if e)
            tail = "(?:" + "|".join(tails) + ")" + ("?" if "" in endings else "")
            blocks.append(f"""
        location ~ "^(?<renamed_head>{head}){re.escape(old)}(?<renamed_tail>{tail})$" {{
            absolute_redirect off;
            {headers}
            return 308 "${{renamed_head}}{new}${{renamed_tail}}$is_args$args";
        }}""")
    return "".join(blocks)
