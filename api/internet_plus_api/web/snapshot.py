"""The static copy: every answer that needs no query, as files, and an nginx configuration to serve them.

``write_static(out)`` asks the app itself (in process, through Litestar's test client, so the bytes
are exactly what the server sends) for every fixed URL: each path of the OpenAPI document with its
path parameters filled in from the data (every row, every download, every problem type), and every
link a page makes. Each URL is asked for with the four ``Accept`` headers the app tells apart
(none, a browser's, CSV, NDJSON); a variant is kept only where it differs from the default.

Files live under ``files/`` by URL path (a folder per URL, one file per variant, the query string
hashed into the name), so that ``/v1/tasks`` and ``/v1/tasks/A02.1`` can both exist. nginx finds
them through a map from ``(variant, request URI)`` to file, so no URL can reach a file it was
not written for; the extension of each file gives nginx the exact content type the app sends.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import orjson
from litestar import Litestar

from .nginx import nginx_conf
from .site import Site

__all__ = ["ACCEPTS", "StaticCopy", "fixed_urls", "main", "write_static"]

# The Accept headers the static copy tells apart, by variant name; nginx maps a request's header onto them.
ACCEPTS: dict[str, str | None] = {
    "default": None,
    "html": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "csv": "text/csv",
    "ndjson": "application/x-ndjson",
}
_EXTENSIONS = {
    "application/json": "json",
    "text/html": "html",
    "text/csv": "csv",
    "application/x-ndjson": "ndjson",
    "text/javascript": "js",
    "text/css": "css",
    "text/plain": "txt",
    "application/zip": "zip",
    "application/vnd.sqlite3": "sqlite",
    "application/vnd.apache.parquet": "parquet",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "href" and value:
                self.hrefs.append(value)


def links_of(html: str) -> list[str]:
    """The internal URLs a page links to (path and query, no fragment)."""
    parser = _Links()
    parser.feed(html)
    out = []
    for href in parser.hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        out.append(parts.path + ("?" + parts.query if parts.query else ""))
    return out


def _values(name: str, schema: Mapping[str, Any], template: str, prefix: str, site: Site, client: Any) -> list[str]:
    """The values of path parameter ``name``: its enum; a collection's ids and slugs; else the ids the
    answer at ``prefix`` (the path up to the parameter) lists, as a release's table lists its rows."""
    if "enum" in schema:
        return [str(v) for v in schema["enum"]]
    match = re.match(r"^/v1/([a-z-]+)/\{", template)
    if match and (coll := site.catalog.collections.get(match.group(1))) is not None:
        return [*coll.index, *coll.aliases]
    listing = client.get(prefix)
    if listing.status_code == 404:
        return []  # an enum combination that does not exist (a table one release does not have)
    if listing.status_code == 200 and listing.headers["content-type"] == "application/json":
        rows = listing.json().get("data", [])
        return [str(r["id"]) for r in rows if isinstance(r, dict) and "id" in r]
    raise ValueError(f"no values known for {{{name}}} in {template}: {prefix} answers {listing.status_code}")


def fixed_urls(openapi: Mapping[str, Any], site: Site, client: Any) -> list[str]:
    """Every URL of the OpenAPI document that needs no query, path parameters filled from the data.
    A combination the app does not answer with 200 (a file one release does not have) is left out."""
    urls: list[str] = []
    for template, item in openapi["paths"].items():
        params = item["get"].get("parameters", [])
        if any(p["in"] == "query" and p.get("required") for p in params):
            continue
        paths = [template]
        for p in (p for p in params if p["in"] == "path"):
            key = "{" + p["name"] + "}"
            expanded = []
            for path in paths:
                prefix = path.split(key, 1)[0].rstrip("/")
                expanded += [
                    path.replace(key, v) for v in _values(p["name"], p["schema"], template, prefix, site, client)
                ]
            paths = expanded
        if paths != [template]:
            paths = [u for u in paths if client.head(u).status_code == 200]
        urls += paths
    return list(dict.fromkeys(urls))


@dataclass(frozen=True)
class Answer:
    url: str
    variant: str
    content_type: str
    body: bytes


