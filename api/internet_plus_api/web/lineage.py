"""The "What implements it" section: the documents of the policy family linked to a subject.

The words shown for each relation and evidence grade are the ones the ``document_links`` Table
Schema gives (its descriptions read ``value (words)``), so the page and the schema cannot disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from internet_plus import Dataset

__all__ = ["Lineage", "enum_words"]

_WORDS = re.compile(r"(\w+) \(([^)]*)\)")


def enum_words(field: Mapping[str, Any]) -> dict[str, str]:
    """Each enum value of a field with the words its description gives it (the value, spaced, where none)."""
    found = dict(_WORDS.findall(str(field.get("description", ""))))
    enum = field.get("constraints", {}).get("enum", ())
    return {str(v): found.get(str(v), str(v).replace("_", " ")) for v in enum}


class Lineage:
    """Entries for a page: each linked document with its relation, evidence, quote and source."""

    def __init__(self, ds: Dataset, schema: Mapping[str, Any], row_url: Callable[[str, str], str | None]) -> None:
        fields = {f["name"]: f for f in schema.get("fields", ())}
        self.ds = ds
        self.row_url = row_url
        self.relations = enum_words(fields.get("relation", {}))
        self.grades = enum_words(fields.get("evidence_grade", {}))

    def of(self, subject: str) -> list[dict[str, Any]]:
        entries = []
        for e in self.ds.lineage(subject):
            d, x = e.document, e.link
            when = d.signed or d.published
            entries.append(
                {
                    "d": d,
                    "x": x,
                    "url": self.row_url("documents", d.id),
                    "date": when.isoformat() if when else None,
                    "relation": self.relations.get(x.relation, x.relation),
                    "grade": self.grades.get(x.evidence_grade, x.evidence_grade),
                    "via": x.to_subject_id if x.to_subject_id not in (None, subject) else None,
                    "via_url": self.row_url(x.to_subject_table, x.to_subject_id)
                    if x.to_subject_id and x.to_subject_table
                    else None,
                }
            )
        return entries
