"""Parquet per table: DuckDB and polars read every file with the schema's types, rows and descriptions."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest

TABLES = [p.stem for p in sorted((Path(__file__).resolve().parents[2] / "schemas").glob("*.json"))]
DUCKDB_TYPE = {"string": "VARCHAR", "integer": "BIGINT", "boolean": "BOOLEAN", "date": "DATE"}
POLARS_TYPE = {"string": pl.String, "integer": pl.Int64, "boolean": pl.Boolean, "date": pl.Date}


def _load(root: Path, table: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    schema = json.loads((root / "schemas" / f"{table}.json").read_text(encoding="utf-8"))
    rows = json.loads((root / "dataset" / f"{table}.json").read_text(encoding="utf-8"))
    for row in rows:  # JSON writes dates as text; the Parquet files carry real dates
        for f in schema["fields"]:
            if f["type"] == "date" and row[f["name"]] is not None:
                row[f["name"]] = dt.date.fromisoformat(row[f["name"]])
    return schema, rows


@pytest.mark.parametrize("table", TABLES)
def test_duckdb_reads_the_schema_types_and_rows(root: Path, table: str) -> None:
    schema, rows = _load(root, table)
    con = duckdb.connect()
    relation = con.sql(f"select * from read_parquet('{root / 'dataset' / (table + '.parquet')}')")
    assert list(zip(relation.columns, map(str, relation.types), strict=True)) == [
        (f["name"], DUCKDB_TYPE[f["type"]]) for f in schema["fields"]
    ]
    assert [dict(zip(relation.columns, r, strict=True)) for r in relation.fetchall()] == rows


@pytest.mark.parametrize("table", TABLES)
def test_polars_reads_the_schema_types_and_rows(root: Path, table: str) -> None:
    schema, rows = _load(root, table)
    frame = pl.read_parquet(root / "dataset" / f"{table}.parquet")
    assert list(frame.schema.items()) == [(f["name"], POLARS_TYPE[f["type"]]) for f in schema["fields"]]
    assert frame.to_dicts() == rows


@pytest.mark.parametrize("table", TABLES)
def test_descriptions_travel_with_the_file(root: Path, table: str) -> None:
    schema, _ = _load(root, table)
    arrow = pq.read_schema(root / "dataset" / f"{table}.parquet")
    assert arrow.metadata[b"title"].decode() == schema["title"]
    assert arrow.metadata[b"description"].decode() == schema["description"]
    for f in schema["fields"]:
        field = arrow.field(f["name"])
        assert field.metadata[b"description"].decode() == f["description"]
        assert field.metadata[b"title"].decode() == f["title"]
        assert field.nullable is not bool(f.get("constraints", {}).get("required"))
