"""``internet-plus``: the dataset from the terminal. Every error is one line on stderr and a non-zero exit."""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .cli_releases import add_commands
from .errors import DatasetError

__all__ = ["main"]

EXIT_ERROR, EXIT_USAGE = 1, 2
TITLE_FIELDS = ("title_zh", "name_zh", "term_zh", "heading_zh", "kind")
ENGLISH_FIELDS = ("title_en", "name_en", "term_en", "heading_en", "successor_en")


class _Parser(argparse.ArgumentParser):
    """argparse prints usage and exits 2 on errors; keep that, but as one line."""

    def error(self, message: str) -> Any:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _width() -> int:
    return shutil.get_terminal_size((100, 20)).columns


def _clip(text: str, width: int) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def cmd_info(args: argparse.Namespace) -> int:
    from . import load

    ds = load()
    doc = ds.documents[0]
    print(f"internet-plus {__version__} (dataset {ds.version})")
    print(f"source: {doc.title_zh} ({doc.number_zh}), signed {doc.signed}, published {doc.published}")
    print(f"        {doc.url}")
    for name in ds.tables:
        print(f"  {name:<18} {len(ds.rows(name)):>4} rows")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from . import load

    ds = load()
    rows = ds.rows(args.table)
    if args.id:
        row = ds.get(args.table, args.id)
        if row is None:
            from .errors import NotFoundError

            raise NotFoundError(args.table, args.id, ds._nearest(args.id, (r.id for r in rows)))
        for key, value in row.model_dump().items():
            print(f"{key:>22}: {'' if value is None else value}")
        return 0
    width = _width()
    idw = max(len(r.id) for r in rows) if rows else 2
    for r in rows:
        zh = next((getattr(r, f) for f in TITLE_FIELDS if getattr(r, f, None)), "")
        en = next((getattr(r, f) for f in ENGLISH_FIELDS if getattr(r, f, None)), "")
        line = f"{r.id:<{idw}}  {zh}" + (f"  {en}" if en else "")
        print(_clip(line, width))
    print(f"({len(rows)} rows)", file=sys.stderr)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from . import load

    ds = load()
    hits = ds.search(args.text, tables=args.table or None)
    width = _width()
    for h in hits[: args.limit]:
        print(_clip(f"{h.table}:{h.id}:{h.field}  {h.snippet}", width))
    shown = min(len(hits), args.limit)
    print(f"({len(hits)} matching fields{f', {shown} shown' if shown < len(hits) else ''})", file=sys.stderr)
    return 0 if hits else EXIT_ERROR


def cmd_export(args: argparse.Namespace) -> int:
    from .export import export

    written = export(Path(args.out), args.format, bom=args.bom)
    for path in written:
        print(path)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from .resources import data_root
    from .validation import validate

    descriptor = Path(args.package) if args.package else Path(str(data_root().joinpath("datapackage.json")))
    problems = validate(descriptor)
    for p in problems:
        print(p)
    if problems:
        print(f"invalid: {len(problems)} problem(s) in {descriptor}", file=sys.stderr)
        return EXIT_ERROR
    print(f"valid: {descriptor}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        from internet_plus_api.server import serve
    except ImportError:
        from .errors import MissingExtraError

        raise MissingExtraError("the API needs its extra: pip install 'internet-plus[api]'") from None
    serve(host=args.host, port=args.port, workers=args.workers)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="internet-plus", description="China's Internet Plus action plan (国发〔2015〕40号) as data.")
    parser.add_argument("--version", action="version", version=f"internet-plus {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="COMMAND")
    sub.add_parser("info", help="version, row counts and source").set_defaults(func=cmd_info)
    show = sub.add_parser("show", help="a table, or one row of it, in the terminal")
    show.add_argument("table", help="table name, e.g. actions, tasks, agencies")
    show.add_argument("id", nargs="?", help="a row id, e.g. A02 or ndrc")
    show.set_defaults(func=cmd_show)
    search = sub.add_parser("search", help="search Chinese (simplified or traditional) and English text")
    search.add_argument("text")
    search.add_argument("--table", action="append", help="limit to a table (repeatable)")
    search.add_argument("--limit", type=int, default=50, help="at most this many hits (default 50)")
    search.set_defaults(func=cmd_search)
    export = sub.add_parser("export", help="write every table as csv, json, parquet, sqlite or xlsx")
    export.add_argument("--format", choices=("csv", "json", "parquet", "sqlite", "xlsx"), required=True)
    export.add_argument("--out", required=True, help="output directory (created if missing)")
    export.add_argument("--bom", action="store_true", help="csv only: start files with a UTF-8 BOM for Excel")
    export.set_defaults(func=cmd_export)
    validate = sub.add_parser("validate", help="full validation: Frictionless + the edition's own checks")
    validate.add_argument("--package", help="a datapackage.json to validate (default: the bundled one)")
    validate.set_defaults(func=cmd_validate)
    serve = sub.add_parser("serve", help="run the read-only REST API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(func=cmd_serve)
    add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "limit", 1) < 1:
        parser.error("--limit must be at least 1")
    if getattr(args, "bom", False) and args.format != "csv":
        parser.error("--bom applies to --format csv only")
    try:
        result: int = args.func(args)
        return result
    except DatasetError as exc:
        print(f"internet-plus: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        print(f"internet-plus: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
