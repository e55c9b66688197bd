"""Lists that are not tables: an agency's duties, and text search across tables.

Both are built as ``Table``s with their own fields, so they get the same envelope, formats,
pagination and links as the collections; only their parameters differ.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from litestar import Request

from internet_plus import Dataset
from internet_plus.search import DEFAULT_TABLES, SEARCH_FIELDS

from ..catalog import Catalog, FieldSpec, Table
from ..listing import BOM, LIMIT, OFFSET, Q, list_params
from ..query import Param, parse_query
from ..render import Rendered
from ..routing import Endpoint, PathParam
from ..settings import MAX_ID_LENGTH
from .common import LIST_HEADERS, data_content, direct_view, id_schema, list_view, negotiate, not_found, page_of, ref

__all__ = ["duty_endpoint", "duty_fields", "hit_fields", "search_endpoint"]


def _pattern(catalog: Catalog, table: str, field: str = "id") -> str | None:
    coll = catalog.collections.get(table)
    spec = next((f for f in coll.table.fields if f.name == field), None) if coll else None
    return spec.pattern if spec else None


def duty_fields(catalog: Catalog) -> tuple[FieldSpec, ...]:
    roles = next((f.enum for f in catalog.collections["responsibilities"].table.fields if f.name == "role"), ())
    return (
        FieldSpec(
            "subject_type",
            "string",
            "What the agency is named for: an action, a task (through its action), a measure, or a whole "
            "document (the duties a closing paragraph assigns, as in 国发〔2015〕5号).",
            enum=("action", "task", "measure", "document"),
            required=True,
        ),
        FieldSpec("subject_id", "string", "The id of that action, task or measure.", required=True),
        FieldSpec("role", "string", "The agency's role in the attribution.", enum=roles, required=True),
        FieldSpec(
            "inherited_from",
            "string",
            "For a task: the action whose attribution covers it (tasks have "
            "none of their own); null for actions and measures.",
            pattern=_pattern(catalog, "actions"),
        ),
        FieldSpec(
            "responsibility_id",
            "string",
            "The responsibilities row this duty comes from.",
            pattern=_pattern(catalog, "responsibilities"),
            required=True,
        ),
        FieldSpec("url", "string", "The API path of the action, task or measure.", required=True),
    )


def duty_endpoint(ds: Dataset, catalog: Catalog) -> Endpoint | None:
    if not {"agencies", "responsibilities", "actions", "tasks", "measures", "documents"} <= set(catalog.collections):
        return None
    fields = duty_fields(catalog)
    tables: dict[str, Table] = {}  # an agency's duties, made on its first request and kept
    params = list_params(Table(fields, ()))
    agencies = catalog.collections["agencies"]

    def table_of(request: Request[Any, Any, Any]) -> Table:
        key = str(request.path_params["id"])
        if key not in tables:
            if key not in agencies.index:
                raise not_found(agencies, key)
            tables[key] = Table(
                fields,
                tuple(
                    {
                        "subject_type": d.subject_type,
                        "subject_id": d.subject_id,
                        "role": d.role,
                        "inherited_from": d.inherited_from,
                        "responsibility_id": d.responsibility.id,
                        "url": f"/v1/{d.subject_type}s/{d.subject_id}",
                    }
                    for d in ds.responsibilities_of(key)
                ),
            )
        return tables[key]

    def path_of(request: Request[Any, Any, Any]) -> str:
        return f"/v1/agencies/{request.path_params['id']}/responsibilities"

    return Endpoint(
        path="/v1/agencies/{id}/responsibilities",
        view=list_view(table_of, path_of, params),
        tag="agencies",
        operation_id="list_agency_duties",
        summary="Agencies: everything one agency is named responsible for",
        description="Actions and measures whose attribution names the agency, and the tasks under those actions "
        "(marked `inherited_from` the action, since tasks carry no attribution of their own).",
        params=params,
        path_params=(PathParam("id", "The agency's id.", id_schema(agencies), "ndrc"),),
        content=data_content(ref("DutyList"), None),
        headers=LIST_HEADERS,
    )


def hit_fields(catalog: Catalog) -> tuple[FieldSpec, ...]:
    return (
        FieldSpec("table", "string", "The table of the matching row.", enum=tuple(searchable(catalog)), required=True),
        FieldSpec("id", "string", "The matching row's id.", required=True),
        FieldSpec("field", "string", "The field that matches.", required=True),
        FieldSpec(
            "start",
            "integer",
            "Where the first match starts in the field's value, in Unicode code "
            "points (Python string indices; JavaScript counts UTF-16 units).",
            minimum=0,
            required=True,
        ),
        FieldSpec(
            "end", "integer", "Where the first match ends (exclusive), in code points.", minimum=0, required=True
        ),
        FieldSpec("matches", "integer", "How many times the query occurs in the field.", minimum=1, required=True),
        FieldSpec("snippet", "string", "The text around the first match, the match wrapped in 【 】.", required=True),
        FieldSpec("url", "string", "The API path of the matching row.", required=True),
    )


def searchable(catalog: Catalog) -> list[str]:
    return [t for t in SEARCH_FIELDS if t in catalog.collections]


def search_endpoint(ds: Dataset, catalog: Catalog) -> Endpoint:
    fields = hit_fields(catalog)
    tables = searchable(catalog)
    params = (
        dataclasses.replace(
            Q,
            required=True,
            description="The text to find: Chinese (simplified or "
            "traditional) or English, case- and width-insensitive.",
        ),
        Param(
            "table",
            "Search only these tables (comma-separated). Default: "
            + ", ".join(DEFAULT_TABLES)
            + " (not provisions, responsibilities or errata, which restate text found in the others).",
            many=True,
            enum=tuple(tables),
            max_items=len(tables),
        ),
        Param(
            "document",
            "Only hits in this document (its id): its own row and the rows whose `document_id` it is. "
            "An id that names no document finds nothing.",
            pattern=_pattern(catalog, "documents"),
            min_length=1,
            max_length=MAX_ID_LENGTH,
            examples=("guofa-2015-5",),
        ),
        LIMIT,
        OFFSET,
        BOM,
    )
    documents = catalog.collections["documents"].index if "documents" in catalog.collections else {}

    def direct(query_string: bytes, accept: str | None) -> Rendered:
        fmt = negotiate(accept)
        query = parse_query(query_string, params)
        document = query.values.get("document")
        found = document is None or document in documents  # an unknown id filters out every row, as a filter does
        hits = ds.search(query["q"], query["table"] or None, document=document) if found else ()
        rows = tuple(
            {
                **dataclasses.asdict(h),
                "url": f"/v1/{h.table}/{h.id}",
            }
            for h in hits
        )
        return page_of(Table(fields, rows), params, query, fmt, "/v1/search", True)

    return Endpoint(
        path="/v1/search",
        view=direct_view(direct),
        tag="search",
        operation_id="search",
        summary="Search the text of every table",
        description="One hit per matching field, in table order then row order: where the first match is "
        "(code-point offsets), how many matches, a snippet, and the row's URL. As CSV: `Accept: text/csv` "
        "or `/v1/search.csv`, every hit unless `limit` asks for a page.",
        params=params,
        content=data_content(ref("SearchHitList"), None),
        headers=LIST_HEADERS,
    )
