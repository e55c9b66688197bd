"""The derived distributions, built from the package's own files: SQLite (+ Datasette metadata),
Parquet per table, an Excel workbook, Akoma Ntoso XML of each held text and an RDF dump (Turtle).

``build.py`` calls ``derived_files`` after writing the tables and lists the results in
datapackage.json under ``distributions`` (path, format, media type, size, sha256), which is what
the API serves and the portal metadata describes. The inputs are the published JSON rows and the
Table Schemas, so every format says exactly what the CSV and JSON say.

Byte-identical on a rebuild given the writers pinned in the ``formats`` extra (sqlite-utils,
pyarrow, openpyxl, lxml, rdflib) and the same SQLite library (its version is in the database header).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from _common import ROOT, json_bytes, load_schema
from formats_akn import AKN_MEDIA, akn_files
from formats_parquet import parquet_bytes
from formats_sqlite import SEARCH_SQL, sqlite_bytes
from formats_xlsx import xlsx_bytes

__all__ = ["DATASETTE_METADATA", "RDF_PATH", "SQLITE_PATH", "XLSX_PATH", "derived_files", "distribution_entries"]

SQLITE_PATH = "dataset/internet-plus.db"
RDF_PATH = "dataset/internet-plus.ttl"
DATASETTE_METADATA = "dataset/internet-plus.datasette.json"
XLSX_PATH = "dataset/internet-plus.xlsx"
LABEL_FIELDS = ("title_zh", "name_zh", "term_zh", "heading_zh")
MAX_FACETS = 3
MEDIA = {
    "sqlite": "application/vnd.sqlite3",
    "parquet": "application/vnd.apache.parquet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "akn": AKN_MEDIA,
    "turtle": "text/turtle",
}


def _search_fields() -> Mapping[str, Sequence[str]]:
    """From the schemas, as this build reads them: the library's generated copy may be the one being rewritten."""
    from schema_roles import table_roles

    return table_roles().search_fields


def _normalise(text: str) -> str:
    from internet_plus.search import normalise

    return normalise(text)


def _read(files: Mapping[str, bytes], path: str) -> bytes:
    """A file of this build, or (for a rebuild from the published JSON alone) of the repository."""
    return files[path] if path in files else (ROOT / path).read_bytes()


def datasette_metadata(package: Mapping[str, Any], schemas: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Titles, descriptions, licence and source for the database and each table; the search query."""
    licence, source = package["licenses"][0], package["sources"][0]
    common = {
        "license": licence["name"],
        "license_url": licence["path"],
        "source": source["title"],
        "source_url": source["path"],
    }
    tables: dict[str, Any] = {}
    for name, schema in schemas.items():
        names = [f["name"] for f in schema["fields"]]
        entry: dict[str, Any] = {
            "title": schema["title"],
            "description": schema["description"],
            **common,
            "columns": {
                f["name"]: f"{f.get('title', '')}: {f.get('description', '')}".strip(": ") for f in schema["fields"]
            },
        }
        enums = [f["name"] for f in schema["fields"] if f.get("constraints", {}).get("enum")]
        if enums:  # Datasette shows these value counts above the table, as the API's facet= does
            entry["facets"] = enums[:MAX_FACETS]
        label = next((f for f in LABEL_FIELDS if f in names), None)
        if label:
            entry["label_column"] = label
        tables[name] = entry
    tables["search"] = {
        "title": "Searchable text",
        "description": "One row per searchable field of every row (table_name, "
        "row_id, field, value); query it with the canned query `search`, which finds Chinese words of any "
        "length (2-character words too) and English words.",
        **common,
    }
    tables["search_chars"] = {"hidden": True}
    return {
        "title": package["title"],
        "description": package["description"],
        **common,
        "about": "internet-plus",
        "about_url": package["homepage"],
        "databases": {
            "internet-plus": {
                "title": package["title"],
                "description": f"Version {package['version']}. " + package["description"],
                **common,
                "tables": tables,
                "queries": {
                    "search": {
                        "title": "Search the edition (Chinese or English)",
                        "description": "Finds the query as a phrase: Chinese words of any length (金融, 互联网+), English "
                        "words. Use simplified characters. Each table's own search box needs 3 characters or more.",
                        "sql": SEARCH_SQL,
                    }
                },
            }
        },
    }


def derived_files(
    files: Mapping[str, bytes], package: Mapping[str, Any], table_names: Sequence[str]
) -> dict[str, bytes]:
    """Every derived file's bytes by repository path, from the tables' JSON files and schemas."""
    tables = {name: json.loads(files[f"dataset/{name}.json"]) for name in table_names}
    schemas = {name: load_schema(name) for name in table_names}
    licence, source = package["licenses"][0], package["sources"][0]
    extra = {"licenses": licence["name"], "source": source["path"], "package": package["name"]}
    out: dict[str, bytes] = {
        SQLITE_PATH: sqlite_bytes(tables, schemas, _search_fields(), _normalise),
        DATASETTE_METADATA: json_bytes(datasette_metadata(package, schemas), sort_keys=False),
        XLSX_PATH: xlsx_bytes(package, tables, schemas),
    }
    for name in table_names:
        out[f"dataset/{name}.parquet"] = parquet_bytes(tables[name], schemas[name], extra)
    texts = {t["document_id"]: _read(files, t["path"]).decode("utf-8") for t in package["texts"]}
    out.update(akn_files(tables, texts, str(package["created"])[:10]))
    from formats_rdf import turtle_bytes  # rdflib (75 ms of imports) only when the files are written

    out[RDF_PATH] = turtle_bytes(tables)
    return out


def _describe(path: str) -> tuple[str, str]:
    if path == SQLITE_PATH:
        return "sqlite", "Every table in one SQLite database: typed columns, keys, indexes, full-text search."
    if path == DATASETTE_METADATA:
        return (
            "json",
            "Datasette metadata for the SQLite file: datasette internet-plus.db -m internet-plus.datasette.json",
        )
    if path == XLSX_PATH:
        return "xlsx", "Every table in one Excel workbook, with an about sheet; Chinese and English headers."
    if path.endswith(".akn.xml"):
        name = path.rsplit("/", 1)[-1]
        language = "the official Chinese" if ".zh." in name else "the edition's English translation (unofficial)"
        return "akn", f"{name.split('.')[0]} as Akoma Ntoso 3.0 XML: {language}, with FRBR identification."
    if path == RDF_PATH:
        return (
            "turtle",
            "Documents, provisions, agencies, responsibilities, succession and links as RDF (ELI, schema.org).",
        )
    table = path.rsplit("/", 1)[-1].removesuffix(".parquet")
    return "parquet", f"The {table} table as Parquet, with the schema's types and descriptions."


def distribution_entries(derived: Mapping[str, bytes]) -> list[dict[str, Any]]:
    """datapackage.json's ``distributions``: each derived file with its format, media type, size and sha256."""
    import hashlib

    out = []
    for path in sorted(derived):
        fmt, description = _describe(path)
        data = derived[path]
        out.append(
            {
                "path": path,
                "format": fmt,
                "mediatype": MEDIA[fmt],
                "bytes": len(data),
                "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
                "description": description,
            }
        )
    return out
