"""The ``changes`` table: every row and cell that differs between consecutive releases, with its reason.

Tables are compared by primary key with csv-diff (a kept tabular-diff library: rows matched by key,
cells compared field by field, added and removed columns reported); this module only turns its
answer into rows and adds what csv-diff does not look at: tables added or removed, and a field's
type or format changed in the Table Schema. Each change gets its reason from
``dataset/source/change_reasons.csv`` (an erratum id or a short note), or, in the release that first
holds a document's text, from that document folder's own ``change_reasons.csv``; a change without a
reason stops the build, so every row of ``changes`` says why.

``versioning.required_bump`` classifies a release's changes by the versioning policy of CHANGELOG.md.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from _common import SOURCE, BuildError, document_folders, read_curated_csv

from internet_plus.errors import DataIntegrityError
from internet_plus.tableschema import parse_schema

__all__ = ["Change", "Snapshot", "arrival_reasons", "attach_reasons", "diff_snapshots", "snapshot_of"]

EXCLUDED = ("changes",)  # derived from the diff itself
Change = dict[str, Any]


@dataclass(frozen=True)
class Snapshot:
    """One release's tables: in package order, each with its Table Schema and CSV bytes."""

    version: str
    schemas: Mapping[str, Mapping[str, Any]]
    csv: Mapping[str, bytes]


def snapshot_of(version: str, members: Mapping[str, bytes]) -> Snapshot:
    """A snapshot from the files of a package (a published zip's, or a fresh build's)."""
    package = json.loads(members["datapackage.json"])
    schemas: dict[str, Mapping[str, Any]] = {}
    tables: dict[str, bytes] = {}
    for resource in package["resources"]:
        if resource["name"] in EXCLUDED:
            continue
        try:
            schemas[resource["name"]] = parse_schema(members[resource["schema"]], f"{version}: {resource['schema']}")
        except DataIntegrityError as exc:
            raise BuildError(str(exc)) from None
        tables[resource["name"]] = members[resource["path"]]
    return Snapshot(version, schemas, tables)


def _key(schema: Mapping[str, Any], table: str) -> str:
    key = schema.get("primaryKey")
    if isinstance(key, list):
        key = key[0] if len(key) == 1 else None
    if not isinstance(key, str):
        raise BuildError(f"changes: table {table} has no single-field primary key to diff by")
    return key


def _rows(data: bytes, key: str) -> dict[str, dict[str, str]]:
    # csv-diff brings numpy (70 ms): imported where it is used, so that a build refused at its inputs starts fast
    from csv_diff import load_csv

    rows: dict[str, dict[str, str]] = load_csv(
        io.StringIO(data.decode("utf-8"), newline=""), key=key, dialect=csv.excel
    )
    return rows


