"""Rows -> file bytes: CSV and JSON per table, the canonical text, and datapackage.json.

The descriptor is written here, not round-tripped through frictionless (which rewrites it); the
frictionless library only validates what we wrote.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from _common import SCHEMAS, BuildError, json_bytes, load_schema, project_version

from internet_plus.csvfile import csv_bytes

__all__ = ["descriptor", "table_files"]


def _typed(value: Any) -> Any:
    """JSON keeps the rows' types (integers, booleans); an empty value is null, as in the CSV's missingValues."""
    return None if value == "" else value


def table_files(name: str, rows: list[dict[str, Any]]) -> dict[str, bytes]:
    schema = load_schema(name)
    fields = [f["name"] for f in schema["fields"]]
    for row in rows:
        if list(row) != fields:
            extra = sorted(set(row) - set(fields))
            missing = [f for f in fields if f not in row]
            raise BuildError(
                f"dataset/{name}.csv: row {row.get('id')!r} does not match schemas/{name}.json "
                f"(extra: {extra}, missing: {missing})"
            )
    json_rows = [{f["name"]: _typed(row[f["name"]]) for f in schema["fields"]} for row in rows]
    return {
        f"dataset/{name}.csv": csv_bytes(fields, rows),
        f"dataset/{name}.json": json_bytes(json_rows, sort_keys=False),
    }


def _file_entry(path: str, data: bytes) -> dict[str, Any]:
    return {"path": path, "bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}


def descriptor(
    files: dict[str, bytes],
    tables: list[str],
    held: list[dict[str, Any]],
    created: str,
    expected: Mapping[str, Mapping[str, Any]],
) -> dict[str, Any]:
    """The package descriptor; ``held``: the documents rows of the texts the edition holds, 40号 first;
    ``created`` is the release's build date (fixed in pyproject.toml), not today; ``expected``: each held
    document's counts from its document.toml, kept beside its text for ``validate``."""
    document = held[0]
    resources: list[dict[str, Any]] = []
    for name in tables:
        schema = load_schema(name)
        csv_path = f"dataset/{name}.csv"
        json_path = f"dataset/{name}.json"
        resources.append(
            {
                "name": name,
                "title": schema["title"],
                "description": schema["description"],
                "profile": "tabular-data-resource",
                **_file_entry(csv_path, files[csv_path]),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {
                    "delimiter": ",",
                    "quoteChar": '"',
                    "doubleQuote": True,
                    "lineTerminator": "\n",
                    "header": True,
                },
                "schema": f"schemas/{name}.json",
                # Frictionless hashes data files only; recording the schema's hash lets every reader refuse an
                # edited schema (which would silently change what validation accepts).
                "schema_file": _file_entry(f"schemas/{name}.json", (SCHEMAS / f"{name}.json").read_bytes()),
                "json": _file_entry(json_path, files[json_path]),
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "internet-plus-guofa-2015-40",
        "id": "internet-plus-guofa-2015-40",
        "title": "Internet Plus action plan (国发〔2015〕40号): structured bilingual edition",
        "description": (
            'The State Council\'s Guiding Opinions on Actively Promoting the "Internet Plus" Action '
            f"({document['number_zh']}, signed {document['signed']}, published {document['published']}) as data: "
            "the document tree with character offsets, its principles, targets, 11 key actions, 40 tasks, "
            "7 groups of 25 supporting measures, the agencies it makes responsible and who leads what, "
            "what became of those agencies in the 2018 and 2023 reforms, and every correction made to the source text; "
            + "".join(f"with the same structure, {d['number_zh']} ({d['title_en']}); " for d in held[1:])
            + "and the policy family: the documents before it and those that implement it, with graded, quoted "
            "evidence for each link."
        ),
        "version": project_version(),
        "homepage": "https://github.com/internet-plus-data/internet-plus",
        "keywords": ["China", "State Council", "Internet Plus", "互联网+", "policy", "国发〔2015〕40号"],
        "languages": ["zh-Hans", "en"],
        "licenses": [
            {
                "name": "CC0-1.0",
                "path": "https://creativecommons.org/publicdomain/zero/1.0/",
                "title": "Creative Commons Zero v1.0 Universal (the dataset); the official Chinese text is an official "
                "document of a state organ, excluded from copyright by art. 5 of the PRC Copyright Law",
            }
        ],
        "sources": [
            {
                "title": f"{d['title_zh']} ({d['number_zh']}), central government portal",
                **({"path": d["url"]} if d["url"] else {}),
            }
            for d in held
        ],
        "contributors": [{"title": "Internet Plus open data contributors", "role": "author"}],
        "created": created + "T00:00:00Z",
        "texts": [
            {
                "document_id": d["id"],
                **_file_entry(d["text_path"], files[d["text_path"]]),
                "mediatype": "text/plain",
                "encoding": "utf-8",
                "description": f"The canonical Chinese text of {d['number_zh']}: its source with the errata applied. "
                "The offsets of its rows point into it, counted in Unicode code points.",
                **({"expected": expected[d["id"]]} if expected.get(d["id"]) else {}),
            }
            for d in held
        ],
        "resources": resources,
    }
