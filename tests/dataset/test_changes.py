"""The row-level changes of this release against the last published one, each with its reason."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from internet_plus.csvfile import cell


def test_every_change_is_of_this_release_against_the_last_published(ds: Any, root: Path) -> None:
    published = [r["version"] for r in json.loads((root / "releases" / "index.json").read_text("utf-8"))["releases"]]
    assert {(c.release, c.previous_release) for c in ds.changes} <= {(ds.version, published[-1])}
    assert [c.id for c in ds.changes] == [f"{ds.version}-{i:04d}" for i in range(1, len(ds.changes) + 1)]


def test_every_change_says_why(ds: Any) -> None:
    assert all(c.reason.strip() for c in ds.changes)


def test_a_modified_or_added_cell_holds_its_new_value_now(ds: Any) -> None:
    for c in ds.changes:
        if c.kind == "removed" or c.row_id is None or c.field is None:
            continue
        row = ds.get(c.table_name, c.row_id)
        assert row is not None, c.id
        assert cell(getattr(row, c.field)) == (c.new_value or ""), c.id
