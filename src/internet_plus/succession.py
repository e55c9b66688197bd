"""Who holds what today: the Dataset's succession lookups (what became of a body, who holds its role and the
duties named for a subject), kept apart from dataset.py so that each stays a small module."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from . import models as m
from .holders import Holding, holder_records, holders_of

if TYPE_CHECKING:
    from .table import Table

__all__ = ["Succession"]


class Succession:
    """Mixed into Dataset; relies on its tables (``_tables``, ``table``, ``agency``, ``responsible_for``)."""

    __slots__ = ()
    _tables: Mapping[str, tuple[Any, ...]]

    if TYPE_CHECKING:

        def table(self, name: str) -> Table[Any]: ...
        def agency(self, key: str) -> m.Agency: ...
        def responsible_for(self, subject_id: str) -> tuple[m.Responsibility, ...]: ...
        @property
        def agency_changes(self) -> tuple[m.AgencyChange, ...]: ...
        @property
        def responsibilities(self) -> tuple[m.Responsibility, ...]: ...

    def successors(self, agency_id: str) -> tuple[m.AgencyChange, ...]:
        """What became of an agency, oldest change first; empty if no change is recorded."""
        agency = self.agency(agency_id)
        return tuple(sorted((c for c in self.agency_changes if c.agency_id == agency.id), key=lambda c: (c.year, c.id)))

    @property
    def succession_as_of(self) -> date | None:
        """The date the succession data speaks for (the holders table's as_of); None before 3.0.0."""
        rows = self._tables.get("holders", ())
        return rows[0].as_of if rows else None

    def holders_of(self, agency_id: str, as_of: date | None = None) -> tuple[Holding, ...]:
        """Who holds a body's role on ``as_of`` (default: the succession data's as-of date), by the one rule
        of :mod:`internet_plus.holders`: each holding with the path of changes that led to it."""
        agency = self.agency(agency_id)
        when = (
            as_of
            or self.succession_as_of
            or max((c.effective_date for c in self.agency_changes if c.effective_date), default=date.today())
        )
        return holders_of(agency.id, self.table("agencies").index, self.agency_changes, when)

    def holders_on(self, as_of: date) -> tuple[m.Holder, ...]:
        """The ``holders`` table as it reads on ``as_of``: the same rule and the same rows (ids, order) as the
        published table, which is this for the succession data's date."""
        agencies = self.table("agencies").index
        rows = holder_records(self.responsibilities, agencies, self.agency_changes, as_of)
        return tuple(m.Holder.model_validate(r) for r in rows)

    def holders_for(self, subject_id: str) -> tuple[m.Holder, ...]:
        """Today's holders of the duties named for an action, task (through its action), measure or document,
        in printed order: the rows of the holders table for :meth:`responsible_for`'s responsibilities."""
        ids = {r.id: n for n, r in enumerate(self.responsible_for(subject_id))}
        rows = [h for h in self._tables.get("holders", ()) if h.responsibility_id in ids]
        return tuple(sorted(rows, key=lambda h: (ids[h.responsibility_id], h.id)))
