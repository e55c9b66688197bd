"""Every published release: the list, each release's manifest, changes and citation, its files byte for
byte, and any table of it read as rows.

All answers are rendered at start-up from the releases kept in the package (each file checked
against the sha256 frozen in releases/index.json). ``X-Dataset-Version`` stays the server's current
version on every answer; a release's answers carry their own version in the body (``release``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from litestar import Request, Response

from internet_plus.dataset import Dataset
from internet_plus.versions import Release, release_files, releases

from ..catalog import nearest
from ..files import media_type_of
from ..http import respond
from ..problems import ProblemError
from ..query import parse_query
from ..render import Rendered, json_bytes, render
from ..routing import Endpoint, PathParam, View
from ..settings import CACHE_IMMUTABLE

__all__ = ["release_endpoints"]

_OBJECT = {"type": "object"}
_FILE = {
    "type": "object",
    "required": ["name", "bytes", "sha256", "url"],
    "properties": {
        "name": {"type": "string"},
        "bytes": {"type": "integer"},
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "url": {"type": "string"},
    },
}
_SUMMARY = {
    "type": "object",
    "required": ["version", "date", "previous", "changes", "zip", "links"],
    "properties": {
        "version": {"type": "string"},
        "date": {"type": "string", "format": "date"},
        "previous": {"type": ["string", "null"]},
        "changes": {"type": "integer"},
        "zip": _FILE,
        "citation": {"type": "string"},
        "links": _OBJECT,
    },
}


def _base(r: Release) -> str:
    return f"/v1/releases/{r.version}"


def _download_name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _summary(r: Release) -> dict[str, Any]:
    return {
        "version": r.version,
        "date": r.date,
        "previous": r.previous,
        "changes": r.changes,
        "zip": {
            "name": r.zip.path,
            "bytes": r.zip.bytes,
            "sha256": r.zip.sha256,
            "url": f"{_base(r)}/download/{r.zip.path}",
        },
        "citation": r.citation,
        "links": {"self": _base(r), "tables": f"{_base(r)}/tables", "zip": f"{_base(r)}/download/{r.zip.path}"},
    }


def _downloads(r: Release, files: Mapping[str, bytes]) -> dict[str, Rendered]:
    """Each file by its name: datapackage.json, every table's CSV and JSON, the text, the distributions."""
    out: dict[str, Rendered] = {}
    for path, data in files.items():
        if path.startswith("schemas/"):
            continue  # same base names as the tables' JSON; they are in the zip and in the manifest
        name = _download_name(path)
        out[name] = render(
            data,
            media_type_of(name),
            cache_control=CACHE_IMMUTABLE,
            headers=(("Content-Disposition", f'attachment; filename="{name}"'),),
        )
    return out


def _changes_of(r: Release, ds: Dataset, files: Mapping[str, bytes]) -> list[Any]:
    """The release's own rows of ``changes`` (from its own package when it has the table)."""
    package = orjson.loads(files["datapackage.json"])
    entry = next((res["json"]["path"] for res in package["resources"] if res["name"] == "changes"), None)
    rows: list[dict[str, Any]] = orjson.loads(files[entry]) if entry else []
    return [c for c in rows if c["release"] == r.version]


def _detail(r: Release, ds: Dataset, files: Mapping[str, bytes], tables: list[str]) -> dict[str, Any]:
    return {
        **_summary(r),
        "citation": {
            "text": r.citation,
            "release_url": r.url,
            "row_url": f"{_base(r)}/tables/{{table}}/{{id}}",
            "how": f"Cite the release with its version and date (as in the text above, or CITATION.cff); cite "
            f"one row by its stable URL, e.g. {_base(r)}/tables/tasks/A02.1, which answers the same "
            "row of this release for as long as the API runs.",
        },
        "files": [
            {
                "name": f.path,
                "bytes": f.bytes,
                "sha256": f.sha256,
                "url": f"{_base(r)}/download/{_download_name(f.path)}"
                if not f.path.startswith("schemas/")
                else f"{_base(r)}/download/{r.zip.path}",
            }
            for f in r.files
        ],
        "distributions": [
            {"name": d.path, "bytes": d.bytes, "sha256": d.sha256, "url": f"{_base(r)}/download/{d.path}"}
            for d in r.distributions
        ],
        "tables": tables,
        "datapackage": orjson.loads(files["datapackage.json"]),
        "change_rows": _changes_of(r, ds, files),
    }


