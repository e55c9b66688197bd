"""The loaded dataset: immutable tables (tuples), dicts keyed by id, and the plan's navigation.

Lookups come in pairs: ``get(table, id, default)`` never raises; ``action(id)`` and its siblings
raise NotFoundError naming the id and the nearest ids, because a typo deserves a hint.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from . import models as m
from .errors import MissingExtraError, NotFoundError
from .nearest import nearest
from .search import DEFAULT_TABLES, SEARCH_FIELDS, Hit, normalise, search_rows

if TYPE_CHECKING:
    import pandas
    import polars

__all__ = ["TABLE_MODELS", "Dataset", "Duty", "column_types"]

TABLE_MODELS = m.MODELS  # table name -> model, in package order (generated from the inventory)
R = TypeVar("R")


def _base_type(annotation: Any) -> Any:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType) or origin is typing.Annotated:
        return _base_type(args[0])
    if origin is typing.Literal:
        return str
    return annotation


def column_types(table: str) -> dict[str, type]:
    """Each field's column type, int, bool, float, date or str, read from the model's annotations
    (behind ``| None``, ``Annotated[...]`` and ``Literal[...]``), in field order."""
    return {name: _base_type(info.annotation) for name, info in TABLE_MODELS[table].model_fields.items()}


@dataclass(frozen=True, slots=True)
class Duty:
    """One thing an agency is named responsible for.

    ``subject_type`` is action, task or measure. A task's duty is ``inherited_from`` its action:
    tasks carry no attribution of their own, the action's list covers them.
    """

    subject_type: Literal["action", "task", "measure"]
    subject_id: str
    role: str
    inherited_from: str | None
    responsibility: m.Responsibility


class Dataset(m.Tables):
    """All tables of one data package version. Build it with :func:`internet_plus.load`.

    Immutable: its tables are tuples of frozen models behind read-only mappings, and no attribute
    can be set or deleted (``ds.version = "x"`` raises AttributeError), so one loaded copy can be
    shared by every caller and thread.
    """

    __slots__ = ("_index", "_search_cache", "_slugs", "_tables", "text", "version")
    version: str
    text: str
    _index: Mapping[str, Mapping[str, Any]]
    _slugs: Mapping[str, str]
    _search_cache: tuple[tuple[str, str, str, str, str], ...] | None

    def __init__(self, version: str, text: str, tables: Mapping[str, tuple[Any, ...]]) -> None:
        init = object.__setattr__
        init(self, "version", version)
        init(self, "text", text)
        init(self, "_tables", MappingProxyType(dict(tables)))
        index = {name: MappingProxyType({row.id: row for row in rows}) for name, rows in tables.items()}
        init(self, "_index", MappingProxyType(index))
        slugs = {a.slug: a.id for a in tables.get("actions", ())}
        init(self, "_slugs", MappingProxyType(slugs))
        init(self, "_search_cache", None)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Dataset is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Dataset is immutable: cannot delete {name!r}")

    # -- tables ---------------------------------------------------------------------------------
    @property
    def tables(self) -> tuple[str, ...]:
        return tuple(self._tables)

    def rows(self, table: str) -> tuple[Any, ...]:
        if table not in self._tables:
            raise NotFoundError("table", table, nearest(table, self._tables))
        return self._tables[table]

    # -- lookups --------------------------------------------------------------------------------
    def get(self, table: str, key: str, default: R | None = None) -> Any | R | None:
        """The row of ``table`` with id ``key``, or ``default``; never raises."""
        index = self._index.get(table)
        if index is None:
            return default
        return index.get(key, default)

    def _require(self, table: str, key: str) -> Any:
        row = self.get(table, key)
        if row is None:
            raise NotFoundError(table, key, nearest(key, self._index.get(table, {})))
        return row

    def action(self, key: str) -> m.Action:
        """An action by id (A02) or slug (collaborative-manufacturing)."""
        row: m.Action = self._require("actions", self._slugs.get(key, key))
        return row

    def task(self, key: str) -> m.Task:
        row: m.Task = self._require("tasks", key)
        return row

    def measure(self, key: str) -> m.Measure:
        row: m.Measure = self._require("measures", key)
        return row

    def measure_group(self, key: str) -> m.MeasureGroup:
        row: m.MeasureGroup = self._require("measure_groups", key)
        return row

    def target(self, key: str) -> m.Target:
        row: m.Target = self._require("targets", key)
        return row

    def principle(self, key: str) -> m.Principle:
        row: m.Principle = self._require("principles", key)
        return row

    def agency(self, key: str) -> m.Agency:
        row: m.Agency = self._require("agencies", key)
        return row

    def provision(self, key: str) -> m.Provision:
        row: m.Provision = self._require("provisions", key)
        return row

    # -- navigation -----------------------------------------------------------------------------
    def tasks_of(self, action_id: str) -> tuple[m.Task, ...]:
        action = self.action(action_id)
        return tuple(t for t in self.tasks if t.action_id == action.id)

    def measures_of(self, group_id: str) -> tuple[m.Measure, ...]:
        group = self.measure_group(group_id)
        return tuple(x for x in self.measures if x.group_id == group.id)

    def responsible_for(self, subject_id: str) -> tuple[m.Responsibility, ...]:
        """Who is named for an action, a measure, or a task (through its action), in printed order."""
        if subject_id in self._index["tasks"] or subject_id in self._slugs:
            subject_id = (
                self.task(subject_id).action_id if subject_id in self._index["tasks"] else self._slugs[subject_id]
            )
        elif subject_id not in self._index["actions"] and subject_id not in self._index["measures"]:
            keys = [*self._index["actions"], *self._index["measures"], *self._index["tasks"]]
            raise NotFoundError("action, task or measure", subject_id, nearest(subject_id, keys))
        return tuple(r for r in self.responsibilities if subject_id in (r.action_id, r.measure_id))

    def responsibilities_of(self, agency_id: str) -> tuple[Duty, ...]:
        """Everything an agency is named for: actions and measures, and the tasks under its actions."""
        agency = self.agency(agency_id)
        duties: list[Duty] = []
        for r in self.responsibilities:
            if r.agency_id != agency.id:
                continue
            if r.action_id is not None:
                duties.append(Duty("action", r.action_id, r.role, None, r))
                duties.extend(Duty("task", t.id, r.role, r.action_id, r) for t in self.tasks_of(r.action_id))
            elif r.measure_id is not None:
                duties.append(Duty("measure", r.measure_id, r.role, None, r))
        return tuple(duties)

    def successors(self, agency_id: str) -> tuple[m.AgencyChange, ...]:
        """What became of an agency, oldest change first; empty if no change is recorded."""
        agency = self.agency(agency_id)
        return tuple(sorted((c for c in self.agency_changes if c.agency_id == agency.id), key=lambda c: (c.year, c.id)))

    # -- search ---------------------------------------------------------------------------------
    @property
    def _search_index(self) -> tuple[tuple[str, str, str, str, str], ...]:
        """Every searchable value with its normalised key, built on the first search and kept."""
        cached = self._search_cache
        if cached is None:
            cached = self._build_search_index()
            object.__setattr__(self, "_search_cache", cached)
        return cached

    def _build_search_index(self) -> tuple[tuple[str, str, str, str, str], ...]:
        out = []
        for table, fields in SEARCH_FIELDS.items():
            for row in self._tables.get(table, ()):
                for field in fields:
                    value = getattr(row, field)
                    if value:
                        out.append((table, row.id, field, value, normalise(value)))
        return tuple(out)

    def search(self, query: str, tables: Iterable[str] | None = None) -> tuple[Hit, ...]:
        """Find ``query`` in Chinese (simplified or traditional) or English, ignoring case and width."""
        wanted = tuple(tables) if tables is not None else DEFAULT_TABLES
        for t in wanted:
            if t not in SEARCH_FIELDS:
                raise NotFoundError("searchable table", t, nearest(t, SEARCH_FIELDS))
        rows = (r for r in self._search_index if r[0] in wanted)
        return tuple(search_rows(query, rows))

    # -- frames ---------------------------------------------------------------------------------
    def to_pandas(self, table: str) -> pandas.DataFrame:
        """A DataFrame with nullable dtypes: Int64 for integers, string for text, boolean, datetime64 for dates."""
        try:
            import pandas as pd
        except ImportError:
            raise MissingExtraError("pandas is not installed: pip install 'internet-plus[pandas]'") from None
        rows = self.rows(table)
        model = TABLE_MODELS[table]
        frame = pd.DataFrame([r.model_dump() for r in rows], columns=list(model.model_fields))
        for name, kind in column_types(table).items():
            if kind is bool:
                frame[name] = frame[name].astype("boolean")
            elif kind is int:
                frame[name] = frame[name].astype("Int64")
            elif kind is dt.date:
                frame[name] = pd.to_datetime(frame[name])
            else:
                frame[name] = frame[name].astype("string")
        return frame

    def to_polars(self, table: str) -> polars.DataFrame:
        try:
            import polars as pl
        except ImportError:
            raise MissingExtraError("polars is not installed: pip install 'internet-plus[polars]'") from None
        rows = self.rows(table)
        model = TABLE_MODELS[table]
        return (
            pl.DataFrame([r.model_dump() for r in rows], schema=list(model.model_fields), orient="row")
            if rows
            else pl.DataFrame(schema=list(model.model_fields))
        )

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={len(v)}" for k, v in self._tables.items())
        return f"<Dataset {self.version}: {counts}>"
