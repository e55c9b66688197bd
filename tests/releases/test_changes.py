"""The changes table is a fresh diff of consecutive releases, every change has a reason, and the version
steps are as large as the versioning policy requires."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest


def published() -> list[str]:
    from releases import read_index

    return [r["version"] for r in read_index()]


def chain() -> list[Any]:
    """Snapshots of every published release and, if not published yet, of the package in the tree."""
    from build import generate
    from changes import snapshot_of

    from releases import package_members, published_members, release_config

    snaps = [snapshot_of(v, published_members(v)) for v in published()]
    config = release_config()
    if config.version not in published():
        snaps.append(snapshot_of(config.version, package_members(generate())))
    return snaps


def rows_of(root: Path) -> list[dict[str, str]]:
    text = (root / "dataset" / "changes.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_changes_equals_a_fresh_diff_of_consecutive_releases(root: Path) -> None:
    from changes import diff_snapshots

    snaps = chain()
    expected = []
    for old, new in itertools.pairwise(snaps):
        expected += [
            (
                new.version,
                old.version,
                c["table_name"],
                c["row_id"] or "",
                c["field"] or "",
                c["kind"],
                c["old_value"] or "",
                c["new_value"] or "",
            )
            for c in diff_snapshots(old, new)
        ]
        if old.version == "1.0.0":  # 1.1.0 added the changes table itself, which the diffs leave out
            expected.append((new.version, old.version, "changes", "", "", "added", "", ""))
    got = [
        (
            r["release"],
            r["previous_release"],
            r["table_name"],
            r["row_id"],
            r["field"],
            r["kind"],
            r["old_value"],
            r["new_value"],
        )
        for r in rows_of(root)
    ]
    assert got == expected


def test_every_change_has_a_reason_and_an_erratum_reason_names_an_erratum(csv_rows: Any) -> None:
    errata = {e["id"] for e in csv_rows("errata")}
    for row in csv_rows("changes"):
        assert row["reason"].strip(), row
        if row["reason"][:1] == "E" and row["reason"][1:].isdigit():
            assert row["reason"] in errata, row


def test_change_ids_are_release_and_position(csv_rows: Any) -> None:
    rows = csv_rows("changes")
    for release in {r["release"] for r in rows}:
        ids = [r["id"] for r in rows if r["release"] == release]
        assert ids == [f"{release}-{n:04d}" for n in range(1, len(ids) + 1)]


def test_cell_rows_name_row_and_field_and_row_rows_name_no_field(csv_rows: Any) -> None:
    for r in csv_rows("changes"):
        if r["row_id"] and r["field"]:
            assert r["kind"] == "modified" and r["old_value"] != r["new_value"], r
        if not r["row_id"] and r["field"] and r["kind"] != "modified":
            assert r["old_value"] == r["new_value"] == "", r


def test_a_missing_reason_stops_the_build_naming_the_change() -> None:
    from _common import BuildError
    from changes import attach_reasons

    change = {
        "table_name": "tasks",
        "row_id": "A02.1",
        "field": "text_en",
        "kind": "modified",
        "old_value": "a",
        "new_value": "b",
    }
    with pytest.raises(BuildError, match=r"^changes: 9\.9\.9 tasks A02\.1 text_en \(modified\) has no reason"):
        attach_reasons("9.9.9", "9.9.8", [change], set())


# -- semantic versioning --------------------------------------------------------------------------------------


def _snap(version: str, fields: list[dict[str, Any]], rows: list[list[str]], table: str = "tasks") -> Any:
    from changes import Snapshot

    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([f["name"] for f in fields])
    w.writerows(rows)
    schema = {"fields": fields, "primaryKey": ["id"]}
    return Snapshot(version, {table: schema}, {table: buf.getvalue().encode("utf-8")})


ID = {"name": "id", "type": "string"}
TEXT = {"name": "text", "type": "string"}
KIND = {"name": "kind", "type": "string", "constraints": {"enum": ["a", "b"]}}


def bump(old: Any, new: Any) -> tuple[str, str]:
    from changes import diff_snapshots
    from versioning import required_bump

    return required_bump(old, new, diff_snapshots(old, new))


def test_semver_a_corrected_cell_is_a_patch() -> None:
    old = _snap("1", [ID, TEXT], [["x", "old"]])
    new = _snap("2", [ID, TEXT], [["x", "new"], ["y", "added row"]])
    assert bump(old, new) == ("patch", "corrections only")


def test_semver_an_added_field_or_enum_value_is_minor() -> None:
    old = _snap("1", [ID, TEXT, KIND], [["x", "t", "a"]])
    assert bump(old, _snap("2", [ID, TEXT, KIND, {"name": "extra", "type": "string"}], [["x", "t", "a", ""]])) == (
        "minor",
        "field tasks.extra added",
    )
    wider = {**KIND, "constraints": {"enum": ["a", "b", "c"]}}
    assert bump(old, _snap("2", [ID, TEXT, wider], [["x", "t", "a"]])) == ("minor", "tasks.kind: enum value(s) added")


def test_semver_a_removed_row_field_or_a_type_change_is_major() -> None:
    old = _snap("1", [ID, TEXT], [["x", "t"], ["y", "u"]])
    assert bump(old, _snap("2", [ID, TEXT], [["x", "t"]])) == ("major", "row tasks y removed")
    assert bump(old, _snap("2", [ID], [["x"], ["y"]])) == ("major", "field tasks.text removed")
    typed = {"name": "text", "type": "integer"}
    assert bump(old, _snap("2", [ID, typed], [["x", "1"], ["y", "2"]])) == (
        "major",
        "field tasks.text changed type (string/default -> integer/default)",
    )


def test_each_release_steps_its_version_at_least_as_far_as_its_changes_require() -> None:
    from changes import diff_snapshots
    from release import STEPS, declared_bump
    from versioning import required_bump

    snaps = chain()
    assert len(snaps) >= 2
    for old, new in itertools.pairwise(snaps):
        need, why = required_bump(old, new, diff_snapshots(old, new))
        have = declared_bump(old.version, new.version)
        assert STEPS[have] >= STEPS[need], f"{old.version} -> {new.version} is a {have} step; {why} needs {need}"


def test_changelog_lists_every_release_with_its_number_of_changes(root: Path) -> None:
    from releases import read_index, release_config

    text = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    counts: dict[str, int] = {}
    for r in json.loads((root / "dataset" / "changes.json").read_text(encoding="utf-8")):
        counts[r["release"]] = counts.get(r["release"], 0) + 1
    versions = {r["version"]: r["date"] for r in read_index()}
    config = release_config()
    versions.setdefault(config.version, config.date)
    for version, date in versions.items():
        assert f"## {version} — {date}" in text, version
        if version != "1.0.0":
            assert f"{counts.get(version, 0)} rows of `changes`" in text, version


def test_changelog_tables_of_changes_are_the_changes_table(root: Path) -> None:
    """Each release's section counts its rows of `changes` per table and kind, exactly."""
    text = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    rows = json.loads((root / "dataset" / "changes.json").read_text(encoding="utf-8"))
    for release in sorted({r["release"] for r in rows}):
        section = text.split(f"## {release} — ", 1)[1].split("\n## ", 1)[0]
        stated = {
            m[1]: (int(m[2]), int(m[3]), int(m[4]))
            for m in re.finditer(r"^\| `([a-z_]+)` \| ([0-9]+) \| ([0-9]+) \| ([0-9]+) \|$", section, re.M)
        }
        counted: dict[str, list[int]] = {}
        for r in rows:
            if r["release"] == release:
                counts = counted.setdefault(r["table_name"], [0, 0, 0])
                counts[("added", "removed", "modified").index(r["kind"])] += 1
        assert stated == {t: tuple(c) for t, c in counted.items()}, release


def test_the_changes_table_records_its_own_addition_and_every_new_table(ds: Any) -> None:
    added = {
        (c.release, c.table_name) for c in ds.changes if c.kind == "added" and c.row_id is None and c.field is None
    }
    assert ("1.1.0", "changes") in added
    assert {("3.0.0", "holders"), ("3.0.0", "followups")} <= added
