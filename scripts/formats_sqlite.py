"""The package -> one SQLite file for SQL users and Datasette, built with sqlite-utils.

Every table keeps its schema's column order, SQLite types (string, date -> TEXT; integer, boolean ->
INTEGER), NOT NULL for required fields, its primary key, its foreign keys, and an index on every field
the API filters on (ids of other tables, slugs, enums, year, position, booleans).

Full-text search, two ways, because SQLite's tokenizers do not segment Chinese:

* ``<table>_fts`` (FTS5, ``trigram``) over the table's searchable fields: Datasette's search box on each
  table. Trigrams find any substring of 3 or more characters, in Chinese and English alike; a
  2-character word (金融, 电商) finds nothing through them.
* ``search`` (one row per searchable field of every row: table, id, field, value) with ``search_chars``
  (FTS5, ``unicode61``) over ``chars``: the value's search key with every character from U+2E80 up
  (CJK) standing alone as a token. A phrase query of the query spaced the same way finds Chinese words
  of any length, and English words whole. The canned query ``search`` in the Datasette metadata does
  that spacing in SQL, so ``/internet-plus/search?q=金融`` works; ``CJK_FROM`` is the one threshold
  both sides use, and the tests check that they agree with the library's search.

Byte-identical on a rebuild with the same sqlite-utils and the same SQLite library: the file is written
by a fixed sequence of statements and then VACUUMed. Its header records the SQLite library version
(offset 96), so a build with another SQLite release gives other bytes.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = ["CJK_FROM", "SEARCH_SQL", "index_fields", "spaced", "sqlite_bytes"]

CJK_FROM = 0x2E80
"""Characters from here up (CJK radicals, punctuation, ideographs, full-width forms) are one token each."""

SQL_TYPES = {"string": str, "date": str, "datetime": str, "integer": int, "boolean": int, "number": float}
FILTERED_INTEGERS = ("year", "position")

SEARCH_SQL = f"""with recursive
  query(text) as (select lower(trim(coalesce(:q, '')))),
  spaced(i, out) as (
    select 0, ''
    union all
    select i + 1, out || case when unicode(substr(text, i + 1, 1)) >= {CJK_FROM}
                              then ' ' || substr(text, i + 1, 1) || ' '
                              else substr(text, i + 1, 1) end
    from spaced, query where i < length(text)
  )
select search.table_name, search.row_id, search.field, search.value
from search_chars join search on search.rowid = search_chars.rowid
where search_chars match '"' || replace((select out from spaced order by i desc limit 1), '"', '""') || '"'
order by search.table_name, search.row_id, search.field"""
"""Chinese words of any length and English words, as a phrase over ``search_chars``; takes ``:q``."""


def spaced(key: str) -> str:
    """The ``chars`` column: the search key with every CJK character standing alone as a token."""
    return "".join(f" {ch} " if ord(ch) >= CJK_FROM else ch for ch in key)


def index_fields(schema: Mapping[str, Any]) -> list[str]:
    """The fields the API filters on, less the primary key (already indexed)."""
    out = []
    pk = schema.get("primaryKey", [])
    for f in schema["fields"]:
        name, ftype = f["name"], f.get("type", "string")
        if name in pk:
            continue
        if (
            name == "slug"
            or f.get("constraints", {}).get("enum")
            or (name.endswith("_id") and ftype == "string")
            or (ftype == "integer" and name in FILTERED_INTEGERS)
            or ftype == "boolean"
        ):
            out.append(name)
    return out


def _value(value: Any, ftype: str) -> Any:
    if ftype == "boolean" and value is not None:
        return int(value)
    return value


def sqlite_bytes(
    tables: Mapping[str, Sequence[Mapping[str, Any]]],
    schemas: Mapping[str, Mapping[str, Any]],
    search_fields: Mapping[str, Sequence[str]],
    normalise: Any,
) -> bytes:
    """The SQLite file's bytes; ``tables`` are the JSON rows, ``schemas`` the Table Schemas, by table."""
    import sqlite_utils

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "internet-plus.db"
        db = sqlite_utils.Database(path)
        for name, rows in tables.items():
            schema = schemas[name]
            fields = schema["fields"]
            pk = schema.get("primaryKey", [])
            fks = [
                (fk["fields"], fk["reference"]["resource"] or name, fk["reference"]["fields"])
                for fk in schema.get("foreignKeys", [])
            ]
            table = db.table(name)
            table.create(
                {f["name"]: SQL_TYPES[f.get("type", "string")] for f in fields},
                pk=pk[0] if len(pk) == 1 else tuple(pk),
                foreign_keys=fks,
                not_null={f["name"] for f in fields if f.get("constraints", {}).get("required")},
            )
            types = {f["name"]: f.get("type", "string") for f in fields}
            table.insert_all([{k: _value(v, types[k]) for k, v in row.items()} for row in rows])
            for column in index_fields(schema):
                table.create_index([column])
            searchable = list(search_fields.get(name, ()))
            if searchable:
                table.enable_fts(searchable, tokenize="trigram")
        search = db.table("search")
        search.create(
            {"table_name": str, "row_id": str, "field": str, "value": str, "chars": str},
            not_null={"table_name", "row_id", "field", "value", "chars"},
        )
        search.insert_all(
            {
                "table_name": name,
                "row_id": row["id"],
                "field": field,
                "value": row[field],
                "chars": spaced(normalise(row[field])),
            }
            for name, fields in search_fields.items()
            for row in tables[name]
            for field in fields
            if row.get(field)
        )
        search.create_index(["table_name", "row_id"])
        # Contentless, so that Datasette does not put its own (trigram-style) search box on `search`:
        # the canned query is the way in. sqlite-utils only makes external-content FTS tables.
        db.execute(
            "CREATE VIRTUAL TABLE search_chars USING fts5(chars, content='', tokenize='unicode61 remove_diacritics 2')"
        )
        db.execute("INSERT INTO search_chars (rowid, chars) SELECT rowid, chars FROM search")
        db.conn.commit()
        db.analyze()
        db.vacuum()
        db.close()
        return path.read_bytes()


def sqlite_library_version() -> str:
    return sqlite3.sqlite_version
