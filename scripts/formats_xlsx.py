"""The package -> one Excel workbook: an ``about`` sheet, then a sheet per table, via openpyxl.

``about`` says what the file is: title, version, licence, source, and the tables with their row counts
and descriptions. Each table sheet has two header rows, the field names (English) and the schema's
Chinese titles, frozen, with an autofilter on the Chinese header, and column widths from the content.

Formula injection: every text cell is written as a string cell (openpyxl would otherwise store a value
starting with ``=`` as a formula), so Excel never evaluates a value; the text stays verbatim.

Byte-identical on a rebuild: openpyxl stamps the save time into docProps/core.xml and every zip entry,
so the workbook is re-zipped with the package's creation date in both places.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["display_width", "xlsx_bytes"]

MAX_WIDTH = 60
_STAMP = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)")


def display_width(text: str) -> int:
    """Columns a value takes: a CJK character is as wide as two Latin ones."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def _cell(sheet: Any, row: int, col: int, value: Any) -> None:
    cell = sheet.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # a string cell, never a formula, whatever the value starts with


def _table_sheet(book: Any, name: str, rows: Sequence[Mapping[str, Any]], schema: Mapping[str, Any]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title=name[:31])
    fields = schema["fields"]
    bold = Font(bold=True)
    widths = []
    for col, f in enumerate(fields, 1):
        _cell(sheet, 1, col, f["name"])
        _cell(sheet, 2, col, f.get("title", f["name"]))
        sheet.cell(row=1, column=col).font = bold
        sheet.cell(row=2, column=col).font = bold
        widths.append(max(display_width(f["name"]), display_width(f.get("title", ""))))
    for r, row in enumerate(rows, 3):
        for col, f in enumerate(fields, 1):
            value = row[f["name"]]
            _cell(sheet, r, col, value)
            text = "" if value is None else str(value)
            widths[col - 1] = max(widths[col - 1], display_width(text.split("\n", 1)[0]))
    for col, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(col)].width = min(MAX_WIDTH, width + 2)
    sheet.freeze_panes = "B3"
    last = get_column_letter(len(fields))
    sheet.auto_filter.ref = f"A2:{last}{len(rows) + 2}"


def _about_sheet(
    book: Any, package: Mapping[str, Any], tables: Mapping[str, Sequence[Any]], schemas: Mapping[str, Mapping[str, Any]]
) -> None:
    from openpyxl.styles import Font

    sheet = book.active
    sheet.title = "about"
    bold = Font(bold=True)
    licence = package["licenses"][0]
    source = package["sources"][0]
    facts = [
        ("title", package["title"]),
        ("version", package["version"]),
        ("licence", f"{licence['name']}: {licence['title']} ({licence['path']})"),
        ("source", f"{source['title']}: {source['path']}"),
        ("homepage", package.get("homepage", "")),
        ("description", package["description"]),
    ]
    for r, (key, value) in enumerate(facts, 1):
        _cell(sheet, r, 1, key)
        _cell(sheet, r, 2, value)
        sheet.cell(row=r, column=1).font = bold
    start = len(facts) + 2
    for col, head in enumerate(("sheet", "rows", "title", "description"), 1):
        _cell(sheet, start, col, head)
        sheet.cell(row=start, column=col).font = bold
    for r, name in enumerate(tables, start + 1):
        _cell(sheet, r, 1, name)
        _cell(sheet, r, 2, len(tables[name]))
        _cell(sheet, r, 3, schemas[name].get("title", ""))
        _cell(sheet, r, 4, schemas[name].get("description", ""))
    for letter, width in zip("ABCD", (18, 8, 24, 100), strict=True):
        sheet.column_dimensions[letter].width = width


def _restamp(data: bytes, stamp: str) -> bytes:
    """Fixed timestamps in docProps/core.xml and on every zip entry; entries keep openpyxl's order."""
    y, mo, d, h, mi, sec = (int(x) for x in re.split(r"[-T:Z]", stamp)[:6])
    when = (y, mo, d, h, mi, sec)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _STAMP.sub(rb"\g<1>" + stamp.encode() + rb"\g<3>", body)
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.external_attr = 0o100644 << 16
            entry.create_system = 3
            dst.writestr(entry, body, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def xlsx_bytes(
    package: Mapping[str, Any],
    tables: Mapping[str, Sequence[Mapping[str, Any]]],
    schemas: Mapping[str, Mapping[str, Any]],
) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    _about_sheet(book, package, tables, schemas)
    for name, rows in tables.items():
        _table_sheet(book, name, rows, schemas[name])
    book.properties.title = package["title"]
    book.properties.creator = "internet-plus build"
    buf = io.BytesIO()
    book.save(buf)
    return _restamp(buf.getvalue(), str(package["created"]))
