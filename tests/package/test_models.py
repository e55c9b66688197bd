"""The models agree with the Table Schemas field by field; id patterns are shared constants."""

from __future__ import annotations

import json
import types
import typing
from pathlib import Path
from typing import Any

import pytest

from internet_plus import ids
from internet_plus.dataset import TABLE_MODELS

TYPES = {"string": str, "integer": int, "boolean": bool}


def schema(root: Path, table: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads((root / "schemas" / f"{table}.json").read_text(encoding="utf-8"))
    return result


@pytest.mark.parametrize("table", sorted(TABLE_MODELS))
def test_model_matches_schema(root: Path, table: str) -> None:
    model = TABLE_MODELS[table]
    fields = schema(root, table)["fields"]
    assert list(model.model_fields) == [f["name"] for f in fields]
    for f in fields:
        info = model.model_fields[f["name"]]
        c = f.get("constraints", {})
        assert info.is_required() == bool(c.get("required")), f["name"]
        ann = info.annotation
        is_union = typing.get_origin(ann) in (typing.Union, types.UnionType)
        base = next(a for a in typing.get_args(ann) if a is not type(None)) if is_union else ann
        if "enum" in c:
            assert list(typing.get_args(base)) == c["enum"], f["name"]
        elif "pattern" in c:
            metadata = [*info.metadata, *getattr(base, "__metadata__", ())]
            patterns = [m.pattern for m in metadata if getattr(m, "pattern", None)]
            assert patterns == [c["pattern"]], f["name"]
        if "minimum" in c:
            metadata = [*info.metadata, *getattr(base, "__metadata__", ())]
            bounds = [getattr(m, "ge", None) for m in metadata] + [
                getattr(x, "ge", None) for m in metadata for x in getattr(m, "metadata", ())
            ]
            assert c["minimum"] in bounds, f["name"]
        if "enum" not in c and f["type"] in TYPES:
            origin = typing.get_args(base)[0] if typing.get_origin(base) is typing.Annotated else base
            assert origin is TYPES[f["type"]], f["name"]


def test_every_schema_pattern_is_an_ids_constant(root: Path) -> None:
    constants = {getattr(ids, n) for n in ids.__all__}
    for path in (root / "schemas").glob("*.json"):
        for f in json.loads(path.read_text(encoding="utf-8"))["fields"]:
            pattern = f.get("constraints", {}).get("pattern")
            if pattern:
                assert pattern in constants, (path.name, f["name"])
                assert pattern.startswith("^") and pattern.endswith("$")


def test_every_table_has_schema_model_csv_json_and_resource(root: Path) -> None:
    package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in package["resources"]]
    assert sorted(names) == sorted(TABLE_MODELS)
    for name in names:
        assert (root / "schemas" / f"{name}.json").is_file()
        assert (root / "dataset" / f"{name}.csv").is_file() and (root / "dataset" / f"{name}.json").is_file()


def test_data_dictionary_documents_every_field(root: Path) -> None:
    text = (root / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    for table in TABLE_MODELS:
        assert f"## {table}" in text
        for field in schema(root, table)["fields"]:
            assert f"| `{field['name']}` |" in text


def test_each_id_is_typed_with_its_own_tables_constant(root: Path) -> None:
    """documents.id and terms.id share a pattern, not a name: each id field names its table's constant."""
    source = (root / "src" / "internet_plus" / "models.py").read_text(encoding="utf-8")
    for table, model in TABLE_MODELS.items():
        constant = "".join("_" + c if c.isupper() and i else c for i, c in enumerate(model.__name__)).upper() + "_ID"
        block = source.split(f"class {model.__name__}(_Record):", 1)[1].split("\nclass ", 1)[0]
        assert f"    id: Annotated[str, StringConstraints(pattern=ids.{constant})]" in block, table
        assert (
            getattr(ids, constant)
            == next(f for f in schema(root, table)["fields"] if f["name"] == "id")["constraints"]["pattern"]
        )


def test_every_ids_constant_types_some_field(root: Path) -> None:
    source = (root / "src" / "internet_plus" / "models.py").read_text(encoding="utf-8")
    assert [n for n in ids.__all__ if f"ids.{n})" not in source] == []


def test_column_types_come_from_the_annotations() -> None:
    from datetime import date

    from internet_plus.dataset import column_types

    assert column_types("documents")["signed"] is date and column_types("documents")["text_length"] is int
    assert column_types("agency_changes")["verified"] is bool and column_types("agency_changes")["year"] is int
    assert column_types("tasks")["translation_status"] is str and column_types("tasks")["title_en"] is str


def test_the_dataset_is_immutable(ds: Any) -> None:
    for name, value in (("version", "x"), ("text", ""), ("tasks", ()), ("anything", 1)):
        with pytest.raises(AttributeError, match="immutable"):
            setattr(ds, name, value)
    with pytest.raises(AttributeError, match="immutable"):
        del ds.version
    assert not hasattr(ds, "__dict__")
    assert ds.version == json.loads((Path(__file__).parents[2] / "datapackage.json").read_text("utf-8"))["version"]
