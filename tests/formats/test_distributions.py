"""The derived distributions are rebuilt byte for byte from the package, listed in datapackage.json
with their checksums (tests/api/test_api_distributions.py: served by the API)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from formats import derived_files


def _package(root: Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    return result


def test_a_rebuild_gives_the_committed_bytes(root: Path) -> None:
    """Depends on the pinned writers and on the SQLite library (see scripts/formats_sqlite.py)."""
    package = _package(root)
    names = [r["name"] for r in package["resources"]]
    inputs = {f"dataset/{n}.json": (root / "dataset" / f"{n}.json").read_bytes() for n in names}
    first = derived_files(inputs, package, names)  # another process, another time than the committed build
    listed = {d["path"] for d in package["distributions"]}
    assert set(first) == listed
    for path, data in first.items():
        assert (root / path).read_bytes() == data, f"{path} is out of date: run scripts/build.py"


def test_each_distribution_is_listed_with_format_size_and_sha256(root: Path) -> None:
    package = _package(root)
    formats = sorted({d["format"] for d in package["distributions"]})
    assert formats == ["akn", "json", "parquet", "sqlite", "turtle", "xlsx"]
    assert sum(d["format"] == "parquet" for d in package["distributions"]) == len(package["resources"])
    for d in package["distributions"]:
        data = (root / d["path"]).read_bytes()
        assert d["bytes"] == len(data) and d["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert d["mediatype"] and d["description"]
