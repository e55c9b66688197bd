"""The Excel workbook: an about sheet saying what it is, then each table with both headers, widths,
a frozen header and a filter; no cell is ever a formula."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from formats_xlsx import xlsx_bytes

XLSX = "dataset/internet-plus.xlsx"


@pytest.fixture(scope="module")
def package(root: Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    return result


@pytest.fixture(scope="module")
def book(root: Path) -> Any:
    return openpyxl.load_workbook(root / XLSX)


def test_the_first_sheet_says_what_the_file_is(book: Any, package: dict[str, Any]) -> None:
    assert book.sheetnames[0] == "about"
    about = {row[0]: row[1] for row in book["about"].iter_rows(min_row=1, max_row=6, values_only=True)}
    assert about["title"] == package["title"] and about["version"] == package["version"]
    assert package["licenses"][0]["name"] in about["licence"]
    assert package["sources"][0]["path"] in about["source"]
    listed = [r for r in book["about"].iter_rows(min_row=9, values_only=True) if r[0]]
    assert [(r[0], r[1]) for r in listed] == [
        (res["name"], len(json.loads((Path(__file__).resolve().parents[2] / res["json"]["path"]).read_text())))
        for res in package["resources"]
    ]
    assert book.sheetnames[1:] == [r["name"] for r in package["resources"]]


def test_each_table_sheet_has_both_headers_widths_freeze_and_filter(book: Any, root: Path) -> None:
    sheet = book["agencies"]
    schema = json.loads((root / "schemas" / "agencies.json").read_text(encoding="utf-8"))
    assert [c.value for c in sheet[1]] == [f["name"] for f in schema["fields"]]
    assert [c.value for c in sheet[2]] == [f["title"] for f in schema["fields"]]
    assert sheet.freeze_panes == "B3"
    last = 2 + len(json.loads((root / "dataset" / "agencies.json").read_text(encoding="utf-8")))  # two header rows
    assert sheet.auto_filter.ref == f"A2:{sheet.cell(row=2, column=len(schema['fields'])).column_letter}{last}"
    assert sheet["A3"].value == "all_departments" and sheet.max_row == last
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width / 2 > 1


def test_a_value_that_looks_like_a_formula_stays_text() -> None:
    schema = {
        "title": "t",
        "description": "d",
        "fields": [{"name": "id", "title": "编号", "type": "string"}, {"name": "n", "title": "数", "type": "integer"}],
    }
    package = {
        "title": "T",
        "version": "0",
        "description": "D",
        "homepage": "h",
        "created": "2015-07-04T00:00:00Z",
        "licenses": [{"name": "CC0-1.0", "title": "x", "path": "p"}],
        "sources": [{"title": "s", "path": "u"}],
    }
    hostile = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"]
    data = xlsx_bytes(package, {"t": [{"id": v, "n": i} for i, v in enumerate(hostile)]}, {"t": schema})
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and all(b"<f>" not in s and b"<f " not in s for s in sheets)
    loaded = openpyxl.load_workbook(io.BytesIO(data))["t"]
    assert [loaded.cell(row=r, column=1).value for r in range(3, 7)] == hostile
    assert all(loaded.cell(row=r, column=1).data_type == "s" for r in range(3, 7))
