"""The loaded dataset: one typed Table per table (rows in order, lookups by id), the plan's navigation
and the policy family's lineage.

Lookups come in pairs: ``get(table, id, default)`` and ``Table.get`` never raise; ``action(id)``,
``document(id)``, ``Table.lookup`` and their siblings raise NotFoundError naming the id and the
nearest ids, because a typo deserves a hint. Rows of every held document share the tables; their
ids are unique across documents (40号's as in 1.x, 5号's prefixed gf5:), so a lookup needs no document.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from . import models as m
from .citations import Resolver
from .errors import NotFoundError
from .family import LineageEntry, lineage
from .frames import to_pandas, to_polars
from .holders import Holding
from .nearest import nearest
from .searching import Searching
from .succession import Succession
from .table import Table
from .table_names import table_key

if TYPE_CHECKING:
    import pandas
    import polars

__all__ = ["MAIN_DOCUMENT", "TABLE_MODELS", "Dataset", "Duty", "Holding", "LineageEntry", "Table", "column_types"]

TABLE_MODELS = m.MODELS  # table name -> model, in package order (generated from the inventory)
R = TypeVar("R")
MAIN_DOCUMENT = "guofa-2015-40"  # the document the edition is of; ds.text is its text, as in 1.x


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

    ``subject_type`` is action, task, measure, or document (a closing paragraph's duty, 5号). A task's
    duty is ``inherited_from`` its action: tasks carry no attribution of their own, the action's list
    covers them.
    """

    subject_type: Literal["action", "task", "measure", "document"]
    subject_id: str
    role: str
    inherited_from: str | None
    responsibility: m.Responsibility


