"""Loading: once, immutable, integrity-checked; lookups that never raise and lookups that explain."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pydantic
import pytest

import internet_plus
from internet_plus import DataIntegrityError, NotFoundError


def test_load_is_cached_and_tables_are_immutable(ds: Any) -> None:
    assert internet_plus.load() is ds
    assert isinstance(ds.tasks, tuple)
    with pytest.raises(pydantic.ValidationError):
        ds.tasks[0].title_zh = "x"
    with pytest.raises(TypeError):
        ds._index["tasks"]["A01.1"] = None


def test_get_never_raises(ds: Any) -> None:
    assert ds.get("actions", "A02").title_zh == "“互联网+”协同制造"
    assert ds.get("actions", "A12") is None
    assert ds.get("actions", "A12", "none") == "none"
    assert ds.get("no-such-table", "A02") is None


def test_a_wrong_id_names_the_id_and_the_nearest(ds: Any) -> None:
    with pytest.raises(NotFoundError) as err:
        ds.action("A2")
    assert str(err.value).startswith("no actions row with id 'A2'; nearest: ")
    assert "A02" in err.value.nearest
    with pytest.raises(NotFoundError, match=r"no agencies row with id 'nrdc'; nearest: ndrc"):
        ds.agency("nrdc")


def test_successors_of_aqsiq(ds: Any) -> None:
    assert ds.successors("aqsiq")[0].successor_en == "State Administration for Market Regulation"


@pytest.fixture
def package_copy(tmp_path: Path, root: Path) -> Path:
    shutil.copytree(root / "dataset", tmp_path / "dataset")
    shutil.copytree(root / "schemas", tmp_path / "schemas")
    shutil.copy(root / "datapackage.json", tmp_path)
    return tmp_path


def test_a_copy_loads(package_copy: Path) -> None:
    assert len(internet_plus.load(package_copy).rows("tasks", document="guofa-2015-40")) == 40


def test_a_corrupted_file_is_refused_by_name(package_copy: Path) -> None:
    path = package_copy / "dataset" / "tasks.json"
    path.write_bytes(path.read_bytes().replace("智能制造".encode(), "智能製造".encode(), 1))
    with pytest.raises(DataIntegrityError, match=r"dataset/tasks\.json: corrupted or modified"):
        internet_plus.load(package_copy)


def test_a_missing_file_is_refused_by_name(package_copy: Path) -> None:
    (package_copy / "dataset" / "agencies.json").unlink()
    with pytest.raises(DataIntegrityError, match=r"dataset/agencies\.json: file is missing"):
        internet_plus.load(package_copy)


def test_a_broken_descriptor_is_refused(package_copy: Path) -> None:
    (package_copy / "datapackage.json").write_text("[", encoding="utf-8")
    with pytest.raises(DataIntegrityError, match=r"datapackage\.json is not valid JSON"):
        internet_plus.load(package_copy)


def test_a_copy_is_validated_against_the_models(package_copy: Path) -> None:
    """A row that breaks the schema is refused even when its file's hash was updated to match."""
    import hashlib
    import json

    path = package_copy / "dataset" / "tasks.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    rows[3]["action_id"] = "A 2"
    data = json.dumps(rows, ensure_ascii=False).encode("utf-8")
    path.write_bytes(data)
    descriptor = json.loads((package_copy / "datapackage.json").read_text(encoding="utf-8"))
    for r in descriptor["resources"]:
        if r["name"] == "tasks":
            r["json"].update(bytes=len(data), hash="sha256:" + hashlib.sha256(data).hexdigest())
    (package_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(DataIntegrityError, match=r"dataset/tasks\.json: row 3\.action_id: String should match pattern"):
        internet_plus.load(package_copy)


def test_bundled_rows_equal_validated_rows(ds: Any, root: Path) -> None:
    """The fast path (hash-checked, not re-validated) gives exactly what full validation gives."""
    strict = internet_plus.load(root, validate=True)
    for table in ds.tables:
        assert strict.rows(table) == ds.rows(table), table
