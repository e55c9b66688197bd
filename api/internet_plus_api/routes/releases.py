"""Every published release: the list, each release's manifest, changes and citation, its files byte for
byte, and any table of it read as rows.

A release's answers are rendered on its first request from the release kept in the package (each file
checked against the sha256 frozen in releases/index.json) and kept for the few releases asked for
most recently (``RELEASES_KEPT``); the names and tables the OpenAPI document lists come from
releases/index.json alone, so start-up reads no release. ``X-Dataset-Version`` stays the server's current
version on every answer; a release's answers carry their own version in the body (``release``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from litestar import Request, Response

from internet_plus.dataset import Dataset
from internet_plus.versions import Release, release_files, releases

from ..catalog import nearest
from ..files import media_type_of
from ..http import respond
from ..problems import ProblemError
from ..query import parse_query
from ..release_answers import OBJECT, SUMMARY_SCHEMA, base, detail, downloads, package_files, summary, tables_of
from ..render import Rendered, json_bytes, render
from ..routing import Endpoint, PathParam, View
from ..settings import CACHE_IMMUTABLE

__all__ = ["release_endpoints"]


T = TypeVar("T")
RELEASES_KEPT = 4  # releases whose answers are kept rendered (each holds its files: a few MB)


@dataclass(frozen=True)
class _Answers:
    """Everything one release answers, rendered together on its first request."""

    detail: Rendered
    served: dict[str, Rendered]
    in_package: dict[str, Rendered]
    table_list: Rendered
    tables: dict[str, Rendered]
    items: dict[str, dict[str, bytes]]


def _answers(r: Release) -> _Answers:
    files = release_files(r.version)
    rows = tables_of(files)
    table_list = {
        "release": r.version,
        "data": [{"name": t, "count": len(v), "url": f"{base(r)}/tables/{t}"} for t, v in rows.items()],
    }
    return _Answers(
        render(json_bytes(detail(r, files, list(rows))), "application/json", cache_control=CACHE_IMMUTABLE),
        downloads(r, files),
        package_files(files),
        render(json_bytes(table_list), "application/json"),
        {
            t: render(
                json_bytes({"release": r.version, "table": t, "total": len(v), "data": v}),
                "application/json",
                cache_control=CACHE_IMMUTABLE,
            )
            for t, v in rows.items()
        },
        {
            t: {str(row["id"]): json_bytes({"release": r.version, "table": t, "data": row}) for row in v}
            for t, v in rows.items()
        },
    )


def _found(kept: Mapping[str, T], key: str, missing: str) -> T:
    """``kept[key]``, or a 404 that says what is ``missing`` and names the nearest keys."""
    if key not in kept:
        raise ProblemError("not-found", missing, extensions={"nearest": nearest(key, list(kept))})
    return kept[key]


def _file_names(published: Sequence[Release]) -> tuple[list[str], list[str], list[str]]:
    """What a release's files are asked by, from releases/index.json (paths as ``release_files`` names them):
    the names under ``download/``, the tables (a schema each), the names under ``dataset/`` and ``schemas/``."""
    paths = {f.path for r in published for f in (*r.distributions, *r.files)}
    schemas = {p for p in paths if p.startswith("schemas/")}
    names = sorted({p.rsplit("/", 1)[-1] for p in paths - schemas})
    in_folders = sorted({p.split("/", 1)[1] for p in paths if "/" in p})
    return names, sorted({p.removeprefix("schemas/").removesuffix(".json") for p in schemas}), in_folders


def _strings(values: list[str]) -> dict[str, Any]:
    """A path parameter's schema: one of ``values``, or any string while there are none."""
    return {"type": "string", "enum": values} if values else {"type": "string"}


def _example(values: list[str], preferred: str | None = None) -> str | None:
    return preferred if preferred in values else (values[0] if values else None)


def _served_as(names: list[str]) -> dict[str, Any]:
    """Every type a release's files are served as (Parquet, SQLite, xlsx, Akoma Ntoso, Turtle…), byte for byte."""
    return {
        "application/octet-stream": {"type": "string", "contentMediaType": "application/octet-stream"},
        "application/json": {"description": "A JSON file of the release (rows or descriptor)."},
        **{
            media: {"type": "string", "contentMediaType": media}
            for media in sorted({media_type_of(n) for n in names})
            if media not in ("application/octet-stream", "application/json")
        },
        "text/csv": {"type": "string"},
        "text/plain": {"type": "string"},
        "application/zip": {"type": "string", "contentMediaType": "application/zip"},
    }


