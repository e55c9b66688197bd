"""The static copy served by a real nginx (the Debian package) is indistinguishable from the app.

``internet-plus static --out DIR`` is run as shipped; nginx serves DIR on a free port of 127.0.0.1
with a temporary prefix, unprivileged. Every fixed URL (every path of the OpenAPI document that
needs no query, with every row, download and problem type filled in, and every link of every page)
is fetched from nginx and from the live app with each Accept header the copy tells apart: the same
status, the same bytes, the same content type.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from browsing import free_port, running

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ACCEPTS = {"default": None, "html": BROWSER, "csv": "text/csv", "ndjson": "application/x-ndjson"}


def _nginx() -> str:
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).is_file()), None)
    if not found:
        pytest.fail("the static copy test needs nginx: apt-get install nginx (Debian)", pytrace=False)
    return found


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The copy written by the CLI, and the base URL of nginx serving it."""
    out = tmp_path_factory.mktemp("static")
    port = free_port()
    cli = [sys.executable, "-m", "internet_plus", "static", "--out", str(out), "--port", str(port)]
    done = subprocess.run(cli, capture_output=True, text=True, timeout=240, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "nginx -p" in done.stdout
    log = out / "nginx.log"
    command = [_nginx(), "-p", str(out), "-c", "nginx.conf", "-e", "stderr"]
    if os.geteuid() == 0:  # nginx started as root hands its workers to nobody, who cannot read a 0700 temp dir
        command += ["-g", "user root;"]
    base = f"http://127.0.0.1:{port}"
    with running("nginx", command, out, dict(os.environ), base + "/healthz", log):
        yield out, base


def _manifest(out: Path) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return manifest


def test_the_copy_has_every_fixed_url(copy: tuple[Path, str], live_server: str, ds: Any) -> None:
    out, _ = copy
    urls = {f["url"] for f in _manifest(out)["files"]}
    openapi = httpx.get(live_server + "/schema/openapi.json").json()
    fixed = {
        p
        for p, item in openapi["paths"].items()
        if "{" not in p and not any(q.get("required") for q in item["get"].get("parameters", []))
    }
    assert fixed - urls == set()
    assert {"/", "/docs", "/schema/openapi.json", "/matrix", "/v1/documents/guofa-2015-40"} <= urls
    for table in ds.tables:
        name = table.replace("_", "-")
        for fmt in ("", ".json", ".csv", ".ndjson"):
            assert f"/v1/{name}{fmt}" in urls
        assert {f"/v1/{name}/{row.id}" for row in ds.rows(table)} <= urls, table
    assert {f"/v1/download/{n}" for n in ("tasks.csv", "tasks.json", "internet-plus.db")} <= urls


def test_nginx_serves_the_same_bytes_and_types_as_the_app(copy: tuple[Path, str], live_server: str) -> None:
    """Every URL as a data client and as a browser asks for it; CSV and NDJSON where the app negotiates them."""
    out, base = copy
    files = _manifest(out)["files"]
    urls = sorted({f["url"] for f in files})
    negotiated = {f["url"] for f in files if f["accept"] in ("csv", "ndjson")}
    local = threading.local()

    def compare(url: str) -> list[str]:
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = httpx.Client(timeout=30)
        problems = []
        for variant, accept in ACCEPTS.items():
            if variant in ("csv", "ndjson") and url not in negotiated:
                continue
            headers = {"accept": accept} if accept else {}
            app = client.get(live_server + url, headers=headers)
            if app.status_code != 200:
                continue  # e.g. 406: a path with no page asked for HTML alone is no fixed answer
            static = client.get(base + url, headers=headers)
            same = (static.status_code, static.headers.get("content-type"), static.content) == (
                200,
                app.headers["content-type"],
                app.content,
            )
            if not same:
                problems.append(f"{url} [{variant}]: nginx {static.status_code} {static.headers.get('content-type')}")
        return problems

    with ThreadPoolExecutor(max_workers=3) as pool:
        problems = [p for found in pool.map(compare, urls) for p in found]
    assert problems == []
    assert len(urls) > 1000 and len(negotiated) > 500


def test_the_copy_says_what_implements_an_action(copy: tuple[Path, str], ds: Any) -> None:
    _, base = copy
    page = httpx.get(base + "/v1/actions/A11", headers={"accept": BROWSER}).text
    for e in ds.lineage("A11"):
        assert f'id="link-{e.link.id}"' in page
    assert "发改高技〔2016〕1078号" in page and "实施文件" in page


def test_nginx_sends_etags_gzip_and_the_fixed_headers(copy: tuple[Path, str], live_server: str) -> None:
    _, base = copy
    answer = httpx.get(base + "/v1/provisions", headers={"accept-encoding": "gzip"})
    assert answer.headers["content-encoding"] == "gzip"
    assert answer.json() == httpx.get(live_server + "/v1/provisions").json()
    etag = answer.headers["etag"]
    again = httpx.get(base + "/v1/provisions", headers={"if-none-match": etag, "accept-encoding": "gzip"})
    assert again.status_code == 304
    page = httpx.get(base + "/matrix", headers={"accept": BROWSER})
    assert (
        page.headers["content-security-policy"] == httpx.get(live_server + "/matrix").headers["content-security-policy"]
    )
    assert page.headers["x-dataset-version"] == ds_version(live_server)
    assert (
        httpx.get(base + "/docs").headers["content-security-policy"].startswith("default-src 'none'; script-src 'self'")
    )
    assert httpx.get(base + "/no/such/path").status_code == 404
    assert httpx.get(base + "/v1/tasks/no-such-task").status_code == 404


def ds_version(live_server: str) -> str:
    version: str = httpx.get(live_server + "/healthz").json()["dataset_version"]
    return version


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            elif name == "href" and value:
                self.hrefs.append(value)


def test_every_internal_link_on_every_page_resolves(copy: tuple[Path, str]) -> None:
    """Every page of the site (as the copy holds it, byte-identical to the app's) links only to URLs
    that answer 200, and every #fragment names an element of the page it points to."""
    out, _ = copy
    files = _manifest(out)["files"]
    urls = {f["url"] for f in files}
    pages: dict[str, _Page] = {}
    for f in files:
        if f["content_type"].startswith("text/html"):
            parsed = _Page()
            parsed.feed((out / f["file"]).read_text(encoding="utf-8"))
            pages[f["url"]] = parsed
    assert len(pages) > 600
    broken = []
    for url, page in pages.items():
        for href in page.hrefs:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https") or href.startswith("data:"):
                continue  # the official text and sources: other sites, not ours to check here
            target = (parts.path or url) + ("?" + parts.query if parts.query else "")
            if target not in urls:
                broken.append(f"{url} -> {href}")
            elif parts.fragment and parts.fragment not in pages.get(target, page).ids:
                broken.append(f"{url} -> {href} (no such anchor)")
    assert broken == []
