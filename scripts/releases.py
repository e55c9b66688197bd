"""Published releases: the frozen index, the files kept for each release, and what a release contains.

A release is kept whole under ``releases/<version>/``: its ``datapackage.json`` and its
distributions (the zip of the package, and any other file registered in ``DISTRIBUTIONS``).
``releases/index.json`` is the manifest: for every release, the sha256 and size of each kept file
and of every file inside the package. Entries are only ever appended: ``freeze`` refuses to write
an index in which a published entry differs, so a published release can never change.

This module is the one place that says what a release contains: ``package_members`` (the files of
the data package) and ``DISTRIBUTIONS`` (the files built from them).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import tomllib
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from _common import ROOT, BuildError, json_bytes, project_version

from internet_plus.archive import build_zip, zip_name, zip_time
from internet_plus.resources import text_entries

__all__ = [
    "DISTRIBUTIONS",
    "INDEX_PATH",
    "RELEASES",
    "Distribution",
    "ReleaseConfig",
    "check_published",
    "derived_members",
    "distributions",
    "file_entry",
    "index_entry",
    "package_members",
    "published_members",
    "read_index",
    "release_config",
    "tree_problems",
    "version_key",
]

RELEASES = ROOT / "releases"
INDEX_PATH = RELEASES / "index.json"
VERSION = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")


@dataclass(frozen=True)
class ReleaseConfig:
    """The release being built: its version (``[project] version``) and its build date
    (``[tool.internet-plus] release-date``), fixed in pyproject.toml so that a rebuild is byte-identical."""

    version: str
    date: str


def version_key(version: str) -> tuple[int, int, int]:
    match = VERSION.match(version)
    if match is None:
        raise BuildError(f"version {version!r} is not MAJOR.MINOR.PATCH")
    return (int(match[1]), int(match[2]), int(match[3]))


def release_config() -> ReleaseConfig:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    version = project_version()
    version_key(version)
    date = str(data.get("tool", {}).get("internet-plus", {}).get("release-date", ""))
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", date):
        raise BuildError(f"pyproject.toml: [tool.internet-plus] release-date must be YYYY-MM-DD, not {date!r}")
    return ReleaseConfig(version, date)


def file_entry(path: str, data: bytes) -> dict[str, Any]:
    return {"path": path, "bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}


def package_members(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """``datapackage.json`` and every file it lists: each resource's CSV, JSON and Table Schema, the text.

    ``files`` is a build's output; what it lacks (the hand-written Table Schemas) is read from the tree.
    """
    package = json.loads(files["datapackage.json"])
    paths = []
    for resource in package["resources"]:
        paths += [resource["path"], resource["json"]["path"], resource["schema"]]
    paths += [t["path"] for t in text_entries(package)]
    members = {"datapackage.json": files["datapackage.json"]}
    for path in paths:
        if path in files:
            members[path] = files[path]
        elif (ROOT / path).is_file():  # the Table Schemas are sources, not build output
            members[path] = (ROOT / path).read_bytes()
        else:
            raise BuildError(f"datapackage.json lists {path}, which is neither built nor in the repository")
    return members


@dataclass(frozen=True)
class Distribution:
    """A file published with each release, built from the package's members (deterministically)."""

    name: Callable[[str], str]
    mediatype: str
    build: Callable[[str, Mapping[str, bytes]], bytes]
    description: str


def _zip(version: str, members: Mapping[str, bytes]) -> bytes:
    package = json.loads(members["datapackage.json"])
    return build_zip(f"internet-plus-{version}", members, zip_time(package))


# Every file a release publishes beside its datapackage.json. Register a new format here: it is
# then built, kept under releases/<version>/, hashed in the index and served by the API.
DISTRIBUTIONS: tuple[Distribution, ...] = (
    Distribution(zip_name, "application/zip", _zip, "The whole data package in a reproducible zip."),
)


def distributions(version: str, members: Mapping[str, bytes]) -> dict[str, tuple[Distribution, bytes]]:
    return {d.name(version): (d, d.build(version, members)) for d in DISTRIBUTIONS}


def derived_members(files: Mapping[str, bytes]) -> dict[str, tuple[Mapping[str, Any], bytes]]:
    """The derived formats the package lists under ``distributions`` (SQLite, Parquet, xlsx), by file name.

    They are published beside the zip, not in it (the zip is the Frictionless package itself, as the API
    serves it), and kept as built: their bytes depend on pinned writers and the SQLite library, so a
    published release keeps them frozen rather than rebuilding them.
    """
    package = json.loads(files["datapackage.json"])
    out: dict[str, tuple[Mapping[str, Any], bytes]] = {}
    for entry in package.get("distributions", []):
        path = str(entry["path"])
        data = files[path] if path in files else (ROOT / path).read_bytes()
        out[path.rsplit("/", 1)[-1]] = (entry, data)
    return out