def release_endpoints(ds: Dataset) -> list[Endpoint]:
    published = releases()
    by_version = {r.version: r for r in published}
    versions = [r.version for r in published]
    listing = render(
        json_bytes({"current": ds.version, "total": len(published), "data": [summary(r) for r in published]}),
        "application/json",
    )

    @functools.lru_cache(maxsize=RELEASES_KEPT)
    def answers(version: str) -> _Answers:
        return _answers(by_version[version])

    def _version(request: Request[Any, Any, Any]) -> str:
        parse_query(request.scope.get("query_string", b""), ())
        version = str(request.path_params["version"])
        _found(by_version, version, f"No release is numbered {version[:100]!r}.")
        return version

    def _table(request: Request[Any, Any, Any], version: str) -> str:
        table = str(request.path_params["table"])
        _found(answers(version).tables, table, f"Release {version} has no table named {table[:100]!r}.")
        return table

    def list_view(request: Request[Any, Any, Any]) -> Response[bytes]:
        parse_query(request.scope.get("query_string", b""), ())
        return respond(listing)

    def detail_view(request: Request[Any, Any, Any]) -> Response[bytes]:
        return respond(answers(_version(request)).detail)

    def download_view(request: Request[Any, Any, Any]) -> Response[bytes]:
        version = _version(request)
        name = str(request.path_params["name"])
        return respond(_found(answers(version).served, name, f"Release {version} has no file named {name[:100]!r}."))

    def package_file_view(request: Request[Any, Any, Any]) -> Response[bytes]:
        version = _version(request)
        path = f"{request.path_params['folder']}/{request.path_params['name']}"
        return respond(_found(answers(version).in_package, path, f"Release {version} has no file at {path[:200]!r}."))

    def tables_view(request: Request[Any, Any, Any]) -> Response[bytes]:
        return respond(answers(_version(request)).table_list)

    def table_view(request: Request[Any, Any, Any]) -> Response[bytes]:
        version = _version(request)
        return respond(answers(version).tables[_table(request, version)])

    def row_view(request: Request[Any, Any, Any]) -> Response[bytes]:
        version = _version(request)
        table = _table(request, version)
        key = str(request.path_params["id"])
        missing = f"No row of {table} in release {version} has the id {key[:100]!r}."
        body = _found(answers(version).items[table], key, missing)
        return respond(render(body, "application/json", cache_control=CACHE_IMMUTABLE))

    version_param = PathParam("version", "A published release, e.g. 1.0.0.", _strings(versions), _example(versions))
    names, all_tables, in_folders = _file_names(published)
    table_param = PathParam(
        "table", "A table of that release.", {"type": "string", "enum": all_tables}, _example(all_tables, "tasks")
    )
    json_content = {"application/json": OBJECT}
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
                        "data": {"type": "array", "items": SUMMARY_SCHEMA},
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
                    "name", "The file name, e.g. tasks.csv or the zip's name.", _strings(names), "datapackage.json"
                ),
            ),
            _served_as(names),
        ),
        (
            "/v1/releases/{version}/download/{folder}/{name}",
            package_file_view,
            "download_release_package_file",
            "A file of a release at the path its datapackage.json gives it",
            "`dataset/…` and `schemas/…` beside the release's `download/datapackage.json`, byte for byte, so that "
            "a Frictionless client pointed at that descriptor reads and validates the release over HTTP.",
            (
                version_param,
                PathParam(
                    "folder", "The package folder.", {"type": "string", "enum": ["dataset", "schemas"]}, "schemas"
                ),
                PathParam(
                    "name",
                    "The file name in that folder, e.g. tasks.json.",
                    {"type": "string", "enum": in_folders},
                    "tasks.json",
                ),
            ),
            {
                "application/json": {"description": "A Table Schema or a table's rows, as published."},
                "text/csv": {"type": "string"},
                "text/plain": {"type": "string"},
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
