"""The CLI commands that print rows: ``show``, ``search`` and ``count``, in any of the four formats.

Rows are the library's models dumped as JSON values, so every format carries exactly the library's data
(tests/package/test_cli_pipes.py); the formats themselves are in _output.py.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from .errors import DatasetError
from .nearest import nearest

__all__ = ["ENGLISH_FIELDS", "HIT_FIELDS", "TITLE_FIELDS", "UsageError", "cmd_count", "cmd_search", "cmd_show"]

TITLE_FIELDS = ("title_zh", "name_zh", "term_zh", "heading_zh", "kind")
ENGLISH_FIELDS = ("title_en", "name_en", "term_en", "heading_en", "successor_en")


def _fields(table: str, table_fields: Sequence[str], wanted: str | None, default: Sequence[str]) -> list[str]:
    """``--fields a,b`` checked against the table's fields (nearest names on a typo), else ``default``."""
    if not wanted:
        return list(default)
    names = [f.strip() for f in wanted.split(",") if f.strip()]
    for name in names:
        if name not in table_fields:
            near = nearest(name, table_fields)
            hint = f"; nearest: {', '.join(near)}" if near else f"; fields: {', '.join(table_fields)}"
            raise DatasetError(f"{table} has no field {name!r}{hint}")
    return names


def _dump(row: Any) -> dict[str, Any]:
    dumped: dict[str, Any] = row.model_dump(mode="json")
    return dumped


def _row(ds: Any, table: str, key: str) -> Any:
    """A row by id, or by slug for a table that has slugs (``show actions collaborative-manufacturing``)."""
    rows = ds.rows(table)
    row = ds.get(table, key)
    if row is None:
        row = next((r for r in rows if getattr(r, "slug", None) == key), None)
    if row is None:
        from .errors import NotFoundError

        raise NotFoundError(table, key, nearest(key, (r.id for r in rows)))
    return row


def _where(ds: Any, table: str, clauses: Sequence[str] | None) -> tuple[Any, ...]:
    """The rows of ``table`` meeting every ``--where`` (internet_plus.filters: the API's syntax)."""
    rows: tuple[Any, ...] = ds.table(table).filter(*(clauses or ()))
    return rows


def cmd_show(args: argparse.Namespace) -> int:
    from . import load
    from ._output import write_rows
    from .dataset import column_types

    ds = load()
    args.table = ds.table_name(args.table)
    if args.id and args.where:
        raise UsageError("--where lists rows; it cannot be given with an id")
    rows = _where(ds, args.table, args.where)
    model_fields = list(column_types(args.table))
    if args.id:
        record = _dump(_row(ds, args.table, args.id))
        fields = _fields(args.table, model_fields, args.fields, model_fields)
        if args.format == "table":
            sys.stdout.buffer.write(
                "".join(f"{k:>22}: {'' if record[k] is None else record[k]}\n" for k in fields).encode("utf-8")
            )
        elif args.format == "json":
            import orjson

            sys.stdout.buffer.write(orjson.dumps({k: record[k] for k in fields}, option=orjson.OPT_INDENT_2) + b"\n")
        else:
            write_rows(args.format, fields, [record])
        return 0
    brief = ["id"] + [
        next(f for f in group if f in model_fields)
        for group in (TITLE_FIELDS, ENGLISH_FIELDS)
        if any(f in model_fields for f in group)
    ]
    default = brief if args.format == "table" and len(brief) > 1 else model_fields
    write_rows(args.format, _fields(args.table, model_fields, args.fields, default), [_dump(r) for r in rows])
    print(f"({len(rows)} rows)", file=sys.stderr)
    return 0


HIT_FIELDS = ("table", "id", "field", "start", "end", "matches", "snippet")


def cmd_search(args: argparse.Namespace) -> int:
    from . import load
    from ._output import write_rows

    ds = load()
    tables = [ds.table_name(t) for t in args.table] if args.table else None
    hits = ds.search(args.text, tables=tables, document=args.document)
    shown = [{f: getattr(h, f) for f in HIT_FIELDS} for h in hits[: args.limit]]
    fields = ["table", "id", "field", "snippet"] if args.format == "table" else list(HIT_FIELDS)
    write_rows(args.format, fields, shown)
    more = f", {len(shown)} shown" if len(shown) < len(hits) else ""
    print(f"({len(hits)} matching fields{more})", file=sys.stderr)
    return 0 if hits else 1  # nothing found: 1, as grep


def cmd_count(args: argparse.Namespace) -> int:
    """Rows per value of ``--by`` (most first, then by value), among the rows every ``--where`` keeps."""
    from . import load
    from ._output import write_rows
    from .csvfile import cell
    from .dataset import column_types

    ds = load()
    table = ds.table_name(args.table)
    model_fields = list(column_types(table))
    kept = [_dump(r) for r in _where(ds, table, args.where)]
    if not args.by:
        write_rows(args.format, ["count"], [{"count": len(kept)}])
        return 0
    by = _fields(table, model_fields, args.by, ())
    counts: dict[tuple[Any, ...], int] = {}
    for r in kept:
        key = tuple(r[f] for f in by)
        counts[key] = counts.get(key, 0) + 1
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], [cell(v) for v in kv[0]]))
    write_rows(args.format, [*by, "count"], [{**dict(zip(by, k, strict=True)), "count": n} for k, n in ordered])
    return 0


class UsageError(Exception):
    """A combination of arguments argparse cannot check by itself; reported like argparse's own errors."""
