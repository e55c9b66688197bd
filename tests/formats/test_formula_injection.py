"""Spreadsheet formula injection: the Excel-oriented outputs (CSV with bom, xlsx) neutralise a cell that
starts like a formula; the plain CSV keeps every value byte for byte."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from internet_plus.csvfile import FORMULA_STARTS, csv_bytes

HOSTILE = ['=HYPERLINK("http://example.invalid","x")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1"]


def _cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_excel_variant_prefixes_formula_like_cells() -> None:
    rows = [{"id": value, "n": 1} for value in [*HOSTILE, "safe", "a=b", "——"]]
    excel = csv_bytes(["id", "n"], rows, bom=True)
    assert excel.startswith(b"\xef\xbb\xbf")
    assert [r[0] for r in _cells(excel)[1:]] == ["'" + v for v in HOSTILE] + ["safe", "a=b", "——"]


def test_the_plain_csv_is_byte_faithful() -> None:
    rows = [{"id": value, "n": 1} for value in HOSTILE]
    plain = csv_bytes(["id", "n"], rows)
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert [r[0] for r in _cells(plain)[1:]] == HOSTILE


def test_no_published_cell_starts_like_a_formula(root: Path) -> None:
    """So the Excel variants of the published tables differ from them by the BOM alone (see test_cli.py)."""
    package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        for row in _cells((root / resource["path"]).read_bytes()):
            assert not any(c.startswith(FORMULA_STARTS) for c in row), (resource["name"], row[0])


def test_the_api_bom_variant_neutralises_too() -> None:
    from internet_plus_api.render import csv_bytes as api_csv_bytes

    assert api_csv_bytes(["id"], [{"id": "=1+1"}], bom=True) == "\ufeffid\n'=1+1\n".encode()
    assert api_csv_bytes(["id"], [{"id": "=1+1"}]) == b"id\n=1+1\n"
