"""The JSON tables list each row's keys in the schema's field order, as the CSV header does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

TABLES = [p.stem for p in sorted((Path(__file__).resolve().parents[2] / "schemas").glob("*.json"))]


@pytest.mark.parametrize("table", TABLES)
def test_json_keys_follow_schema_field_order(root: Path, table: str) -> None:
    schema = json.loads((root / "schemas" / f"{table}.json").read_text(encoding="utf-8"))
    fields = [f["name"] for f in schema["fields"]]
    rows = json.loads((root / "dataset" / f"{table}.json").read_text(encoding="utf-8"))
    header = (root / "dataset" / f"{table}.csv").read_text(encoding="utf-8").split("\n", 1)[0]
    assert rows and header.split(",") == fields
    assert [list(row) for row in rows] == [fields] * len(rows)
