"""``/feeds/…``: Atom and JSON Feed of the releases and of the changes, all of them and one table's.

Every feed is fixed (a function of the data alone), so each is rendered at start-up, written into the
static copy at its URL, and answered by the app. The JSON Feed goes out as ``application/json``, the
type any static host gives a ``.json`` file (JSON Feed 1.1 asks readers to accept it); the pages
announce it as ``application/feed+json``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache, partial
from typing import Any

from litestar import Request, Response

from internet_plus import Dataset
from internet_plus.feeds import (
    ATOM_TYPE,
    TAG,
    Entry,
    Feed,
    atom_bytes,
    change_entries,
    json_feed_bytes,
    release_entries,
)
from internet_plus.history import NOT_TRACKED, release_dates
from internet_plus.versions import releases

from ..catalog import Catalog, nearest
from ..http import respond
from ..problems import ProblemError
from ..query import parse_query
from ..render import Rendered, render
from ..routing import Endpoint, PathParam, View

__all__ = ["FEED_PATHS", "JSON_FEED_SCHEMA", "change_feed", "feed_endpoints", "history_url", "table_feeds"]

FEED_PATHS = ("/feeds/releases.atom", "/feeds/releases.json", "/feeds/changes.atom", "/feeds/changes.json")
_HOME = "/releases"
_ATOM_SCHEMA = {"type": "string", "description": "An Atom 1.0 feed (RFC 4287)."}
JSON_FEED_SCHEMA = {
    "type": "object",
    "description": "A JSON Feed 1.1 (https://jsonfeed.org/version/1.1).",
    "required": ["version", "title", "items"],
}


def history_url(table: str, row_id: str | None) -> str:
    """The URL a change entry links: the row's history, or for a table-level change the table's list."""
    if row_id is None or table in NOT_TRACKED:
        return f"/v1/{table}"
    return f"/v1/{table}/{row_id}/history"


def change_feed(
    ds: Dataset, catalog: Catalog, entries: tuple[Entry, ...], key: str, title: str, atom: str, json: str, home: str
) -> tuple[Rendered, Rendered]:
    """The Atom and JSON Feed renderings of one list of change entries."""
    feed = Feed(
        id=f"{TAG}feeds/{key}",
        title=title,
        description="Every row and cell of the edition changed by a release, each with its reason "
        f"(the rows of `changes`; data version {ds.version}).",
        atom=atom,
        json=json,
        home=home,
        entries=entries,
    )
    return (render(atom_bytes(feed), ATOM_TYPE), render(json_feed_bytes(feed), "application/json"))


def table_feeds(ds: Dataset, catalog: Catalog) -> dict[str, Rendered]:
    """Every feed under /feeds/ by path: the releases, all changes, and each table's changes."""
    dates = release_dates(ds.version)

    published = releases()
    release_feed = Feed(
        id=f"{TAG}feeds/releases",
        title="Internet Plus open data: releases",
        description="Each published release of the edition: its date, its number of changes, its zip and citation.",
        atom="/feeds/releases.atom",
        json="/feeds/releases.json",
        home=_HOME,
        entries=release_entries(published, lambda v: f"/v1/releases/{v}"),
    )
    out = {
        "/feeds/releases.atom": render(atom_bytes(release_feed), ATOM_TYPE),
        "/feeds/releases.json": render(json_feed_bytes(release_feed), "application/json"),
    }
    every = change_entries(ds.changes, dates, history_url)
    out["/feeds/changes.atom"], out["/feeds/changes.json"] = change_feed(
        ds, catalog, every, "changes", "Internet Plus open data: every change", *FEED_PATHS[2:], _HOME
    )
    for coll in catalog.collections.values():
        if coll.name in NOT_TRACKED:
            continue
        entries = tuple(e for e in every if e.tags[1:] == (coll.name,))
        base = f"/feeds/changes/{coll.name}"
        out[base + ".atom"], out[base + ".json"] = change_feed(
            ds,
            catalog,
            entries,
            f"changes/{coll.name}",
            f"Internet Plus open data: changes to {coll.name}",
            base + ".atom",
            base + ".json",
            f"/v1/{coll.name}",
        )
    return out


def _fixed(feeds: Callable[[], dict[str, Rendered]], path: str) -> View:
    def view(request: Request[Any, Any, Any]) -> Response[bytes]:
        parse_query(request.scope.get("query_string", b""), ())
        return respond(feeds()[path])

    return view


def feed_endpoints(ds: Dataset, catalog: Catalog) -> list[Endpoint]:
    """The feeds are written on the first request for any of them (a third of a second at start-up
    otherwise, measured on 3.2.0), then kept."""
    feeds = cache(partial(table_feeds, ds, catalog))
    per_table = [
        f"{c.name}.{x}" for c in catalog.collections.values() if c.name not in NOT_TRACKED for x in ("atom", "json")
    ]

    def table_view(request: Request[Any, Any, Any]) -> Response[bytes]:
        parse_query(request.scope.get("query_string", b""), ())
        name = str(request.path_params["name"])
        found = feeds().get("/feeds/changes/" + name) if name in per_table else None
        if found is None:
            raise ProblemError(
                "not-found",
                f"No feed of changes is named {name[:100]!r}: a table's name and .atom or .json.",
                extensions={"nearest": nearest(name, per_table)},
            )
        return respond(found)

    def content(path: str) -> Mapping[str, Any]:
        return {ATOM_TYPE: _ATOM_SCHEMA} if path.endswith(".atom") else {"application/json": JSON_FEED_SCHEMA}

    what = {"releases": "every published release", "changes": "every change of every release"}
    endpoints = [
        Endpoint(
            path=path,
            view=_fixed(feeds, path),
            operation_id=f"feed_{path.rsplit('/', 1)[-1].replace('.', '_')}",
            summary=f"Feed of {what[path.rsplit('/', 1)[-1].split('.')[0]]} ("
            + ("Atom" if path.endswith(".atom") else "JSON Feed")
            + ")",
            description="Entry ids are tag: URIs that stay the same in every build; each entry's time is its "
            "release's date. A change entry is one row (or table) in one release, with each change and its reason.",
            tag="feeds",
            content=content(path),
        )
        for path in FEED_PATHS
    ]
    endpoints.append(
        Endpoint(
            path="/feeds/changes/{name}",
            view=table_view,
            operation_id="feed_table_changes",
            summary="Feed of one table's changes (Atom or JSON Feed)",
            description="`{table}.atom` or `{table}.json`: the entries of `/feeds/changes.atom` about that table.",
            tag="feeds",
            path_params=(
                PathParam(
                    "name",
                    "A table's name (as in its /v1 URL) and the format: tasks.atom, tasks.json.",
                    {"type": "string", "enum": sorted(per_table)},
                    "tasks.atom" if "tasks.atom" in per_table else next(iter(per_table), None),
                ),
            ),
            content={ATOM_TYPE: _ATOM_SCHEMA, "application/json": JSON_FEED_SCHEMA},
        )
    )
    return endpoints
