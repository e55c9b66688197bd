"""``internet-plus releases`` and ``internet-plus diff``: the published releases and what changed between them.

Without ``--format`` each prints tab-separated lines (one per release or change, escaped so that a value
never breaks a line); ``--format`` gives the four formats of ``show`` (_output.py), so the changes can be
read into a program as JSON, NDJSON or the published CSV dialect with nulls as empty cells.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["DIFF_COLUMNS", "RELEASE_COLUMNS", "add_commands"]

DIFF_COLUMNS = ("release", "table_name", "row_id", "field", "kind", "old_value", "new_value", "reason")


def _cell(value: str | None) -> str:
    """Tab-separated output stays one line per change: tabs and line breaks in a value are escaped."""
    if value is None:
        return "-"
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


RELEASE_COLUMNS = ("version", "date", "changes", "file", "sha256")


def cmd_releases(args: argparse.Namespace) -> int:
    from . import load
    from .versions import releases

    published = releases()
    if args.format is not None:
        from ._output import write_rows

        rows = [
            {"version": r.version, "date": r.date, "changes": r.changes, "file": r.zip.path, "sha256": r.zip.sha256}
            for r in published
        ]
        write_rows(args.format, RELEASE_COLUMNS, rows)
    else:
        print("\t".join(RELEASE_COLUMNS))
        for r in published:
            print(f"{r.version}\t{r.date}\t{r.changes}\t{r.zip.path}\t{r.zip.sha256}")
    current = load().version
    if current not in {r.version for r in published}:
        print(f"(installed data {current}: not published yet)", file=sys.stderr)
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from .versions import changes_between

    rows: Any = changes_between(args.old, args.new, args.table, args.id)
    if args.format is not None:
        from ._output import write_rows

        write_rows(args.format, DIFF_COLUMNS, [{f: getattr(c, f) for f in DIFF_COLUMNS} for c in rows])
    else:
        print("\t".join(DIFF_COLUMNS))
        for c in rows:
            print("\t".join(_cell(getattr(c, f)) for f in DIFF_COLUMNS))
    which = " ".join(w for w in (args.table, args.id) if w)
    print(f"({len(rows)} changes{' to ' + which if which else ''} from {args.old} to {args.new})", file=sys.stderr)
    return 0


def _format_option(parser: argparse.ArgumentParser) -> None:
    from ._output import FORMATS

    parser.add_argument(
        "--format", choices=FORMATS, default=None, help="table, json, csv or ndjson (default: tab-separated lines)"
    )


def add_commands(sub: Any) -> None:
    releases = sub.add_parser("releases", help="every published release: date, changes, zip and its sha256")
    _format_option(releases)
    releases.set_defaults(func=cmd_releases)
    diff = sub.add_parser("diff", help="every changed table, field, row and cell between two releases, with reasons")
    diff.add_argument("old", help="the earlier release, e.g. 1.0.0")
    diff.add_argument("new", help="the later release, e.g. 1.1.0")
    diff.add_argument("--table", help="only this table's changes, e.g. errata")
    diff.add_argument("--id", help="only the changes to the row with this id, e.g. A02.1 (with --table: of that table)")
    _format_option(diff)
    diff.set_defaults(func=cmd_diff)
