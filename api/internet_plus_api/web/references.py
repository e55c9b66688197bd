"""Which field of a row names another row, read from a table's schema: its foreign keys, and references to a row of
one of several tables (the table named in a field beside the id), which a Table Schema foreign key cannot state.
The pages link both the same way."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["foreign_keys", "table_refs"]


def foreign_keys(schema: Mapping[str, Any], table: str) -> dict[str, str]:
    """field -> referenced table, for single-field foreign keys (``""`` is the table itself)."""
    out = {}
    for fk in schema.get("foreignKeys", []):
        if isinstance(fk.get("fields"), str):
            out[fk["fields"]] = fk["reference"].get("resource") or table
    return out


def table_refs(schema: Mapping[str, Any]) -> dict[str, str]:
    """id field -> the field naming its table, for references to a row of one of several tables: a field
    ``<stem>_table`` whose values (its ``enum``) are table names, beside ``<stem>_id`` (``to_subject_id``
    of a document link names a measure or a task; no foreign key can say which)."""
    names = {f.get("name") for f in schema.get("fields", [])}
    out = {}
    for f in schema.get("fields", []):
        stem = str(f.get("name", "")).removesuffix("_table")
        if stem != f.get("name") and f.get("constraints", {}).get("enum") and f"{stem}_id" in names:
            out[f"{stem}_id"] = str(f["name"])
    return out
