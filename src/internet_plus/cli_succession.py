"""``internet-plus holders AGENCY`` (who holds a 2015 body's role, and by which reforms) and the citation finder behind
``internet-plus cite FILE`` (every citation of a family document in a Chinese text, resolved), in any of the CLI's
output formats."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from .errors import DatasetError

__all__ = ["CITE_FIELDS", "HOLDER_FIELDS", "add_commands", "cmd_find_citations", "cmd_holders"]

HOLDER_FIELDS = (
    "agency_id",
    "holder_agency_id",
    "holder_name_zh",
    "outcome",
    "as_of",
    "path",
    "path_changes",
    "caveats",
)
CITE_FIELDS = ("start", "end", "citation", "kind", "key", "document_id", "number_zh")


def cmd_holders(args: argparse.Namespace) -> int:
    from . import load
    from ._output import write_rows

    ds = load()
    try:
        as_of = date.fromisoformat(args.as_of) if args.as_of else None
    except ValueError:
        raise DatasetError(f"--as-of must be a date like 2020-01-01, not {args.as_of!r}") from None
    rows = []
    for h in ds.holders_of(args.agency, as_of=as_of):
        holder = ds.agency(h.holder_id) if h.holder_id else None
        rows.append(
            {
                "agency_id": h.agency_id,
                "holder_agency_id": h.holder_id,
                "holder_name_zh": holder.name_zh_full if holder else None,
                "outcome": h.outcome,
                "as_of": h.as_of,
                "path": " ".join(f"{c.id} ({c.change}, {c.effective_date or c.year})" for c in h.path) or None,
                "path_changes": " ".join(c.change for c in h.path) or None,
                "caveats": " ".join(c.id for c in h.caveats) or None,
            }
        )
    write_rows(args.format, list(HOLDER_FIELDS), rows)
    return 0


def _read(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DatasetError(f"no such file: {name}") from None
    except UnicodeDecodeError:
        raise DatasetError(f"{name} is not UTF-8 text") from None
    except OSError as exc:
        raise DatasetError(f"cannot read {name}: {exc.strerror}") from None


def cmd_find_citations(name: str, fmt: str) -> int:
    """``internet-plus cite FILE`` (``cli_cite`` sends a file here): every citation in the text, resolved."""
    from . import load
    from ._output import write_rows

    ds = load()
    text = _read(name)
    rows = []
    for c in ds.citations.find(text):
        doc = ds.get("documents", c.document_id) if c.document_id else None
        rows.append(
            {
                "start": c.start,
                "end": c.end,
                "citation": c.text,
                "kind": c.kind,
                "key": c.key,
                "document_id": c.document_id,
                "number_zh": doc.number_zh if doc else None,
            }
        )
    write_rows(fmt, list(CITE_FIELDS), rows)
    resolved = sum(1 for r in rows if r["document_id"])
    print(f"({len(rows)} citations, {resolved} resolved to a family document)", file=sys.stderr)
    return 0


def add_commands(sub: Any, output_options: Any) -> None:
    holders = sub.add_parser("holders", help="who holds a 2015 body's role today (or --as-of a date), by which reforms")
    holders.add_argument("agency", help="an agency id, e.g. aqsiq, cbrc, ndrc")
    holders.add_argument("--as-of", help="the date to answer for (default: the succession data's as-of date)")
    output_options(holders, fields=False)
    holders.set_defaults(func=cmd_holders)
