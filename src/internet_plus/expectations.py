"""What a held document has, as a reader counts it in its printed text, checked against its rows.

Each document's ``dataset/source/<id>/document.toml`` states its counts under ``[expect]`` (parts,
attributions, rows per table, rows per parent); the build stops when its own rows differ, and writes
them into ``datapackage.json`` beside the document's text, where ``validate`` checks the published
rows against them. The counts are facts of one text, so no code holds them and a new document
brings its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["EXPECTATION_KEYS", "count_problems"]

EXPECTATION_KEYS = ("parts", "attributions", "rows", "per_parent")

Rows = Sequence[Mapping[str, Any]]


def _of(doc: str, rows: Rows) -> list[Mapping[str, Any]]:
    return [r for r in rows if r.get("document_id") == doc]


def _per_parent(doc: str, tables: Mapping[str, Rows], table: str, spec: Any) -> list[tuple[str, str, str]]:
    if (
        not isinstance(spec, Mapping)
        or not isinstance(spec.get("field"), str)
        or not isinstance(spec.get("counts"), list)
    ):
        return [(table, "", f"per_parent of {doc} must be {{field, counts}}, not {spec!r}")]
    field = spec["field"]
    got = list(Counter(r.get(field) for r in _of(doc, tables.get(table, [])) if r.get(field)).values())
    if got != spec["counts"]:
        return [(table, field, f"{table} per {field} of {doc} are {got}, the document has {spec['counts']}")]
    return []


def count_problems(doc: str, expected: Mapping[str, Any], tables: Mapping[str, Rows]) -> list[tuple[str, str, str]]:
    """(table, field, message) for each count of ``doc`` that its rows in ``tables`` do not have.

    ``tables`` maps a table name to its rows (dicts); a table that is absent has no rows.
    """
    out: list[tuple[str, str, str]] = []
    unknown = sorted(set(expected) - set(EXPECTATION_KEYS))
    if unknown:
        out.append(("", "", f"expectations of {doc} name unknown key(s) {', '.join(unknown)}"))
    if "parts" in expected:
        got = sum(1 for p in _of(doc, tables.get("provisions", [])) if p.get("kind") == "part")
        if got != expected["parts"]:
            out.append(("provisions", "kind", f"{got} parts in {doc}; the document has {expected['parts']}"))
    if "attributions" in expected:
        subjects = [*tables.get("actions", []), *tables.get("measures", [])]
        got = sum(1 for s in _of(doc, subjects) if s.get("attribution_zh"))
        if got != expected["attributions"]:
            message = f"{got} attributed actions and measures in {doc}, expected {expected['attributions']}"
            out.append(("responsibilities", "", message))
    for table, count in dict(expected.get("rows", {})).items():
        got = len(_of(doc, tables.get(table, [])))
        if got != count:
            out.append((table, "", f"{got} rows of {doc}; the document has {count}"))
    for table, spec in dict(expected.get("per_parent", {})).items():
        out += _per_parent(doc, tables, table, spec)
    return out
