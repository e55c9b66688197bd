"""datapackage.json + the JSON tables -> a validated, immutable Dataset, loaded once.

Each file is checked against the sha256 and size recorded in datapackage.json before it is parsed,
then parsed straight into the frozen models by pydantic-core (no intermediate dicts).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import orjson
from pydantic import TypeAdapter, ValidationError

from .dataset import TABLE_MODELS, Dataset, column_types
from .errors import DataIntegrityError
from .resources import data_root, text_entries

__all__ = ["check_installed_descriptor", "load", "read_verified", "schema_entry"]


def read_verified(root: Traversable, entry: dict[str, Any]) -> bytes:
    """Read one file and refuse it unless it has the recorded size and sha256."""
    path = entry.get("path")
    if not isinstance(path, str):
        raise DataIntegrityError(f"datapackage.json: a file entry has no path: {entry!r}")
    try:
        data = root.joinpath(path).read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        raise DataIntegrityError(f"{path}: file is missing") from None
    algo, _, expected = str(entry.get("hash", "")).partition(":")
    if algo != "sha256" or not expected:
        raise DataIntegrityError(f"datapackage.json: {path} has no sha256 hash")
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected or len(data) != entry.get("bytes"):
        raise DataIntegrityError(
            f"{path}: corrupted or modified (sha256 {actual[:12]}…, {len(data)} bytes; "
            f"datapackage.json records {expected[:12]}…, {entry.get('bytes')} bytes)"
        )
    return data


def schema_entry(resource: dict[str, Any]) -> dict[str, Any]:
    """The ``schema_file`` entry (path, bytes, sha256) of a resource, which must name its ``schema``.

    Frictionless hashes only data files; an edited schema would change what validation accepts, so
    the package records each schema's hash too and every reader checks it.
    """
    entry = resource.get("schema_file")
    name = resource.get("name")
    if not isinstance(entry, dict) or entry.get("path") != resource.get("schema"):
        raise DataIntegrityError(
            f"datapackage.json: resource {name!r} records no sha256 for its schema {resource.get('schema')!r}"
        )
    return entry


@cache
def _adapter(table: str) -> TypeAdapter[tuple[Any, ...]]:
    model = TABLE_MODELS[table]
    return TypeAdapter(tuple[model, ...])  # type: ignore[valid-type]


@cache
def _date_fields(table: str) -> tuple[str, ...]:
    return tuple(name for name, kind in column_types(table).items() if kind is dt.date)


def _construct(table: str, data: bytes, fill: bool = False) -> tuple[Any, ...]:
    """Trusted rows: the bytes match the hash the build recorded after validating them, so skip validation.

    ``fill`` (an earlier release) gives a field that release did not have yet the value None.
    """
    model = TABLE_MODELS[table]
    dates = _date_fields(table)
    rows = orjson.loads(data)
    for row in rows:
        for name in dates:
            if row.get(name):
                row[name] = dt.date.fromisoformat(row[name])
        if fill:
            for name in model.model_fields:
                row.setdefault(name, None)
    return tuple(model.model_construct(**row) for row in rows)


def _parse(table: str, path: str, data: bytes) -> tuple[Any, ...]:
    try:
        return _adapter(table).validate_json(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        raise DataIntegrityError(
            f"{path}: row {loc}: {err['msg']} (and {exc.error_count() - 1} more)"
            if exc.error_count() > 1
            else f"{path}: row {loc}: {err['msg']}"
        ) from None


def _load(root: Traversable, validate: bool, earlier: bool = False) -> Dataset:
    """``earlier``: a published release older than the models, which may lack tables and fields added since."""
    try:
        package = orjson.loads(root.joinpath("datapackage.json").read_bytes())
    except FileNotFoundError:
        raise DataIntegrityError("datapackage.json is missing") from None
    except orjson.JSONDecodeError as exc:
        raise DataIntegrityError(f"datapackage.json is not valid JSON: {exc}") from None
    if not isinstance(package, dict):
        raise DataIntegrityError("datapackage.json is not a JSON object")
    resources = {r.get("name"): r for r in package.get("resources", []) if isinstance(r, dict)}
    tables: dict[str, tuple[Any, ...]] = {}
    for table in TABLE_MODELS:
        resource = resources.get(table)
        if resource is None and earlier:
            tables[table] = ()
            continue
        if resource is None:
            raise DataIntegrityError(f"datapackage.json: no resource named {table!r}")
        entry = resource.get("json")
        if not isinstance(entry, dict):
            raise DataIntegrityError(f"datapackage.json: resource {table!r} lists no JSON file")
        if not earlier:  # a release's schemas are checked against releases/index.json when it is read
            read_verified(root, schema_entry(resource))
        data = read_verified(root, entry)
        try:
            tables[table] = _parse(table, entry["path"], data) if validate else _construct(table, data, earlier)
        except (orjson.JSONDecodeError, TypeError, ValueError, AttributeError) as exc:
            raise DataIntegrityError(f"{entry['path']}: not a JSON list of {table} rows: {exc}") from None
    entries = text_entries(package)
    if not entries:
        raise DataIntegrityError("datapackage.json: no canonical text entry ('texts')")
    texts: dict[str, str] = {}
    for text_entry in entries:
        try:
            texts[str(text_entry.get("document_id"))] = read_verified(root, text_entry).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DataIntegrityError(f"{text_entry['path']}: not UTF-8 (byte {exc.start}: {exc.reason})") from None
    return Dataset(version=str(package.get("version", "")), texts=texts, tables=tables)


def check_installed_descriptor(root: Traversable) -> None:
    """An installed wheel's ``datapackage.json`` must match the sha256 pip recorded for it (RECORD).

    The descriptor holds every other file's hash, so editing a table *and* its hash there would pass
    the per-file checks; the installer's record of the descriptor closes that gap. An editable
    install has no such record (nothing to check: the files are the working tree's).
    """
    from importlib.metadata import PackageNotFoundError, files
    from importlib.resources import files as package_files

    if str(root) != str(package_files("internet_plus") / "_data"):  # the source tree (editable install)
        return
    try:
        recorded = files("internet-plus") or []
    except PackageNotFoundError:
        return
    entry = next((f for f in recorded if f.as_posix() == "internet_plus/_data/datapackage.json"), None)
    if entry is None or entry.hash is None or entry.hash.mode != "sha256":
        return
    digest = base64.urlsafe_b64encode(hashlib.sha256(root.joinpath("datapackage.json").read_bytes()).digest())
    if digest.rstrip(b"=").decode() != entry.hash.value:
        raise DataIntegrityError(
            "datapackage.json: modified since installation (its sha256 differs from the one pip recorded); "
            "reinstall the package"
        )


@cache
def _load_default(validate: bool) -> Dataset:
    root = data_root()
    check_installed_descriptor(root)
    return _load(root, validate)


@cache
def _load_release(version: str) -> Dataset:
    from .versions import release_root

    return _load(release_root(version), False, earlier=True)


def load(path: str | Path | None = None, *, validate: bool | None = None, version: str | None = None) -> Dataset:
    """The dataset: the bundled one is loaded once and cached; a ``path`` (a data package folder) is read afresh.

    ``version`` loads a published release instead, exactly as published (from its kept zip, every file
    checked against releases/index.json); fields a release did not have yet are None, tables it did not
    have are empty. An unknown version raises NotFoundError naming the published ones.

    Every file is checked against its sha256 in datapackage.json. Rows are also validated against the
    models when ``validate`` is true, the default for a ``path``; the bundled files skip that step by
    default, because their hashes are the ones the build recorded after validating them (it saves a
    third of the start-up time).
    """
    if version is not None:
        if path is not None:
            raise ValueError("load(): give a path or a version, not both")
        from .versions import release, releases

        if any(r.version == version for r in releases()):
            return _load_release(version)
        current = _load_default(bool(validate))
        if version == current.version:  # the installed package, not published yet
            return current
        release(version)  # raises NotFoundError naming the published releases
        raise AssertionError("unreachable")
    if path is None:
        return _load_default(bool(validate))
    folder = Path(path)
    if folder.is_file():
        folder = folder.parent
    return _load(folder, True if validate is None else validate)
