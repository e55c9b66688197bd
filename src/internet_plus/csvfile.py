"""The one CSV writer: the published dialect (RFC 4180 quoting, ``\\n`` line ends, UTF-8, no BOM),
and its Excel variant.

The plain CSV is byte-faithful: every value exactly as in the data. The Excel variant (``bom=True``)
starts with a UTF-8 byte-order mark, without which Excel on Chinese Windows reads UTF-8 as GBK, and
neutralises spreadsheet formula injection: a cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab
or carriage return, which some spreadsheets skip before one of those) gets a leading ``'``, so Excel
shows it as text instead of evaluating it (OWASP's CSV-injection advice). The published data has no
such cell today (a test checks); the rule guards whatever a future row holds.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = ["FORMULA_STARTS", "cell", "csv_bytes", "excel_safe", "excel_variant"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """A JSON value as the published CSV writes it: null is empty, booleans are true/false."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def excel_safe(text: str) -> str:
    """``text``, or ``'`` + ``text`` when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(fields: Sequence[str], rows: Iterable[Mapping[str, Any]], *, bom: bool = False) -> bytes:
    """``rows`` as CSV with a header row of ``fields``; ``bom=True`` for the Excel variant."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(fields)
    if bom:
        writer.writerows([excel_safe(cell(row.get(f))) for f in fields] for row in rows)
        return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")
    writer.writerows([cell(row.get(f)) for f in fields] for row in rows)
    return buf.getvalue().encode("utf-8")


def excel_variant(data: bytes) -> bytes:
    """The Excel variant of a CSV file in the published dialect: a BOM, and formula-like cells neutralised.

    For the published tables (no cell starts like a formula) this is the BOM followed by the same bytes.
    """
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    header = next(reader, [])
    return csv_bytes(header, (dict(zip(header, values, strict=True)) for values in reader), bom=True)
