"""Write the tables to a folder as CSV (optionally with a BOM for Excel), JSON, or one XLSX workbook.

CSV and JSON are the published bytes themselves (checked against datapackage.json), so an export
is byte-identical to the release; only the BOM variant differs, by its three leading bytes.
"""

from __future__ import annotations

from pathlib import Path

import orjson

from .errors import DatasetError, MissingExtraError
from .loader import load, read_verified
from .resources import data_root

__all__ = ["export"]

BOM = b"\xef\xbb\xbf"


def export(out: Path, fmt: str, *, bom: bool = False) -> list[Path]:
    if out.exists() and not out.is_dir():
        raise DatasetError(f"{out} exists and is not a directory")
    out.mkdir(parents=True, exist_ok=True)
    root = data_root()
    package = orjson.loads(root.joinpath("datapackage.json").read_bytes())
    written: list[Path] = []
    if fmt == "xlsx":
        return [_xlsx(out / "internet-plus.xlsx")]
    for resource in package["resources"]:
        entry = resource if fmt == "csv" else resource["json"]
        data = read_verified(root, entry)
        target = out / Path(entry["path"]).name
        target.write_bytes(BOM + data if bom else data)
        written.append(target)
    return written


def _xlsx(target: Path) -> Path:
    try:
        from openpyxl import Workbook
    except ImportError:
        raise MissingExtraError("xlsx export needs openpyxl: pip install 'internet-plus[xlsx]'") from None
    ds = load()
    book = Workbook()
    book.remove(book.active)
    for name in ds.tables:
        sheet = book.create_sheet(title=name[:31])
        rows = ds.rows(name)
        fields = list(type(rows[0]).model_fields) if rows else []
        sheet.append(fields)
        for row in rows:
            sheet.append([getattr(row, f) for f in fields])
        sheet.freeze_panes = "A2"
    book.save(target)
    return target
