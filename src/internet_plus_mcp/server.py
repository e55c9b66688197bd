"""The MCP server: five tools over the library's answers (answers.py), on stdio or on loopback HTTP.

Built with the official SDK's ``MCPServer``. Stdio is what desktop assistants start; the streamable HTTP
transport listens on a loopback address only (the edition has no authentication to offer, so it is not
put on a network by this command: put a real reverse proxy in front for that).
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
from collections.abc import Callable, Sequence
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError

from internet_plus import Dataset, DatasetError, load
from internet_plus.citation import FORMATS, reference, render

from . import answers

__all__ = ["INSTRUCTIONS", "create_server", "main"]

INSTRUCTIONS = (
    "Answers about China's State Council document 国发〔2015〕40号 (the Internet Plus action plan), "
    "国发〔2015〕5号 and their policy family, from a validated open data edition. Every answer names the "
    "release it comes from (release), the ids of its rows and their Chinese text as printed (quote_zh): quote "
    "them so that a reader can check. Ids: actions A01-A11, tasks A02.1, measures S1.1, documents guofa-2015-40, "
    "agencies ndrc; 5号's carry the prefix gf5:."
)


def _answer(work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """A bad question (an unknown id, an empty query) is one line for the assistant, never a traceback."""
    try:
        return work()
    except (DatasetError, ValueError) as exc:
        raise ToolError(str(exc)) from None


def create_server(ds: Dataset | None = None) -> MCPServer:
    """The server with its tools, answering from ``ds`` (default: the installed data, loaded now)."""
    data = ds if ds is not None else load()
    server = MCPServer(
        "internet-plus",
        title="Internet Plus (国发〔2015〕40号) open data edition",
        instructions=INSTRUCTIONS,
        version=data.version,
        log_level="WARNING",
    )

    @server.tool()
    def search(query: str, tables: list[str] | None = None, limit: int = 20) -> dict[str, Any]:
        """Find text in Chinese (simplified or traditional) or English across the edition's tables, as
        /v1/search does: each hit with its table, row id, field, snippet and the row's Chinese text."""
        return _answer(lambda: answers.search_answer(data, query, tables, limit))

    @server.tool()
    def get_row(table: str, id: str) -> dict[str, Any]:
        """One row of a table (actions, tasks, measures, documents, agencies, ...) by id, every field."""
        return _answer(lambda: answers.get_row(data, table, id))

    @server.tool()
    def lineage(subject: str) -> dict[str, Any]:
        """The documents that implement, precede or build on a document, action, task or measure, strongest
        evidence first, each link with its quote and source."""
        return _answer(lambda: answers.lineage_answer(data, subject))

    @server.tool()
    def responsible(subject: str) -> dict[str, Any]:
        """Who is responsible for an action, task, measure or document, and who leads (role), with each
        attribution as printed; for each agency what became of it in the 2018 and 2023 reforms and, where
        the dataset records it, who holds the duty today."""
        return _answer(lambda: answers.responsible_answer(data, subject))

    @server.tool()
    def cite(id: str | None = None, release: str | None = None, format: str = "text") -> dict[str, Any]:
        """How to cite the dataset (no id), a release (its version), a document or a row (its id), in
        text, bibtex, csl-json or ris: names the release file and its sha256."""

        def work() -> dict[str, Any]:
            if format not in FORMATS:
                raise ValueError(f"cite: no format {format!r}; use one of {', '.join(FORMATS)}")
            ref = reference(data, id, release=release)
            return answers.cite_answer(
                data,
                {
                    "cited": ref.kind,
                    "cited_release": ref.version,
                    "table": ref.table,
                    "id": ref.id,
                    "format": format,
                    "citation": render(ref, format),
                    "release_file": ref.url,
                    "sha256": ref.sha256,
                    "path": ref.path,
                },
            )

        return _answer(work)

    return server


LOOPBACK_NAMES = ("localhost",)


def _loopback(host: str) -> str:
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host in LOOPBACK_NAMES
    if not loopback:
        raise argparse.ArgumentTypeError(f"{host!r} is not a loopback address (use 127.0.0.1, ::1 or localhost)")
    return host


def _port(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port (1-65535)")
    return int(text)


def parser(prog: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, description="Serve the edition over the Model Context Protocol.")
    p.add_argument("--transport", choices=("stdio", "http"), default="stdio", help="stdio (default) or http")
    p.add_argument("--host", type=_loopback, default="127.0.0.1", help="http: a loopback address (127.0.0.1)")
    p.add_argument("--port", type=_port, default=8765, help="http: the port (default 8765); the path is /mcp")
    return p


def main(argv: Sequence[str] | None = None, prog: str = "internet-plus-mcp") -> int:
    args = parser(prog).parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        server = create_server()
    except DatasetError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 1
    if args.transport == "stdio":
        server.run("stdio")
    else:
        print(f"{prog}: MCP over streamable HTTP at http://{args.host}:{args.port}/mcp", file=sys.stderr)
        server.run("streamable-http", host=args.host, port=args.port)
    return 0