def index_entry(
    version: str,
    date: str,
    previous: str | None,
    members: Mapping[str, bytes],
    changes: int,
    derived: Mapping[str, tuple[Mapping[str, Any], bytes]] | None = None,
) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The index entry of a release and the files to keep for it (relative to the repository root)."""
    folder = f"releases/{version}"
    kept = {f"{folder}/datapackage.json": members["datapackage.json"]}
    dists = []
    for name, (dist, data) in distributions(version, members).items():
        kept[f"{folder}/{name}"] = data
        dists.append(
            {
                "name": name,
                "mediatype": dist.mediatype,
                "description": dist.description,
                **file_entry(f"{folder}/{name}", data),
            }
        )
    for name, (listed, data) in sorted((derived or {}).items()):
        kept[f"{folder}/{name}"] = data
        dists.append(
            {
                "name": name,
                "mediatype": listed.get("mediatype", "application/octet-stream"),
                "description": listed.get("description", ""),
                **file_entry(f"{folder}/{name}", data),
            }
        )
    entry = {
        "version": version,
        "date": date,
        "previous": previous,
        "changes": changes,
        "datapackage": file_entry(f"{folder}/datapackage.json", members["datapackage.json"]),
        "distributions": dists,
        "files": [file_entry(path, members[path]) for path in sorted(members)],
    }
    return entry, kept


def read_index() -> list[dict[str, Any]]:
    if not INDEX_PATH.exists():
        return []
    releases: list[dict[str, Any]] = json.loads(INDEX_PATH.read_text(encoding="utf-8"))["releases"]
    return releases


def index_bytes(releases: list[dict[str, Any]]) -> bytes:
    return json_bytes(
        {
            "description": "Every published release of the data package. Entries are appended, never changed: "
            "each kept file's and each package file's sha256 is frozen here.",
            "releases": releases,
        }
    )


def _read_kept(entry: Mapping[str, Any]) -> bytes:
    path = ROOT / str(entry["path"])
    if not path.is_file():
        raise BuildError(f"{entry['path']}: file of a published release is missing")
    data = path.read_bytes()
    if file_entry(entry["path"], data) != {k: entry[k] for k in ("path", "bytes", "hash")}:
        raise BuildError(f"{entry['path']}: a published file has changed (its sha256 differs from releases/index.json)")
    return data


def published_members(version: str) -> dict[str, bytes]:
    """The package files of a published release, read from its kept zip and checked against the index."""
    entry = next((r for r in read_index() if r["version"] == version), None)
    if entry is None:
        raise BuildError(f"release {version} is not in releases/index.json")
    archive = _read_kept(next(d for d in entry["distributions"] if d["name"] == zip_name(version)))
    prefix = f"internet-plus-{version}/"
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        members = {name.removeprefix(prefix): zf.read(name) for name in zf.namelist()}
    expected = {f["path"]: f for f in entry["files"]}
    if sorted(members) != sorted(expected):
        raise BuildError(f"releases/{version}: the zip's files differ from the index")
    for path, data in members.items():
        if file_entry(path, data) != expected[path]:
            raise BuildError(f"releases/{version}: {path} in the zip differs from its hash in the index")
    return members


def check_published() -> list[str]:
    """Every published release is intact: kept files, zip members, and the hashes its datapackage.json records."""
    problems = []
    for entry in read_index():
        try:
            members = published_members(entry["version"])
            kept = _read_kept(entry["datapackage"])
            for dist in entry["distributions"]:
                _read_kept(dist)
        except BuildError as exc:
            problems.append(str(exc))
            continue
        problems += _release_problems(entry, members, kept)
    return problems


def _release_problems(entry: Mapping[str, Any], members: Mapping[str, bytes], kept: bytes) -> list[str]:
    """What differs between a release's kept files, its zip's members and its index entry."""
    version = entry["version"]
    problems = []
    if kept != members["datapackage.json"]:
        problems.append(f"releases/{version}/datapackage.json differs from the one in its zip")
    package = json.loads(kept)
    if package.get("version") != version:
        problems.append(f"releases/{version}/datapackage.json says version {package.get('version')}")
    listed = [r for res in package["resources"] for r in (res, res["json"])] + text_entries(package)
    kept_names = {d["name"] for d in entry["distributions"]}
    for derived in package.get("distributions", []):
        if derived["path"].rsplit("/", 1)[-1] not in kept_names:
            problems.append(f"releases/{version}: {derived['path']} is listed in its datapackage.json but not kept")
    problems += _hash_problems(version, listed, members)
    if [f["path"] for f in entry["files"]] != sorted(members):
        problems.append(f"releases/{version}: the index lists other files than the zip holds")
    return problems + _rebuild_problems(entry, members)


def _hash_problems(version: str, listed: list[dict[str, Any]], members: Mapping[str, bytes]) -> list[str]:
    """The members whose bytes are not the ones the release's datapackage.json records (``listed``)."""
    problems = []
    for item in listed:
        data = members.get(item["path"], b"")
        if file_entry(item["path"], data)["hash"] != item["hash"] or len(data) != item["bytes"]:
            problems.append(f"releases/{version}: {item['path']} does not have the sha256 its datapackage.json records")
    return problems


def _rebuild_problems(entry: Mapping[str, Any], members: Mapping[str, bytes]) -> list[str]:
    """A registered distribution rebuilt from the release's files must give the kept bytes."""
    version = entry["version"]
    registered = {d.name(version): d for d in DISTRIBUTIONS}
    return [
        f"releases/{version}: rebuilding {dist['name']} from its files gives other bytes"
        for dist in entry["distributions"]
        if dist["name"] in registered
        and file_entry(dist["path"], registered[dist["name"]].build(version, members))
        != {k: dist[k] for k in ("path", "bytes", "hash")}
    ]


def tree_problems(files: Mapping[str, bytes]) -> list[str]:
    """The built package against the index: a published version must be unchanged; a new one must be newer."""
    config = release_config()
    published = {r["version"]: r for r in read_index()}
    members = package_members(files)
    if config.version in published:
        frozen = published_members(config.version)
        changed = sorted(p for p in set(frozen) | set(members) if frozen.get(p) != members.get(p))
        if changed:
            return [
                f"release {config.version} is published and frozen, but the package differs from it in "
                f"{', '.join(changed)}: set a new version in pyproject.toml and publish it"
            ]
        return []
    newer = [v for v in published if version_key(v) >= version_key(config.version)]
    if newer:
        return [f"version {config.version} is older than the published release {max(newer, key=version_key)}"]
    return []
