"""What the API serves, read once from the data package: every table as a collection.

Nothing here is written per table. Field names, types, enums, patterns and descriptions come from
the Table Schemas named in datapackage.json; the rows come from the loaded Dataset as JSON
values; which fields can be filtered follows one rule (ids, slugs, enums, year/position, booleans; and
comparisons on every date and number field, listing.py); a field whose schema gives a ``listSeparator``
is a list, an array in every JSON answer and the published string in CSV.
A table added to the package (e.g. ``terms``) appears in the API without a code change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from types import MappingProxyType
from typing import Any

import orjson

from internet_plus import Dataset
from internet_plus.dataset import TABLE_MODELS
from internet_plus.nearest import nearest
from internet_plus.rowjson import split_list
from internet_plus.search import SEARCH_FIELDS, normalise
from internet_plus.table_roles import DOCUMENT_INCLUDES

__all__ = ["AS_OF", "Catalog", "Collection", "FieldSpec", "Include", "Table", "build_catalog", "nearest"]

FILTERABLE_INTEGERS = ("year", "position")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One column, as its Table Schema describes it."""

    name: str
    type: str
    description: str = ""
    title: str = ""
    enum: tuple[str, ...] = ()
    pattern: str | None = None
    minimum: int | None = None
    min_length: int | None = None
    format: str | None = None
    required: bool = False
    separator: str | None = None  # a list field: its values joined by this (the schema's listSeparator)

    @classmethod
    def from_table_schema(cls, f: Mapping[str, Any]) -> FieldSpec:
        c = f.get("constraints", {})
        return cls(
            name=f["name"],
            type=f.get("type", "string"),
            description=f.get("description", ""),
            title=f.get("title", ""),
            enum=tuple(str(v) for v in c.get("enum", ())),
            pattern=c.get("pattern"),
            minimum=c.get("minimum"),
            min_length=c.get("minLength"),
            format=f.get("format"),
            required=bool(c.get("required", False)),
            separator=f.get("listSeparator"),
        )

    @property
    def filter_name(self) -> str | None:
        """The query parameter that keeps the rows whose value is one of those given (named like the
        field, ``action_id``), or None. List fields have their own filter (listing.py)."""
        if self.separator is not None:
            return None
        if self.name == "id" or self.name == "slug" or self.enum:
            return self.name
        if self.name.endswith("_id") and self.type == "string":
            return self.name
        if (self.type == "integer" and self.name in FILTERABLE_INTEGERS) or self.type == "boolean":
            return self.name
        return None

    @property
    def alias(self) -> str | None:
        """The filter's name before 3.1.0, kept as a deprecated alias: ``action`` for ``action_id``."""
        if self.filter_name is not None and self.name.endswith("_id") and self.name != "id":
            return self.name[:-3]
        return None

    def json_value(self, value: Any) -> Any:
        """The value as JSON answers give it: a list field as an array (empty for an empty cell)."""
        return value if self.separator is None else split_list(value, self.separator)


