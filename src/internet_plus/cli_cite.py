"""``internet-plus cite [ID]``: a citation of the dataset, a release, a document or a row, in the format a
reference manager reads (text, BibTeX, CSL-JSON, RIS); the text comes from citation.py, as every other.

``cite FILE`` (an existing file, or ``-`` for standard input) is another question — which citations does
this Chinese text contain — answered by the citation finder, not by this command.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .errors import DatasetError

__all__ = ["FINDER_MISSING", "add_commands", "cmd_cite"]

FINDER_MISSING = (
    "cite FILE finds the citations in a Chinese text file; the citation finder is not part of this version yet. "
    "To cite a row, document or release, give its id (internet-plus cite A02.1), not a file"
)


def _is_text_file(arg: str | None) -> bool:
    return arg == "-" or (arg is not None and Path(arg).is_file())


def cmd_cite(args: argparse.Namespace) -> int:
    from . import load
    from .citation import reference, render

    if _is_text_file(args.id):
        raise DatasetError(FINDER_MISSING)
    ref = reference(load(), args.id, release=args.release, table=args.table)
    sys.stdout.write(render(ref, args.format) + ("\n" if args.format == "text" else ""))
    return 0


def add_commands(sub: Any) -> None:
    from .citation import FORMATS

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
    cite.add_argument("--format", choices=FORMATS, default="text", help="text (default), bibtex, csl-json or ris")
    cite.set_defaults(func=cmd_cite)
