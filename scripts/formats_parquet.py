"""The package -> one Parquet file per table, with the schema's types and descriptions, via pyarrow.

Types: string -> string, integer -> int64, boolean -> bool, date -> date32, all nullable where the
schema does not require a value. The table's title and description are the file's key-value metadata
(``title``, ``description``, ``licenses``, ``source``); each field carries its ``description`` and
Chinese ``title`` as Arrow field metadata (kept in the file's ARROW:schema).

Byte-identical on a rebuild with the same pyarrow (the footer names the writer: ``created_by``
parquet-cpp-arrow version …), hence the exact pin in the ``formats`` extra.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["parquet_bytes"]


def _arrow_type(pa: Any, ftype: str) -> Any:
    types = {
        "string": pa.string(),
        "integer": pa.int64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "number": pa.float64(),
    }
    if ftype not in types:
        raise ValueError(f"no Parquet type for Table Schema type {ftype!r}")
    return types[ftype]


def _value(value: Any, ftype: str) -> Any:
    if value is not None and ftype == "date":
        return dt.date.fromisoformat(value)
    return value


def parquet_bytes(rows: Sequence[Mapping[str, Any]], schema: Mapping[str, Any], extra: Mapping[str, str]) -> bytes:
    """One table's Parquet bytes; ``extra`` is file-level metadata (licence, source) from the package."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    fields = schema["fields"]
    arrow_fields = [
        pa.field(
            f["name"],
            _arrow_type(pa, f.get("type", "string")),
            nullable=not f.get("constraints", {}).get("required", False),
            metadata={"description": f.get("description", ""), "title": f.get("title", "")},
        )
        for f in fields
    ]
    metadata = {"title": schema.get("title", ""), "description": schema.get("description", ""), **extra}
    arrow_schema = pa.schema(arrow_fields, metadata=metadata)
    columns = {f["name"]: [_value(row[f["name"]], f.get("type", "string")) for row in rows] for f in fields}
    table = pa.Table.from_pydict(columns, schema=arrow_schema)
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd", compression_level=9, write_statistics=True)
    return buf.getvalue()
