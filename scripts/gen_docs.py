"""Schemas -> docs/data-dictionary.md: the field reference readers see, never written by hand."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from _common import load_schema

__all__ = ["data_dictionary"]


def _constraints(field: dict[str, Any]) -> str:
    c = field.get("constraints", {})
    parts = []
    if c.get("required"):
        parts.append("required")
    if c.get("unique"):
        parts.append("unique")
    if "enum" in c:
        parts.append("one of " + ", ".join(f"`{v}`" for v in c["enum"]))
    if "pattern" in c:
        parts.append(f"pattern `{c['pattern']}`")
    if "minimum" in c:
        parts.append(f"≥ {c['minimum']}")
    if "minLength" in c:
        parts.append(f"length ≥ {c['minLength']}")
    return "; ".join(parts)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def data_dictionary(tables: Sequence[str]) -> str:
    out = [
        "# Data dictionary",
        "",
        "Generated from `schemas/` by `scripts/build.py`; do not edit by hand.",
        "Offsets (`start`, `end`, `raw_start`, `raw_end`) count Unicode code points, not bytes or UTF-16 units.",
        "",
    ]
    out += [f"- [`{t}`](#{t.replace('_', '-')})" for t in tables]
    for table in tables:
        s = load_schema(table)
        out += ["", f"## {table}", "", f"`dataset/{table}.csv` · `dataset/{table}.json` · `schemas/{table}.json`", "",
                s["description"], "", f"Primary key: `{', '.join(s['primaryKey'])}`."]
        for fk in s.get("foreignKeys", []):
            out.append(f"Foreign key: `{fk['fields']}` → `{fk['reference']['resource']}.{fk['reference']['fields']}`.")
        out += ["", "| field | type | 中文 | description | constraints |", "|---|---|---|---|---|"]
        for f in s["fields"]:
            out.append(f"| `{f['name']}` | {f['type']} | {_cell(f['title'])} | {_cell(f['description'])} | {_cell(_constraints(f))} |")
    return "\n".join(out) + "\n"
