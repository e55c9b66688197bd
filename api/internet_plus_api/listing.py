"""The list engine: filter, search, sort, choose fields and page any ``Table``, then render the page.

Every list the API serves (collections, an agency's duties, search hits) goes through here, so
they share one envelope, one set of parameter rules and one way of never truncating silently:
``meta.total`` and the ``links`` in the body, and ``Link`` / ``X-Total-Count`` headers in every format.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import orjson

from internet_plus.search import SPACE, normalise

from .catalog import FieldSpec, Table
from .query import Param, Query
from .render import Format, Rendered, csv_bytes, ndjson_bytes, render
from .settings import DEFAULT_LIMIT, MAX_ID_LENGTH, MAX_LIMIT, MAX_OFFSET, MAX_Q

__all__ = [
    "BOM",
    "LIMIT",
    "OFFSET",
    "Page",
    "Q",
    "facet_param",
    "filter_param",
    "list_params",
    "page_links",
    "render_page",
    "select",
]

# "has a character that is not white space", written so that Python's re and ECMA-262 (the dialect
# of OpenAPI/JSON Schema patterns) agree: their \S differ (Python's \s has U+001C-001F and U+0085,
# ECMA's has U+FEFF), so the class lists ECMA's white space (WhiteSpace and LineTerminator) itself.
NOT_ONLY_SPACE = "[^" + "".join(f"\\u{ord(c):04x}" for c in SPACE) + "]"
LIMIT = Param(
    "limit",
    f"Rows per page, 1 to {MAX_LIMIT}. Without it, JSON answers pages of {DEFAULT_LIMIT} rows "
    "and CSV and NDJSON answer every row: a file of a table is the whole table unless a page is asked "
    "for.",
    "integer",
    minimum=1,
    maximum=MAX_LIMIT,
)
OFFSET = Param(
    "offset",
    "Rows to skip before the page starts (0-based). An offset past the end gives an empty page.",
    "integer",
    minimum=0,
    maximum=MAX_OFFSET,
    default=0,
)
BOM = Param(
    "bom",
    "CSV only: start the file with a UTF-8 byte-order mark, so Excel reads it as UTF-8. Ignored by the other formats.",
    "boolean",
    default=False,
)
Q = Param(
    "q",
    "Text search in the row's text fields: Chinese (simplified or traditional), English; case- and "
    "width-insensitive substring match.",
    min_length=1,
    max_length=MAX_Q,
    pattern=NOT_ONLY_SPACE,
    mismatch="is only white space",
    examples=("制造",),
)


def filter_param(f: FieldSpec) -> Param | None:
    """The query parameter filtering on ``f`` (see ``FieldSpec.filter_name``), or None."""
    name = f.filter_name
    if name is None:
        return None
    what = f"Only rows whose `{f.name}` is"
    desc = f" `{f.name}`: {f.description}" if f.description else ""
    if f.type == "boolean":
        return Param(name, f"{what} this value.{desc}", "boolean", field=f.name)
    if f.type == "integer":
        low = f.minimum if f.minimum is not None else 0
        return Param(
            name,
            f"{what} one of these integers (comma-separated).{desc}",
            "integer",
            many=True,
            minimum=low,
            maximum=9999,
            field=f.name,
        )
    if f.enum:
        return Param(name, f"{what} one of these values (comma-separated).{desc}", many=True, enum=f.enum, field=f.name)
    return Param(
        name,
        f"{what} one of these ids (comma-separated).{desc}",
        many=True,
        pattern=f.pattern,
        min_length=1,
        max_length=MAX_ID_LENGTH,
        field=f.name,
    )


def facet_param(params: Sequence[Param]) -> Param | None:
    """``facet``: counts per value of the filterable fields, as Datasette's ``_facet``."""
    fields = tuple(p.field for p in params if p.field)
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


def list_params(table: Table) -> tuple[Param, ...]:
    """Filters from the fields, then q (if the rows have text), facet, fields, sort, limit, offset, bom."""
    names = table.field_names
    params = [p for p in map(filter_param, table.fields) if p is not None]
    if table.text_fields:
        params.append(Q)
    if (facet := facet_param(params)) is not None:
        params.append(facet)
    params += [
        Param(
            "fields",
            "Return only these fields, in this order (comma-separated).",
            many=True,
            enum=names,
            max_items=len(names),
        ),
        Param(
            "sort",
            "Sort by these fields, the first one first; `-field` sorts descending. Nulls come last. "
            "Without it, rows come in the published order (by id).",
            many=True,
            enum=tuple(x for n in names for x in (n, "-" + n)),
            max_items=len(names),
        ),
        LIMIT,
        OFFSET,
        BOM,
    ]
    return tuple(params)


@dataclass(frozen=True, slots=True)
class Page:
    """Which rows (indexes into the table), out of how many, and which fields to show (None: all)."""

    indexes: tuple[int, ...]
    total: int
    limit: int
    offset: int
    fields: tuple[str, ...] | None
    facets: tuple[tuple[str, tuple[tuple[Any, int], ...]], ...] = ()


