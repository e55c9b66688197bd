"""The linked documents of a page, grouped by relation: what implements, builds on, came before or is related
to a subject (links that point at it), and, for a document, what it implements (links it is the evidence of).

The words shown for each relation and evidence grade are the ones the ``document_links`` Table Schema gives
(its descriptions read ``value (words)``), so the page and the schema cannot disagree; each group is headed
by its relation read in the page's direction (a document that *precedes* 40号 is, on 40号's page, one that
came before it), never under one heading for all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from internet_plus import Dataset

__all__ = ["HEADINGS", "Lineage", "enum_words", "kind_words"]

_WORDS = re.compile(r"(\w+) \(([^)]*)\)")

# relation -> (heading on the page of the document linked to, heading on the page of the document linking)
HEADINGS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "implements": (("Documents that implement it", "实施它的文件"), ("What it implements", "它实施的文件")),
    "builds_on": (("Documents that build on it", "在其基础上推进的文件"), ("What it builds on", "它推进的文件")),
    "precedes": (
        ("Documents that came before it and fed into it", "先于它并为其吸收的文件"),
        ("What it came before and fed into", "后来吸收它的文件"),
    ),
    "related": (
        ("Related documents: the same field, no stated tie", "相关文件（同一领域，无明示关联）"),
        ("Related to: the same field, no stated tie", "相关文件（同一领域，无明示关联）"),
    ),
}


def enum_words(field: Mapping[str, Any]) -> dict[str, str]:
    """Each enum value of a field with the words its description gives it (the value, spaced, where none)."""
    found = dict(_WORDS.findall(str(field.get("description", ""))))
    enum = field.get("constraints", {}).get("enum", ())
    return {str(v): found.get(str(v), str(v).replace("_", " ")) for v in enum}


def kind_words(field: Mapping[str, Any]) -> dict[str, str]:
    """A source kind as a reader reads it: its name, then what its description says it covers."""
    return {k: f"{k.replace('_', ' ')}: {v}" if v != k.replace("_", " ") else v for k, v in enum_words(field).items()}


class Lineage:
    """Entries for a page: each linked document with its relation, evidence, quote and the quote's source."""

    def __init__(
        self,
        ds: Dataset,
        schema: Mapping[str, Any],
        row_url: Callable[[str, str], str | None],
        source_kinds: Mapping[str, str] | None = None,
    ) -> None:
        fields = {f["name"]: f for f in schema.get("fields", ())}
        self.ds = ds
        self.row_url = row_url
        self.relations = enum_words(fields.get("relation", {}))
        self.grades = enum_words(fields.get("evidence_grade", {}))
        self.kinds = dict(source_kinds or kind_words(fields.get("quote_source_kind", {})))

    def _entry(self, x: Any, other_id: str, subject: str | None) -> dict[str, Any]:
        d = self.ds.get("documents", other_id)
        when = (d.signed or d.published) if d is not None else None
        via = x.to_subject_id if x.to_subject_id not in (None, subject) else None
        via_row = self.ds.get(x.to_subject_table, via) if via and x.to_subject_table else None
        return {
            "d": d,
            "x": x,
            "url": self.row_url("documents", other_id),
            "date": when.isoformat() if when else None,
            "relation": self.relations.get(x.relation, x.relation),
            "grade": self.grades.get(x.evidence_grade, x.evidence_grade),
            "kind": self.kinds.get(x.quote_source_kind, x.quote_source_kind) if x.quote_source_kind else None,
            "via": via,
            "via_title": getattr(via_row, "title_en", None) or getattr(via_row, "title_zh", None),
            "via_url": self.row_url(x.to_subject_table, via) if via and x.to_subject_table else None,
        }

    @staticmethod
    def _order(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(entries, key=lambda e: (e["x"].evidence_rank, e["date"] or "9999", e["x"].id))

    def of(self, subject: str) -> list[dict[str, Any]]:
        """The links to a row (an action with its tasks, a group with its measures; a document as a whole)."""
        return [self._entry(e.link, e.document.id, subject) for e in self.ds.lineage(subject)]

    def incoming(self, doc_id: str) -> list[dict[str, Any]]:
        """Every link to a document: to the whole of it and to each of its rows."""
        return self._order(
            self._entry(x, x.from_document_id, None) for x in self.ds.document_links if x.to_document_id == doc_id
        )

    def outgoing(self, doc_id: str) -> list[dict[str, Any]]:
        """Every link a document is the evidence of: what it implements, builds on, came before."""
        out = []
        for x in self.ds.document_links:
            if x.from_document_id == doc_id:
                entry = self._entry(x, x.to_document_id, None)
                out.append({**entry, "outgoing": True})
        return self._order(out)

    @staticmethod
    def groups(entries: list[dict[str, Any]], direction: str = "in") -> list[dict[str, Any]]:
        """The entries by relation, each group with its heading in the page's direction and its count."""
        side = 0 if direction == "in" else 1
        out = []
        for relation, headings in HEADINGS.items():
            found = [e for e in entries if e["x"].relation == relation]
            if found:
                en, zh = headings[side]
                out.append({"relation": relation, "en": en, "zh": zh, "entries": found, "count": len(found)})
        known = set(HEADINGS)
        rest = [e for e in entries if e["x"].relation not in known]
        if rest:
            out.append(
                {"relation": "other", "en": "Other links", "zh": "其他关联", "entries": rest, "count": len(rest)}
            )
        return out
