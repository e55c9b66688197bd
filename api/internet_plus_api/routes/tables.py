"""``/v1/<collection>`` and ``/v1/<collection>/{id}`` for every table, from one generic definition.

Per collection: the list in three formats (negotiated at ``/v1/tasks``, fixed at ``/v1/tasks.csv``
and ``/v1/tasks.ndjson``) and the item, by id or (for actions) by slug, with related rows on
request (``?include=``). The default page of every list is rendered at start-up; every other answer on
its first request, kept by Litestar's response cache.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any, TypeVar

import orjson
from litestar import Request, Response

from internet_plus import Dataset

from ..catalog import Catalog, Collection, Table
from ..http import respond
from ..listing import BOM, list_params
from ..problems import ProblemError
from ..query import Param, parse_query
from ..render import Format, Rendered, csv_bytes, render
from ..routing import Direct, Endpoint, PathParam
from .common import (
    LIST_HEADERS,
    data_content,
    direct_view,
    id_schema,
    list_direct,
    negotiate,
    not_found,
    page_of,
    ref,
)

__all__ = ["collection_endpoints", "item_schema_name"]

T = TypeVar("T")


def item_schema_name(coll: Collection) -> str:
    """The component for an item answer: the row itself, or the row plus its optional includes."""
    return coll.model.__name__ + ("Item" if coll.includes else "")


def _as_of_param(coll: Collection) -> tuple[Param, ...]:
    if coll.as_of is None:
        return ()
    return (Param("as_of", coll.as_of[1], "date", examples=("2017-01-01",)),)


def _dated(
    ds: Dataset, coll: Collection, direct: Direct, path: str, fixed: Format | None, params: tuple[Param, ...]
) -> Direct:
    """``direct`` that answers ``?as_of=`` from the rows the library gives for that date (kept per date)."""
    if coll.as_of is None:
        return direct
    rows_on = coll.as_of[0]

    @functools.lru_cache(maxsize=64)
    def table_on(day: str) -> Table:
        rows = tuple(r.model_dump(mode="json") for r in rows_on(ds, date.fromisoformat(day)))
        return Table(coll.table.fields, rows, coll.table.text_fields)

    def dated(query_string: bytes, accept: str | None) -> Rendered:
        if not query_string:
            return direct(query_string, accept)
        query = parse_query(query_string, params)  # once: the page below is made from it
        day = query.values.get("as_of")
        fmt = fixed or negotiate(accept)
        return page_of(coll.table if day is None else table_on(day), params, query, fmt, path, fixed is None)

    return dated


def _list_endpoints(ds: Dataset, coll: Collection) -> list[Endpoint]:
    table = coll.table
    every = list_params(table) + _as_of_param(coll)
    base = f"/v1/{coll.name}"
    endpoints = []
    for fmt in (None, Format.JSON, Format.CSV, Format.NDJSON):  # .json: a fixed format a browser can follow
        path = base if fmt is None else f"{base}.{fmt.suffix}"
        # facet= fills the JSON body: a CSV or NDJSON path does not have it
        params = every if fmt in (None, Format.JSON) else tuple(p for p in every if p.name != "facet")
        direct = _dated(ds, coll, list_direct(table, path, fmt, params), path, fmt, params)
        filters = ", ".join(f"`{p.name}`" for p in params if p.field) or "none"
        endpoints.append(
            Endpoint(
                path=path,
                view=direct_view(direct),
                tag=coll.name,
                operation_id=f"list_{coll.name}" + (f"_{fmt.suffix}" if fmt else ""),
                summary=f"{coll.title}: list" + (f" as {fmt.suffix.upper()}" if fmt else ""),
                description=(
                    f"{coll.description}\n\nFilters: {filters}. Pages of `limit` rows from `offset`; "
                    "`meta.total`, `links` and the `Link` / `X-Total-Count` headers say what else there is."
                    + ("" if fmt else " The format follows `Accept` (JSON unless it asks for CSV or NDJSON).")
                ),
                params=params,
                content=data_content(ref(coll.model.__name__ + "List"), fmt),
                headers=LIST_HEADERS,
            )
        )
    return endpoints


def _render_item(
    ds: Dataset, catalog: Catalog, coll: Collection, pos: int, fmt: Format, bom: bool, includes: tuple[str, ...]
) -> Rendered:
    row = coll.table.rows[pos]
    if fmt is Format.CSV:
        return render(csv_bytes(coll.table.field_names, [row], bom=bom), fmt.value, vary_accept=True)
    body = coll.table.row_json[pos]
    if includes:
        full: dict[str, Any] = coll.table.as_json(row)
        for name in includes:
            inc = coll.includes[name]
            target = catalog.collections[inc.table].table
            index = catalog.collections[inc.table].index
            full[name] = [target.as_json(target.rows[index[r.id]]) for r in inc.find(ds, row["id"])]
        body = orjson.dumps(full)
    return render(body + b"\n" if fmt is Format.NDJSON else body, fmt.value, vary_accept=True)


def _item_endpoint(ds: Dataset, catalog: Catalog, coll: Collection) -> Endpoint:
    params: tuple[Param, ...] = (BOM,)
    if coll.includes:
        listing = "; ".join(f"`{i.name}`: {i.description}" for i in coll.includes.values())
        params = (
            Param(
                "include",
                f"Embed related rows under these keys (comma-separated). {listing} JSON and NDJSON only.",
                many=True,
                enum=tuple(coll.includes),
                max_items=len(coll.includes),
            ),
            BOM,
        )
    table = coll.table

    def view(request: Request[Any, Any, Any]) -> Response[bytes]:
        key = str(request.path_params["id"])
        pos = coll.index.get(coll.aliases.get(key, key))
        if pos is None:
            raise not_found(coll, key)
        fmt = negotiate(request.headers.get("accept"))
        query = parse_query(request.scope.get("query_string", b""), params)
        wanted = query.values.get("include") or ()
        includes = tuple(name for name in coll.includes if name in wanted)
        if includes and fmt is Format.CSV:
            raise ProblemError(
                "unsupported-combination",
                "include= needs JSON or NDJSON: a CSV answer has one line per row and no place for related rows.",
            )
        bom = bool(query.values.get("bom")) and fmt is Format.CSV
        return respond(_render_item(ds, catalog, coll, pos, fmt, bom, includes))

    by = "id or slug" if coll.aliases else "id"
    example = table.rows[0]["id"] if table.rows else None
    return Endpoint(
        path=f"/v1/{coll.name}/{{id}}",
        view=view,
        tag=coll.name,
        operation_id=f"get_{coll.name}_item",
        summary=f"{coll.title}: one row by {by}",
        description="The row exactly as in the published JSON. An unknown id answers 404 with the nearest ids.",
        params=params,
        path_params=(PathParam("id", f"The row's {by}.", id_schema(coll), example),),
        content=data_content(ref(item_schema_name(coll)), None),
        headers=("ETag", "Cache-Control", "X-Dataset-Version", "Vary"),
    )


def collection_endpoints(ds: Dataset, catalog: Catalog) -> list[Endpoint]:
    endpoints: list[Endpoint] = []
    for coll in catalog.collections.values():
        endpoints += _list_endpoints(ds, coll)
        endpoints.append(_item_endpoint(ds, catalog, coll))
    return endpoints