def _sorted(rows: Sequence[dict[str, Any]], idx: list[int], keys: Sequence[str]) -> list[int]:
    for key in reversed(keys):  # stable sorts, last key first
        name, desc = key.removeprefix("-"), key.startswith("-")
        present = [i for i in idx if rows[i].get(name) is not None]
        present.sort(key=lambda i: rows[i][name], reverse=desc)
        idx = present + [i for i in idx if rows[i].get(name) is None]
    return idx


def _facets(
    rows: Sequence[dict[str, Any]], idx: list[int], names: Sequence[str]
) -> tuple[tuple[str, tuple[tuple[Any, int], ...]], ...]:
    out = []
    for name in dict.fromkeys(names):
        counts = Counter(rows[i].get(name) for i in idx)
        ranked = sorted(counts.items(), key=lambda vc: (-vc[1], vc[0] is None, str(vc[0])))
        out.append((name, tuple(ranked)))
    return tuple(out)


def select(table: Table, params: Sequence[Param], query: Query, *, whole: bool = False) -> Page:
    """The matching rows, sorted, and the page of them asked for. ``whole``: without ``limit``, every
    row (the CSV and NDJSON rule) instead of a page of DEFAULT_LIMIT."""
    rows = table.rows
    idx = list(range(len(rows)))
    for p in params:
        value = query.values.get(p.name)
        if p.field is None or value is None:
            continue
        wanted = set(value) if isinstance(value, tuple) else {value}
        idx = [i for i in idx if rows[i].get(p.field) in wanted]
    text = query.values.get("q")
    if text and table.text_fields:
        key = normalise(text.strip(SPACE))  # the white space the pattern means, as the library's search
        idx = [i for i in idx if key and any(key in folded for folded in table.folded[i])]
    if query.values.get("sort"):
        idx = _sorted(rows, idx, query["sort"])
    limit, offset = query["limit"], query["offset"]
    if limit is None:
        limit = max(1, len(idx) - offset) if whole else DEFAULT_LIMIT
    fields = tuple(dict.fromkeys(query["fields"])) if query.values.get("fields") else None
    facets = _facets(rows, idx, query.values.get("facet") or ())
    return Page(tuple(idx[offset : offset + limit]), len(idx), limit, offset, fields, facets)


def page_links(path: str, raw: Sequence[tuple[str, str]], page: Page) -> dict[str, str | None]:
    """self/first/last/next/prev as absolute paths that repeat every other parameter."""
    keep = [(k, v) for k, v in raw if k not in ("limit", "offset")]
    prefix = f"{path}?{urlencode(keep, quote_via=quote, safe=',')}&" if keep else f"{path}?"  # encoded once

    def at(offset: int) -> str:
        return f"{prefix}limit={page.limit}&offset={offset}"

    last = max(0, (page.total - 1) // page.limit * page.limit)
    nxt = page.offset + page.limit
    return {
        "self": at(page.offset),
        "first": at(0),
        "last": at(last),
        "next": at(nxt) if nxt < page.total else None,
        "prev": at(min(max(0, page.offset - page.limit), last)) if page.offset > 0 else None,
    }


def _link_header(links: dict[str, str | None]) -> str:
    return ", ".join(f'<{url}>; rel="{rel}"' for rel in ("next", "prev", "first", "last") if (url := links[rel]))


def render_page(
    table: Table, page: Page, fmt: Format, links: dict[str, str | None], *, bom: bool = False, vary_accept: bool = True
) -> Rendered:
    """The page in ``fmt``: JSON gets the envelope; CSV and NDJSON carry the same facts in headers."""
    rows = table.rows
    fields = page.fields
    headers = [("Link", _link_header(links)), ("X-Total-Count", str(page.total))]
    if fmt is Format.CSV:
        body = csv_bytes(fields or table.field_names, (rows[i] for i in page.indexes), bom=bom)
    elif fields is None:
        encoded = [table.row_json[i] for i in page.indexes]
        body = (
            b"".join(r + b"\n" for r in encoded)
            if fmt is Format.NDJSON
            else b'{"data":[' + b",".join(encoded) + b"]," + _meta_links(page, links) + b"}"
        )
    else:
        subset = [{f: rows[i].get(f) for f in fields} for i in page.indexes]
        body = (
            ndjson_bytes(subset)
            if fmt is Format.NDJSON
            else b'{"data":' + orjson.dumps(subset) + b"," + _meta_links(page, links) + b"}"
        )
    media = fmt.value
    return render(body, media, headers=headers, vary_accept=vary_accept)


def _meta_links(page: Page, links: dict[str, str | None]) -> bytes:
    meta = {"total": page.total, "limit": page.limit, "offset": page.offset, "count": len(page.indexes)}
    out = b'"meta":' + orjson.dumps(meta) + b',"links":' + orjson.dumps(links)
    if page.facets:
        facets = {name: [{"value": v, "count": c} for v, c in counts] for name, counts in page.facets}
        out += b',"facets":' + orjson.dumps(facets)
    return out
