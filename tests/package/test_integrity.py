"""Every file a reader uses is checked against datapackage.json, schemas included; a fault is one line."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import internet_plus
from internet_plus import DataIntegrityError


@pytest.fixture
def package_copy(tmp_path: Path, root: Path) -> Path:
    shutil.copytree(root / "dataset", tmp_path / "dataset")
    shutil.copytree(root / "schemas", tmp_path / "schemas")
    shutil.copy(root / "datapackage.json", tmp_path)
    return tmp_path


def _validate(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "internet_plus.cli", "validate", "--package", str(folder / "datapackage.json")],
        capture_output=True,
        text=True,
        check=False,
    )


def _one_problem(out: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert out.returncode == 1
    assert "Traceback" not in out.stdout + out.stderr, out.stderr
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 1, out.stdout
    for needle in needles:
        assert needle in lines[0]


def test_every_schema_hash_is_recorded(root: Path) -> None:
    package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        data = (root / resource["schema"]).read_bytes()
        assert resource["schema_file"] == {
            "path": resource["schema"],
            "bytes": len(data),
            "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
        }


def test_a_tampered_schema_is_refused_by_load_and_validate(package_copy: Path) -> None:
    path = package_copy / "schemas" / "tasks.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"required": true', '"required": false', 1), encoding="utf-8"
    )
    with pytest.raises(DataIntegrityError, match=r"^schemas/tasks\.json: corrupted or modified"):
        internet_plus.load(package_copy)
    _one_problem(_validate(package_copy), "schemas/tasks.json", "corrupted or modified")


def test_a_truncated_schema_is_refused_in_one_line(package_copy: Path) -> None:
    path = package_copy / "schemas" / "agencies.json"
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(DataIntegrityError, match=r"^schemas/agencies\.json: corrupted or modified"):
        internet_plus.load(package_copy)
    _one_problem(_validate(package_copy), "schemas/agencies.json")


def test_a_missing_schema_hash_is_refused(package_copy: Path) -> None:
    descriptor = json.loads((package_copy / "datapackage.json").read_text(encoding="utf-8"))
    del descriptor["resources"][2]["schema_file"]
    (package_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(DataIntegrityError, match=r"records no sha256 for its schema 'schemas/"):
        internet_plus.load(package_copy)


def test_non_utf8_text_is_refused_in_one_line(package_copy: Path) -> None:
    """Even with its hash updated: the bytes are not text."""
    descriptor = json.loads((package_copy / "datapackage.json").read_text(encoding="utf-8"))
    text_path = package_copy / descriptor["texts"][0]["path"]
    data = text_path.read_bytes()
    data = data[:50] + b"\xff" + data[51:]
    text_path.write_bytes(data)
    descriptor["texts"][0].update(bytes=len(data), hash="sha256:" + hashlib.sha256(data).hexdigest())
    (package_copy / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DataIntegrityError, match=r"guofa-2015-40\.zh\.txt: not UTF-8 \(byte [0-9]+"):
        internet_plus.load(package_copy)
    _one_problem(_validate(package_copy), "guofa-2015-40.zh.txt", "not UTF-8")


def test_a_truncated_table_with_its_hash_updated_is_one_line(package_copy: Path) -> None:
    path = package_copy / "dataset" / "terms.json"
    data = path.read_bytes()[:-40]
    path.write_bytes(data)
    descriptor = json.loads((package_copy / "datapackage.json").read_text(encoding="utf-8"))
    for r in descriptor["resources"]:
        if r["name"] == "terms":
            r["json"].update(bytes=len(data), hash="sha256:" + hashlib.sha256(data).hexdigest())
    (package_copy / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    for validate in (True, False):
        with pytest.raises(DataIntegrityError, match=r"^dataset/terms\.json: "):
            internet_plus.load(package_copy, validate=validate)
