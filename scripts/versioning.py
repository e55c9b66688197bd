"""The versioning policy of CHANGELOG.md applied to a release's changes: the smallest step they allow.

major: a table, field or row id removed; a field's type or format changed; an enum value or the
primary key taken away. minor: a table or field added, an enum value added. patch: anything else
(corrected text, translations, curated facts, rows that record them). ``release.py publish`` refuses
a version that steps less far than its changes need.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from changes import Change, Snapshot

__all__ = ["required_bump"]


def required_bump(old: Snapshot, new: Snapshot, changes: Sequence[Change]) -> tuple[str, str]:
    """The smallest version step the policy allows for these changes, and why (the first reason found)."""
    major = _major_change(changes) or _major_schema_change(old, new)
    if major:
        return "major", major
    minor = _minor_schema_change(old, new) or next(
        (
            f"field {c['table_name']}.{c['field']} added"
            for c in changes
            if c["kind"] == "added" and c["row_id"] is None and c["field"]
        ),
        "",
    )
    return ("minor", minor) if minor else ("patch", "corrections only")


def _major_change(changes: Sequence[Change]) -> str:
    """A table, field or row removed, or a field's type changed: the first such change, or ""."""
    for c in changes:
        if c["kind"] == "removed":
            return f"{_what(c)} removed"
        if c["kind"] == "modified" and c["row_id"] is None:
            return f"field {c['table_name']}.{c['field']} changed type ({c['old_value']} -> {c['new_value']})"
    return ""


def _what(c: Change) -> str:
    if c["field"]:
        return f"field {c['table_name']}.{c['field']}"
    if c["row_id"]:
        return f"row {c['table_name']} {c['row_id']}"
    return f"table {c['table_name']}"


def _major_schema_change(old: Snapshot, new: Snapshot) -> str:
    """A table's primary key changed or an enum value taken away, in the new package's table order; or ""."""
    for table, schema in new.schemas.items():
        if table not in old.schemas:
            continue
        if schema.get("primaryKey") != old.schemas[table].get("primaryKey"):
            return f"primary key of {table} changed"
        for field, values, kept in _enums(old.schemas[table], schema):
            if values - kept:
                return f"{table}.{field}: enum value(s) {', '.join(sorted(values - kept))} removed"
    return ""


def _minor_schema_change(old: Snapshot, new: Snapshot) -> str:
    """A table added or an enum value added, in the new package's table order; or ""."""
    for table, schema in new.schemas.items():
        if table not in old.schemas:
            return f"table {table} added"
        for field, values, kept in _enums(old.schemas[table], schema):
            if kept - values:
                return f"{table}.{field}: enum value(s) added"
    return ""


def _enums(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[tuple[str, set[str], set[str]]]:
    """Each field with an enum in both schemas: its name, its old values and its new ones (old field order)."""
    old, new = _enum(before), _enum(after)
    return [(field, values, new[field]) for field, values in old.items() if field in new]


def _enum(schema: Mapping[str, Any]) -> dict[str, set[str]]:
    return {
        f["name"]: set(f.get("constraints", {}).get("enum", []))
        for f in schema["fields"]
        if "enum" in f.get("constraints", {})
    }
