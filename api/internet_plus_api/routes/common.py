"""Pieces every route family uses: schema references, the CSV/NDJSON content entries, the list view."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Request, Response

from ..cache import ByteBudgetCache
from ..catalog import Table
from ..http import negotiate, respond
from ..listing import page_links, render_page, select
from ..query import Param, Query, parse_query
from ..render import Format, Rendered
from ..routing import View

__all__ = [
    "CSV_SCHEMA",
    "LIST_HEADERS",
    "NDJSON_SCHEMA",
    "PageCache",
    "data_content",
    "list_view",
    "new_page_cache",
    "page_of",
    "ref",
]

PageCache = ByteBudgetCache[tuple[str, Format, bytes], Rendered]

CSV_SCHEMA: dict[str, Any] = {
    "type": "string",
    "description": "RFC 4180 CSV, UTF-8 (with a byte-order mark if bom=true), `\\n` line ends, a header row; "
    "empty cells are nulls.",
}
NDJSON_SCHEMA: dict[str, Any] = {"type": "string", "description": "One JSON object per line (newline-delimited JSON)."}
LIST_HEADERS = ("ETag", "Cache-Control", "X-Dataset-Version", "Vary", "Link", "X-Total-Count")


def new_page_cache(budget: int = 32 * 1024 * 1024) -> PageCache:
    """Rendered pages by (path, format, raw query string); one per app, shared by its list views."""
    return ByteBudgetCache(budget, lambda r: len(r.body) + 512)


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def data_content(json_schema: dict[str, Any], fmt: Format | None) -> dict[str, dict[str, Any]]:
    """The 200 content of a data endpoint: all three formats when negotiated, else the fixed one."""
    every = {Format.JSON.value: json_schema, Format.CSV.value: CSV_SCHEMA, Format.NDJSON.value: NDJSON_SCHEMA}
    return every if fmt is None else {fmt.value: every[fmt.value]}


def list_view(
    table_of: Callable[[Request[Any, Any, Any]], Table],
    path_of: Callable[[Request[Any, Any, Any]], str],
    fixed: Format | None,
    params: tuple[Param, ...],
    cache: PageCache,
    defaults: dict[Format, Rendered] | None = None,
) -> View:
    """A view that pages ``table_of(request)`` (which may raise a 404); ``fixed`` is the format of a
    suffixed path, None to negotiate. Answers without a query string come from ``defaults`` (rendered
    at start-up), the others from ``cache`` once rendered (only valid queries get that far)."""

    def view(request: Request[Any, Any, Any]) -> Response[bytes]:
        table = table_of(request)
        fmt = fixed or negotiate(request.headers.get("accept"))
        query_string = request.scope.get("query_string", b"")
        if not query_string and defaults is not None and fmt in defaults:
            return respond(request, defaults[fmt])
        path = path_of(request)

        def make() -> Rendered:
            return page_of(table, params, parse_query(query_string, params), fmt, path, fixed is None)

        return respond(request, cache.get_or_make((path, fmt, query_string), make))

    return view


def page_of(table: Table, spec: tuple[Param, ...], query: Query, fmt: Format, path: str, vary: bool) -> Rendered:
    """One page of ``table`` in ``fmt``, with links that keep every parameter of ``query``."""
    page = select(table, spec, query)
    links = page_links(path, query.raw, page)
    return render_page(table, page, fmt, links, bom=bool(query.values.get("bom")), vary_accept=vary)
