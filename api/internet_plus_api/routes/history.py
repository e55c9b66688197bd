"""``/v1/{table}/{id}/history``: a row through every release (JSON, CSV, a page), and its changes as Atom and JSON Feed.

One operation per table, because the router prefers a table's literal path to a parameter and never
comes back to try another. These are answers of the app, not files of the static copy: 1,428 rows in
four forms are 5,712 answers (23 MB, 19 s to render in process) on top of everything the copy and its
tests do per file, for pages few readers open; nginx passes a missed file to the app, so they answer
there too (docs/architecture.md, "Serving").
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

import orjson
from litestar import Request, Response

from internet_plus import Dataset
from internet_plus.errors import NotFoundError
from internet_plus.feeds import ATOM_TYPE, TAG, Entry, Feed, atom_bytes, change_entries, json_feed_bytes
from internet_plus.history import HISTORY_COLUMNS, NOT_TRACKED, RowHistory, release_dates, row_history

from ..catalog import Catalog, Collection
from ..http import respond
from ..problems import ProblemError
from ..query import parse_query
from ..render import Format, Rendered, csv_bytes, render
from ..routing import Endpoint, PathParam
from ..settings import MAX_ID_LENGTH
from .common import CSV_SCHEMA, negotiate
from .feeds import JSON_FEED_SCHEMA, history_url

__all__ = ["APP_ONLY", "history_endpoints"]

APP_ONLY = ("/history", "/history.json", "/history.csv", "/history.atom", "/history.feed.json")
"""The ends of the URLs answered by the app only (not written into the static copy)."""

_HISTORY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["table", "id", "fields", "releases"],
    "properties": {
        "table": {"type": "string"},
        "id": {"type": "string"},
        "fields": {"type": "array", "items": {"type": "string"}},
        "releases": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["release", "date", "status", "row", "changes"],
                "properties": {
                    "release": {"type": "string"},
                    "date": {"type": "string", "format": "date"},
                    "status": {"enum": ["first", "added", "removed", "modified", "unchanged", "absent"]},
                    "row": {"type": ["object", "null"]},
                    "changes": {"type": "array", "items": {"type": "object"}},
                },
            },
        },
    },
}
_HTML = {"type": "string", "description": "The page for people, when Accept prefers text/html."}
Page = Callable[[Collection, RowHistory], Rendered]


def _history_feed(coll: Collection, history: RowHistory, entries: tuple[Entry, ...]) -> Feed:
    base = f"/v1/{coll.name}/{history.row_id}/history"
    return Feed(
        id=f"{TAG}feeds/history/{coll.name}/{history.row_id}",
        title=f"Internet Plus open data: changes to {coll.name} {history.row_id}",
        description=f"Each release that changed {coll.name} {history.row_id}, with each change and its reason.",
        atom=base + ".atom",
        json=base + ".feed.json",
        home=base,
        entries=entries,
    )


def _endpoints(ds: Dataset, catalog: Catalog, coll: Collection, page: Page) -> list[Endpoint]:
    dates = release_dates(ds.version)

    @lru_cache(maxsize=512)
    def history_of(key: str) -> RowHistory:
        try:
            return row_history(ds, coll.name, coll.aliases.get(key, key))
        except NotFoundError as exc:
            raise ProblemError(
                "not-found",
                f"No release has a row of {coll.name} with the id {key[:100]!r}.",
                extensions={"nearest": list(exc.nearest) or coll.nearest(key)},
            ) from None

    @lru_cache(maxsize=512)
    def answer(key: str, kind: str) -> Rendered:
        history = history_of(key)
        if kind in ("atom", "feed"):
            feed = _history_feed(coll, history, change_entries(history.changes, dates, history_url))
            if kind == "atom":
                return render(atom_bytes(feed), ATOM_TYPE)
            return render(json_feed_bytes(feed), "application/json")
        if kind == "html":
            return page(coll, history)
        if kind == Format.CSV.value:
            return render(csv_bytes(HISTORY_COLUMNS, history.lines()), Format.CSV.value, vary_accept=True)
        return render(orjson.dumps(history.as_dict()), Format.JSON.value, vary_accept=True)

    def view(request: Request[Any, Any, Any]) -> Response[bytes]:
        from ..web.negotiation import wants_html

        query = request.scope.get("query_string", b"")
        parse_query(query, ())
        accept = request.headers.get("accept")
        key = str(request.path_params["id"])
        if not query and wants_html(accept):
            return respond(answer(key, "html"))
        fmt = negotiate(accept)
        if fmt is Format.NDJSON:
            raise ProblemError(
                "not-acceptable",
                "A history is JSON, CSV or a page.",
                extensions={"allowed": ["application/json", "text/csv", "text/html"]},
            )
        return respond(answer(key, fmt.value))

    def feed_view(kind: str) -> Callable[[Request[Any, Any, Any]], Response[bytes]]:
        """The view of one of the row's feeds (``atom`` or the JSON Feed, ``feed``): no parameters but the id."""

        def view(request: Request[Any, Any, Any]) -> Response[bytes]:
            parse_query(request.scope.get("query_string", b""), ())
            return respond(answer(str(request.path_params["id"]), kind))

        return view

    schema = {"type": "string", "minLength": 1, "maxLength": MAX_ID_LENGTH}
    example = coll.table.rows[0]["id"] if coll.table.rows else None
    param = PathParam("id", "The row's id (a row some release had: a removed row keeps its history).", schema, example)
    base = f"/v1/{coll.name}/{{id}}/history"
    return [
        Endpoint(
            path=base,
            view=view,
            tag="history",
            operation_id=f"history_{coll.name}",
            summary=f"{coll.title}: a row in every release",
            description="Each release's value of each field, what the release did to the row, and each change with "
            "its reason (from `changes`). JSON, CSV (one line per release and field) or a page.",
            path_params=(param,),
            content={"application/json": _HISTORY_SCHEMA, "text/csv": CSV_SCHEMA, "text/html": _HTML},
            headers=("ETag", "Cache-Control", "X-Dataset-Version", "Vary"),
        ),
        Endpoint(
            path=base + ".atom",
            view=feed_view("atom"),
            tag="history",
            operation_id=f"history_{coll.name}_atom",
            summary=f"{coll.title}: a row's changes as an Atom feed",
            description="One entry per release that changed the row (ids are tag: URIs, times the release dates).",
            path_params=(param,),
            content={ATOM_TYPE: {"type": "string", "description": "An Atom 1.0 feed (RFC 4287)."}},
        ),
        Endpoint(
            path=base + ".feed.json",
            view=feed_view("feed"),
            tag="history",
            operation_id=f"history_{coll.name}_json_feed",
            summary=f"{coll.title}: a row's changes as a JSON Feed",
            description="The Atom feed's entries as JSON Feed 1.1 (served as application/json, as a static host would).",
            path_params=(param,),
            content={"application/json": JSON_FEED_SCHEMA},
        ),
    ]


def history_endpoints(ds: Dataset, catalog: Catalog, page: Page) -> list[Endpoint]:
    """Every table's history endpoints; ``page`` renders the page of a history (web/)."""
    out: list[Endpoint] = []
    for coll in catalog.collections.values():
        if coll.name not in NOT_TRACKED:
            out += _endpoints(ds, catalog, coll, page)
    return out
