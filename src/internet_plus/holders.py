"""Who holds a 2015 body's role on a given date: the one computation behind ``ds.holders``, the ``holders``
table, the CLI, the API and the pages.

The rule, over ``agency_changes`` (written here once; tests/dataset/test_holders.py enforces it):

* A change *ends* a body's own role when its kind is ``renamed``, ``merged_into`` or ``restructured`` and its
  successor is another body, or when its kind is ``abolished``. The role passes to the successor of every
  ending change (two ending changes in one reform are a split: both successors hold it).
* ``functions_moved``, ``functions_gained`` and ``upgraded``, and any change whose successor is the body
  itself, leave the body holding its role. A ``functions_moved`` row is kept as a caveat: part of what the
  body did went elsewhere, and a given duty may be among it; unless a change in force ``reverses`` it (the
  functions came back: 2018's foreign experts, from MOHRSS to MOST, went back to MOHRSS in 2023).
* An ending change whose successor has no row in ``agencies`` leaves the role ``unresolved``: the data is
  incomplete there, and the build refuses it.
* Only changes in force on the as-of date count (``effective_date`` on or before it). A body with no ending
  change is its own holder. ``abolished`` with no successor is an explicit end (no holder).

Walking is a plain graph search with a visited set: a loop in the data cannot hang it, and a test checks that
the data has none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from . import models as m

__all__ = ["ENDING", "Holding", "holder_records", "holders_of", "is_ending"]

ENDING = frozenset({"renamed", "merged_into", "restructured", "abolished"})

Outcome = Literal["same_body", "succeeded", "abolished", "collective", "unresolved"]


@dataclass(frozen=True, slots=True, eq=False)
class Holding:
    """One body that holds a 2015 body's role on ``as_of`` (or the explicit end of that role).

    ``path`` is the chain of ending changes from the 2015 body to the holder, oldest first (empty when the body
    itself holds it); ``caveats`` the ``functions_moved`` changes met on the way (functions that went elsewhere).
    ``holder_id`` is None only when the role ended (``abolished``) or the data cannot say (``unresolved``).
    """

    agency_id: str
    holder_id: str | None
    outcome: Outcome
    as_of: date
    path: tuple[m.AgencyChange, ...]
    caveats: tuple[m.AgencyChange, ...]


def is_ending(change: m.AgencyChange) -> bool:
    """Does this change end the body's own role (see the module's rule)?"""
    if change.change not in ENDING:
        return False
    return change.change == "abolished" or change.successor_agency_id != change.agency_id


def _in_force(change: m.AgencyChange, as_of: date) -> bool:
    when = change.effective_date or date(change.year, 12, 31)
    return when <= as_of


def _changes_by_agency(changes: Iterable[m.AgencyChange], as_of: date) -> dict[str, list[m.AgencyChange]]:
    out: dict[str, list[m.AgencyChange]] = {}
    for c in sorted(changes, key=lambda c: (c.effective_date or date(c.year, 12, 31), c.id)):
        if _in_force(c, as_of):
            out.setdefault(c.agency_id, []).append(c)
    return out


def holders_of(
    agency_id: str,
    agencies: Mapping[str, m.Agency],
    changes: Iterable[m.AgencyChange],
    as_of: date,
) -> tuple[Holding, ...]:
    """Every holder of ``agency_id``'s role on ``as_of``, in the order the chain reaches them."""
    if agencies[agency_id].kind == "collective":
        return (Holding(agency_id, agency_id, "collective", as_of, (), ()),)
    by_agency = _changes_by_agency(changes, as_of)
    reversed_ids = {c.reverses for own in by_agency.values() for c in own if c.reverses}
    found: list[Holding] = []
    stack: list[tuple[str, tuple[m.AgencyChange, ...], tuple[m.AgencyChange, ...]]] = [(agency_id, (), ())]
    seen: set[str] = set()
    while stack:
        body, path, caveats = stack.pop(0)
        if body in seen:
            continue
        seen.add(body)
        own = by_agency.get(body, [])
        caveats = caveats + tuple(c for c in own if c.change == "functions_moved" and c.id not in reversed_ids)
        ending = [c for c in own if is_ending(c)]
        if not ending:
            outcome: Outcome = "succeeded" if path else "same_body"
            found.append(Holding(agency_id, body, outcome, as_of, path, caveats))
            continue
        for c in ending:
            if c.successor_agency_id is None:
                end: Outcome = "abolished" if c.change == "abolished" else "unresolved"
                found.append(Holding(agency_id, None, end, as_of, (*path, c), caveats))
            else:
                stack.append((c.successor_agency_id, (*path, c), caveats))
    return tuple(found)


def _fields(h: Holding, agencies: Mapping[str, m.Agency]) -> dict[str, Any]:
    holder = agencies[h.holder_id] if h.holder_id else None
    return {
        "agency_id": h.agency_id,
        "holder_agency_id": h.holder_id,
        "holder_name_zh": holder.name_zh_full if holder else None,
        "outcome": h.outcome,
        "path": " ".join(c.id for c in h.path) or None,
        "path_changes": " ".join(c.change for c in h.path) or None,
        "caveats": " ".join(c.id for c in h.caveats) or None,
        "as_of": h.as_of.isoformat(),
    }


def holder_records(
    responsibilities: Iterable[m.Responsibility],
    agencies: Mapping[str, m.Agency],
    changes: Iterable[m.AgencyChange],
    as_of: date,
) -> list[dict[str, Any]]:
    """The rows of the ``holders`` table on ``as_of`` (JSON values, as the CSV's columns): one per holder of
    each responsibility, ``<responsibility id>.<n>``. The build writes them for the succession data's date;
    ``ds.holders_on`` and the API's ``/v1/holders?as_of=`` give them for any other."""
    typed = tuple(changes)
    rows: list[dict[str, Any]] = []
    cache: dict[str, list[dict[str, Any]]] = {}
    for r in responsibilities:
        if r.agency_id not in cache:
            cache[r.agency_id] = [_fields(h, agencies) for h in holders_of(r.agency_id, agencies, typed, as_of)]
        for n, fields in enumerate(cache[r.agency_id], 1):
            rows.append({"id": f"{r.id}.{n}", "responsibility_id": r.id, "document_id": r.document_id, **fields})
    return rows