def _tables(files: Mapping[str, bytes]) -> dict[str, list[dict[str, Any]]]:
    package = orjson.loads(files["datapackage.json"])
    return {res["name"]: orjson.loads(files[res["json"]["path"]]) for res in package["resources"]}


def release_endpoints(ds: Dataset) -> list[Endpoint]:
    published = releases()
    versions = [r.version for r in published]
    listing = render(
        json_bytes({"current": ds.version, "total": len(published), "data": [_summary(r) for r in published]}),
        "application/json",
    )
    details: dict[str, Rendered] = {}
    downloads: dict[str, dict[str, Rendered]] = {}
    table_lists: dict[str, Rendered] = {}
    tables: dict[str, dict[str, Rendered]] = {}
    items: dict[tuple[str, str], dict[str, bytes]] = {}
    for r in published:
        files = release_files(r.version)
        rows = _tables(files)
        details[r.version] = render(
            json_bytes(_detail(r, ds, files, list(rows))), "application/json", cache_control=CACHE_IMMUTABLE
        )
        downloads[r.version] = _downloads(r, files)
        table_lists[r.version] = render(
            json_bytes(
                {
                    "release": r.version,
                    "data": [{"name": t, "count": len(v), "url": f"{_base(r)}/tables/{t}"} for t, v in rows.items()],
                }
            ),
            "application/json",
        )
        tables[r.version] = {
            t: render(
                json_bytes({"release": r.version, "table": t, "total": len(v), "data": v}),
                "application/json",
                cache_control=CACHE_IMMUTABLE,
            )
            for t, v in rows.items()
        }
        for t, v in rows.items():
            items[(r.version, t)] = {
                str(row["id"]): json_bytes({"release": r.version, "table": t, "data": row}) for row in v
            }

    def _version(request: Request[Any, Any, Any]) -> str:
        parse_query(request.scope.get("query_string", b""), ())
        version = str(request.path_params["version"])
        if version not in details:
            raise ProblemError(
                "not-found",
                f"No release is numbered {version[:100]!r}.",
                extensions={"nearest": nearest(version, versions)},
            )
        return version

    def _table(request: Request[Any, Any, Any], version: str) -> str:
        table = str(request.path_params["table"])
        if table not in tables[version]:
            raise ProblemError(
                "not-found",
                f"Release {version} has no table named {table[:100]!r}.",
                extensions={"nearest": nearest(table, list(tables[version]))},
            )
        return table

    def list_view(request: Request[Any, Any, Any]) -> Response[bytes]:
        parse_query(request.scope.get("query_string", b""), ())
        return respond(request, listing)

    def detail_view(request: Request[Any, Any, Any]) -> Response[bytes]:
        return respond(request, details[_version(request)])

    def download_view(request: Request[Any, Any, Any]) -> Response[bytes]:
        version = _version(request)
        name = str(request.path_params["name"])
        rendered = downloads[version].get(name)
        if rendered is None:
            raise ProblemError(
                "not-found",
                f"Release {version} has no file named {name[:100]!r}.",
                extensions={"nearest": nearest(name, list(downloads[version]))},
            )
        return respond(request, rendered)

    def tables_view(request: Request[Any, Any, Any]) -> Response[bytes]:
        return respond(request, table_lists[_version(request)])

    def table_view(request: Request[Any, Any, Any]) -> Response[bytes]:
        version = _version(request)
        return respond(request, tables[version][_table(request, version)])

    def row_view(request: Request[Any, Any, Any]) -> Response[bytes]:
        version = _version(request)
        table = _table(request, version)
        key = str(request.path_params["id"])
        body = items[(version, table)].get(key)
        if body is None:
            raise ProblemError(
                "not-found",
                f"No row of {table} in release {version} has the id {key[:100]!r}.",
                extensions={"nearest": nearest(key, list(items[(version, table)]))},
            )
        return respond(request, render(body, "application/json", cache_control=CACHE_IMMUTABLE))

    example = versions[0] if versions else None
    version_param = PathParam(
        "version",
        "A published release, e.g. 1.0.0.",
        {"type": "string", "enum": versions} if versions else {"type": "string"},
        example,
    )
    names = sorted({n for d in downloads.values() for n in d})
    all_tables = sorted({t for d in tables.values() for t in d})
    table_param = PathParam(
        "table",
        "A table of that release.",
        {"type": "string", "enum": all_tables},
        "tasks" if "tasks" in all_tables else (all_tables[0] if all_tables else None),
    )
    json_content = {"application/json": _OBJECT}
    endpoints: list[tuple[str, View, str, str, str, tuple[PathParam, ...], Mapping[str, Any]]] = [
        (
            "/v1/releases",
            list_view,
            "list_releases",
            "Every published release",
            "Version, date, the release it follows, its number of changes, its zip (URL, size, sha256) and its "
            "citation. `current` is the version this server serves at `/v1`.",
            (),
            {
                "application/json": {
                    "type": "object",
                    "required": ["current", "total", "data"],
                    "properties": {
                        "current": {"type": "string"},
                        "total": {"type": "integer"},
                        "data": {"type": "array", "items": _SUMMARY},
                    },
                }
            },
        ),
        (
            "/v1/releases/{version}",
            detail_view,
            "get_release",
            "One release: manifest, changes and citation",
            "Its datapackage.json as published (`datapackage`), every file with its sha256, its distributions, its "
            "rows of `changes` (`change_rows`), and how to cite it and one of its rows.",
            (version_param,),
            json_content,
        ),
        (
            "/v1/releases/{version}/download/{name}",
            download_view,
            "download_release_file",
            "A file of a release, byte for byte",
            "datapackage.json, each table's CSV and JSON, the canonical text, and the release's zip: exactly the "
            "published bytes (their sha256 is in the release's manifest).",
            (
                version_param,
                PathParam(
                    "name",
                    "The file name, e.g. tasks.csv or the zip's name.",
                    {"type": "string", "enum": names} if names else {"type": "string"},
                    "datapackage.json",
                ),
            ),
            {
                "application/octet-stream": {"type": "string", "contentMediaType": "application/octet-stream"},
                "application/json": _OBJECT,
                "text/csv": {"type": "string"},
                "text/plain": {"type": "string"},
                "application/zip": {"type": "string", "contentMediaType": "application/zip"},
            },
        ),
        (
            "/v1/releases/{version}/tables",
            tables_view,
            "list_release_tables",
            "The tables of a release",
            "Each table's name, row count and URL.",
            (version_param,),
            json_content,
        ),
        (
            "/v1/releases/{version}/tables/{table}",
            table_view,
            "get_release_table",
            "A table of a release, as rows",
            "Every row exactly as in that release's JSON file, with `release` saying which.",
            (version_param, table_param),
            json_content,
        ),
        (
            "/v1/releases/{version}/tables/{table}/{id}",
            row_view,
            "get_release_row",
            "One row of a past release",
            "The row as published in that release: its stable URL for citing one row.",
            (
                version_param,
                table_param,
                PathParam("id", "The row's id.", {"type": "string", "minLength": 1, "maxLength": 200}, "A02.1"),
            ),
            json_content,
        ),
    ]
    return [
        Endpoint(
            path=path,
            view=view,
            tag="releases",
            operation_id=op,
            summary=summary,
            description=desc,
            path_params=params,
            content=content,
        )
        for path, view, op, summary, desc, params, content in endpoints
    ]
