"""``internet-plus``: the dataset from the terminal. Every error is one line on stderr and a non-zero exit."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__, cli_cite, cli_family, cli_succession, cliargs
from .cli_releases import add_commands
from .cli_rows import UsageError, cmd_count, cmd_search, cmd_show
from .errors import DatasetError

__all__ = ["main"]

EXIT_ERROR, EXIT_USAGE, EXIT_PIPE = 1, 2, 141
SERVE_GROUP = "internet_plus.commands"  # entry points other packages register for this CLI


def cmd_info(args: argparse.Namespace) -> int:
    from . import load

    ds = load()
    if args.format != "table":
        from ._output import write_rows

        write_rows(args.format, ["table", "rows"], [{"table": t, "rows": len(ds.rows(t))} for t in ds.tables])
        return 0
    print(f"internet-plus {__version__} (dataset {ds.version})")
    for doc in (ds.document(d) for d in ds.texts):
        print(f"text:   {doc.title_zh} ({doc.number_zh}), signed {doc.signed}, {doc.text_held}")
        print(f"        {doc.url}")
    print(f"family: {len(ds.documents)} documents, {len(ds.document_links)} links (see: internet-plus lineage A11)")
    for name in ds.tables:
        print(f"  {name:<18} {len(ds.rows(name)):>4} rows")
    return 0


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


API_COMMANDS = ("serve", "static", "mcp")  # commands other packages register (entry points in SERVE_GROUP)
EXTRA_OF = {"serve": "api", "static": "api", "mcp": "mcp"}


def run_serve(argv: Sequence[str], name: str = "serve") -> int:
    """``internet-plus serve ARGS`` (or ``static ARGS``): a command the API package registers, found by
    its entry point.

    The library never imports the API: ``internet_plus.commands`` / ``serve`` in the installed
    metadata names the callable (``internet_plus_api.server:main``), which parses ARGS itself.
    """
    from importlib.metadata import entry_points

    from .errors import MissingExtraError

    found = entry_points(group=SERVE_GROUP, name=name)
    try:
        command = next(iter(found)).load()
    except (StopIteration, ImportError):
        extra = EXTRA_OF.get(name, "api")
        raise MissingExtraError(f"{name} needs its extra: pip install 'internet-plus[{extra}]'") from None
    result: int = command(list(argv), prog=f"internet-plus {name}")
    return result


def _output_options(parser: argparse.ArgumentParser, *, fields: bool = True) -> None:
    parser.add_argument(
        "--format",
        choices=("table", "json", "csv", "ndjson"),
        default="table",
        help="table (for reading; cut to the terminal's width only on a terminal), json, csv or ndjson",
    )
    if fields:
        parser.add_argument("--fields", help="comma-separated fields to print (default: all; table: id and titles)")


def build_parser() -> argparse.ArgumentParser:
    parser = cliargs.OneLineParser(
        prog="internet-plus",
        description="China's Internet Plus action plan (国发〔2015〕40号), 国发〔2015〕5号 and their policy family as data.",
    )
    parser.add_argument("--version", action="version", version=f"internet-plus {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=cliargs.OneLineParser, metavar="COMMAND")
    info = sub.add_parser("info", help="version, row counts and source")
    _output_options(info, fields=False)
    info.set_defaults(func=cmd_info)
    show = sub.add_parser("show", help="a table, or one row of it, in the terminal")
    show.add_argument("table", help="table name, e.g. actions, tasks, document_links (document-links too)")
    show.add_argument("id", nargs="?", help="a row id or slug, e.g. A02, ndrc, collaborative-manufacturing")
    show.add_argument(
        "--where",
        action="append",
        metavar="FIELD=VALUE",
        help="keep rows whose FIELD is VALUE (a list field: lists VALUE; true/false for booleans, empty for "
        "null); a date or number field also takes FIELD__gte=, __gt=, __lt=, __lte= (repeatable, all must hold)",
    )
    _output_options(show)
    show.set_defaults(func=cmd_show)
    search = sub.add_parser("search", help="search Chinese (simplified or traditional) and English text")
    search.add_argument("text")
    search.add_argument("--table", action="append", help="limit to a table (repeatable)")
    search.add_argument("--limit", type=int, default=50, help="at most this many hits (default 50)")
    search.add_argument("--document", help="only rows of this document (its id or number), e.g. guofa-2015-5")
    _output_options(search, fields=False)
    search.set_defaults(func=cmd_search)
    count = sub.add_parser("count", help="count rows, per value of a field, among rows matching conditions")
    count.add_argument("table", help="table name, e.g. responsibilities")
    count.add_argument("--by", help="field(s) to count per, comma-separated, e.g. agency_id or agency_id,role")
    count.add_argument(
        "--where",
        action="append",
        metavar="FIELD=VALUE",
        help="keep rows whose FIELD is VALUE (a list field: lists VALUE; true/false for booleans, empty for "
        "null); a date or number field also takes FIELD__gte=, __gt=, __lt=, __lte= (repeatable, all must hold)",
    )
    _output_options(count, fields=False)
    count.set_defaults(func=cmd_count)
    export = sub.add_parser(
        "export", help="write every table as csv, json, parquet, sqlite or xlsx; the texts as akn; all as turtle"
    )
    export.add_argument(
        "--format", choices=("csv", "json", "parquet", "sqlite", "xlsx", "akn", "turtle"), required=True
    )
    export.add_argument("--out", required=True, help="output directory (created if missing)")
    export.add_argument("--bom", action="store_true", help="csv only: start files with a UTF-8 BOM for Excel")
    export.set_defaults(func=cmd_export)
    validate = sub.add_parser("validate", help="full validation: Frictionless + the edition's own checks")
    validate.add_argument("--package", help="a datapackage.json to validate (default: the bundled one)")
    validate.set_defaults(func=cmd_validate)
    sub.add_parser("serve", help="run the read-only REST API (the API package's command; see serve --help)")
    sub.add_parser("static", help="write the site and every fixed API answer as files, with an nginx configuration")
    sub.add_parser("mcp", help="serve the edition to assistants over the Model Context Protocol (see mcp --help)")
    add_commands(sub)
    cli_family.add_commands(sub, _output_options)
    cli_succession.add_commands(sub, _output_options)
    cli_cite.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] and argv[0] in API_COMMANDS:  # every option after it belongs to the API's own command
        try:
            return run_serve(argv[1:], argv[0])
        except DatasetError as exc:
            print(f"internet-plus: error: {exc}", file=sys.stderr)
            return EXIT_ERROR
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "limit", 1) < 1:
        parser.error("--limit must be at least 1")
    if getattr(args, "bom", False) and args.format != "csv":
        parser.error("--bom applies to --format csv only")
    try:
        result: int = args.func(args)
        sys.stdout.flush()
        return result
    except BrokenPipeError:
        return _closed_pipe()
    except UsageError as exc:
        parser.error(str(exc))
        return EXIT_USAGE
    except DatasetError as exc:
        print(f"internet-plus: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        print(f"internet-plus: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130


def _closed_pipe() -> int:
    """The reader went away (``| head``): stop quietly, as a process killed by SIGPIPE would (128 + 13).

    Standard output is pointed at /dev/null so that the interpreter's final flush does not fail again.
    """
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return EXIT_PIPE


if __name__ == "__main__":
    sys.exit(main())
