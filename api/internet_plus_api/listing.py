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
from .query import COMPARISONS, Param, Query
from .render import Format, Rendered, csv_bytes, ndjson_bytes, render
from .settings import MAX_ID_LENGTH, MAX_Q

__all__ = [
    "BOM",
    "LIMIT",
    "OFFSET",
    "Q",
    "compare_params",
    "field_params",
    "filter_param",
    "list_params",
    "render_page",
    "select",
]

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


def filter_param(f: FieldSpec, name: str | None = None) -> Param | None:
    """The query parameter keeping the rows whose ``f`` is one of the given values (see
    ``FieldSpec.filter_name``), or None; ``name`` gives it another name (an alias)."""
    if f.filter_name is None:
        return None
    name = name or f.filter_name
    deprecated = name != f.filter_name
    what = f"Only rows whose `{f.name}` is"
    desc = f" `{f.name}`: {f.description}" if f.description else ""
    if deprecated:
        desc = f" The name before 3.1.0 of `{f.filter_name}`, kept as an alias.{desc}"
    common: dict[str, Any] = {"field": f.name, "deprecated": deprecated}
    if f.type == "boolean":
        return Param(name, f"{what} this value.{desc}", "boolean", **common)
    if f.type == "integer":
        low = f.minimum if f.minimum is not None else 0
        return Param(
            name,
            f"{what} one of these integers (comma-separated).{desc}",
            "integer",
            many=True,
            minimum=low,
            maximum=9999,
            **common,
        )
    if f.enum:
        return Param(name, f"{what} one of these values (comma-separated).{desc}", many=True, enum=f.enum, **common)
    return Param(
        name,
        f"{what} one of these ids (comma-separated).{desc}",
        many=True,
        pattern=f.pattern,
        min_length=1,
        max_length=MAX_ID_LENGTH,
        **common,
    )


_BOUND = 10**12 - 1  # what query.py reads as an integer


def compare_params(f: FieldSpec) -> tuple[Param, ...]:
    """``field__gt``, ``__gte``, ``__lt``, ``__lte`` for a date, integer or number field (Datasette's
    column filters); the schema's type decides, so no other field takes them."""
    kind = {"date": "date", "integer": "integer", "number": "number"}.get(f.type)
    if kind is None:
        return ()
    words = {
        "gt": "after" if kind == "date" else "greater than",
        "gte": "on or after" if kind == "date" else "at least",
    }
    words |= {"lt": "before" if kind == "date" else "less than", "lte": "on or before" if kind == "date" else "at most"}
    example = "2016-01-01" if kind == "date" else "1"
    bounds: dict[str, Any] = {} if kind == "date" else {"minimum": -_BOUND, "maximum": _BOUND}
    return tuple(
        Param(
            f"{f.name}__{op}",
            f"Only rows whose `{f.name}` is {words[op]} this {'date (YYYY-MM-DD)' if kind == 'date' else kind}; "
            f"rows without a `{f.name}` are left out.",
            kind,  # type: ignore[arg-type]
            field=f.name,
            op=op,
            examples=(example,),
            **bounds,
        )
        for op in COMPARISONS
    )


def list_filter_param(f: FieldSpec) -> Param | None:
    """For a list field of ids (``issuer_agency_ids``): the rows whose list holds any of the given ids."""
    if f.separator is None or not f.name.endswith("_ids"):
        return None
    return Param(
        f.name,
        f"Only rows whose `{f.name}` lists any of these ids (comma-separated). `{f.name}`: {f.description}",
        many=True,
        min_length=1,
        max_length=MAX_ID_LENGTH,
        field=f.name,
        contains=True,
    )


def field_params(f: FieldSpec) -> list[Param]:
    """Every filter on ``f``: by value (and its old name), by list membership, by comparison."""
    params = [p for p in (filter_param(f), list_filter_param(f)) if p is not None]
    if f.alias is not None and (alias := filter_param(f, f.alias)) is not None:
        params.append(alias)
    return params + list(compare_params(f))


def list_params(table: Table) -> tuple[Param, ...]:
    """Filters from the fields, then q (if the rows have text), facet, fields, sort, limit, offset, bom."""
    names = table.field_names
    params = [p for f in table.fields for p in field_params(f)]
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
def _filters(params: tuple[Param, ...]) -> tuple[Param, ...]:
    """The parameters that filter on a field."""
    return tuple(p for p in params if p.field is not None)


def _keep(param: Param, value: Any, rows: Sequence[dict[str, Any]], idx: list[int], table: Table) -> list[int]:
    field = param.field
    assert field is not None
    if param.op is not None:
        test = _TESTS[param.op]
        return [i for i in idx if (v := rows[i].get(field)) is not None and test(v, value)]
    wanted = set(value) if isinstance(value, tuple) else {value}
    if param.contains:
        spec = next(f for f in table.list_fields if f.name == field)
        return [i for i in idx if not wanted.isdisjoint(spec.json_value(rows[i].get(field)))]
    return [i for i in idx if rows[i].get(field) in wanted]


_TESTS: dict[str, Any] = {
    "gt": lambda v, x: v > x,
    "gte": lambda v, x: v >= x,
    "lt": lambda v, x: v < x,
    "lte": lambda v, x: v <= x,
}


def select(table: Table, params: Sequence[Param], query: Query, *, whole: bool = False) -> Page:
    """The matching rows, sorted, and the page of them asked for. ``whole``: without ``limit``, every
    row (the CSV and NDJSON rule) instead of a page of DEFAULT_LIMIT."""
    rows = table.rows
    idx = list(range(len(rows)))
    values = query.values
    for param in _filters(tuple(params)):
        value = values.get(param.name)
        if value is not None:
            idx = _keep(param, value, rows, idx, table)
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
        subset = [{f: row.get(f) for f in fields} for row in (table.as_json(rows[i]) for i in page.indexes)]
        body = (
            ndjson_bytes(subset)
            if fmt is Format.NDJSON
            else b'{"data":' + orjson.dumps(subset) + b"," + meta_links(page, links) + b"}"
        )
    media = fmt.value
    return render(body, media, headers=headers, vary_accept=vary_accept)
