"""What each table is for, read from its Table Schema: the keys the code derives its lists of tables from.

Four custom keys (Frictionless keeps keys it does not know) say what no field type can:

- a field's ``"searchable": true``: its text is searched (names, titles, texts, notes; never ids, codes,
  numbers, URLs or hashes);
- a table's ``"searchedByDefault"``: whether a search that names no table covers it (false for tables that
  restate text found elsewhere);
- a table's ``"documentRows"``: ``{"kind", "include"}`` if its rows belong to one document (and it has a
  ``document_id``): ``text`` for the document's paragraphs, ``unit`` for the structural units its config
  maps paragraphs to (principles ... measures), ``record`` for other rows of one document; ``include`` is
  what ``?include=<table>`` embeds in a document;
- a field's ``"listSeparator": " "``: the string field holds a list of values joined by that separator (the
  CSV cell as published); JSON answers of the API give it as an array (Table Schema v1 has no list type).

``roles_source`` writes them into ``src/internet_plus/table_roles.py``, so the library reads them with no
file access at import; the build's own code reads them here, from the schemas.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from _common import BuildError, load_schema, table_inventory

__all__ = ["DOCUMENT_ROW_KINDS", "TableRoles", "roles_source", "table_roles", "unit_tables"]

DOCUMENT_ROW_KINDS = ("text", "unit", "record")
LINE_LENGTH = 120  # [tool.ruff] line-length


@dataclass(frozen=True)
class TableRoles:
    """The roles of every table, in package order."""

    search_fields: dict[str, tuple[str, ...]]
    searched_by_default: tuple[str, ...]
    document_rows: dict[str, str]  # table -> kind
    document_includes: dict[str, str]  # table -> what ?include= embeds
    list_fields: dict[str, dict[str, str]]  # table -> {field: separator}, tables with list fields only

    def of_kind(self, *kinds: str) -> tuple[str, ...]:
        return tuple(t for t, k in self.document_rows.items() if k in kinds)


def _document_rows(table: str, schema: dict[str, Any]) -> tuple[str, str] | None:
    where = f"schemas/{table}.json"
    value = schema.get("documentRows")
    has_document = any(
        fk.get("fields") == "document_id" and fk.get("reference", {}).get("resource") == "documents"
        for fk in schema.get("foreignKeys", [])
    )
    if value is None:
        if has_document:
            raise BuildError(f"{where}: document_id refers to documents, but the schema has no documentRows")
        return None
    if not isinstance(value, dict) or value.get("kind") not in DOCUMENT_ROW_KINDS or not value.get("include"):
        raise BuildError(
            f"{where}: documentRows must be {{'kind': one of {', '.join(DOCUMENT_ROW_KINDS)}, 'include': text}}, "
            f"not {value!r}"
        )
    if not has_document:
        raise BuildError(f"{where}: documentRows, but no document_id field referring to documents")
    return str(value["kind"]), str(value["include"])


def _searchable(table: str, schema: dict[str, Any]) -> tuple[str, ...]:
    out = []
    for field in schema["fields"]:
        flag = field.get("searchable", False)
        if not isinstance(flag, bool):
            raise BuildError(f"schemas/{table}.json: field {field['name']}: searchable must be true or false")
        if flag and field.get("type", "string") != "string":
            raise BuildError(f"schemas/{table}.json: field {field['name']}: only a string field can be searchable")
        if flag:
            out.append(field["name"])
    return tuple(out)


def _list_fields(table: str, schema: dict[str, Any]) -> dict[str, str]:
    out = {}
    for field in schema["fields"]:
        separator = field.get("listSeparator")
        if separator is None:
            continue
        if not isinstance(separator, str) or len(separator) != 1:
            raise BuildError(f"schemas/{table}.json: field {field['name']}: listSeparator must be one character")
        if field.get("type", "string") != "string":
            raise BuildError(f"schemas/{table}.json: field {field['name']}: only a string field can hold a list")
        out[field["name"]] = separator
    return out


@cache
def table_roles() -> TableRoles:
    """Every table's roles, checked: a wrong key stops the build naming the schema (read once per run)."""
    search: dict[str, tuple[str, ...]] = {}
    default: list[str] = []
    kinds: dict[str, str] = {}
    includes: dict[str, str] = {}
    lists: dict[str, dict[str, str]] = {}
    for table in table_inventory():
        schema = load_schema(table)
        if fields := _list_fields(table, schema):
            lists[table] = fields
        search[table] = _searchable(table, schema)
        by_default = schema.get("searchedByDefault", True)
        if not isinstance(by_default, bool):
            raise BuildError(f"schemas/{table}.json: searchedByDefault must be true or false")
        if by_default:
            default.append(table)
        rows = _document_rows(table, schema)
        if rows is not None:
            kinds[table], includes[table] = rows
    return TableRoles(search, tuple(default), kinds, includes, lists)


