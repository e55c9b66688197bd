"""``internet-plus lineage SUBJECT``: the documents of the policy family linked to a document, action,
task or measure, strongest evidence first, in any of the CLI's output formats."""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["LINEAGE_FIELDS", "add_commands", "cmd_lineage"]

LINEAGE_FIELDS = (
    "document_id",
    "number_zh",
    "title_zh",
    "signed",
    "published",
    "relation",
    "evidence_grade",
    "to_subject_id",
    "verified",
    "quote_zh",
    "quote_url",
    "link_id",
)
TABLE_FIELDS = ("number_zh", "signed", "relation", "evidence_grade", "to_subject_id", "verified", "quote_zh")


def cmd_lineage(args: argparse.Namespace) -> int:
    from . import load
    from ._output import write_rows

    ds = load()
    entries = ds.lineage(args.subject)
    rows = []
    for e in entries:
        d, x = e.document, e.link
        rows.append(
            {
                "document_id": d.id,
                "number_zh": d.number_zh or d.id,
                "title_zh": d.title_zh,
                "signed": d.signed,
                "published": d.published,
                "relation": x.relation,
                "evidence_grade": x.evidence_grade,
                "to_subject_id": x.to_subject_id,
                "verified": x.verified,
                "quote_zh": x.quote_zh,
                "quote_url": x.quote_url,
                "link_id": x.id,
            }
        )
    write_rows(args.format, list(TABLE_FIELDS if args.format == "table" else LINEAGE_FIELDS), rows)
    documents = len({r["document_id"] for r in rows})
    print(
        f"({len(rows)} link{'s' * (len(rows) != 1)} to {args.subject}, from {documents} document{'s' * (documents != 1)})",
        file=sys.stderr,
    )
    return 0 if rows else 1


def add_commands(sub: Any, output_options: Any) -> None:
    lineage = sub.add_parser(
        "lineage", help="the documents that implement, precede or build on a document, action, task or measure"
    )
    lineage.add_argument("subject", help="e.g. A11 (with its tasks), A10.1, S3.3, guofa-2015-40 or 国发〔2015〕40号")
    output_options(lineage, fields=False)
    lineage.set_defaults(func=cmd_lineage)
