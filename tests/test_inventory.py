"""One table inventory: a table in schemas/ appears everywhere a table should, under the same name.

Add schemas/<table>.json and this file names every place still missing it: the build's inventory,
the published files and datapackage.json, the model and the Dataset's attribute, the searchable
text, the data dictionary, the README's table list, the API's collection, and the table's tests.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from internet_plus.dataset import Dataset
from internet_plus.models import MODELS
from internet_plus.search import SEARCH_FIELDS

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_TABLES = sorted(p.stem for p in (ROOT / "schemas").glob("*.json"))
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def collections() -> set[str]:
    from internet_plus_api.app import create_app
    from litestar.testing import TestClient

    with TestClient(app=create_app()) as client:
        return {c["table"] for c in client.get("/v1").json()["collections"]}


def test_the_build_inventory_names_exactly_the_schemas() -> None:
    from _common import TABLES

    assert sorted(TABLES) == SCHEMA_TABLES


@pytest.mark.parametrize("table", SCHEMA_TABLES)
def test_the_table_is_published_and_listed(table: str) -> None:
    package = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    resource = next((r for r in package["resources"] if r["name"] == table), None)
    assert resource is not None, f"datapackage.json has no resource {table}"
    assert resource["path"] == f"dataset/{table}.csv" and resource["json"]["path"] == f"dataset/{table}.json"
    assert resource["schema"] == f"schemas/{table}.json"
    assert (ROOT / "dataset" / f"{table}.csv").is_file() and (ROOT / "dataset" / f"{table}.json").is_file()


@pytest.mark.parametrize("table", SCHEMA_TABLES)
def test_the_table_has_its_model_and_dataset_attribute(table: str, ds: Any) -> None:
    schema = json.loads((ROOT / "schemas" / f"{table}.json").read_text(encoding="utf-8"))
    model = MODELS[table]
    assert list(model.model_fields) == [f["name"] for f in schema["fields"]]
    assert isinstance(getattr(Dataset, table), property), f"Dataset has no {table} attribute"
    assert getattr(ds, table) == ds.rows(table)
    assert all(isinstance(row, model) for row in ds.rows(table))


@pytest.mark.parametrize("table", SCHEMA_TABLES)
def test_the_table_has_searchable_text_and_documentation(table: str) -> None:
    assert table in SEARCH_FIELDS, f"internet_plus.search.SEARCH_FIELDS has no entry for {table}"
    dictionary = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert f"\n## {table}\n" in dictionary
    assert re.search(rf"^\| `{table}` \|", README, re.M), f"README's table list has no row for {table}"


@pytest.mark.parametrize("table", SCHEMA_TABLES)
def test_the_table_is_an_api_collection(table: str, collections: set[str]) -> None:
    assert table in collections


@pytest.mark.parametrize("table", SCHEMA_TABLES)
def test_the_table_has_its_own_tests(table: str) -> None:
    """tests/<part>/test_<table>.py: the facts about the table's data, under the table's name."""
    assert list((ROOT / "tests").rglob(f"test_{table}.py")), f"no tests/.../test_{table}.py"


def test_the_readme_api_reference_names_every_table_and_model() -> None:
    reference = README.split("### API reference (public names)", 1)[1].split("\n## ", 1)[0]
    dataset = " ".join(reference.split("- `Dataset`", 1)[1].split("\n- ", 1)[0].split())
    models = " ".join(reference.split("- Models in `internet_plus.models`", 1)[1].split("\n- ", 1)[0].split())
    assert [t for t in SCHEMA_TABLES if not re.search(rf"[`, ]{t}[`,]", dataset)] == []
    assert [m.__name__ for m in MODELS.values() if not re.search(rf"[`, ]{m.__name__}[`,]", models)] == []


def test_the_readme_api_reference_names_every_public_name_of_the_library() -> None:
    """Each name ``internet_plus`` exports is in the reference, so a new public function cannot go unsaid."""
    import internet_plus

    reference = README.split("### API reference (public names)", 1)[1].split("\n## ", 1)[0]
    assert [
        n for n in internet_plus.__all__ if not re.search(rf"`(internet_plus\.)?{re.escape(n)}[`(]", reference)
    ] == []


def test_ci_runs_exactly_the_readme_test_command() -> None:
    test_block = README.split("**Test**", 1)[1].split("```sh\n", 1)[1].split("\n```", 1)[0].strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == test_block
