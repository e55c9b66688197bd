"""``internet-plus cite [ID]``: a citation of the dataset, a release, a document or a row, in the format a
reference manager reads (text, BibTeX, CSL-JSON, RIS); the text comes from citation.py, as every other.

``cite FILE`` (an existing file, or ``-`` for standard input) is another question — which citations does
this Chinese text contain — answered by the citation finder (``cli_succession.cmd_find_citations``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .citation import FORMATS
from .errors import DatasetError

__all__ = ["FINDER_FORMATS", "add_commands", "cmd_cite"]

FINDER_FORMATS = ("table", "json", "csv", "ndjson")


def _is_text_file(arg: str | None) -> bool:
    return arg == "-" or (arg is not None and Path(arg).is_file())


def cmd_cite(args: argparse.Namespace) -> int:
    from . import load
    from .citation import reference, render

    if _is_text_file(args.id):
        from .cli_succession import cmd_find_citations

        fmt = "table" if args.format == "text" else args.format
        if fmt not in FINDER_FORMATS:
            raise DatasetError(f"the citations in a text are listed as {', '.join(FINDER_FORMATS)}, not {args.format}")
        return cmd_find_citations(args.id, fmt)
    if args.format in FINDER_FORMATS:
        raise DatasetError(f"a citation is given as {', '.join(FORMATS)}, not {args.format}")
    ref = reference(load(), args.id, release=args.release, table=args.table)
    sys.stdout.write(render(ref, args.format) + ("\n" if args.format == "text" else ""))
    return 0


def add_commands(sub: Any) -> None:
    cite = sub.add_parser(
        "cite", help="cite the dataset, a release, a document or a row (text, bibtex, csl-json or ris)"
    )
    cite.add_argument(
        "id",
        nargs="?",
        help="nothing or 'dataset' (the dataset), a release (1.0.0), a document (guofa-2015-5 or 国发〔2015〕5号) "
        "or a row id (A02.1, ndrc); an existing file or - is a text to find citations in",
    )
    cite.add_argument("--release", help="the release to cite it in (default: the installed version)")
    cite.add_argument("--table", help="the table, for an id found in several (A02.1: tasks, not provisions)")
    cite.add_argument(
        "--format",
        choices=(*FORMATS, *FINDER_FORMATS),
        default="text",
        help="a citation: text (default), bibtex, csl-json or ris; the citations in a file: table (default), json, "
        "csv or ndjson",
    )
    cite.set_defaults(func=cmd_cite)
