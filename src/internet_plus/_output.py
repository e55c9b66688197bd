"""Rows on standard output in the CLI's four formats; bytes, so a pipe gets UTF-8 whatever the locale.

``table`` is for reading: aligned columns, cut to the terminal's width only when standard output is
a terminal (a pipe or a file gets every value whole). ``json`` (one array), ``ndjson`` (one object a
line) and ``csv`` (the published dialect, csvfile.py) are for programs and keep every value exactly:
``show TABLE --format csv`` is byte-identical to the published CSV.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Mapping, Sequence
from typing import Any

import orjson

from .csvfile import cell, csv_bytes

__all__ = ["FORMATS", "write_rows"]

FORMATS = ("table", "json", "csv", "ndjson")
Row = Mapping[str, Any]


def _width(text: str) -> int:
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` display columns (a CJK character takes two), marking the cut with …."""
    if _width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = 2 if ord(ch) >= 0x2E80 else 1
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def table_text(fields: Sequence[str], rows: Sequence[Row], *, tty: bool, width: int) -> str:
    values = [[cell(r.get(f)).replace("\n", " ") for f in fields] for r in rows]
    widths = [max([_width(f)] + [_width(v[i]) for v in values]) for i, f in enumerate(fields)]
    if tty:  # narrow the widest columns until the line fits; the first column (the id) stays whole
        widths = [min(w, 60) for w in widths]
        while sum(widths) + 2 * (len(widths) - 1) > width and max(widths[1:], default=0) > 8:
            i = max(range(1, len(widths)), key=lambda k: widths[k])
            widths[i] -= 1
    lines = [
        "  ".join(_pad(_fit(v, w), w) if tty else _pad(v, w) for v, w in zip(line, widths, strict=True)).rstrip()
        for line in [list(fields), *values]
    ]
    return "\n".join(lines) + "\n"


def render_rows(fmt: str, fields: Sequence[str], rows: Sequence[Row], *, tty: bool = False, width: int = 100) -> bytes:
    if fmt == "json":
        return orjson.dumps([{f: r.get(f) for f in fields} for r in rows], option=orjson.OPT_INDENT_2) + b"\n"
    if fmt == "ndjson":
        return b"".join(orjson.dumps({f: r.get(f) for f in fields}) + b"\n" for r in rows)
    if fmt == "csv":
        return csv_bytes(fields, rows)
    return table_text(fields, rows, tty=tty, width=width).encode("utf-8")


def write_rows(fmt: str, fields: Sequence[str], rows: Sequence[Row]) -> None:
    tty = sys.stdout.isatty()
    width = shutil.get_terminal_size((100, 20)).columns
    sys.stdout.buffer.write(render_rows(fmt, fields, rows, tty=tty, width=width))
    sys.stdout.buffer.flush()
