"""A row's history: its value in every release, and each change to it with its reason.

The values come from the releases themselves (each read from its kept zip, checked against the
sha256 frozen in releases/index.json) and, for a version not published yet, from the installed
package; the reasons from the current ``changes`` table, which sums every release. So a history is
what was published, not a reconstruction from the diffs.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources.abc import Traversable
from typing import Any

import orjson

from .dataset import Dataset
from .errors import DatasetError, NotFoundError
from .nearest import nearest
from .resources import data_root
from .versions import release_root, releases

__all__ = [
    "HISTORY_COLUMNS",
    "NOT_TRACKED",
    "ReleaseState",
    "RowHistory",
    "release_dates",
    "row_history",
    "since_releases",
]

HISTORY_COLUMNS = ("release", "date", "field", "value", "changed", "change_id", "reason")
NOT_TRACKED = ("changes",)  # derived from the diffs: its rows are changes, not things that change


def _order(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


@cache
def _current_date() -> str:
    package = orjson.loads(data_root().joinpath("datapackage.json").read_bytes())
    return str(package.get("created", ""))[:10]


def release_dates(current: str) -> dict[str, str]:
    """Every published release's date by version, oldest first, and ``current`` (the installed data) when it is
    not published yet, dated by its datapackage.json ``created`` (the release date it will carry)."""
    out = {r.version: r.date for r in releases()}
    if current not in out:
        out[current] = _current_date()
    return out


def since_releases(since: str, current: str) -> list[str]:
    """The releases after ``since`` (which must be published or ``current``), oldest first; DatasetError naming
    the published releases otherwise: a version that was never released has no "after"."""
    known = list(release_dates(current))
    if since not in known:
        raise DatasetError(f"since: {since[:50]!r} is not a release; the releases are {', '.join(known)}")
    return [v for v in known if _order(v) > _order(since)]


def _root(version: str, current: str) -> Traversable:
    return (
        data_root() if version == current and version not in {r.version for r in releases()} else release_root(version)
    )


@cache
def _rows(version: str, current: str, table: str) -> Mapping[str, Mapping[str, Any]]:
    """A table of one release by row id ({} when that release did not have the table)."""
    root = _root(version, current)
    package = orjson.loads(root.joinpath("datapackage.json").read_bytes())
    for resource in package["resources"]:
        if resource["name"] == table:
            path = resource.get("json", {}).get("path") or resource["path"].removesuffix(".csv") + ".json"
            return {str(r["id"]): r for r in orjson.loads(root.joinpath(path).read_bytes())}
    return {}


@dataclass(frozen=True, slots=True)
class ReleaseState:
    """The row as one release published it (None: not in that release), and the changes that release made."""

    release: str
    date: str
    row: Mapping[str, Any] | None
    changes: tuple[Any, ...]
    first: bool = False

    @property
    def status(self) -> str:
        """What this release did to the row: first (it was there in the first release), added, removed,
        modified, unchanged, or absent (not in this release)."""
        kinds = {c.kind for c in self.changes if c.field is None}
        if kinds:
            return "added" if "added" in kinds else "removed"
        if self.changes:
            return "modified"
        if self.row is None:
            return "absent"
        return "first" if self.first else "unchanged"


@dataclass(frozen=True, slots=True)
class RowHistory:
    """A row of ``table`` through every release, oldest first."""

    table: str
    row_id: str
    states: tuple[ReleaseState, ...]

    @property
    def fields(self) -> tuple[str, ...]:
        """Every field the row had in any release, in the newest release's order first."""
        names: dict[str, None] = {}
        for state in reversed(self.states):
            names.update(dict.fromkeys(state.row or {}))
        return tuple(names)

    @property
    def changes(self) -> tuple[Any, ...]:
        return tuple(c for s in self.states for c in s.changes)

    def spans(self, name: str) -> list[dict[str, Any]]:
        """Field ``name`` as runs of releases with one value: each run's first and last release, the value,
        and the change that began it (None for the row's first value, or when it came with the whole row)."""
        runs: list[dict[str, Any]] = []
        for state in self.states:
            value = None if state.row is None else state.row.get(name, None)
            present = state.row is not None and name in state.row
            if runs and runs[-1]["present"] == present and runs[-1]["value"] == value:
                runs[-1]["to"] = state.release
                continue
            change = next((c for c in state.changes if c.field == name), None)
            runs.append(
                {"from": state.release, "to": state.release, "value": value, "present": present, "change": change}
            )
        return runs

    def lines(self) -> Iterator[dict[str, Any]]:
        """One line per release and field: its value then, and whether and why that release changed it."""
        for state in self.states:
            by_field = {c.field: c for c in state.changes if c.field is not None}
            whole = next((c for c in state.changes if c.field is None), None)
            for name in self.fields:
                change = by_field.get(name, whole)
                value = None if state.row is None else state.row.get(name)
                yield {
                    "release": state.release,
                    "date": state.date,
                    "field": name,
                    "value": value if not isinstance(value, list | dict) else orjson.dumps(value).decode(),
                    "changed": change is not None,
                    "change_id": change.id if change is not None else None,
                    "reason": change.reason if change is not None else None,
                }

    def as_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "id": self.row_id,
            "fields": list(self.fields),
            "releases": [
                {
                    "release": s.release,
                    "date": s.date,
                    "status": s.status,
                    "row": None if s.row is None else dict(s.row),
                    "changes": [
                        {
                            "id": c.id,
                            "field": c.field,
                            "kind": c.kind,
                            "old_value": c.old_value,
                            "new_value": c.new_value,
                            "reason": c.reason,
                        }
                        for c in s.changes
                    ],
                }
                for s in self.states
            ],
        }


def row_history(ds: Dataset, table: str, row_id: str) -> RowHistory:
    """The history of row ``row_id`` of ``table``: NotFoundError when no release ever had that row."""
    if table in NOT_TRACKED or table not in ds.tables:
        raise NotFoundError("table", table, nearest(table, [t for t in ds.tables if t not in NOT_TRACKED]))
    changes = [c for c in ds.changes if c.table_name == table and c.row_id == row_id]
    states = tuple(
        ReleaseState(
            version,
            date,
            _rows(version, ds.version, table).get(row_id),
            tuple(c for c in changes if c.release == version),
            first=n == 0,
        )
        for n, (version, date) in enumerate(release_dates(ds.version).items())
    )
    if all(s.row is None for s in states):
        raise NotFoundError(table, row_id, nearest(row_id, _rows(ds.version, ds.version, table) or {}))
    return RowHistory(table, row_id, states)