@dataclass(frozen=True)
class Table:
    """Rows the list engine can filter, search, sort and page: the fields and the JSON-valued rows.

    ``folded`` holds each row's text fields normalised once (width, case, traditional -> simplified);
    ``row_json`` each whole row already encoded, so an unfiltered page is a join of bytes. Both are
    made on their first use and kept: a table nobody searches is never folded, and start-up pays
    for neither.
    """

    fields: tuple[FieldSpec, ...]
    rows: tuple[dict[str, Any], ...]
    text_fields: tuple[str, ...] = ()

    @cached_property
    def folded(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(normalise(r[f]) for f in self.text_fields if r.get(f)) for r in self.rows)

    @cached_property
    def row_json(self) -> tuple[bytes, ...]:
        return tuple(orjson.dumps(self.as_json(r)) for r in self.rows)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @cached_property
    def list_fields(self) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields if f.separator is not None)

    def as_json(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """``row`` (CSV-shaped: a list field is one string) as JSON answers give it: list fields as arrays."""
        if not self.list_fields:
            return dict(row)
        out = dict(row)
        for f in self.list_fields:
            if f.name in out:
                out[f.name] = f.json_value(out[f.name])
        return out


@dataclass(frozen=True, slots=True)
class Include:
    """Related rows an item can embed with ``?include=name``: rows of ``table``, found by ``find``."""

    name: str
    table: str
    description: str
    find: Callable[[Dataset, str], Sequence[Any]]


AsOf = Callable[[Dataset, date], Sequence[Any]]

AS_OF: dict[str, tuple[AsOf, str]] = {
    "holders": (
        lambda ds, day: ds.holders_on(day),
        "Who held each duty on this date (YYYY-MM-DD) instead of the succession data's as-of date: the "
        "same rule over the changes in force on that day (ds.holders_on).",
    ),
}
"""Tables whose rows the library can give for another date (``?as_of=``): how, and what it means."""


@dataclass(frozen=True)
class Collection:
    """One table as ``/v1/<name>`` and ``/v1/<name>/{id}``: ``name`` is the table's one name, the same in its
    files, its schema, its model's table and its URLs (``document_links``)."""

    name: str
    title: str
    description: str
    model: type[Any]
    table: Table
    index: Mapping[str, int]
    aliases: Mapping[str, str] = field(default_factory=dict)
    id_pattern: str | None = None
    includes: Mapping[str, Include] = field(default_factory=dict)
    as_of: tuple[AsOf, str] | None = None

    def nearest(self, key: str) -> tuple[str, ...]:
        return nearest(key, [*self.index, *self.aliases])


def _agencies_via(ds: Dataset, subject: str) -> tuple[Any, ...]:
    ids = dict.fromkeys(r.agency_id for r in ds.responsible_for(subject))
    return tuple(ds.agency(a) for a in ids)


def _responsibilities(ds: Dataset, subject: str) -> tuple[Any, ...]:
    return ds.responsible_for(subject)


def _of_document(table: str) -> Callable[[Dataset, str], Sequence[Any]]:
    return lambda ds, key: ds.rows(table, document=key)


INCLUDES: dict[str, tuple[Include, ...]] = {
    "documents": (
        Include("links", "document_links", "Every link from or to the document.", lambda ds, k: ds.links_of(k)),
        *(Include(t, t, description, _of_document(t)) for t, description in DOCUMENT_INCLUDES.items()),
    ),
    "actions": (
        Include("tasks", "tasks", "The action's numbered tasks.", lambda ds, k: ds.tasks_of(k)),
        Include("agencies", "agencies", "The agencies named for the action, lead first.", _agencies_via),
        Include("responsibilities", "responsibilities", "Who is named for the action, with roles.", _responsibilities),
    ),
    "tasks": (
        Include(
            "agencies", "agencies", "The agencies named for the task's action (tasks inherit them).", _agencies_via
        ),
        Include(
            "responsibilities", "responsibilities", "The responsibilities of the task's action.", _responsibilities
        ),
    ),
    "measures": (
        Include("agencies", "agencies", "The agencies named for the measure, lead first.", _agencies_via),
        Include("responsibilities", "responsibilities", "Who is named for the measure, with roles.", _responsibilities),
    ),
    "measure_groups": (
        Include("measures", "measures", "The group's supporting measures.", lambda ds, k: ds.measures_of(k)),
    ),
    "agencies": (
        Include(
            "changes",
            "agency_changes",
            "What became of the agency in later reforms, oldest first.",
            lambda ds, k: ds.successors(k),
        ),
        Include(
            "responsibilities",
            "responsibilities",
            "Every attribution that names the agency.",
            lambda ds, k: tuple(r for r in ds.responsibilities if r.agency_id == k),
        ),
    ),
}


@dataclass(frozen=True)
class Catalog:
    """All collections by table name, plus the data package they came from."""

    collections: Mapping[str, Collection]
    package: Mapping[str, Any]
    version: str


def _anchored_union(patterns: Sequence[str]) -> str:
    """Several anchored patterns as one: an item path accepts an id or (for actions) a slug."""
    if len(patterns) == 1:
        return patterns[0]
    return "^(?:" + "|".join(p.removeprefix("^").removesuffix("$") for p in patterns) + ")$"


def build_catalog(ds: Dataset, package: Mapping[str, Any], schemas: Mapping[str, Mapping[str, Any]]) -> Catalog:
    """``schemas`` maps a table name to its Table Schema; tables without a model or a schema are skipped."""
    resources = {r["name"]: r for r in package.get("resources", [])}
    collections: dict[str, Collection] = {}
    for name in ds.tables:
        if name not in TABLE_MODELS or name not in schemas or name not in resources:
            continue
        schema = schemas[name]
        fields = tuple(FieldSpec.from_table_schema(f) for f in schema["fields"])
        rows = tuple(r.model_dump(mode="json") for r in ds.rows(name))
        text = SEARCH_FIELDS.get(name, ())
        by_name = {f.name: f for f in fields}
        aliases = {r["slug"]: r["id"] for r in rows if "slug" in by_name and r.get("slug")}
        patterns = [p for p in (by_name["id"].pattern, by_name.get("slug", FieldSpec("", "")).pattern) if p]
        includes = {i.name: i for i in INCLUDES.get(name, ()) if i.table in ds.tables}
        collections[name] = Collection(
            name=name,
            title=resources[name].get("title", schema.get("title", name)),
            description=resources[name].get("description", schema.get("description", "")),
            model=TABLE_MODELS[name],
            table=Table(fields, rows, text),
            index=MappingProxyType({r["id"]: i for i, r in enumerate(rows)}),
            aliases=MappingProxyType(aliases),
            id_pattern=_anchored_union(patterns) if patterns else None,
            includes=MappingProxyType(includes),
            as_of=AS_OF.get(name),
        )
    return Catalog(MappingProxyType(collections), package, str(package.get("version", "")))
