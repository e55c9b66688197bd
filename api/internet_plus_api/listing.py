"""The list engine: filter, search, sort and choose fields of any ``Table``, then render the page.

Every list the API serves (collections, an agency's duties, search hits) goes through here, so
they share one set of parameter rules; the paging, the envelope and its schema are pagination.py's,
so no list can truncate silently: ``meta.total`` and the ``links`` in the body, and ``Link`` /
``X-Total-Count`` headers in every format.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import orjson

from internet_plus.search import SPACE, matches, query_keys

from .catalog import FieldSpec, Table
from .pagination import LIMIT, OFFSET, Page, facet_param, link_header, meta_links, paginate
from .query import Param, Query
from .render import Format, Rendered, csv_bytes, ndjson_bytes, render
from .settings import MAX_ID_LENGTH, MAX_Q

__all__ = ["BOM", "LIMIT", "OFFSET", "Q", "filter_param", "list_params", "render_page", "select"]

# "has a character that is not white space", written so that Python's re and ECMA-262 (the dialect
# of OpenAPI/JSON Schema patterns) agree: their \S differ (Python's \s has U+001C-001F and U+0085,
# ECMA's has U+FEFF), so the class lists ECMA's white space (WhiteSpace and LineTerminator) itself.
NOT_ONLY_SPACE = "[^" + "".join(f"\\u{ord(c):04x}" for c in SPACE) + "]"
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


def _sorted(rows: Sequence[dict[str, Any]], idx: list[int], keys: Sequence[str]) -> list[int]:
    for key in reversed(keys):  # stable sorts, last key first
        name, desc = key.removeprefix("-"), key.startswith("-")
        present = [i for i in idx if rows[i].get(name) is not None]
        present.sort(key=lambda i: rows[i][name], reverse=desc)
        idx = present + [i for i in idx if rows[i].get(name) is None]
    return idx


@functools.lru_cache(maxsize=512)  # one entry per endpoint (parameters are hashed by identity)
def _filters(params: tuple[Param, ...]) -> tuple[tuple[str, str], ...]:
    """The parameters that filter on a field: (parameter, field)."""
    return tuple((p.name, p.field) for p in params if p.field is not None)


def select(table: Table, params: Sequence[Param], query: Query, *, whole: bool = False) -> Page:
    """The matching rows, sorted, and the page of them asked for. ``whole``: without ``limit``, every
    row (the CSV and NDJSON rule) instead of a page of DEFAULT_LIMIT."""
    rows = table.rows
    idx = list(range(len(rows)))
    values = query.values
    for name, field in _filters(tuple(params)):
        value = values.get(name)
        if value is None:
            continue
        wanted = set(value) if isinstance(value, tuple) else {value}
        idx = [i for i in idx if rows[i].get(field) in wanted]
    text = query.values.get("q")
    if text and table.text_fields:
        keys = query_keys(text)  # the library's rule, synonyms included, as ds.search and the CLI apply it
        idx = [i for i in idx if matches(keys, table.folded[i])]
    if query.values.get("sort"):
        idx = _sorted(rows, idx, query["sort"])
    return paginate(rows, idx, query, whole=whole)


def render_page(
    table: Table, page: Page, fmt: Format, links: dict[str, str | None], *, bom: bool = False, vary_accept: bool = True
) -> Rendered:
    """The page in ``fmt``: JSON gets the envelope; CSV and NDJSON carry the same facts in headers."""
    rows = table.rows
    fields = page.fields
    headers = [("Link", link_header(links)), ("X-Total-Count", str(page.total))]
    if fmt is Format.CSV:
        body = csv_bytes(fields or table.field_names, (rows[i] for i in page.indexes), bom=bom)
    elif fields is None:
        encoded = [table.row_json[i] for i in page.indexes]
        body = (
            b"".join(r + b"\n" for r in encoded)
            if fmt is Format.NDJSON
            else b'{"data":[' + b",".join(encoded) + b"]," + meta_links(page, links) + b"}"
        )
    else:
        subset = [{f: rows[i].get(f) for f in fields} for i in page.indexes]
        body = (
            ndjson_bytes(subset)
            if fmt is Format.NDJSON
            else b'{"data":' + orjson.dumps(subset) + b"," + meta_links(page, links) + b"}"
        )
    media = fmt.value
    return render(body, media, headers=headers, vary_accept=vary_accept)
