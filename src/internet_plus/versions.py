"""Every published release, kept whole: listed from ``releases/index.json``, read from its own zip.

A release's files are read from the zip kept for it and checked against the sha256 frozen in the
index, so ``load(version="1.0.0")`` gives exactly the bytes that were published as 1.0.0, offline.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from functools import cache
from importlib.resources.abc import Traversable
from typing import Any

import orjson

from .citation import AUTHOR, REPOSITORY, TITLE, Reference, release_file_url, render
from .errors import DataIntegrityError, NotFoundError
from .nearest import nearest
from .resources import data_root

__all__ = [
    "CITATION_AUTHOR",
    "REPOSITORY",
    "TITLE",
    "Release",
    "ReleaseFile",
    "changes_between",
    "release",
    "release_files",
    "release_root",
    "releases",
]

CITATION_AUTHOR = AUTHOR


@dataclass(frozen=True, slots=True)
class ReleaseFile:
    """A file of a release: its path (inside the package, or the distribution's name), size and sha256 (hex)."""

    path: str
    bytes: int
    sha256: str


@dataclass(frozen=True, slots=True)
class Release:
    """One published release: when, what it replaced, how many rows of ``changes`` it made, and its files."""

    version: str
    date: str
    previous: str | None
    changes: int
    zip: ReleaseFile
    datapackage: ReleaseFile
    distributions: tuple[ReleaseFile, ...]
    files: tuple[ReleaseFile, ...]

    @property
    def url(self) -> str:
        """The release's zip itself: files under releases/<version>/ never change."""
        return release_file_url(self.version)

    @property
    def citation(self) -> str:
        """How to cite this release: the text form of internet_plus.citation, the one source of citations."""
        return render(Reference("release", self.version, self.date, self.zip.sha256))


def _file(entry: dict[str, Any], path: str | None = None) -> ReleaseFile:
    algo, _, digest = str(entry.get("hash", "")).partition(":")
    if algo != "sha256" or not digest:
        raise DataIntegrityError(f"releases/index.json: {entry.get('path')} has no sha256 hash")
    return ReleaseFile(path or str(entry["path"]), int(entry["bytes"]), digest)


@cache
def _index() -> tuple[Release, ...]:
    path = data_root().joinpath("releases/index.json")
    try:
        data = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        return ()
    except orjson.JSONDecodeError as exc:
        raise DataIntegrityError(f"releases/index.json is not valid JSON: {exc}") from None
    out = []
    for entry in data.get("releases", []):
        dists = tuple(_file(d, d["name"]) for d in entry["distributions"])
        archive = next((d for d in dists if d.path.endswith(".zip")), None)
        if archive is None:
            raise DataIntegrityError(f"releases/index.json: release {entry['version']} has no zip")
        out.append(
            Release(
                version=entry["version"],
                date=entry["date"],
                previous=entry["previous"],
                changes=int(entry["changes"]),
                zip=archive,
                datapackage=_file(entry["datapackage"], "datapackage.json"),
                distributions=dists,
                files=tuple(_file(f) for f in entry["files"]),
            )
        )
    return tuple(out)


def releases() -> tuple[Release, ...]:
    """Every published release, oldest first."""
    return _index()


def release(version: str) -> Release:
    """The release ``version``; NotFoundError naming the published ones otherwise."""
    for r in _index():
        if r.version == version:
            return r
    raise NotFoundError("release", version, tuple(r.version for r in reversed(_index()))[:3])


def _verified(data: bytes, expected: ReleaseFile, what: str) -> bytes:
    if len(data) != expected.bytes or hashlib.sha256(data).hexdigest() != expected.sha256:
        raise DataIntegrityError(f"{what}: corrupted or modified (its sha256 differs from releases/index.json)")
    return data


@cache
def release_files(version: str) -> dict[str, bytes]:
    """Every file of a release by name: the package's files by their path, and each distribution by its name.

    Read from the release's kept zip; every file is checked against the index.
    """
    r = release(version)
    folder = data_root().joinpath(f"releases/{version}")
    files: dict[str, bytes] = {}
    for dist in r.distributions:
        try:
            files[dist.path] = _verified(
                folder.joinpath(dist.path).read_bytes(), dist, f"releases/{version}/{dist.path}"
            )
        except FileNotFoundError:
            raise DataIntegrityError(f"releases/{version}/{dist.path} is missing") from None
    prefix = f"internet-plus-{version}/"
    with zipfile.ZipFile(io.BytesIO(files[r.zip.path])) as zf:
        inside = {name.removeprefix(prefix): zf.read(name) for name in zf.namelist()}
    for f in r.files:
        if f.path not in inside:
            raise DataIntegrityError(f"releases/{version}/{r.zip.path} lacks {f.path}")
        files[f.path] = _verified(inside[f.path], f, f"{r.zip.path}: {f.path}")
    return files


class _Folder:
    """A read-only Traversable-like view of a release's files, for the loader."""

    def __init__(self, files: dict[str, bytes], at: str = "") -> None:
        self._files, self._at = files, at

    def joinpath(self, *parts: str) -> _Folder:
        return _Folder(self._files, "/".join(p for p in (self._at, *parts) if p))

    def read_bytes(self) -> bytes:
        if self._at not in self._files:
            raise FileNotFoundError(self._at)
        return self._files[self._at]

    def is_file(self) -> bool:
        return self._at in self._files


def release_root(version: str) -> Traversable:
    return _Folder(release_files(version))  # type: ignore[return-value]


def _order(version: str) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in version.split("."))
    except ValueError:
        return (-1,)


def changes_between(old: str, new: str, table: str | None = None, row_id: str | None = None) -> tuple[Any, ...]:
    """The rows of ``changes`` that lead from release ``old`` to release ``new`` (through any between them).

    Both must be published or the installed version; ``table`` keeps one table's changes, ``row_id`` one
    row's (in every table unless ``table`` is given; a row a new table brought is itemised as added).
    """
    from .errors import DatasetError
    from .loader import load

    ds = load()
    known = [r.version for r in _index()]
    if ds.version not in known:
        known.append(ds.version)
    for version in (old, new):
        if version not in known:
            raise NotFoundError("release", version, tuple(reversed(known))[:3])
    if _order(old) >= _order(new):
        raise DatasetError(f"diff: {old} is not older than {new}")
    if table is not None and table not in ds.tables:
        raise NotFoundError("table", table, nearest(table, ds.tables))
    source = ds if _order(new) <= _order(ds.version) else load(version=new)
    return tuple(
        c
        for c in source.changes
        if _order(old) < _order(c.release) <= _order(new)
        and (table is None or c.table_name == table)
        and (row_id is None or c.row_id == row_id)
    )
