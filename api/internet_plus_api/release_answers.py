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

__all__ = ["FILE_SCHEMA", "OBJECT", "SUMMARY_SCHEMA", "base", "detail", "downloads", "summary", "tables_of"]

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


def downloads(r: Release, files: Mapping[str, bytes]) -> dict[str, Rendered]:
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
                "url": f"{base(r)}/download/{_download_name(f.path)}"
                if not f.path.startswith("schemas/")
                else f"{base(r)}/download/{r.zip.path}",
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
