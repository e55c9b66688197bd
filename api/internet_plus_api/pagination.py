"""The one list model: how every list is paged, counted, linked, faceted and described.

As Open States' ``pagination.py``: the ``limit``/``offset`` parameters, the page they select, the
``meta``/``links``/``facets`` members and the ``Link`` header of the answer, and the JSON Schemas of
that envelope all live here, so a list cannot be paged one way and documented another. What to list
(filters, ``q``, ``sort``, ``fields``) is listing.py's job; which rows an item embeds (``include=``)
is catalog.py's.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import orjson

from .catalog import FieldSpec
from .query import Param, Query
from .schemas import field_schema, ref
from .settings import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET

__all__ = [
    "LIMIT",
    "LIST_SCHEMAS",
    "OFFSET",
    "Page",
    "envelope",
    "facet_param",
    "facets_schema",
    "link_header",
    "meta_links",
    "page_links",
    "paginate",
]

_UNQUOTED = re.compile(r"[A-Za-z0-9_.~,-]*")  # RFC 3986 unreserved, and the comma quote(safe=",") keeps

LIMIT = Param(
    "limit",
    f"Rows per page, 1 to {MAX_LIMIT}, or `all`: every matching row on one page (from `offset`), in "
    f"JSON as in the other formats. Without it, JSON answers pages of {DEFAULT_LIMIT} rows "
    "and CSV and NDJSON answer every row: a file of a table is the whole table unless a page is asked "
    "for.",
    "integer",
    minimum=1,
    maximum=MAX_LIMIT,
    also=("all",),
    examples=("all",),
)
OFFSET = Param(
    "offset",
    "Rows to skip before the page starts (0-based). An offset past the end gives an empty page.",
    "integer",
    minimum=0,
    maximum=MAX_OFFSET,
    default=0,
)


@dataclass(frozen=True, slots=True)
class Page:
    """Which rows (indexes into the table), out of how many, and which fields to show (None: all)."""

    indexes: tuple[int, ...]
    total: int
    limit: int
    offset: int
    fields: tuple[str, ...] | None
    facets: tuple[tuple[str, tuple[tuple[Any, int], ...]], ...] = ()
    every: bool = False  # limit=all: the links ask for every row again


def facet_param(params: Sequence[Param]) -> Param | None:
    """``facet``: counts per value of the filterable fields, as Datasette's ``_facet``."""
    fields = tuple(dict.fromkeys(p.field for p in params if p.field and not (p.op or p.contains or p.deprecated)))
    if not fields:
        return None
    return Param(
        "facet",
        "Count the matching rows per value of these fields (comma-separated), over all pages: "
        "`facets` in the JSON body lists each value with its count, most frequent first. JSON only.",
        many=True,
        enum=fields,
        max_items=len(fields),
    )


def _facets(
    rows: Sequence[dict[str, Any]], idx: list[int], names: Sequence[str]
) -> tuple[tuple[str, tuple[tuple[Any, int], ...]], ...]:
    out = []
    for name in dict.fromkeys(names):
        counts = Counter(rows[i].get(name) for i in idx)
        ranked = sorted(counts.items(), key=lambda vc: (-vc[1], vc[0] is None, str(vc[0])))
        out.append((name, tuple(ranked)))
    return tuple(out)


def paginate(rows: Sequence[dict[str, Any]], idx: list[int], query: Query, *, whole: bool = False) -> Page:
    """The page of the matching rows ``idx`` that ``limit``/``offset`` ask for, with the facets asked
    for. Without ``limit``: every row when ``whole`` (CSV and NDJSON), else DEFAULT_LIMIT (JSON)."""
    limit, offset = query["limit"], query["offset"]
    every = limit == "all"
    if limit is None or every:
        limit = max(1, len(idx) - offset) if whole or every else DEFAULT_LIMIT
    fields = tuple(dict.fromkeys(query["fields"])) if query.values.get("fields") else None
    names = query.values.get("facet")
    facets = _facets(rows, idx, names) if names else ()
    return Page(tuple(idx[offset : offset + limit]), len(idx), limit, offset, fields, facets, every)


