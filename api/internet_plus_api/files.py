"""The published data package, served byte for byte, and a zip of it built on its first request.

Every file listed with a hash in datapackage.json is read through the library's ``read_verified``,
so the API refuses to start rather than serve a file that differs from the published one; its ETag
is that recorded sha256 (not hashed again). The zip is the release's own (internet_plus.archive, the
one definition the release build uses too): the same package always gives the same bytes, hence the
same ETag, across restarts and workers; it is built when first asked for (68 ms), not at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
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

__all__ = ["Downloads", "Published", "load_published", "media_type_of"]

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


class Downloads(Mapping[str, Rendered]):
    """The download names and their answers; the zip's answer is made on its first use."""

    def __init__(self, files: Mapping[str, Rendered], zip_name: str, make_zip: Callable[[], Rendered]) -> None:
        self._files = dict(files)
        self._zip_name = zip_name
        self._make_zip = make_zip
        self._zip: Rendered | None = None

    def __getitem__(self, name: str) -> Rendered:
        if name != self._zip_name:
            return self._files[name]
        if self._zip is None:
            self._zip = self._make_zip()
        return self._zip

    def __contains__(self, name: object) -> bool:
        return name == self._zip_name or name in self._files

    def __iter__(self) -> Iterator[str]:
        yield from self._files
        yield self._zip_name

    def __len__(self) -> int:
        return len(self._files) + 1


def _recorded(body: bytes, media_type: str, entry: Mapping[str, Any], **options: Any) -> Rendered:
    """``render`` with the ETag taken from the sha256 the package records (already checked on reading)."""
    digest = str(entry.get("hash", "")).removeprefix("sha256:")
    if len(digest) != 64:
        return render(body, media_type, **options)
    return Rendered(
        body,
        media_type,
        f'"{digest[:32]}"',
        options.get("cache_control", CACHE_DATA),
        tuple(options.get("headers", ())),
    )


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
    package_data = dict(data)  # the zip is the Frictionless package itself, without the derived formats

    def make_zip() -> Rendered:
        archive = build_zip(f"internet-plus-{version}", package_data, zip_time(package))
        return render(archive, "application/zip", cache_control=CACHE_IMMUTABLE, headers=_attachment(name))

    # The derived formats (SQLite, Parquet, xlsx) are served like the tables but kept out of the zip,
    # which is the Frictionless package itself (and would cost start-up time to compress).
    derived = [d for d in package.get("distributions", []) if isinstance(d, dict)]
    for entry in derived:
        data[entry["path"]] = read_verified(root, entry)
    entries += derived
    recorded = {e["path"]: e for e in entries}
    for resource in package.get("resources", []):
        if isinstance(resource.get("schema"), str):
            recorded[resource["schema"]] = schema_entry(resource)
    files = {
        path: _recorded(body, media_type_of(path), recorded.get(path, {}))
        for path, body in data.items()
        if path != "datapackage.json"
    }
    downloads = {
        path.rsplit("/", 1)[-1]: _recorded(
            data[path], media_type_of(path), recorded[path], headers=_attachment(path.rsplit("/", 1)[-1])
        )
        for path in (e["path"] for e in entries)
    }
    return Published(
        package,
        render(raw, "application/json", cache_control=CACHE_DATA),
        files,
        schemas,
        Downloads(downloads, name, make_zip),
        name,
    )
