"""``/v1/changes?since=&table=&id=``: the changes list, asked the questions a follower asks.

``since`` is a release: the changes of the releases after it (validated against the releases, so a
version that was never published is a 400 naming them); ``table`` one table or several (by either
spelling of its name); ``id`` the rows the changes are about, or a change's own id (``2.0.0-0012``),
told apart by that form. Everything else (filters, q, sort, paging, facets, formats) is the generic
list's, applied to the rows these three keep.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from functools import lru_cache

from internet_plus import Dataset
from internet_plus.history import release_dates
from internet_plus.table_names import former_spellings, table_key

from ..catalog import Catalog, Table
from ..query import Param, parse_query
from ..render import Format, Rendered
from ..routing import Endpoint
from ..settings import MAX_ID_LENGTH
from .common import direct_view, negotiate, page_of

__all__ = ["CHANGE_ID", "with_change_filters"]

CHANGE_ID = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)-[0-9]{4,}$")


def _order(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def _params(ds: Dataset, catalog: Catalog) -> tuple[Param, ...]:
    versions = tuple(release_dates(ds.version))
    names = (*catalog.collections, *former_spellings(catalog.collections))
    return (
        Param(
            "since",
            "Only the changes of the releases after this one (a published release, or the version served); "
            "`since=2.0.0` is what 3.0.0 and later changed.",
            enum=versions,
            examples=(versions[0],) if versions else (),
        ),
        Param(
            "table",
            "Only the changes to these tables (comma-separated; `document_links`, or its spelling before 3.2.0 "
            "`document-links`).",
            many=True,
            enum=names,
            examples=("tasks",),
        ),
        Param(
            "id",
            "Only the changes to the rows with these ids (comma-separated), or the changes with these ids "
            "(`2.0.0-0012`): a value of that form names a change, any other a row.",
            many=True,
            min_length=1,
            max_length=MAX_ID_LENGTH,
            examples=("A02.1",),
        ),
    )


def _wrapped(ds: Dataset, catalog: Catalog, e: Endpoint, extra: tuple[Param, ...]) -> Endpoint:
    coll = catalog.collections["changes"]
    whole = coll.table
    params = (*(p for p in e.params if p.name != "id"), *extra)
    fixed = {f".{f.suffix}": f for f in Format}.get(e.path[len(f"/v1/{coll.name}") :])

    @lru_cache(maxsize=64)
    def subset(since: str | None, tables: tuple[str, ...], ids: tuple[str, ...]) -> Table:
        wanted = {table_key(t) for t in tables}
        change_ids = {i for i in ids if CHANGE_ID.match(i)}
        row_ids = set(ids) - change_ids
        rows = tuple(
            r
            for r in whole.rows
            if (since is None or _order(r["release"]) > _order(since))
            and (not wanted or r["table_name"] in wanted)
            and (not ids or r["id"] in change_ids or r["row_id"] in row_ids)
        )
        return Table(whole.fields, rows, whole.text_fields)

    def direct(query_string: bytes, accept: str | None) -> Rendered:
        query = parse_query(query_string, params)
        table = subset(
            query.values.get("since"),
            tuple(sorted(query.values.get("table") or ())),
            tuple(sorted(query.values.get("id") or ())),
        )
        fmt = fixed or negotiate(accept)
        return page_of(table, params, query, fmt, e.path, fixed is None)

    hint = (
        " `since` keeps the changes of the releases after one, `table` those of some tables, `id` those of some "
        "rows (or changes)."
    )
    return dataclasses.replace(e, params=params, view=direct_view(direct), description=e.description + hint)


def with_change_filters(ds: Dataset, catalog: Catalog) -> Callable[[list[Endpoint]], list[Endpoint]]:
    """The changes list endpoints (``/v1/changes`` and its .json, .csv, .ndjson) given since, table and id."""
    coll = catalog.collections.get("changes")
    if coll is None:
        return lambda endpoints: endpoints
    extra = _params(ds, catalog)
    paths = {f"/v1/{coll.name}", *(f"/v1/{coll.name}.{f.suffix}" for f in Format)}
    return lambda endpoints: [_wrapped(ds, catalog, e, extra) if e.path in paths else e for e in endpoints]
