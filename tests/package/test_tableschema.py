"""The one Table Schema reader: every fault is one line naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from internet_plus import DataIntegrityError
from internet_plus.tableschema import parse_schema


def test_a_published_schema_reads(root: Path) -> None:
    schema = parse_schema((root / "schemas" / "tasks.json").read_bytes(), "schemas/tasks.json")
    assert schema["primaryKey"] == ["id"] and schema["fields"][0]["name"] == "id"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{\n  "fields": [\n', "schemas/x.json: line 3: not valid JSON (Expecting value)"),
        (b"\xff{}", "schemas/x.json: not UTF-8 (invalid start byte at byte 0)"),
        (b"[]", "schemas/x.json: not a Table Schema (no list of fields)"),
        (b'{"fields": [{"type": "string"}]}', "schemas/x.json: not a Table Schema (a field without a name)"),
    ],
)
def test_a_broken_schema_is_one_line_naming_it(data: bytes, message: str) -> None:
    with pytest.raises(DataIntegrityError) as err:
        parse_schema(data, "schemas/x.json")
    assert str(err.value) == message
