"""DataFrames with proper dtypes, and a friendly message when pandas is missing."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from internet_plus import MissingExtraError


def test_tasks_frame_dtypes(ds: Any, csv_rows: Any) -> None:
    frame = ds.to_pandas("tasks")
    assert list(frame["id"]) == [t["id"] for t in csv_rows("tasks")]
    assert list(frame.columns) == list(type(ds.tasks[0]).model_fields)
    assert str(frame["start"].dtype) == "Int64" and str(frame["position"].dtype) == "Int64"
    assert str(frame["title_zh"].dtype).startswith("string")
    assert frame.loc[frame["id"] == "A02.1", "title_zh"].item() == "大力发展智能制造"


def test_dates_and_booleans(ds: Any) -> None:
    docs = ds.to_pandas("documents")
    assert str(docs["signed"].dtype).startswith("datetime64")
    changes = ds.to_pandas("agency_changes")
    assert str(changes["verified"].dtype) == "boolean"
    assert str(changes["year"].dtype) == "Int64"


def test_missing_pandas_gets_install_hint(ds: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` raise ImportError
    with pytest.raises(MissingExtraError, match=r"pip install 'internet-plus\[pandas\]'"):
        ds.to_pandas("tasks")


def test_unknown_table(ds: Any) -> None:
    with pytest.raises(KeyError, match="taks"):
        ds.to_pandas("taks")
