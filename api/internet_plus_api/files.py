"""The published data package, served byte for byte, and a zip of it built once at start-up.

Every file listed with a hash in datapackage.json is read through the library's ``read_verified``,
so the API refuses to start rather than serve a file that differs from the published one. The zip
is the release's own (internet_plus.archive, the one definition the release build uses too): the same
package always gives the same bytes, hence the same ETag, across restarts and workers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from typing import Any

import orjson

from internet_plus.archive import build_zip, zip_name, zip_time
from internet_plus.loader import read_verified, schema_entry
from internet_plus.resources import text_entries
from internet_plus.tableschema import parse_schema

from .render import Rendered, render
from .settings import CACHE_DATA, CACHE_IMMUTABLE

__all__ = ["Published", "load_published", "media_type_of"]

_MEDIA = {
    "csv": "text/csv",
    "json": "application/json",
    "txt": "text/plain",
    "zip": "application/zip",
    "db": "application/vnd.sqlite3",
    "parquet": "application/vnd.apache.parquet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xml": "application/akn+xml",  # the only XML published: the Akoma Ntoso texts
    "ttl": "text/turtle",
}


def media_type_of(name: str) -> str:
    return _MEDIA.get(name.rsplit(".", 1)[-1], "application/octet-stream")


@dataclass(frozen=True)
class Published:
    """The package: its descriptor (parsed and raw), every file by package path, the Table Schemas,
    and the download names (``tasks.csv``, ``internet-plus-1.0.0.zip``) mapped to ready responses."""

    package: Mapping[str, Any]
    datapackage: Rendered
    files: Mapping[str, Rendered]
    schemas: Mapping[str, Mapping[str, Any]]
    downloads: Mapping[str, Rendered]
    zip_name: str


def _attachment(name: str) -> tuple[tuple[str, str], ...]:
    return (("Content-Disposition", f'attachment; filename="{name}"'),)


def load_published(root: Traversable) -> Published:
    raw = root.joinpath("datapackage.json").read_bytes()
    package: dict[str, Any] = orjson.loads(raw)
    data: dict[str, bytes] = {"datapackage.json": raw}
    schemas: dict[str, Mapping[str, Any]] = {}
    entries: list[dict[str, Any]] = []
    for resource in package.get("resources", []):
        entries.append(resource)
        if isinstance(resource.get("json"), dict):
            entries.append(resource["json"])
        schema_path = resource.get("schema")
        if isinstance(schema_path, str):
            data[schema_path] = read_verified(root, schema_entry(resource))
            schemas[resource["name"]] = parse_schema(data[schema_path], schema_path)
    entries += text_entries(package)
    for entry in entries:
        data[entry["path"]] = read_verified(root, entry)
    version = str(package.get("version", ""))
    name = zip_name(version)
    archive = build_zip(f"internet-plus-{version}", data, zip_time(package))
    # The derived formats (SQLite, Parquet, xlsx) are served like the tables but kept out of the zip,
    # which is the Frictionless package itself (and would cost start-up time to compress).
    derived = [d for d in package.get("distributions", []) if isinstance(d, dict)]
    for entry in derived:
        data[entry["path"]] = read_verified(root, entry)
    entries += derived
    files = {path: render(body, media_type_of(path)) for path, body in data.items() if path != "datapackage.json"}
    downloads = {
        path.rsplit("/", 1)[-1]: render(data[path], media_type_of(path), headers=_attachment(path.rsplit("/", 1)[-1]))
        for path in (e["path"] for e in entries)
    }
    downloads[name] = render(archive, "application/zip", cache_control=CACHE_IMMUTABLE, headers=_attachment(name))
    return Published(
        package, render(raw, "application/json", cache_control=CACHE_DATA), files, schemas, downloads, name
    )
