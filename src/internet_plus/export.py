"""Write the tables to a folder as CSV (optionally with a BOM for Excel), JSON, Parquet, SQLite or XLSX,
and the held texts as Akoma Ntoso XML or the whole as RDF (Turtle).

Every format is the published bytes themselves (checked against datapackage.json, where the derived
distributions are listed under ``distributions``), so an export is byte-identical to the release and
needs no extra library; only the Excel variant of the CSV (``--bom``) differs: a BOM, and any cell that
starts like a formula prefixed with ``'`` (none does in the published data).
"""

from __future__ import annotations

from pathlib import Path

import orjson

from .csvfile import excel_variant
from .errors import DataIntegrityError, DatasetError
from .loader import read_verified
from .resources import data_root

__all__ = ["DISTRIBUTED", "export"]

DISTRIBUTED = {
    "parquet": ("parquet",),
    "sqlite": ("sqlite", "json"),
    "xlsx": ("xlsx",),
    "akn": ("akn",),
    "turtle": ("turtle",),
}
"""Export format -> the distributions' formats it copies (SQLite comes with its Datasette metadata)."""


def export(out: Path, fmt: str, *, bom: bool = False) -> list[Path]:
    if out.exists() and not out.is_dir():
        raise DatasetError(f"{out} exists and is not a directory")
    out.mkdir(parents=True, exist_ok=True)
    root = data_root()
    package = orjson.loads(root.joinpath("datapackage.json").read_bytes())
    written: list[Path] = []
    if fmt in DISTRIBUTED:
        entries = [d for d in package.get("distributions", []) if d.get("format") in DISTRIBUTED[fmt]]
        if not entries:
            raise DataIntegrityError(f"datapackage.json lists no {fmt} distribution")
    else:
        entries = [resource if fmt == "csv" else resource["json"] for resource in package["resources"]]
    for entry in entries:
        data = read_verified(root, entry)
        target = out / Path(entry["path"]).name
        target.write_bytes(excel_variant(data) if bom else data)
        written.append(target)
    return written
