"""The published files, byte-identical: the descriptor, each table's CSV and JSON, the text, a zip.

``/v1/datapackage.json`` names its files relative to itself (``dataset/tasks.csv``,
``schemas/tasks.json``), so those paths are served too: a Frictionless client pointed at
``/v1/datapackage.json`` can read and validate the whole package over HTTP.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Request, Response

from internet_plus.csvfile import excel_variant

from ..catalog import nearest
from ..files import Published, media_type_of
from ..http import respond
from ..listing import BOM
from ..problems import ProblemError
from ..query import parse_query
from ..render import Rendered, render
from ..routing import Endpoint, PathParam, View

__all__ = ["download_endpoints"]

_BINARY = {"type": "string", "contentMediaType": "application/octet-stream"}


def _content(names: list[str]) -> dict[str, dict[str, Any]]:
    schemas: dict[str, dict[str, Any]] = {
        "text/csv": {"type": "string", "description": "A published CSV file, byte for byte."},
        "application/json": {"description": "A published JSON file (table rows, descriptor or Table Schema)."},
        "text/plain": {"type": "string", "description": "The canonical Chinese text."},
        "application/zip": {**_BINARY, "contentMediaType": "application/zip"},
        "application/akn+xml": {"type": "string", "description": "A held text as Akoma Ntoso 3.0 XML."},
        "text/turtle": {"type": "string", "description": "The package as RDF (Turtle)."},
        **{
            m: {**_BINARY, "contentMediaType": m}
            for m in (
                "application/vnd.sqlite3",
                "application/vnd.apache.parquet",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        },
    }
    return {m: s for m, s in schemas.items() if any(media_type_of(n) == m for n in names)}


_FILE_PARAMS = (BOM,)


def _with_bom(rendered: Rendered) -> Rendered:
    """The Excel variant (internet_plus.csvfile): a BOM, and any formula-like cell neutralised."""
    return render(
        excel_variant(rendered.body),
        rendered.media_type,
        cache_control=rendered.cache_control,
        headers=rendered.headers,
    )


def _file_view(files: Mapping[str, Rendered], what: str) -> View:
    """A published file by name; a CSV with ``bom=true`` gets the Excel variant, made on its first request
    and kept (making all 30 at start-up cost 94 ms of ``create_app``, for a variant few ask for)."""
    excel: dict[str, Rendered] = {}

    def view(request: Request[Any, Any, Any]) -> Response[bytes]:
        query = parse_query(request.scope.get("query_string", b""), _FILE_PARAMS)
        name = str(request.path_params["name"])
        rendered = files.get(name)
        if rendered is None:
            raise ProblemError(
                "not-found", f"No {what} is named {name[:100]!r}.", extensions={"nearest": nearest(name, list(files))}
            )
        if query["bom"] and rendered.media_type == "text/csv":
            kept = excel.get(name)
            if kept is None:
                kept = excel[name] = _with_bom(rendered)
            return respond(kept)
        return respond(rendered)

    return view


def _file_endpoint(
    path: str, files: Mapping[str, Rendered], what: str, op: str, summary: str, description: str
) -> Endpoint:
    names = sorted(files)
    schema = {"type": "string", "enum": names}
    return Endpoint(
        path=path,
        view=_file_view(files, what),
        tag="downloads",
        operation_id=op,
        summary=summary,
        description=description,
        params=_FILE_PARAMS,
        path_params=(PathParam("name", "The file name.", schema, names[0]),),
        content=_content(names),
        headers=("ETag", "Cache-Control", "X-Dataset-Version", "Content-Disposition"),
    )


def download_endpoints(published: Published) -> list[Endpoint]:
    def datapackage(request: Request[Any, Any, Any]) -> Response[bytes]:
        parse_query(request.scope.get("query_string", b""), ())
        return respond(published.datapackage)

    in_folder = {
        folder: {p.split("/", 1)[1]: r for p, r in published.files.items() if p.startswith(folder + "/")}
        for folder in ("dataset", "schemas")
    }
    endpoints = [
        Endpoint(
            path="/v1/datapackage.json",
            view=datapackage,
            tag="downloads",
            operation_id="datapackage",
            summary="The Frictionless Data Package descriptor, as published",
            description="Byte-identical to the published datapackage.json: resources, schemas, sha256 hashes.",
            params=(),
            content={"application/json": {"type": "object", "description": "Data Package."}},
        ),
        _file_endpoint(
            "/v1/download/{name}",
            published.downloads,
            "download",
            "download",
            "Download a published file, or the whole package as a zip",
            "Each table's CSV, JSON and Parquet, the SQLite database (with its Datasette metadata), the Excel "
            "workbook and the canonical text, byte-identical to the published "
            f"files (their sha256 is in datapackage.json), and `{published.zip_name}`: the whole package "
            "in a reproducible zip.",
        ),
    ]
    for folder, files in in_folder.items():
        if files:
            endpoints.append(
                _file_endpoint(
                    f"/v1/{folder}/{{name}}",
                    files,
                    f"file in {folder}/",
                    f"package_{folder}",
                    f"A file of the package's {folder}/ folder, at the path datapackage.json gives it",
                    "Lets a Frictionless client read the package from `/v1/datapackage.json` over HTTP.",
                )
            )
    return endpoints
