"""The version is written once, in pyproject.toml; everything else reads it or is built from it."""

from __future__ import annotations

import json
import re
import tomllib
from importlib.metadata import version
from pathlib import Path
from typing import Any

import internet_plus


def _pyproject_version(root: Path) -> str:
    value: str = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    return value


def test_installed_metadata_is_the_pyproject_version(root: Path) -> None:
    assert version("internet-plus") == _pyproject_version(root), "stale install: run pip install -e '.[dev]' again"


def test_library_and_loaded_dataset_report_it(root: Path, ds: Any) -> None:
    assert internet_plus.__version__ == ds.version == _pyproject_version(root)


def test_the_build_writes_it_into_datapackage_and_citation(root: Path) -> None:
    expected = _pyproject_version(root)
    assert json.loads((root / "datapackage.json").read_text(encoding="utf-8"))["version"] == expected
    citation = (root / "CITATION.cff").read_text(encoding="utf-8")
    assert re.findall(r"^version: (.+)$", citation, re.M) == [expected]


def test_no_code_spells_the_version(root: Path) -> None:
    literal = re.compile(re.escape(f'"{_pyproject_version(root)}"') + "|" + re.escape(f"'{_pyproject_version(root)}'"))
    for folder in ("src", "api", "scripts"):
        for path in (root / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8").replace('"openapi": "3.1.0"', "")  # the OpenAPI version, not ours
            assert not literal.search(text), f"{path.relative_to(root)} spells the version"
