"""Pieces every route family uses: schema references, the CSV/NDJSON content entries, the list view,
and content negotiation.

``negotiate`` is ours, not ``Request.accept.best_match``: Litestar's (2.25) answers
``Accept: */*;q=0`` with JSON instead of 406 and breaks q ties by header order rather than by the
default format (checked); this one follows RFC 9110 §12.5.1 (most specific range gives the q).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Request, Response

from ..catalog import Collection, Table
from ..http import accept_of, q_value, respond
from ..listing import render_page, select
from ..pagination import page_links
from ..problems import ProblemError
from ..query import Param, Query, parse_query
from ..render import Format, Rendered
from ..routing import Direct, View
from ..schemas import ref
from ..settings import MAX_ID_LENGTH

__all__ = [
    "CSV_SCHEMA",
    "LIST_HEADERS",
    "NDJSON_SCHEMA",
    "data_content",
    "direct_view",
    "id_schema",
    "list_direct",
    "list_view",
    "negotiate",
    "not_found",
    "page_of",
    "q_value",
    "ref",
]

CSV_SCHEMA: dict[str, Any] = {
    "type": "string",
    "description": "RFC 4180 CSV, UTF-8 (with a byte-order mark if bom=true), `\\n` line ends, a header row; "
    "empty cells are nulls.",
}
NDJSON_SCHEMA: dict[str, Any] = {"type": "string", "description": "One JSON object per line (newline-delimited JSON)."}
LIST_HEADERS = ("ETag", "Cache-Control", "X-Dataset-Version", "Vary", "Link", "X-Total-Count")


def id_schema(coll: Collection) -> dict[str, Any]:
    """The schema of a path parameter naming a row of ``coll`` (its id, or for actions its slug)."""
    schema: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": MAX_ID_LENGTH}
    if coll.id_pattern:
        schema["pattern"] = coll.id_pattern
    return schema


def not_found(coll: Collection, key: str) -> ProblemError:
    """The 404 for a key that names no row of ``coll``, with the ids that look alike."""
    return ProblemError(
        "not-found", f"No row of {coll.name} has the id {key[:100]!r}.", extensions={"nearest": coll.nearest(key)}
    )


def data_content(json_schema: dict[str, Any], fmt: Format | None) -> dict[str, dict[str, Any]]:
    """The 200 content of a data endpoint: all three formats when negotiated, else the fixed one."""
    every = {Format.JSON.value: json_schema, Format.CSV.value: CSV_SCHEMA, Format.NDJSON.value: NDJSON_SCHEMA}
    return every if fmt is None else {fmt.value: every[fmt.value]}


def list_view(
    table_of: Callable[[Request[Any, Any, Any]], Table],
    path_of: Callable[[Request[Any, Any, Any]], str],
    params: tuple[Param, ...],
) -> View:
    """A view that pages ``table_of(request)`` (which may raise a 404) in the format ``Accept`` asks for.
    Nothing is kept here: Litestar's response cache keeps finished answers."""

    def view(request: Request[Any, Any, Any]) -> Response[bytes]:
        table = table_of(request)
        fmt = negotiate(accept_of(request.scope))
        query = parse_query(request.scope.get("query_string", b""), params)
        return respond(page_of(table, params, query, fmt, path_of(request), True))

    return view


def list_direct(table: Table, path: str, fixed: Format | None, params: tuple[Param, ...]) -> Direct:
    """The answer of a list without path parameters, from the query string and Accept alone. Nothing
    is kept or rendered in advance here: Litestar's response cache keeps finished answers (one cache, not
    two), and start-up renders nothing it may never be asked for."""

    def direct(query_string: bytes, accept: str | None) -> Rendered:
        fmt = fixed or negotiate(accept)
        return page_of(table, params, parse_query(query_string, params), fmt, path, fixed is None)

    return direct


def direct_view(direct: Direct) -> View:
    """The Litestar view of a ``Direct``: the answer from the raw query string and Accept alone."""

    def view(request: Request[Any, Any, Any]) -> Response[bytes]:
        return respond(direct(request.scope.get("query_string", b""), accept_of(request.scope)))

    return view


def page_of(table: Table, spec: tuple[Param, ...], query: Query, fmt: Format, path: str, vary: bool) -> Rendered:
    """One page of ``table`` in ``fmt``, with links that keep every parameter of ``query``."""
    if query.values.get("facet") and fmt is not Format.JSON:
        raise ProblemError(
            "unsupported-combination",
            "facet= needs JSON: the counts go in the body's `facets`, which CSV and NDJSON have no place for.",
        )
    page = select(table, spec, query, whole=fmt is not Format.JSON)
    links = page_links(path, query.raw, page)
    return render_page(table, page, fmt, links, bom=bool(query.values.get("bom")), vary_accept=vary)


_NAMES: dict[Format, tuple[str, ...]] = {
    Format.JSON: ("application/json",),
    Format.CSV: ("text/csv",),
    Format.NDJSON: ("application/x-ndjson", "application/ndjson", "application/jsonl"),
}

_PLAIN: dict[str, Format] = {"*/*": Format.JSON} | {name: fmt for fmt, names in _NAMES.items() for name in names}


def _specificity(media_range: str, fmt: Format) -> int:
    names = _NAMES[fmt]
    if media_range in names:
        return 3
    if media_range.endswith("/*") and any(n.startswith(media_range[:-1]) for n in names):
        return 2
    return 1 if media_range == "*/*" else 0


def negotiate(accept: str | None) -> Format:
    """The format for an Accept header: the most specific matching range gives each format its q;
    the highest q wins and JSON wins ties. No usable header means JSON; nothing acceptable means 406."""
    if not accept:
        return Format.JSON
    plain = _PLAIN.get(accept)  # one media type, no parameters: what most clients send
    if plain is not None:
        return plain
    ranges: list[tuple[str, float]] = []
    for item in accept.split(",")[:32]:
        media, *params = item.split(";")
        media = media.strip().lower()
        if "/" in media:
            ranges.append((media, q_value(params)))
    if not ranges:
        return Format.JSON
    best: tuple[float, Format] | None = None
    for fmt in _NAMES:
        specific, quality = max((_specificity(m, fmt), q) for m, q in ranges)
        if specific and quality > 0 and (best is None or quality > best[0]):
            best = (quality, fmt)
    if best is None:
        shown = (accept or "")[:200]
        raise ProblemError(
            "not-acceptable",
            f"None of the media types in Accept ({shown!r}) can be produced.",
            extensions={"allowed": [n for names in _NAMES.values() for n in names]},
        )
    return best[1]