def page_links(path: str, raw: Sequence[tuple[str, str]], page: Page) -> dict[str, str | None]:
    """self/first/last/next/prev as absolute paths that repeat every other parameter."""
    keep = [(k, v) for k, v in raw if k not in ("limit", "offset")]
    if not keep:
        prefix = f"{path}?"
    elif all(_UNQUOTED.fullmatch(k) and _UNQUOTED.fullmatch(v) for k, v in keep):  # what quote() leaves alone
        prefix = f"{path}?{'&'.join(f'{k}={v}' for k, v in keep)}&"
    else:
        prefix = f"{path}?{urlencode(keep, quote_via=quote, safe=',')}&"  # encoded once

    size = "all" if page.every else page.limit

    def at(offset: int) -> str:
        return f"{prefix}limit={size}&offset={offset}"

    last = max(0, (page.total - 1) // page.limit * page.limit)
    nxt = page.offset + page.limit
    return {
        "self": at(page.offset),
        "first": at(0),
        "last": at(last),
        "next": at(nxt) if nxt < page.total else None,
        "prev": at(min(max(0, page.offset - page.limit), last)) if page.offset > 0 else None,
    }


def link_header(links: dict[str, str | None]) -> str:
    return ", ".join(f'<{url}>; rel="{rel}"' for rel in ("next", "prev", "first", "last") if (url := links[rel]))


def meta_links(page: Page, links: dict[str, str | None]) -> bytes:
    meta = {"total": page.total, "limit": page.limit, "offset": page.offset, "count": len(page.indexes)}
    out = b'"meta":' + orjson.dumps(meta) + b',"links":' + orjson.dumps(links)
    if page.facets:
        facets = {name: [{"value": v, "count": c} for v, c in counts] for name, counts in page.facets}
        out += b',"facets":' + orjson.dumps(facets)
    return out


def facets_schema(fields: Iterable[FieldSpec]) -> dict[str, Any]:
    """``facets``: for each field that ``facet=`` can name, its values (typed as the field) with counts."""
    props = {}
    for f in fields:
        if f.filter_name is None:
            continue
        value = field_schema(
            FieldSpec(f.name, f.type, enum=f.enum, pattern=f.pattern, minimum=f.minimum, required=True)
        )
        count = {
            "type": "object",
            "properties": {"value": {"anyOf": [value, {"type": "null"}]}, "count": {"type": "integer", "minimum": 1}},
            "required": ["value", "count"],
            "additionalProperties": False,
        }
        props[f.name] = {
            "type": "array",
            "items": count,
            "description": f"Matching rows per value of `{f.name}`, most frequent first.",
        }
    return {
        "type": "object",
        "description": "Present with facet=: counts over all matching rows, not just this page.",
        "properties": props,
        "additionalProperties": False,
    }


def envelope(item: str, what: str, fields: Iterable[FieldSpec] = ()) -> dict[str, Any]:
    props: dict[str, Any] = {"data": {"type": "array", "items": ref(item)}, "meta": ref("Meta"), "links": ref("Links")}
    facets = facets_schema(fields)
    if facets["properties"]:
        props["facets"] = facets
    return {
        "type": "object",
        "description": f"One page of {what}: the rows, how many there are, and where the rest is.",
        "properties": props,
        "required": ["data", "meta", "links"],
        "additionalProperties": False,
    }


_LINK = {"type": "string", "description": "An absolute path with every parameter of this request."}
_NULLABLE_LINK = {
    "anyOf": [{"type": "string"}, {"type": "null"}],
    "description": "null at the end (next) or start (prev) of the list.",
}

LIST_SCHEMAS: dict[str, dict[str, Any]] = {
    "Meta": {
        "type": "object",
        "description": "Counts that make every truncation visible.",
        "properties": {
            "total": {"type": "integer", "minimum": 0, "description": "Rows matching the request, on all pages."},
            "limit": {
                "type": "integer",
                "minimum": 1,
                "description": f"Page size asked for (at most {MAX_LIMIT}; with limit=all, the rows from offset "
                "to the end).",
            },
            "offset": {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "description": "Rows skipped."},
            "count": {"type": "integer", "minimum": 0, "description": "Rows on this page."},
        },
        "required": ["total", "limit", "offset", "count"],
        "additionalProperties": False,
    },
    "Links": {
        "type": "object",
        "description": "Navigation; the same URLs are in the Link header.",
        "properties": {"self": _LINK, "first": _LINK, "last": _LINK, "next": _NULLABLE_LINK, "prev": _NULLABLE_LINK},
        "required": ["self", "first", "last", "next", "prev"],
        "additionalProperties": False,
    },
}
