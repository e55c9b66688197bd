"""The pages about agencies and who holds their duties: an agency's page (its changes, followed through its
successors, who holds its role today, the duties it inherited) and the "held today" column of every duty.

Kept apart from site.py, so that each module stays small; the holders come from the library's one computation
(the holders table and ``ds.holders_of``), never from a rule of the pages' own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from internet_plus.holders import Holding

from ..catalog import Collection
from .base import CHANGES, ROLES, Link
from .cite import CitePages

__all__ = ["AgencyPages"]


def _when(entry: Mapping[str, Any]) -> tuple[str, str]:
    c = entry["c"]
    return str(c.effective_date or c.year), str(c.id)


class AgencyPages(CitePages):
    """Mixed into Site: the agency pages and the holders shown beside every duty."""

    def duties(self, subject_id: str) -> list[dict[str, Any]]:
        try:
            found = self.ds.responsible_for(subject_id)
        except LookupError:
            return []
        holders = self.ds.holders_for(subject_id)
        out = []
        for r in found:
            agency = self.ds.get("agencies", r.agency_id)
            today = [self.holder(h) for h in holders if h.responsibility_id == r.id]
            out.append(
                {
                    "agency": agency,
                    "url": self.row_url("agencies", r.agency_id),
                    "role": ROLES.get(r.role, r.role),
                    "basis": r.basis,
                    "printed": r.name_as_printed,
                    "today": today,
                }
            )
        return out

    def holder(self, h: Any) -> dict[str, Any]:
        """A holders row as the pages show it: who holds the duty now, by which reform, with what caveat."""
        steps = [self.ds.get("agency_changes", cid) for cid in (h.path or "").split()]
        return self._holding(h.outcome, h.holder_agency_id, steps, (h.caveats or "").split(), h.as_of)

    def holding(self, h: Holding) -> dict[str, Any]:
        """The same for the library's computation (``ds.holders_of``) of a body's role."""
        return self._holding(h.outcome, h.holder_id, list(h.path), [c.id for c in h.caveats], h.as_of)

    def _holding(
        self, outcome: str, holder_id: str | None, steps: list[Any], caveats: list[str], as_of: Any
    ) -> dict[str, Any]:
        return {
            "outcome": outcome,
            "agency": self.ds.get("agencies", holder_id) if holder_id else None,
            "url": self.row_url("agencies", holder_id) if holder_id else None,
            "steps": [{"id": c.id, "reform": c.reform, "when": c.effective_date or c.year} for c in steps if c],
            "caveats": caveats,
            "as_of": as_of,
        }

    def _inherited(self, key: str) -> list[dict[str, Any]]:
        """The duties another body was named for that this one holds today, by the holders table."""
        out = []
        for h in self.ds.holders:
            if h.holder_agency_id != key or h.agency_id == key:
                continue
            r = self.ds.table("responsibilities").lookup(h.responsibility_id)
            subject = r.action_id or r.measure_id or r.document_id
            table = "actions" if r.action_id else "measures" if r.measure_id else "documents"
            row = self.ds.get(table, subject)
            out.append(
                {
                    "id": subject,
                    "url": self.row_url(table, subject),
                    "zh": getattr(row, "title_zh", ""),
                    "en": getattr(row, "title_en", ""),
                    "from": self.ds.get("agencies", h.agency_id),
                    "from_url": self.row_url("agencies", h.agency_id),
                    "t": self.holder(h),
                }
            )
        return out

    def _named(self, key: str) -> list[dict[str, Any]]:
        """Where the agency is named, by held text: its attributions (what agencies.mentions counts) and the
        columns of that text's responsibility matrix they fall in (what the matrix page counts)."""
        out = []
        for doc_id in self.held:
            mine = [r for r in self.ds.responsibilities if r.agency_id == key and r.document_id == doc_id]
            if not mine:
                continue
            doc = self.ds.document(doc_id)
            columns = {r.action_id or r.measure_id for r in mine} - {None}
            total = sum(1 for x in (*self.ds.actions, *self.ds.measures) if getattr(x, "document_id", doc_id) == doc_id)
            out.append(
                {
                    "number": doc.number_zh or doc_id,
                    "url": f"/v1/documents/{doc_id}",
                    "times": len(mine),
                    "columns": len(columns),
                    "of": total,
                    "matrix": doc_id == self.held[0],
                }
            )
        return out

    def _agency(self, coll: Collection, row: Mapping[str, Any]) -> str:
        key = row["id"]
        duties = []
        for d in self.ds.responsibilities_of(key):
            table = d.subject_type + "s"  # actions, tasks, measures, documents (a closing paragraph's duty)
            subject = self.ds.get(table, d.subject_id)
            duties.append(
                {
                    "type": d.subject_type,
                    "id": d.subject_id,
                    "url": self.row_url(table, d.subject_id),
                    "en": getattr(subject, "title_en", ""),
                    "zh": getattr(subject, "title_zh", ""),
                    "role": ROLES.get(d.role, d.role),
                    "inherited": d.inherited_from,
                }
            )
        changes: list[dict[str, Any]] = [
            {
                "c": c,
                "change": CHANGES.get(c.change, c.change),
                "successor_url": self.row_url("agencies", c.successor_agency_id) if c.successor_agency_id else None,
                "source_is_url": c.source.startswith(("http://", "https://")),
            }
            for c in self.ds.successors(key)
        ]
        own = {c["c"].id for c in changes}
        for h in self.ds.holders_of(key) if self.ds.succession_as_of else ():  # then what became of the successors
            for c in h.path:
                if c.id not in own:
                    own.add(c.id)
                    changes.append(
                        {
                            "c": c,
                            "change": CHANGES.get(c.change, c.change),
                            "successor_url": self.row_url("agencies", c.successor_agency_id)
                            if c.successor_agency_id
                            else None,
                            "source_is_url": c.source.startswith(("http://", "https://")),
                            "via": self.ds.get("agencies", c.agency_id),
                            "via_url": self.row_url("agencies", c.agency_id),
                        }
                    )
        parent = self.row_url("agencies", row["parent_id"]) if row.get("parent_id") else None
        predecessors = [  # for a body that took over functions: the changes that point at it
            {"c": c, "change": CHANGES.get(c.change, c.change), "url": self.row_url("agencies", c.agency_id)}
            for c in self.ds.agency_changes
            if c.successor_agency_id == key and c.agency_id != key
        ]
        timeline = sorted([*({**pr, "predecessor": True} for pr in predecessors), *changes], key=_when)
        return self._render(
            "agency.html",
            named=self._named(key),
            timeline=timeline,  # in date order: what it came from, what became of it and of its successors
            holding=[self.holding(h) for h in self.ds.holders_of(key)] if self.ds.succession_as_of else [],
            inherited=self._inherited(key),
            title=row["name_en"],
            a=row,
            parent=parent,
            duties=duties,
            changes=changes,
            years=sorted({c["c"].year for c in changes}),
            cite=self.cite("agencies", key),
            data=[
                *self._data_links(coll, key),
                Link(f"/v1/agencies/{key}/responsibilities.json", "Duties (JSON)", "application/json"),
            ],
        )