class Dataset(Searching, Succession, m.Tables):
    """All tables of one data package version. Build it with :func:`internet_plus.load`.

    Immutable: its tables are tuples of frozen models behind read-only mappings, and no attribute
    can be set or deleted (``ds.version = "x"`` raises AttributeError), so one loaded copy can be
    shared by every caller and thread.
    """

    __slots__ = ("_index", "_numbers", "_search_cache", "_slugs", "_tables", "_typed", "main", "texts", "version")
    version: str
    main: str
    texts: Mapping[str, str]
    _index: Mapping[str, Mapping[str, Any]]
    _typed: Mapping[str, Table[Any]]
    _slugs: Mapping[str, str]
    _numbers: Mapping[str, str]
    _search_cache: tuple[tuple[str, str, str, str, str], ...] | None

    def __init__(
        self,
        version: str,
        texts: Mapping[str, str] | str,
        tables: Mapping[str, tuple[Any, ...]],
        main: str = MAIN_DOCUMENT,
    ) -> None:
        """``texts``: document id -> canonical text (a single string is 40号's, as in 1.x)."""
        init = object.__setattr__
        init(self, "version", version)
        init(self, "main", main)
        init(self, "texts", MappingProxyType({main: texts} if isinstance(texts, str) else dict(texts)))
        typed = {name: Table(name, rows) for name, rows in tables.items()}
        init(self, "_typed", MappingProxyType(typed))
        init(self, "_tables", MappingProxyType({name: t.rows for name, t in typed.items()}))
        init(self, "_index", MappingProxyType({name: t.index for name, t in typed.items()}))
        slugs = {a.slug: a.id for a in tables.get("actions", ())}
        init(self, "_slugs", MappingProxyType(slugs))
        numbers = {d.number_zh: d.id for d in tables.get("documents", ()) if d.number_zh}
        init(self, "_numbers", MappingProxyType(numbers))
        init(self, "_search_cache", None)

    @property
    def text(self) -> str:
        """The canonical text of 国发〔2015〕40号 (1.x's ``ds.text``), or of the document ``of()`` chose;
        ``texts`` holds every held text, by document id."""
        return self.texts[self.main]

    def of(self, document_id: str) -> Dataset:
        """The same dataset with its text tables cut to one held document's rows (the others unchanged)."""
        doc = self.document(document_id)
        if doc.id not in self.texts:
            raise NotFoundError("held document", document_id, nearest(document_id, self.texts))
        has_document = {name for name, model in TABLE_MODELS.items() if "document_id" in model.model_fields}
        tables = {n: t.where(document_id=doc.id) if n in has_document else t.rows for n, t in self._typed.items()}
        return Dataset(self.version, self.texts, tables, main=doc.id)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Dataset is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Dataset is immutable: cannot delete {name!r}")

    # -- tables ---------------------------------------------------------------------------------
    @property
    def tables(self) -> tuple[str, ...]:
        return tuple(self._tables)

    def table(self, name: str) -> Table[Any]:
        """The typed table ``name``: iterate it, ``get(id)`` (never raises), ``lookup(id)``, ``where(...)``."""
        found = self._typed.get(name)
        if found is None:
            raise NotFoundError("table", name, nearest(name, self._typed))
        return found

    def table_name(self, name: str) -> str:
        """The table's name (``document_links``) from it or its URL spelling before 3.2.0 (``document-links``),
        which the CLI accepts as an alias; NotFoundError names the nearest tables."""
        key = name if name in self._typed else table_key(name)
        if key not in self._typed:
            raise NotFoundError("table", name, nearest(key, self._typed))
        return key

    def rows(self, table: str, document: str | None = None) -> tuple[Any, ...]:
        """The rows of ``table``, or those of one ``document`` (its id or number) in a text table."""
        rows = self.table(table).rows
        if document is None:
            return rows
        doc = self.document(document)
        return tuple(r for r in rows if getattr(r, "document_id", None) == doc.id)

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

    def document(self, key: str) -> m.Document:
        """A document of the family by id (guofa-2015-5), by its number in any spelling (国发〔2015〕5号, 国发[2015]5号,
        國發（2015）5號, Guofa [2015] No. 5) or by its title (with or without 《》 and its issuer)."""
        found = self._numbers.get(key) or (None if key in self._index["documents"] else self.citations.resolve(key))
        row: m.Document = self._require("documents", found or key)
        return row

    @property
    def citations(self) -> Resolver:
        """The citation resolver over this dataset's documents: ``ds.citations.find(text)`` lists every citation."""
        return Resolver(self.documents)

    # -- the policy family ----------------------------------------------------------------------
    def links_of(self, document_id: str) -> tuple[m.DocumentLink, ...]:
        """Every link from or to a document, in id order."""
        doc = self.document(document_id)
        return tuple(x for x in self.document_links if doc.id in (x.from_document_id, x.to_document_id))

    def lineage(self, subject: str) -> tuple[LineageEntry, ...]:
        """The documents linked to a subject, strongest evidence first, then oldest first.

        For a document (id or number): the links to it as a whole. For an action (id or slug): the
        links to it and to its tasks; for a measure group: to it and its measures; for a task or
        measure: to it. NotFoundError names an unknown subject and the nearest ids.
        """
        return lineage(self, subject)

    # -- navigation -----------------------------------------------------------------------------
    def tasks_of(self, action_id: str) -> tuple[m.Task, ...]:
        action = self.action(action_id)
        return tuple(t for t in self.tasks if t.action_id == action.id)

    def measures_of(self, group_id: str) -> tuple[m.Measure, ...]:
        group = self.measure_group(group_id)
        return tuple(x for x in self.measures if x.group_id == group.id)

    def responsible_for(self, subject_id: str) -> tuple[m.Responsibility, ...]:
        """Who is named for an action, a measure, or a task (through its action), in printed order.

        A document id gives the duties its closing paragraph assigns to the whole document (5号); a task
        or measure of a document without attributions has nobody named for it.
        """
        if subject_id in self._index["documents"]:
            return tuple(
                r
                for r in self.responsibilities
                if r.document_id == subject_id and r.action_id is None and r.measure_id is None
            )
        if subject_id in self._index["tasks"]:
            action_id = self.task(subject_id).action_id
            if action_id is None:
                return ()
            subject_id = action_id
        elif subject_id in self._slugs:
            subject_id = self._slugs[subject_id]
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
            else:
                duties.append(Duty("document", r.document_id, r.role, None, r))
        return tuple(duties)

    # -- frames ---------------------------------------------------------------------------------
    def to_pandas(self, table: str) -> pandas.DataFrame:
        """A DataFrame with nullable dtypes: Int64 for integers, string for text, boolean, datetime64 for dates."""
        return to_pandas(table, self.rows(table), column_types(table))

    def to_polars(self, table: str) -> polars.DataFrame:
        return to_polars(table, self.rows(table))

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={len(v)}" for k, v in self._tables.items())
        return f"<Dataset {self.version}: {counts}>"
