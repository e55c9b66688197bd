"""``internet-plus releases`` and ``internet-plus diff``: the published releases and what changed between them."""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["add_commands"]

DIFF_COLUMNS = ("release", "table_name", "row_id", "field", "kind", "old_value", "new_value", "reason")


def _cell(value: str | None) -> str:
    """Tab-separated output stays one line per change: tabs and line breaks in a value are escaped."""
    if value is None:
        return "-"
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def cmd_releases(args: argparse.Namespace) -> int:
    from . import load
    from .versions import releases

    published = releases()
    print("version\tdate\tchanges\tfile\tsha256")
    for r in published:
        print(f"{r.version}\t{r.date}\t{r.changes}\t{r.zip.path}\t{r.zip.sha256}")
    current = load().version
    if current not in {r.version for r in published}:
        print(f"(installed data {current}: not published yet)", file=sys.stderr)
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from .versions import changes_between

    rows: Any = changes_between(args.old, args.new, args.table)
    print("\t".join(DIFF_COLUMNS))
    for c in rows:
        print("\t".join(_cell(getattr(c, f)) for f in DIFF_COLUMNS))
    print(f"({len(rows)} changes from {args.old} to {args.new})", file=sys.stderr)
    return 0


def add_commands(sub: Any) -> None:
    sub.add_parser("releases", help="every published release: date, changes, zip and its sha256").set_defaults(
        func=cmd_releases
    )
    diff = sub.add_parser("diff", help="every changed table, field, row and cell between two releases, with reasons")
    diff.add_argument("old", help="the earlier release, e.g. 1.0.0")
    diff.add_argument("new", help="the later release, e.g. 1.1.0")
    diff.add_argument("--table", help="only this table's changes, e.g. errata")
    diff.set_defaults(func=cmd_diff)