def _ask(client: Any, url: str) -> Iterator[Answer]:
    default: Answer | None = None
    for variant, accept in ACCEPTS.items():
        response = client.get(url, headers={"accept": accept} if accept else {})
        if response.status_code == 406 and variant != "default":
            continue  # a format this URL does not have: nginx falls back to the default, documented as such
        if response.status_code != 200:
            raise ValueError(f"{url} answers {response.status_code} for {variant}, not 200: it cannot be copied")
        answer = Answer(url, variant, response.headers["content-type"], response.content)
        if default is None:
            default = answer
            yield answer
        elif (answer.content_type, answer.body) != (default.content_type, default.body):
            yield answer


def _extension(content_type: str, table: dict[str, str]) -> str:
    if content_type not in table:
        base = _EXTENSIONS.get(content_type.split(";")[0].strip(), "bin")
        ext = base
        n = 1
        while ext in table.values():
            n += 1
            ext = f"{base}{n}"
        table[content_type] = ext
    return table[content_type]


def _file_name(url: str, variant: str, ext: str) -> str:
    parts = urlsplit(url)
    folder = parts.path.strip("/") or "index"
    query = "" if not parts.query else "." + hashlib.blake2b(parts.query.encode(), digest_size=8).hexdigest()
    return f"files/{folder}/@{variant}{query}.{ext}"


@dataclass(frozen=True)
class StaticCopy:
    root: Path
    urls: tuple[str, ...]
    files: int


def write_static(out: Path, app: Litestar | None = None, *, port: int = 8080, mtime: int | None = None) -> StaticCopy:
    """Write the copy into ``out`` (replacing ``out/files``) and ``out/nginx.conf`` listening on ``port``.

    ``mtime`` (default: the package's ``created`` time) is set on every file, so that nginx's
    ETags (modification time and size) are the same for every build of the same release.
    """
    from ..app import create_app
    from .asgi_client import DirectClient

    app = app if app is not None else create_app()
    site: Site = app.state["site"]
    out = out.resolve()
    if (out / "files").exists():
        shutil.rmtree(out / "files")
    types: dict[str, str] = {}
    entries: list[tuple[str, str, str]] = []  # (variant, url, file)
    manifest: list[dict[str, str]] = []
    client = DirectClient(app)
    try:
        openapi = client.get("/schema/openapi.json").json()
        queue = fixed_urls(openapi, site, client)
        seen = set(queue)
        i = 0
        while i < len(queue):
            url = queue[i]
            i += 1
            for answer in _ask(client, url):
                name = _file_name(url, answer.variant, _extension(answer.content_type, types))
                path = out / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(answer.body)
                entries.append((answer.variant, url, "/" + name))
                manifest.append(
                    {"url": url, "accept": answer.variant, "file": name, "content_type": answer.content_type}
                )
                if answer.content_type.startswith("text/html"):
                    for link in links_of(answer.body.decode("utf-8")):
                        if link not in seen:
                            seen.add(link)
                            queue.append(link)
    finally:
        client.close()
    stamp = mtime if mtime is not None else _created(site)
    for _variant, _url, name in entries:
        os.utime(out / name.lstrip("/"), (stamp, stamp))
    (out / "tmp").mkdir(exist_ok=True)
    # what a CDN or object store needs: each URL's file per Accept variant, with the content type to send
    listing = {"version": site.version, "accepts": ACCEPTS, "files": manifest}
    (out / "manifest.json").write_bytes(orjson.dumps(listing, option=orjson.OPT_INDENT_2) + b"\n")
    (out / "nginx.conf").write_text(nginx_conf(out, entries, types, site.version, port), encoding="utf-8")
    return StaticCopy(out, tuple(queue), len(entries))


def _created(site: Site) -> int:
    from datetime import datetime

    created = str(site.published.package.get("created", "2015-07-04T00:00:00Z"))
    return int(datetime.fromisoformat(created.replace("Z", "+00:00")).timestamp())


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
    args = parser.parse_args(argv)
    target = Path(args.out)
    if target.exists() and not target.is_dir():
        print(f"{prog}: error: --out {args.out!r} is a file, not a folder", file=sys.stderr)
        return 2
    try:
        target.mkdir(parents=True, exist_ok=True)
        copy = write_static(target, port=args.port)
    except OSError as exc:
        print(f"{prog}: error: cannot write the static copy to {args.out!r}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except ValueError as exc:  # an answer the copy cannot hold (a fixed URL that is not 200): name it
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 1
    print(
        f"wrote {copy.files} files for {len(copy.urls)} URLs to {copy.root}\n"
        f"serve them with: nginx -p {copy.root} -c nginx.conf -e stderr   (listens on 127.0.0.1:{args.port})"
    )
    return 0
