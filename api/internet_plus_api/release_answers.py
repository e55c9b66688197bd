"""The answers of the release routes, rendered once at start-up from the releases kept in the package.

Every file is read through ``internet_plus.versions.release_files``, which checks it against the
sha256 frozen in releases/index.json, so the API serves a past release exactly as it was published.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from internet_plus.versions import Release

from .files import media_type_of
from .render import Rendered, render
from .settings import CACHE_IMMUTABLE

__all__ = [
    "FILE_SCHEMA",
    "OBJECT",
    "SUMMARY_SCHEMA",
    "base",
    "detail",
    "downloads",
    "package_files",
    "summary",
    "tables_of",
]

OBJECT = {"type": "object"}
FILE_SCHEMA = {
    "type": "object",
    "required": ["name", "bytes", "sha256", "url"],
    "properties": {
        "name": {"type": "string"},
        "bytes": {"type": "integer"},
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "url": {"type": "string"},
    },
}
SUMMARY_SCHEMA = {
    "type": "object",
    "required": ["version", "date", "previous", "changes", "zip", "links"],
    "properties": {
        "version": {"type": "string"},
        "date": {"type": "string", "format": "date"},
        "previous": {"type": ["string", "null"]},
        "changes": {"type": "integer"},
        "zip": FILE_SCHEMA,
        "citation": {"type": "string"},
        "links": OBJECT,
    },
}


def base(r: Release) -> str:
    return f"/v1/releases/{r.version}"


def _download_name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def summary(r: Release) -> dict[str, Any]:
    return {
        "version": r.version,
        "date": r.date,
        "previous": r.previous,
        "changes": r.changes,
        "zip": {
            "name": r.zip.path,
            "bytes": r.zip.bytes,
            "sha256": r.zip.sha256,
            "url": f"{base(r)}/download/{r.zip.path}",
        },
        "citation": r.citation,
        "links": {"self": base(r), "tables": f"{base(r)}/tables", "zip": f"{base(r)}/download/{r.zip.path}"},
    }


def _file(name: str, data: bytes) -> Rendered:
    return render(
        data,
        media_type_of(name),
        cache_control=CACHE_IMMUTABLE,
        headers=(("Content-Disposition", f'attachment; filename="{name}"'),),
    )


def downloads(r: Release, files: Mapping[str, bytes]) -> dict[str, Rendered]:
    """Each file by its name: datapackage.json, every table's CSV and JSON, the text, the distributions."""
    return {
        _download_name(path): _file(_download_name(path), data)
        for path, data in files.items()
        if not path.startswith("schemas/")  # same base names as the tables' JSON: served by package_files
    }


def package_files(files: Mapping[str, bytes]) -> dict[str, Rendered]:
    """Each file of the package at the path its datapackage.json gives it (``dataset/…``, ``schemas/…``).

    Served under ``/download/``, beside the descriptor, so that every relative path of
    ``/v1/releases/{version}/download/datapackage.json`` resolves to its file (a Frictionless client can
    read a past release over HTTP), and so that every file a release lists, schemas included, has a URL
    whose bytes are the sha256 listed with it.
    """
    return {path: _file(_download_name(path), data) for path, data in files.items() if "/" in path}


def _changes_of(r: Release, files: Mapping[str, bytes]) -> list[Any]:
    """The release's own rows of ``changes`` (from its own package when it has the table)."""
    package = orjson.loads(files["datapackage.json"])
    entry = next((res["json"]["path"] for res in package["resources"] if res["name"] == "changes"), None)
    rows: list[dict[str, Any]] = orjson.loads(files[entry]) if entry else []
    return [c for c in rows if c["release"] == r.version]


def detail(r: Release, files: Mapping[str, bytes], tables: list[str]) -> dict[str, Any]:
    return {
        **summary(r),
        "citation": {
            "text": r.citation,
            "release_url": r.url,
            "row_url": f"{base(r)}/tables/{{table}}/{{id}}",
            "how": f"Cite the release with its version and date (as in the text above, or CITATION.cff); cite "
            f"one row by its stable URL, e.g. {base(r)}/tables/tasks/A02.1, which answers the same "
            "row of this release for as long as the API runs.",
        },
        "files": [
            {
                "name": f.path,
                "bytes": f.bytes,
                "sha256": f.sha256,
                "url": f"{base(r)}/download/{f.path if f.path.startswith('schemas/') else _download_name(f.path)}",
            }
            for f in r.files
        ],
        "distributions": [
            {"name": d.path, "bytes": d.bytes, "sha256": d.sha256, "url": f"{base(r)}/download/{d.path}"}
            for d in r.distributions
        ],
        "tables": tables,
        "datapackage": orjson.loads(files["datapackage.json"]),
        "change_rows": _changes_of(r, files),
    }


def tables_of(files: Mapping[str, bytes]) -> dict[str, list[dict[str, Any]]]:
    package = orjson.loads(files["datapackage.json"])
    return {res["name"]: orjson.loads(files[res["json"]["path"]]) for res in package["resources"]}