def unit_tables() -> tuple[str, ...]:
    """The tables a document's config may map paragraphs to (documentRows kind ``unit``), in package order."""
    return table_roles().of_kind("unit")


def _literal(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _tuple(head: str, items: Sequence[str], tail: str, indent: str) -> list[str]:
    """``head(a, b)tail`` on one line if it fits, else one item per line with a trailing comma (ruff's layout)."""
    values = [_literal(i) for i in items]
    inner = ", ".join(values) + ("," if len(values) == 1 else "")
    one = f"{indent}{head}({inner}){tail}"
    if len(one) <= LINE_LENGTH:
        return [one]
    return [f"{indent}{head}(", *(f"{indent}    {v}," for v in values), f"{indent}){tail}"]


def roles_source() -> str:
    """The generated module ``internet_plus.table_roles``."""
    roles = table_roles()
    lines = [
        '"""What each table is for, from its Table Schema. GENERATED by scripts/build.py from schemas/: do not edit.',
        "",
        "A field's ``searchable`` and ``listSeparator``, a table's ``searchedByDefault`` and ``documentRows`` keys (see",
        "scripts/schema_roles.py) are written here so that the library reads them without opening a file.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from collections.abc import Mapping",
        "from types import MappingProxyType",
        "",
        "__all__ = [",
        '    "DOCUMENT_INCLUDES",',
        '    "DOCUMENT_TABLES",',
        '    "LIST_FIELDS",',
        '    "SEARCHABLE",',
        '    "SEARCHED_BY_DEFAULT",',
        '    "TEXT_TABLES",',
        '    "UNIT_TABLES",',
        "]",
        "",
        "SEARCHABLE: Mapping[str, tuple[str, ...]] = MappingProxyType(",
        "    {",
    ]
    for table, fields in roles.search_fields.items():
        lines += _tuple(f"{_literal(table)}: ", fields, ",", "        ")
    lines += [
        "    }",
        ")",
        '"""Table name -> its searchable fields, in schema order; every table has an entry."""',
        *_tuple("SEARCHED_BY_DEFAULT: tuple[str, ...] = ", roles.searched_by_default, "", ""),
        '"""The tables a search covers when it names none."""',
        *_tuple("DOCUMENT_TABLES: tuple[str, ...] = ", tuple(roles.document_rows), "", ""),
        '"""The tables whose rows belong to one document (each row has its ``document_id``)."""',
        *_tuple("TEXT_TABLES: tuple[str, ...] = ", roles.of_kind("text", "unit"), "", ""),
        '"""The tables whose rows are a span of their document\'s canonical text (``text_zh`` at ``start:end``)."""',
        *_tuple("UNIT_TABLES: tuple[str, ...] = ", roles.of_kind("unit"), "", ""),
        '"""The structural units a document\'s config maps its paragraphs to (principles ... measures)."""',
        "DOCUMENT_INCLUDES: Mapping[str, str] = MappingProxyType(",
        "    {",
    ]
    for table, text in roles.document_includes.items():
        line = f"        {_literal(table)}: {_literal(text)},"
        lines += (
            [line]
            if len(line) <= LINE_LENGTH
            else [f"        {_literal(table)}: (", f"            {_literal(text)}", "        ),"]
        )
    lines += [
        "    }",
        ")",
        '"""Document table -> what ``?include=<table>`` embeds in a document."""',
        "LIST_FIELDS: Mapping[str, Mapping[str, str]] = MappingProxyType(",
        "    {",
    ]
    for table, separators in roles.list_fields.items():
        inner = ", ".join(f"{_literal(f)}: {_literal(s)}" for f, s in separators.items())
        lines.append(f"        {_literal(table)}: MappingProxyType({{{inner}}}),")
    lines += [
        "    }",
        ")",
        '"""Table -> its list fields (a string of values joined by the separator) -> the separator."""',
        "",
    ]
    return "\n".join(lines)
