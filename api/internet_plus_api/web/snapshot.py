"""The static copy: every answer that needs no query, as files a plain static host serves as they are.

``write_static(out)`` asks the app itself (in process, as ASGI, so the bytes are exactly what the
server sends) for every fixed URL: each path of the OpenAPI document with its path parameters filled
in from the data (every row, every download, every problem type), and every link a page makes. Each
URL is asked for with the four ``Accept`` headers the app tells apart (none, a browser's, CSV,
NDJSON); a variant is kept only where it differs from the default.

Each answer is written at its explicit URL (``file_of``): a page as ``<url>/index.html``, data as
``<url>.json``, ``.csv`` or ``.ndjson`` (which the app answers too), a download at its own name, each
with a ``.gz`` beside it when that saves bytes. The pages link to those URLs, so a host that knows
nothing of content negotiation (``python -m http.server``, an object store, GitHub Pages) serves the
whole reading edition and every fixed answer. ``manifest.json`` lists each file with its URL, Accept
variant, content type and the app's headers for it; ``nginx.conf`` (nginx.py) adds negotiation at the
bare URLs and the app for queries.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import orjson
from litestar import Litestar

from internet_plus.table_names import former_spellings

from ..problems import PROBLEM_TYPES, ProblemType, problem_body
from ..released import released
from ..routing import SUFFIXES
from .crawl import ACCEPTS, Answer
from .crawl import answers as crawl
from .gzipped import Precompressed
from .nginx import NGINX_DETAILS, NGINX_ERRORS, NginxSite, nginx_conf
from .site import Site

__all__ = ["ACCEPTS", "PER_FILE", "StaticCopy", "file_of", "main", "write_problems", "write_static"]


def _media(content_type: str) -> str:
    return content_type.split(";")[0].strip()


def file_of(url: str, content_type: str) -> str:
    """The file (relative to ``files/``) a static host serves for ``url`` in ``content_type``: the URL itself
    when its extension names the type (a download, ``/v1/tasks.csv``); a page as ``<url>/index.html``;
    data as the explicit representation URL ``<url>.json`` (``.csv``, ``.ndjson``), which the app answers too."""
    media = _media(content_type)
    path = urlsplit(url).path
    suffix = Path(path).suffix.lower()
    if suffix and media in (_TYPES.get(suffix), _ALSO.get(suffix)):
        return path.lstrip("/")
    if media == "text/html":
        return (path.rstrip("/") + "/index.html").lstrip("/")
    explicit = {t: s for s, t in SUFFIXES.items()}.get(media) or (".jsonld" if media == _TYPES[".jsonld"] else None)
    if explicit is None:
        raise ValueError(f"{url} answers {media}, which has no explicit representation URL")
    return ("index" if path == "/" else path.lstrip("/")) + explicit


# What a file's extension says to a static host; the app's answer must agree (checked in file_of).
_TYPES = {
    ".json": "application/json",
    ".jsonld": "application/ld+json",
    ".csv": "text/csv",
    ".ndjson": "application/x-ndjson",
    ".html": "text/html",
    ".js": "text/javascript",
    ".css": "text/css",
    ".txt": "text/plain",
    ".zip": "application/zip",
    ".db": "application/vnd.sqlite3",
    ".parquet": "application/vnd.apache.parquet",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xml": "application/akn+xml",  # the Akoma Ntoso files (the only XML the edition publishes)
    ".ttl": "text/turtle",
    ".atom": "application/atom+xml",
}
_ALSO = {".xml": "application/xml"}  # the sitemap (nginx.py gives a file its own type where its extension's differs)
_PRECOMPRESSED = {"application/zip", "application/vnd.apache.parquet", _TYPES[".xlsx"]}
# Headers that differ between answers; the others are the same on every answer (nginx.py sends them as such).
PER_FILE = ("cache-control", "content-security-policy", "link", "x-total-count", "content-disposition")
_NOT_COPIED = frozenset({"/healthz"})  # the app's liveness: through nginx it reaches the app, never a file


@dataclass(frozen=True)
class StaticCopy:
    root: Path
    urls: tuple[str, ...]
    files: int


@dataclass
class _Writing:
    """The files written so far (by name) and their manifest rows; bare URLs that nginx leaves to the app."""

    out: Path
    defaults: Mapping[str, bytes]  # each URL's default answer, to compare a bare URL with its explicit one
    stamp: int  # every file's modification time: the release date
    manifest: list[dict[str, Any]] = field(default_factory=list)
    written: dict[str, bytes] = field(default_factory=dict)
    via_app: set[str] = field(default_factory=set)
    folders: set[Path] = field(default_factory=set)
    gzipped: Precompressed = field(default_factory=lambda: Precompressed(_PRECOMPRESSED))

    def _write(self, path: Path, data: bytes) -> None:
        """Each file once, with its time set as it is written: not read back to compress it, nor walked again
        to set its time (the copy of 3.3.0, 64,758 files: 26.8 and 29.8 s of CPU, against 29.5 and 32.4)."""
        if path.parent not in self.folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(path.parent)
        path.write_bytes(data)
        os.utime(path, (self.stamp, self.stamp))

    def add(self, answer: Answer) -> None:
        name = file_of(answer.url, answer.content_type)
        explicit = "/" + name
        if explicit != answer.url and explicit in self.defaults:
            # /v1/tasks.json is a URL of its own; /v1/tasks's JSON differs from it by its links
            if answer.body != self.defaults[explicit]:
                self.via_app.add(answer.url)
            return
        if name in self.written:
            if self.written[name] != answer.body:
                raise ValueError(f"{answer.url} and another URL both need the file {name} with different bytes")
            return
        path = self.out / "files" / name
        self._write(path, answer.body)
        self.written[name] = answer.body
        row: dict[str, Any] = {
            "url": answer.url,
            "accept": answer.variant,
            "file": name,
            "content_type": answer.content_type,
            "headers": {k: v for k, v in answer.headers.items() if k in PER_FILE},
        }
        if (packed := self.gzipped.of(answer.body, _media(answer.content_type))) is not None:
            self._write(path.with_name(path.name + ".gz"), packed)
            row["gzip"] = name + ".gz"
        self.manifest.append(row)


def write_static(
    out: Path,
    app: Litestar | None = None,
    *,
    port: int = 8080,
    upstream: str = "127.0.0.1:8000",
    send_timeout: int = 10,
    mtime: int | None = None,
    base_url: str | None = None,
) -> StaticCopy:
    """Write the copy into ``out`` (replacing ``out/files``), ``out/problems`` (nginx's own errors as
    problem+json) and ``out/nginx.conf`` listening on ``port`` with the app at ``upstream``.

    ``mtime`` (default: the package's ``created`` time, the release date) is set on every file, so that
    nginx's ETags (modification time and size) and every host's Last-Modified are the same for every
    build of the same release. ``base_url`` is where the copy is published (the sitemap's URLs).
    """
    from ..app import create_app
    from .asgi_client import DirectClient

    app = app if app is not None else create_app(base_url=base_url)
    site: Site = app.state["site"]
    out = out.resolve()
    for folder in ("files", "problems"):
        if (out / folder).exists():
            shutil.rmtree(out / folder)
    client = DirectClient(app)
    constant: dict[str, str] | None = None
    try:
        answers, queue = crawl(client, site, _NOT_COPIED)
        for answer in answers:
            same = {k: v for k, v in answer.headers.items() if k not in PER_FILE}
            constant = same if constant is None else {k: v for k, v in constant.items() if same.get(k) == v}
        problems = write_problems(out / "problems", client)
    finally:
        client.close()
    stamp = mtime if mtime is not None else _created(site)
    writing = _Writing(out, {a.url: a.body for a in answers if a.variant == "default"}, stamp)
    for answer in answers:
        writing.add(answer)
    (out / "tmp").mkdir(exist_ok=True)
    fixed_headers = {k: v for k, v in (constant or {}).items() if k not in _TRANSPORT}
    listing = {
        "version": site.version,
        "headers": fixed_headers,
        "negotiated_by_app": sorted(writing.via_app),
        "files": writing.manifest,
    }
    (out / "manifest.json").write_bytes(orjson.dumps(listing, option=orjson.OPT_INDENT_2) + b"\n")
    conf = nginx_conf(
        NginxSite(
            out,
            writing.manifest,
            fixed_headers,
            sorted(writing.via_app),
            problems,
            site.version,
            former_spellings(site.catalog.collections),
        ),
        port=port,
        upstream=upstream,
        send_timeout=send_timeout,
    )
    (out / "nginx.conf").write_text(conf, encoding="utf-8")
    return StaticCopy(out, tuple(queue), len(writing.manifest))


# nginx sends these itself for a file (Last-Modified from the file's time, which is the release date)
_TRANSPORT = {
    *("content-type", "content-length", "etag", "vary", "accept-ranges", "content-encoding", "date", "server"),
    "last-modified",
}


def write_problems(folder: Path, client: Any) -> dict[int, str]:
    """The errors nginx answers itself (a request it cannot read, too large, over a limit, the app down) as
    the app's problem+json, one file per status: never nginx's HTML page."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for status, slug in NGINX_ERRORS.items():
        ptype = PROBLEM_TYPES.get(slug) if slug else None
        ptype = ptype if ptype is not None else ProblemType.blank(status)
        body = problem_body(ptype, NGINX_DETAILS.get(status, ptype.title), "", {})
        body = {k: v for k, v in body.items() if k != "instance"}
        body["status"] = status
        if status == 405:  # as the app's: what the API allows
            body["allowed"] = ["GET", "HEAD", "OPTIONS"]
        name = f"{status}.json"
        (folder / name).write_bytes(orjson.dumps(body))
        written[status] = name
    return written


def _created(site: Site) -> int:
    """The release date: the time of every file, so any static host's Last-Modified is the app's."""
    return int(released(site.published.package).timestamp())


def _seconds(text: str) -> int:
    import argparse

    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 3600:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of seconds from 1 to 3600")
    return int(text)


def main(argv: Sequence[str] | None = None, prog: str = "internet-plus static") -> int:
    """``internet-plus static --out DIR [--port N]`` (entry point ``internet_plus.commands`` / ``static``):
    write the copy, and say where it is and how to serve it."""
    import sys

    from internet_plus.cliargs import OneLineParser
    from internet_plus.cliargs import port as port_type

    parser = OneLineParser(
        prog=prog, description="Write the whole site and every fixed API answer as files, with an nginx configuration."
    )
    parser.add_argument(
        "--out", required=True, help="folder to write (its files/, manifest.json, nginx.conf are replaced)"
    )
    parser.add_argument(
        "--port", type=port_type, default=8080, help="port nginx listens on, on 127.0.0.1 (default 8080)"
    )
    parser.add_argument(
        "--upstream",
        default="127.0.0.1:8000",
        help="where nginx finds the app (internet-plus serve) for queries, HOST:PORT (default 127.0.0.1:8000)",
    )
    parser.add_argument(
        "--send-timeout", type=_seconds, default=10, help="seconds nginx waits on a client that reads nothing (10)"
    )
    parser.add_argument(
        "--base-url",
        help="where the copy is published, for the sitemap and robots.txt (default: INTERNET_PLUS_BASE_URL, "
        "else http://127.0.0.1:8000)",
    )
    args = parser.parse_args(argv)
    target = Path(args.out)
    if target.exists() and not target.is_dir():
        print(f"{prog}: error: --out {args.out!r} is a file, not a folder", file=sys.stderr)
        return 2
    try:
        target.mkdir(parents=True, exist_ok=True)
        copy = write_static(
            target, port=args.port, upstream=args.upstream, send_timeout=args.send_timeout, base_url=args.base_url
        )
    except OSError as exc:
        print(f"{prog}: error: cannot write the static copy to {args.out!r}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except ValueError as exc:  # an answer the copy cannot hold (a fixed URL that is not 200): name it
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 1
    print(
        f"wrote {copy.files} files for {len(copy.urls)} URLs to {copy.root}\n"
        f"serve them with: nginx -p {copy.root} -c nginx.conf -e stderr   (listens on 127.0.0.1:{args.port}, "
        f"the app at {args.upstream})\nor put {copy.root / 'files'} on any static host"
    )
    return 0