def _field_types(schema: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    return {f["name"]: (f.get("type", "string"), f.get("format", "default")) for f in schema["fields"]}


def _change(
    table: str, row_id: str | None, field: str | None, kind: str, old: str | None = None, new: str | None = None
) -> Change:
    return {
        "table_name": table,
        "row_id": row_id,
        "field": field,
        "kind": kind,
        "old_value": old or None,
        "new_value": new or None,
    }


def diff_snapshots(old: Snapshot, new: Snapshot) -> list[Change]:
    """Every difference from ``old`` to ``new``: tables, fields, rows and cells, in package and row order.

    The rows of a table ``new`` adds follow, each an addition, so that a row's history starts where it
    arrived (a change to a new table's row is a change like any other). They come after every other
    change of the release because change ids are positions: listed last, they left the ids published
    before they were itemised (3.1.0) unchanged.
    """
    out: list[Change] = []
    arrived: list[Change] = []
    for table in [*new.schemas, *(t for t in old.schemas if t not in new.schemas)]:
        if table not in old.schemas:
            out.append(_change(table, None, None, "added"))
            key = _key(new.schemas[table], table)
            arrived += [_change(table, row_id, None, "added") for row_id in _rows(new.csv[table], key)]
        elif table not in new.schemas:
            out.append(_change(table, None, None, "removed"))
        else:
            out += _table_changes(old, new, table)
    return out + arrived


def _table_changes(old: Snapshot, new: Snapshot, table: str) -> list[Change]:
    """A table both releases hold: its fields' added, removed or retyped, then its rows' and cells' changes."""
    old_types, new_types = _field_types(old.schemas[table]), _field_types(new.schemas[table])
    order = [*new_types, *(f for f in old_types if f not in new_types)]
    out = [c for c in (_field_change(table, f, old_types.get(f), new_types.get(f)) for f in order) if c]
    key = _key(new.schemas[table], table)
    return out + _row_changes(table, order, key, _rows(old.csv[table], key), _rows(new.csv[table], key))


def _field_change(
    table: str, field: str, before: tuple[str, str] | None, after: tuple[str, str] | None
) -> Change | None:
    if before is None:
        return _change(table, None, field, "added")
    if after is None:
        return _change(table, None, field, "removed")
    return _change(table, None, field, "modified", "/".join(before), "/".join(after)) if before != after else None


def _row_changes(
    table: str, order: list[str], key: str, before: dict[str, dict[str, str]], after: dict[str, dict[str, str]]
) -> list[Change]:
    """Rows added and cells modified in the new release's row order, fields in ``order``; then rows removed."""
    added, removed, changed = _compared(before, after, key)
    out: list[Change] = []
    for row_id in after:
        if row_id in added:
            out.append(_change(table, row_id, None, "added"))
        elif row_id in changed:
            out += [_change(table, row_id, f, "modified", *changed[row_id][f]) for f in order if f in changed[row_id]]
    return out + [_change(table, row_id, None, "removed") for row_id in before if row_id in removed]


def _compared(
    before: dict[str, dict[str, str]], after: dict[str, dict[str, str]], key: str
) -> tuple[set[str], set[str], dict[str, Any]]:
    """The ids of the rows added and removed, and each modified row's cells (field -> old, new), by csv-diff."""
    if not (before and after):  # csv-diff needs a row on each side to read the columns
        return set(after) - set(before), set(before) - set(after), {}
    from csv_diff import compare

    result = compare(before, after)
    return (
        {r[key] for r in result["added"]},
        {r[key] for r in result["removed"]},
        {c["key"]: c["changes"] for c in result["changed"]},
    )


def _reasons() -> dict[tuple[str, str, str, str], str]:
    path = SOURCE / "change_reasons.csv"
    rows = read_curated_csv(path, ("release", "table", "row_id", "field", "reason"))
    out: dict[tuple[str, str, str, str], str] = {}
    for number, r in enumerate(rows, start=2):
        key = (r["release"], r["table"], r["row_id"], r["field"])
        if key in out:
            raise BuildError(f"change_reasons.csv: line {number}: a second reason for {', '.join(key)}")
        if not r["reason"].strip():
            raise BuildError(f"change_reasons.csv: line {number}: empty reason")
        out[key] = r["reason"]
    return out


def _held(snapshot: Snapshot) -> set[str]:
    """The documents whose text a release holds (a documents row with a text_path)."""
    data = snapshot.csv.get("documents", b"")
    return {r["id"] for r in csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")) if r.get("text_path")}


def arrival_reasons(old: Snapshot, new: Snapshot) -> dict[tuple[str, str, str, str], str]:
    """The reasons a document's folder gives (its ``change_reasons.csv``: table, row_id, field, reason) for the
    changes of the release that first holds its text; two documents arriving together share a key's reasons."""
    arriving = _held(new) - _held(old)
    out: dict[tuple[str, str, str, str], str] = {}
    for folder in document_folders():
        path = folder / "change_reasons.csv"
        if folder.name not in arriving or not path.is_file():
            continue
        for r in read_curated_csv(path, ("table", "row_id", "field", "reason")):
            if not r["reason"].strip():
                raise BuildError(f"{r.where}: empty reason")
            key = (new.version, r["table"], r["row_id"], r["field"])
            out[key] = f"{out[key]}; {r['reason']}" if key in out else r["reason"]
    return out


def attach_reasons(
    release: str,
    previous: str,
    changes: Sequence[Change],
    erratum_ids: set[str],
    arriving: Mapping[tuple[str, str, str, str], str] | None = None,
) -> list[Change]:
    """Give each change its reason and its id; the most specific matching line of change_reasons.csv wins.

    A line matches on release and table; its ``row_id`` and ``field`` match exactly (empty for a
    table- or row-level change) or are ``*`` for any. A reason that looks like an erratum id must name one.
    ``arriving``: the reasons of the documents this release first holds (``arrival_reasons``); a line of
    change_reasons.csv for the same key wins.
    """
    reasons = {**(arriving or {}), **_reasons()}
    used: set[tuple[str, str, str, str]] = set()
    out = []
    for number, change in enumerate(changes, start=1):
        row_id, field = change["row_id"] or "", change["field"] or ""
        for key in (
            (release, change["table_name"], row_id, field),
            (release, change["table_name"], row_id, "*"),
            (release, change["table_name"], "*", field),
            (release, change["table_name"], "*", "*"),
        ):
            if key in reasons:
                used.add(key)
                reason = reasons[key]
                break
        else:
            raise BuildError(
                f"changes: {release} {change['table_name']} {row_id or '-'} {field or '-'} ({change['kind']}) has no "
                "reason: add a line to dataset/source/change_reasons.csv"
            )
        if re.fullmatch(r"E[0-9]{2,3}", reason) and reason not in erratum_ids:
            raise BuildError(f"change_reasons.csv: reason {reason} names no erratum")
        out.append(
            {
                "id": f"{release}-{number:04d}",
                "release": release,
                "previous_release": previous,
                **change,
                "reason": reason,
            }
        )
    stale = sorted(k for k in reasons if k[0] == release and k not in used)
    if stale:
        raise BuildError(
            "change_reasons.csv: reasons that match no change: "
            + "; ".join(" ".join(p or "-" for p in k) for k in stale[:5])
        )
    return out


def all_changes(current: Snapshot, erratum_ids: set[str]) -> list[Change]:
    """The ``changes`` rows of the package being built: every consecutive pair of releases up to ``current``.

    Published releases are read from their kept zips (checked against the index); the last pair
    compares the newest release before ``current`` with the fresh build.
    """
    from releases import published_members, read_index, version_key

    earlier = sorted(
        (r["version"] for r in read_index() if version_key(r["version"]) < version_key(current.version)),
        key=version_key,
    )
    members = {v: published_members(v) for v in earlier}
    chain = [snapshot_of(v, members[v]) for v in earlier] + [current]
    with_changes = {v for v in earlier if _lists_changes(members[v])} | {current.version}
    out: list[Change] = []
    for old, new in itertools.pairwise(chain):
        diff = diff_snapshots(old, new)
        if new.version in with_changes and old.version not in with_changes:  # the table of changes itself
            diff.append(_change("changes", None, None, "added"))
        out += attach_reasons(new.version, old.version, diff, erratum_ids, arrival_reasons(old, new))
    return out


def _lists_changes(members: Mapping[str, bytes]) -> bool:
    """Does a package list the changes table (it is left out of the diffs, so its own addition is added here)?"""
    return any(r["name"] == "changes" for r in json.loads(members["datapackage.json"])["resources"])
