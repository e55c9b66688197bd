"""JSON Schemas (2020-12, as OpenAPI 3.1 uses) for everything the API returns.

Row schemas are generated from the Table Schemas' fields, the same source the published files and
the library's pydantic models come from; they say exactly what ``model_dump(mode="json")`` gives:
every field present, null where the Table Schema does not require a value, and a list field (its schema's
``listSeparator``) an array.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .catalog import Catalog, FieldSpec

__all__ = ["component_schemas", "field_schema", "row_schema"]

_TYPES: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "datetime": {"type": "string", "format": "date-time"},
}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def field_schema(f: FieldSpec) -> dict[str, Any]:
    if f.separator is not None:  # a list field: an array in JSON, empty where the CSV cell is empty
        schema: dict[str, Any] = {"type": "array", "items": {"type": "string", "minLength": 1}}
        if f.title:
            schema["title"] = f.title
        schema["description"] = (f.description + " " if f.description else "") + (
            f"An array in JSON; in CSV one cell, the values separated by {f.separator!r}."
        )
        return schema
    base = dict(_TYPES.get(f.type, {"type": "string"}))
    if f.enum:
        base["enum"] = list(f.enum)
    if f.pattern:
        base["pattern"] = f.pattern
    if f.minimum is not None:
        base["minimum"] = f.minimum
    if f.min_length is not None:
        base["minLength"] = f.min_length
    if f.format == "uri":
        base["format"] = "uri"
    schema = base if f.required else {"anyOf": [base, {"type": "null"}]}
    if f.title:
        schema["title"] = f.title
    if f.description:
        schema["description"] = f.description
    return schema


def row_schema(
    fields: Iterable[FieldSpec], description: str, *, complete: bool = True, extra: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """An object with exactly these fields; ``complete=False`` for ``fields=`` selections (any subset)."""
    fields = tuple(fields)
    props = {f.name: field_schema(f) for f in fields}
    props.update(extra or {})
    return {
        "type": "object",
        "description": description,
        "properties": props,
        "required": [f.name for f in fields] if complete else [],
        "additionalProperties": False,
    }


FIXED: dict[str, dict[str, Any]] = {
    "InvalidParam": {
        "type": "object",
        "properties": {"name": {"type": "string"}, "reason": {"type": "string"}},
        "required": ["name", "reason"],
    },
    "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details. `type` is a URI reference documented at that path "
        "(or about:blank); extension members add what helps to fix the request.",
        "properties": {
            "type": {"type": "string", "format": "uri-reference"},
            "title": {"type": "string"},
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": {"type": "string"},
            "instance": {"type": "string", "format": "uri-reference"},
            "invalid_params": {
                "type": "array",
                "items": ref("InvalidParam"),
                "description": "Each parameter that is unknown or invalid, and why.",
            },
            "allowed": {
                "type": "array",
                "items": {"type": "string"},
                "description": "The parameters, methods or media types that are allowed.",
            },
            "nearest": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Ids or paths that look like the one asked for.",
            },
        },
        "required": ["type", "title", "status", "detail", "instance"],
    },
    "ProblemType": {
        "type": "object",
        "properties": {
            "type": {"type": "string"},
            "status": {"type": "integer"},
            "title": {"type": "string"},
            "description": {"type": "string"},
        },
        "required": ["type", "status", "title", "description"],
        "additionalProperties": False,
    },
    "ProblemTypeList": {
        "type": "object",
        "properties": {"data": {"type": "array", "items": ref("ProblemType")}},
        "required": ["data"],
        "additionalProperties": False,
    },
    "Health": {
        "type": "object",
        "properties": {
            "status": {"const": "ok"},
            "dataset_version": {"type": "string"},
            "tables": {"type": "integer", "minimum": 0},
        },
        "required": ["status", "dataset_version", "tables"],
        "additionalProperties": False,
    },
    "CollectionInfo": {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "table": {"type": "string"},
            "title": {"type": "string"},
            "description": {"type": "string"},
            "count": {"type": "integer", "minimum": 0},
            "links": {"type": "object", "additionalProperties": {"type": "string"}},
        },
        "required": ["name", "table", "title", "description", "count", "links"],
        "additionalProperties": False,
    },
    "Index": {
        "type": "object",
        "description": "What the API is and where everything is.",
        "properties": {
            "name": {"type": "string"},
            "description": {"type": "string"},
            "version": {"type": "string"},
            "dataset": {"type": "object"},
            "links": {"type": "object", "additionalProperties": {"type": "string"}},
            "collections": {"type": "array", "items": ref("CollectionInfo")},
        },
        "required": ["name", "description", "version", "links", "collections"],
    },
}


def component_schemas(
    catalog: Catalog, virtual: Mapping[str, tuple[tuple[FieldSpec, ...], str, bool]]
) -> dict[str, Any]:
    """Every collection's row, selection, list (and item with includes), the ``virtual`` lists
    (name -> fields, description, whether ``fields=`` can select), and the fixed schemas."""
    from .pagination import LIST_SCHEMAS, envelope  # pagination.py builds on field_schema and ref, here

    out: dict[str, Any] = {}
    for coll in catalog.collections.values():
        name, fields = coll.model.__name__, coll.table.fields
        out[name] = row_schema(fields, f"A row of {coll.name}: {coll.description}")
        out[name + "Selection"] = row_schema(
            fields,
            f"A row of {coll.name}, limited to the fields asked for with `fields=` (all of them by default).",
            complete=False,
        )
        out[name + "List"] = envelope(name + "Selection", coll.name, fields)
        if coll.includes:
            extra = {
                i.name: {
                    "type": "array",
                    "items": ref(catalog.collections[i.table].model.__name__),
                    "description": f"With include={i.name}: {i.description}",
                }
                for i in coll.includes.values()
            }
            out[name + "Item"] = row_schema(
                fields, f"A row of {coll.name}, with the related rows asked for by `include=`.", extra=extra
            )
    for name, (fields, description, selectable) in virtual.items():
        out[name] = row_schema(fields, description)
        item = name
        if selectable:
            item = name + "Selection"
            out[item] = row_schema(fields, description + " (limited to the fields asked for)", complete=False)
        out[name + "List"] = envelope(item, description.rstrip(".").lower(), fields if selectable else ())

    out.update(FIXED)
    out.update(LIST_SCHEMAS)
    return out
