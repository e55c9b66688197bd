"""The static copy works on a plain static host, and the generated nginx config deploys it in front of the app.

``internet-plus static --out DIR`` is run as shipped. Its ``files/`` folder is served twice:

- by ``python -m http.server``, a server that knows nothing of the project (no content negotiation,
  no headers of ours): every file is what the app answers at the same URL, every link of every page
  leads to a file, and headless Chromium walks from the home page to a document and an item;
- by a real nginx (the Debian package) on the generated ``nginx.conf``, in front of the real app under
  uvicorn: every fixed URL in every Accept variant answers the app's bytes and headers, queries reach
  the app, and the protections are nginx's own (header size, timeouts, graceful reload).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from browsing import free_port, raw_request, running, watch
from hostile import NO_ANSWER, PASSED_ON_BY_NGINX, RANGES_IGNORED, RANGES_REFUSED, send_all
from internet_plus_api.settings import GZIP_MIN_SIZE
from internet_plus_api.web.crawl import app_only
from playwright.sync_api import Browser
from renamed_urls import OLD_URLS

# writing the copy takes about a minute of the file's ninety seconds
pytestmark = pytest.mark.heavy(90)

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ACCEPTS = {"default": None, "html": BROWSER, "csv": "text/csv", "ndjson": "application/x-ndjson"}
KEY_HEADERS = (
    "content-type",
    "cache-control",
    "content-security-policy",
    "link",
    "x-total-count",
    "content-disposition",
    "x-dataset-version",
    "access-control-allow-origin",
    "x-content-type-options",
    "last-modified",
)


def _nginx() -> str:
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).is_file()), None)
    if not found:
        pytest.fail("the deployment tests need nginx: apt-get install nginx (Debian)", pytrace=False)
    return found


def _nginx_command(out: Path, conf: str = "nginx.conf") -> list[str]:
    command = [_nginx(), "-p", str(out), "-c", conf, "-e", "stderr"]
    if os.geteuid() == 0:  # nginx started as root hands its workers to nobody, who cannot read a 0700 temp dir
        command += ["-g", "user root;"]
    return command


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory, live_server: str) -> tuple[Path, int]:
    """The copy written by the CLI for nginx on a free port, with the live app as its upstream."""
    out = tmp_path_factory.mktemp("static")
    port = free_port()
    upstream = urlsplit(live_server).netloc
    cli = [sys.executable, "-m", "internet_plus", "static", "--out", str(out), "--port", str(port)]
    done = subprocess.run([*cli, "--upstream", upstream], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "nginx -p" in done.stdout and "static host" in done.stdout
    return out, port


@pytest.fixture(scope="module")
def plain(copy: tuple[Path, int]) -> Iterator[str]:
    """``python -m http.server`` over files/: a static host with no idea of the project."""
    out, _ = copy
    port = free_port()
    command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", "files"]
    base = f"http://127.0.0.1:{port}"
    with running("http.server", command, out, dict(os.environ), base + "/index.json", out / "http.log"):
        yield base


@pytest.fixture(scope="module")
def nginx(copy: tuple[Path, int]) -> Iterator[str]:
    out, port = copy
    base = f"http://127.0.0.1:{port}"
    with running("nginx", _nginx_command(out), out, dict(os.environ), base + "/healthz", out / "nginx.log"):
        yield base


class _AppInThread:
    """The app in process (as ASGI), called on a thread of its own: the browser tests' Playwright keeps an
    event loop running on the main thread, and the ASGI client runs one of its own."""

    def __init__(self) -> None:
        from internet_plus_api.app import create_app
        from internet_plus_api.web.asgi_client import DirectClient

        self._pool = ThreadPoolExecutor(max_workers=1)
        self._client = self._pool.submit(lambda: DirectClient(create_app())).result()

    def get(self, url: str, headers: dict[str, str] | None = None) -> Any:
        return self._pool.submit(self._client.get, url, headers).result()

    def close(self) -> None:
        self._pool.submit(self._client.close).result()
        self._pool.shutdown()


@pytest.fixture(scope="module")
def app() -> Iterator[_AppInThread]:
    """What every URL must answer, without a second HTTP round trip."""
    client = _AppInThread()
    yield client
    client.close()


def _manifest(out: Path) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return manifest


def _served_at(file: str) -> str:
    """The URL a static host serves ``file`` at: a folder's index.html at the folder."""
    return "/" + file.removesuffix("index.html")


# --- the plain static host ---------------------------------------------------------------------------------


def test_the_copy_has_every_fixed_url_as_explicit_files(copy: tuple[Path, int], live_server: str, ds: Any) -> None:
    out, _ = copy
    files = {f["file"] for f in _manifest(out)["files"]}
    assert {"index.html", "index.json", "docs/index.html", "schema/openapi.json", "matrix/index.html"} <= files
    assert "v1/documents/guofa-2015-40/index.html" in files
    for table in ds.tables:
        assert {f"v1/{table}/index.html", f"v1/{table}.json", f"v1/{table}.csv", f"v1/{table}.ndjson"} <= files
        for row in ds.rows(table):
            assert {f"v1/{table}/{row.id}.json", f"v1/{table}/{row.id}.csv", f"v1/{table}/{row.id}/index.html"} <= files
    assert {f"v1/download/{n}" for n in ("tasks.csv", "tasks.json", "internet-plus.db")} <= files
    feeds = {"feeds/releases.atom", "feeds/releases.json", "feeds/changes.atom", "feeds/changes.json"}
    assert feeds | {f"feeds/changes/{t}.{x}" for t in ds.tables if t != "changes" for x in ("atom", "json")} <= files
    assert not any(app_only("/" + f.removesuffix("/index.html")) for f in files)
    assert not any("?" in f or "@" in f for f in files)


_RELEASE_ROW = re.compile(r"v1/releases/([^/]+)/tables/[^/]+/[^/]+[.]json")


def _asked(files: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every file, but of the rows of the releases before the last two only every seventh: one view answers
    every release's rows, and each release adds about 3,400 of them (a second a release, every run)."""
    versions = sorted({m.group(1) for f in files if (m := _RELEASE_ROW.fullmatch(f["file"]))}, key=_version_key)
    older = set(versions[:-2])
    asked, count = [], 0
    for f in files:
        m = _RELEASE_ROW.fullmatch(f["file"])
        if m is not None and m.group(1) in older:
            count += 1
            if count % 7:
                continue
        asked.append(f)
    return asked


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def test_every_file_is_what_the_app_answers_at_its_url(copy: tuple[Path, int], app: Any) -> None:
    """The explicit representation URLs mean the same on a static host and in the app: each file is the
    app's answer at the URL a static host serves it at (a page as a browser asks for it)."""
    out, _ = copy
    files = _manifest(out)["files"]
    asked = _asked(files)
    assert len(files) - len(asked) > 10_000  # rows of the older releases, sampled
    wrong = []
    for row in asked:
        url = _served_at(row["file"])
        answer = app.get(url, headers={"accept": BROWSER} if row["file"].endswith("index.html") else {})
        if (answer.status_code, answer.content) != (200, (out / "files" / row["file"]).read_bytes()):
            wrong.append(f"{url}: app {answer.status_code}")
    assert wrong == []
    assert len(files) > 12_000


def test_a_plain_static_host_serves_each_kind_of_file_with_no_negotiation(copy: tuple[Path, int], plain: str) -> None:
    """http.server knows nothing of Accept: a bare row URL is its page (the folder's index.html), the
    explicit URLs are the data, downloads are the files; a page links to its data by those URLs."""
    out, _ = copy
    files = out / "files"
    cases = {
        "/": ("index.html", "text/html"),
        "/v1/tasks/A02.1/": ("v1/tasks/A02.1/index.html", "text/html"),
        "/v1/tasks/A02.1.json": ("v1/tasks/A02.1.json", "application/json"),
        "/v1/tasks/A02.1.csv": ("v1/tasks/A02.1.csv", "text/csv"),
        "/v1/tasks.csv": ("v1/tasks.csv", "text/csv"),
        "/v1/download/internet-plus.db": ("v1/download/internet-plus.db", None),
        "/schema/openapi.json": ("schema/openapi.json", "application/json"),
        "/static/site.css": ("static/site.css", "text/css"),
    }
    for url, (name, media_type) in cases.items():
        answer = httpx.get(plain + url)
        assert answer.status_code == 200 and answer.content == (files / name).read_bytes(), url
        if media_type:
            assert answer.headers["content-type"].startswith(media_type), url
    moved = httpx.get(plain + "/v1/tasks/A02.1")  # every static host sends a folder's URL to its slash
    assert moved.status_code == 301 and moved.headers["location"] == "/v1/tasks/A02.1/"


def test_the_akoma_ntoso_iris_resolve_on_a_plain_static_host(copy: tuple[Path, int], plain: str, app: Any) -> None:
    """The work, a provision and an expression's XML, at their IRIs: the page, the JSON-LD at ``<IRI>.jsonld``,
    the XML as the file of its name — the same bytes as the app answers at those URLs."""
    work = "/akn/cn/act/guofa/2015/40"
    for url in (f"{work}/", f"{work}.jsonld", f"{work}/~A02.jsonld", f"{work}/zho/!main.xml", f"{work}/eng/!main.xml"):
        answer = httpx.get(plain + url)
        assert answer.status_code == 200, url
        if not url.endswith("/"):
            assert answer.content == app.get(url).content, url
    assert json.loads(httpx.get(plain + f"{work}.jsonld").content)["@id"] == work
    assert "国务院关于积极推进" in httpx.get(plain + f"{work}/zho/!main.xml").content.decode("utf-8")


def test_the_language_views_are_files_a_plain_static_host_serves(copy: tuple[Path, int], plain: str, ds: Any) -> None:
    """Chinese only and English only are pages of their own (no script, no query), written by the copy."""
    out, _ = copy
    for doc in ("guofa-2015-40", "guofa-2015-5"):
        for view, other in (("zh", 'lang="en"'), ("en", 'lang="zh-Hans"')):
            answer = httpx.get(f"{plain}/documents/{doc}/{view}/")
            assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
            assert answer.content == (out / "files" / f"documents/{doc}/{view}/index.html").read_bytes()
            text = answer.text
            assert all(other not in s for s in re.findall(r'<section class="prov.*?</section>', text, re.S))


def test_no_page_prints_none_and_each_says_which_text_is_official(copy: tuple[Path, int]) -> None:
    """Every page of the copy (every row, every view): no literal "None" where a value is missing; every page
    that shows English says the Chinese is official; every document page (and view) carries its status."""
    out, _ = copy
    folder = out / "files"
    none, unlabelled, no_status = [], [], []
    for row in _manifest(out)["files"]:
        name = row["file"]
        if not (name.endswith(".html") and row["content_type"].startswith("text/html")) or name.startswith("docs/"):
            continue
        text = (folder / name).read_text(encoding="utf-8")
        main = text.split('<main id="main">', 1)[-1]
        shown = re.sub(r"<script.*?</script>|<[^>]+>", " ", main, flags=re.S)
        if re.search(r"\bNone\b", shown):
            none.append(name)
        if 'lang="en"' in main and '<aside class="official"' not in main:
            unlabelled.append(name)
        if re.fullmatch(r"(v1/)?documents/[^/]+/(zh/|en/)?index\.html", name) and 'class="status status-' not in main:
            no_status.append(name)
    assert (none, unlabelled, no_status) == ([], [], [])


def test_pre_compressed_files_are_the_same_bytes(copy: tuple[Path, int]) -> None:
    out, _ = copy
    rows = [f for f in _manifest(out)["files"] if "gzip" in f]
    assert len(rows) > 10_000
    sizes = {row["file"]: (out / "files" / row["file"]).stat().st_size for row in _manifest(out)["files"]}
    assert min(sizes[row["file"]] for row in rows) >= GZIP_MIN_SIZE  # compressed where the app compresses
    for row in rows[::50]:
        packed = (out / "files" / row["gzip"]).read_bytes()
        assert gzip.decompress(packed) == (out / "files" / row["file"]).read_bytes()
        assert packed[4:8] == b"\0\0\0\0"  # no timestamp: the same bytes at every build


def test_a_small_file_is_sent_as_the_app_sends_it_uncompressed(copy: tuple[Path, int], nginx: str, app: Any) -> None:
    """Below ``GZIP_MIN_SIZE`` the app sends a body as it is, even to a client that takes gzip; so does nginx."""
    out, _ = copy
    small = next(
        row
        for row in _manifest(out)["files"]
        if row["file"].endswith(".json") and 200 < (out / "files" / row["file"]).stat().st_size < GZIP_MIN_SIZE
    )
    url = _served_at(small["file"])
    taken = {"accept-encoding": "gzip"}
    assert "content-encoding" not in app.get(url, headers=taken).headers
    through = httpx.get(nginx + url, headers=taken)
    assert through.status_code == 200 and "content-encoding" not in through.headers
    assert through.content == (out / "files" / small["file"]).read_bytes()


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            elif name in ("href", "src") and value:
                self.hrefs.append(value)


def _resolve(folder: Path, path: str) -> Path | None:
    """What a static host does with a path: the file, or the folder's index.html."""
    target = folder / path.lstrip("/")
    if target.is_file():
        return target
    if (target / "index.html").is_file():
        return target / "index.html"
    return None


def test_every_link_on_every_page_leads_to_a_file(copy: tuple[Path, int]) -> None:
    """With no negotiation and no query strings: every internal link of every page names a file or a folder
    with an index.html, and every #fragment an element of that page. Only the search form's examples carry
    a query (the form without the app shows itself)."""
    out, _ = copy
    folder = out / "files"
    pages = {
        row["file"]: row
        for row in _manifest(out)["files"]
        if row["file"].endswith(".html") and row["content_type"].startswith("text/html")
    }
    parsed: dict[Path, _Page] = {}
    for name in pages:
        page = parsed[folder / name] = _Page()
        page.feed((folder / name).read_text(encoding="utf-8"))
    assert len(parsed) > 2000
    broken = []
    for path, page in parsed.items():
        for href in page.hrefs:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https", "data") or (not parts.path and parts.fragment):
                continue
            if parts.query and parts.path != "/search":
                broken.append(f"{path.relative_to(folder)} -> {href} (a query: no static host answers it)")
                continue
            if app_only(parts.path):
                continue  # a row's history: the app answers it (nginx passes a missed file on), the copy has none
            target = _resolve(folder, parts.path)
            if target is None:
                broken.append(f"{path.relative_to(folder)} -> {href}")
            elif parts.fragment and target in parsed and parts.fragment not in parsed[target].ids:
                broken.append(f"{path.relative_to(folder)} -> {href} (no such anchor)")
    assert broken == []


def test_chromium_reads_the_edition_from_a_plain_static_host(browser: Browser, plain: str, ds: Any) -> None:
    """The home page, a document, an action and a task, reached by following the links, with the stylesheet
    and nothing failing; then an item's JSON link."""
    context = browser.new_context()
    context.set_default_timeout(15_000)
    watched = watch(context, plain)
    page = watched.page
    try:
        page.goto(plain + "/")
        assert "Internet Plus" in page.title()
        page.click("a[href='/v1/documents/guofa-2015-40']")
        page.wait_for_url("**/v1/documents/guofa-2015-40/")
        assert "国务院关于积极推进“互联网+”行动的指导意见" in page.inner_text("body")
        page.click("a[href='/v1/actions/A02']")
        page.wait_for_url("**/v1/actions/A02/")
        assert ds.action("A02").title_zh in page.inner_text("h1")
        page.click("a[href='/v1/tasks/A02.1']")
        page.wait_for_url("**/v1/tasks/A02.1/")
        assert ds.task("A02.1").title_zh in page.inner_text("h1")
        assert plain + "/static/site.css" in watched.requests
        answer = page.request.get(plain + "/v1/tasks/A02.1.json")
        assert answer.status == 200 and answer.json()["id"] == "A02.1"
        assert watched.problems == [] and watched.elsewhere() == []
    finally:
        context.close()


# --- nginx in front of the app --------------------------------------------------------------------------------


def _is_bare(url: str) -> bool:
    """A URL whose answer follows Accept: no extension naming its format."""
    return url.endswith("/") or re.search(r"\.(json|jsonld|csv|ndjson|txt|zip|db|parquet|xlsx|js|css)$", url) is None


def _vary(response: httpx.Response) -> set[str]:
    return {v.strip() for line in response.headers.get_list("vary") for v in line.split(",")}


def _key_headers(response: httpx.Response) -> dict[str, str | None]:
    return {h: response.headers.get(h) for h in KEY_HEADERS}


# the suffixes a representation's file ends in; any other dot (an AKN portion, a version) is part of an id
_SUFFIXES = {"json", "csv", "ndjson", "html", "xml", "atom", "ttl", "db", "parquet", "xlsx", "zip", "txt", "jsonld"}


def _shape(url: str, variant: str) -> tuple[Any, ...]:
    """What nginx's choice of file depends on: the path's first segments (two under /v1 and /feeds, one
    elsewhere), its depth, its representation suffix, a trailing slash, and the Accept variant."""
    path = urlsplit(url).path
    segments = path.strip("/").split("/")
    suffix = segments[-1].rpartition(".")[2] if "." in segments[-1] else ""
    head = segments[:2] if segments[0] in ("v1", "feeds") else segments[:1]
    return (*head, len(segments), suffix if suffix in _SUFFIXES else "", path.endswith("/"), variant)


def _sample(targets: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The first three URLs of every shape, and one URL in forty besides, chosen by a hash of the URL
    (the same sample every run)."""
    by_shape: dict[tuple[Any, ...], list[tuple[str, str]]] = {}
    for target in targets:
        by_shape.setdefault(_shape(*target), []).append(target)
    picked = {t for group in by_shape.values() for t in group[:3]}
    picked |= {t for t in targets if int(hashlib.sha256(repr(t).encode()).hexdigest(), 16) % 40 == 0}
    return sorted(picked)


def test_nginx_answers_every_fixed_url_as_the_app_does(copy: tuple[Path, int], nginx: str, app: Any) -> None:
    """Every shape of URL of the copy, bare (negotiated) and explicit, with each Accept variant: the same
    status, bytes and key headers as the app; a bare answer says Vary: Accept.

    nginx chooses a file by the URL's shape (its locations and the Accept map), so every shape is asked
    three times and a fixed sample of the rest besides (about 1,800 of the 48,000 URL-variant pairs,
    which all asked took a minute and a half). That every file's bytes are the app's at its URL is
    checked for all of them, by test_every_file_is_what_the_app_answers_at_its_url."""
    out, _ = copy
    rows = _manifest(out)["files"]
    targets = sorted({(r["url"], r["accept"]) for r in rows} | {(_served_at(r["file"]), "default") for r in rows})
    sample = _sample(targets)
    problems = []
    with httpx.Client(timeout=30) as client:
        for url, variant in sample:
            headers = {"accept": ACCEPTS[variant]} if ACCEPTS[variant] else {}
            if url.endswith("/") and url != "/":
                headers = {"accept": BROWSER}
            expected = app.get(url, headers=headers)
            got = client.get(nginx + url, headers=headers)
            want = {h: expected.headers.get(h) for h in KEY_HEADERS}
            if (got.status_code, got.content) != (expected.status_code, expected.content):
                problems.append(f"{url} [{variant}]: nginx {got.status_code}, app {expected.status_code}")
            elif _key_headers(got) != want:
                problems.append(f"{url} [{variant}]: {_key_headers(got)} != {want}")
            elif (
                _is_bare(url)
                and "Accept" in expected.headers.get("vary", "").split(", ")
                and "Accept" not in _vary(got)
            ):
                problems.append(f"{url} [{variant}]: no Vary: Accept")
    assert problems == []
    assert len(targets) > 20_000  # the copy holds every fixed URL in every variant
    assert {_shape(*t) for t in sample} == {_shape(*t) for t in targets}


HYPHENATED = re.compile(r"\b(?:document-links|agency-changes|measure-groups)\b")


def test_the_copy_holds_each_tables_urls_under_its_name_only(copy: tuple[Path, int], plain: str) -> None:
    """A plain static host cannot redirect, so the spelling before 3.2.0 (``/v1/document-links/…``) is no file
    of the copy, and no page, feed or sitemap of it links one."""
    out, _ = copy
    files = [str(f["file"]) for f in _manifest(out)["files"]]
    assert "v1/document_links/L001.json" in files and not [f for f in files if HYPHENATED.search(f)]
    for name in ("sitemap.xml", "feeds/changes.atom", "v1/agencies/aqsiq/index.html", "v1/holders/index.html"):
        assert not HYPHENATED.search((out / "files" / name).read_text(encoding="utf-8")), name
    assert httpx.get(plain + "/v1/document-links/L001.json").status_code == 404


def test_nginx_redirects_a_tables_old_urls_as_the_app_does(nginx: str, live_server: str) -> None:
    """nginx answers the spelling before 3.2.0 itself, as the app does: 308 to the same path and query."""
    with httpx.Client() as client:
        for old, new in OLD_URLS:
            got, app = client.get(nginx + old), client.get(live_server + old)
            assert (
                (got.status_code, got.headers["location"]) == (308, new) == (app.status_code, app.headers["location"])
            )
            assert got.headers["x-dataset-version"] == app.headers["x-dataset-version"], old
            assert client.head(nginx + old).headers["location"] == new
            assert client.get(nginx + new).status_code == 200, new


def test_queries_reach_the_app(nginx: str, live_server: str) -> None:
    for url in (
        "/v1/tasks?action=A02",
        "/v1/tasks?limit=3&offset=5&fields=id,title_en",
        "/v1/responsibilities.csv?agency=ndrc&role=lead",
        "/v1/search?q=%E5%A4%A7%E6%95%B8%E6%93%9A",
        "/v1/actions/A02?include=tasks,agencies",
        "/search?q=manufacturing",
        "/v1/tasks",
        "/v1/tasks?limit=0",
        "/v1/no-such-table",
        "/v1/tasks/A99.9",
    ):
        app, got = httpx.get(live_server + url), httpx.get(nginx + url)
        assert (got.status_code, got.content) == (app.status_code, app.content), url
        assert _key_headers(got) == _key_headers(app), url
    assert httpx.post(nginx + "/v1/tasks").headers["content-type"] == "application/problem+json"


def test_q_values_in_accept_are_honoured(nginx: str, live_server: str) -> None:
    for accept in ("text/html;q=0", "text/csv;q=0.5, text/html", "application/json;q=0.9, text/csv", "*/*;q=0"):
        app = httpx.get(live_server + "/v1/tasks/A02.1", headers={"accept": accept})
        got = httpx.get(nginx + "/v1/tasks/A02.1", headers={"accept": accept})
        assert (got.status_code, got.headers["content-type"], got.content) == (
            app.status_code,
            app.headers["content-type"],
            app.content,
        ), accept
    assert httpx.get(nginx + "/v1/tasks/A02.1", headers={"accept": "text/html;q=0"}).status_code == 406


def test_files_go_out_pre_compressed_with_etags_and_ranges(nginx: str, copy: tuple[Path, int]) -> None:
    out, _ = copy
    plain = httpx.get(nginx + "/v1/provisions.json")
    zipped = httpx.get(nginx + "/v1/provisions.json", headers={"accept-encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip" and zipped.content == plain.content
    raw = (out / "files" / "v1/provisions.json.gz").read_bytes()
    assert int(zipped.headers["content-length"]) == len(raw)  # the file beside it, not compressed again
    etag = zipped.headers["etag"]
    again = httpx.get(nginx + "/v1/provisions.json", headers={"if-none-match": etag, "accept-encoding": "gzip"})
    assert again.status_code == 304
    part = httpx.get(nginx + "/v1/download/tasks.csv", headers={"range": "bytes=0-9", "accept-encoding": "identity"})
    assert part.status_code == 206 and part.content == plain_bytes(nginx, "/v1/download/tasks.csv")[:10]
    assert part.headers["content-disposition"] == 'attachment; filename="tasks.csv"'


def test_a_files_headers_go_with_its_2xx_and_3xx_answers_only(nginx: str) -> None:
    """A 304 keeps what the 200 said (a cache revalidating keeps its Cache-Control, CORS, Vary); an error
    nginx makes at a file's URL claims none of the file's headers."""
    first = httpx.get(nginx + "/v1/tasks/A02.1")
    again = httpx.get(nginx + "/v1/tasks/A02.1", headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304
    for name in ("cache-control", "vary", "access-control-allow-origin", "x-dataset-version"):
        assert again.headers[name] == first.headers[name], name
    failed = httpx.get(nginx + "/v1/tasks/A02.1", headers={"if-match": '"another"'})
    assert _problem(failed, 412)["type"] == "/problems/precondition-failed"  # the app's problem, never nginx's page
    earlier = {"if-unmodified-since": "Mon, 02 Jan 2006 00:00:00 GMT"}  # before the release: as the app answers it
    assert (
        _problem(httpx.get(nginx + "/v1/tasks/A02.1", headers=earlier), 412)["type"] == "/problems/precondition-failed"
    )
    since = {"if-modified-since": first.headers["last-modified"]}
    assert httpx.get(nginx + "/v1/tasks/A02.1", headers=since).status_code == 304
    assert failed.headers["cache-control"] != first.headers["cache-control"]  # an error is never kept for an hour
    assert failed.headers.get("etag") != first.headers["etag"]  # nor named by the file's validator
    assert "Accept" not in failed.headers.get_list("vary", split_commas=True)  # gzip_vary's Accept-Encoding only


def _types_of(operation: dict[str, Any]) -> set[str]:
    return set(operation["get"]["responses"]["200"].get("content", {}))


def test_the_sitemap_lists_each_page_of_the_copy_once(copy: tuple[Path, int], nginx: str) -> None:
    """Every distinct page of the copy (a row's alias and an Akoma Ntoso IRI give a page that is already
    listed) at exactly one of its URLs, and each feed at a fixed path, on the base URL robots.txt names;
    each answers 200 through nginx."""
    from lxml import etree

    out, _ = copy
    robots = (out / "files" / "robots.txt").read_text(encoding="utf-8")
    sitemap_url = next(line.split(" ", 1)[1] for line in robots.splitlines() if line.startswith("Sitemap: "))
    base = sitemap_url.removesuffix("/sitemap.xml")
    tree = etree.parse(str(out / "files" / "sitemap.xml"))
    listed = [loc.text.removeprefix(base) for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    pages: dict[bytes, set[str]] = {}
    for row in _manifest(out)["files"]:
        if row["content_type"].startswith("text/html"):
            pages.setdefault((out / "files" / row["file"]).read_bytes(), set()).add(row["url"])
    openapi = json.loads((out / "files" / "schema" / "openapi.json").read_bytes())
    feed_types = {"application/atom+xml", "application/feed+json"}
    feeds = {p for p, op in openapi["paths"].items() if "{" not in p and feed_types & set(_types_of(op))}
    assert sorted(u for urls in pages.values() if len(urls & set(listed)) != 1 for u in urls) == []
    assert len(listed) == len(set(listed)) == len(pages) + len(feeds)
    assert set(listed) <= set().union(*pages.values()) | feeds
    with httpx.Client(timeout=30) as client:
        answers = [client.head(nginx + url, headers={"accept": BROWSER}) for url in listed]
    assert [u for u, a in zip(listed, answers, strict=True) if a.status_code != 200] == []


def test_static_hosts_say_the_release_date_as_last_modified(copy: tuple[Path, int], plain: str, nginx: str) -> None:
    """The files' times are the release date, so a plain static host and nginx send the app's Last-Modified
    and answer If-Modified-Since with 304 when nothing is newer."""
    from datetime import datetime, timedelta
    from email.utils import format_datetime

    out, _ = copy
    package = json.loads((out / "files" / "v1" / "datapackage.json").read_bytes())
    released = datetime.fromisoformat(package["created"].replace("Z", "+00:00"))
    date = format_datetime(released, usegmt=True)
    for base in (plain, nginx):
        for url in (
            "/sitemap.xml",
            "/robots.txt",
            "/v1/tasks/A02.1.json",
            "/v1/tasks/A02.1/",
            "/v1/download/tasks.csv",
        ):
            answer = httpx.get(base + url)
            assert answer.status_code == 200 and answer.headers["last-modified"] == date, (base, url)
            for since, status in ((released, 304), (released + timedelta(days=1), 304), (released - timedelta(1), 200)):
                again = httpx.get(base + url, headers={"if-modified-since": format_datetime(since, usegmt=True)})
                assert again.status_code == status, (base, url, since)


def plain_bytes(base: str, url: str) -> bytes:
    return httpx.get(base + url).content


def _problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert "no-store" in response.headers.get_list("cache-control")
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["title"]
    return body


def test_nginx_refuses_oversized_headers_as_problems(nginx: str) -> None:
    _problem(httpx.get(nginx + "/v1/tasks.json", headers={"x-big": "a" * 9000}), 431)
    _problem(httpx.get(nginx + "/" + "a" * 9000), 414)
    too_far = {"range": "bytes=99999999-", "accept-encoding": "identity"}
    assert httpx.get(nginx + "/v1/download/tasks.csv", headers=too_far).status_code == 416
    many = {f"x-h{i}": "b" * 4000 for i in range(6)}
    _problem(httpx.get(nginx + "/v1/tasks/A02.1", headers=many), 431)
    assert httpx.get(nginx + "/healthz").status_code == 200


def _conf_with(out: Path, name: str, **changes: Any) -> Path:
    """Another config for the same copy (another port, upstream or timeout), as the CLI would write it."""
    from internet_plus_api.web.nginx import NginxSite, nginx_conf

    manifest = _manifest(out)
    problems = {int(p.stem): p.name for p in sorted((out / "problems").iterdir())}
    site = NginxSite(out, manifest["files"], manifest["headers"], manifest["negotiated_by_app"], problems, "x")
    conf = out / name
    text = nginx_conf(site, **changes).replace("pid nginx.pid;", f"pid {name}.pid;")
    conf.write_text(text, encoding="utf-8")
    return conf


def test_the_app_down_is_a_problem_not_an_html_page(copy: tuple[Path, int]) -> None:
    out, _ = copy
    port = free_port()
    _conf_with(out, "down.conf", port=port, upstream=f"127.0.0.1:{free_port()}")
    base = f"http://127.0.0.1:{port}"
    command = _nginx_command(out, "down.conf")
    with running("nginx", command, out, dict(os.environ), base + "/index.json", out / "down.log"):
        assert httpx.get(base + "/v1/tasks/A02.1.json").status_code == 200  # files need no app
        _problem(httpx.get(base + "/v1/tasks?action=A02"), 502)
        _problem(httpx.get(base + "/healthz"), 502)


def test_a_slow_reader_is_closed_after_the_send_timeout(copy: tuple[Path, int], nginx: str) -> None:
    out, _ = copy
    port = free_port()
    _conf_with(out, "slow.conf", port=port, upstream="127.0.0.1:9", send_timeout=1)
    command = _nginx_command(out, "slow.conf")
    base = f"http://127.0.0.1:{port}"
    size = len(plain_bytes(nginx, "/v1/download/internet-plus.db"))
    with running("nginx", command, out, dict(os.environ), base + "/index.json", out / "slow.log"):
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(("127.0.0.1", port))
        sock.sendall(b"GET /v1/download/internet-plus.db HTTP/1.1\r\nHost: x\r\n\r\n")
        time.sleep(3.5)  # reads nothing: nginx's send_timeout (1 s) passes with its buffers full
        assert httpx.get(base + "/index.json").status_code == 200  # others are served meanwhile
        received = 0
        sock.settimeout(5)
        try:
            while chunk := sock.recv(65536):
                received += len(chunk)
        except ConnectionResetError:
            pass  # reset_timedout_connection: nginx drops what it had queued
        sock.close()
        assert 0 < received < size  # closed by nginx before the end, not finished


def test_sighup_reloads_gracefully_mid_download(copy: tuple[Path, int], nginx: str) -> None:
    """A download in progress when nginx is told to reload finishes whole; new requests keep being answered."""
    out, _ = copy
    expected = hashlib.sha256(plain_bytes(nginx, "/v1/download/internet-plus.db")).hexdigest()
    master = int((out / "nginx.pid").read_text())
    digest = hashlib.sha256()
    with httpx.stream("GET", nginx + "/v1/download/internet-plus.db") as answer:
        chunks = answer.iter_bytes(65536)
        digest.update(next(chunks))
        os.kill(master, signal.SIGHUP)
        time.sleep(1)
        assert httpx.get(nginx + "/v1/tasks/A02.1.json").status_code == 200
        for chunk in chunks:
            digest.update(chunk)
    assert digest.hexdigest() == expected
    assert int((out / "nginx.pid").read_text()) == master


RANGE_PATHS = ["/v1/download/tasks.csv", "/v1/tasks.csv", "/v1/responsibilities"]


@pytest.mark.parametrize("path", RANGE_PATHS)
def test_byte_ranges_of_files(nginx: str, path: str) -> None:
    """nginx serves single byte ranges of every file (``max_ranges 1``: several ranges get the whole body)."""
    whole = httpx.get(nginx + path, headers={"Accept-Encoding": "identity"})
    body, size, etag = whole.content, len(whole.content), whole.headers["etag"]
    assert whole.headers["accept-ranges"] == "bytes"
    for spec, (first, last) in {
        "bytes=0-99": (0, 99),
        "bytes=100-": (100, size - 1),
        "bytes=-10": (size - 10, size - 1),
        f"bytes=5-{size + 50}": (5, size - 1),
    }.items():
        part = httpx.get(nginx + path, headers={"Range": spec, "Accept-Encoding": "identity"})
        assert part.status_code == 206, spec
        assert part.headers["content-range"] == f"bytes {first}-{last}/{size}"
        assert part.content == body[first : last + 1]
        assert int(part.headers["content-length"]) == last - first + 1
        assert part.headers["etag"] == etag
    same = {"Range": "bytes=0-9", "If-Range": etag, "Accept-Encoding": "identity"}
    assert httpx.get(nginx + path, headers=same).status_code == 206
    stale = httpx.get(nginx + path, headers={"Range": "bytes=0-9", "If-Range": '"0000"', "Accept-Encoding": "identity"})
    assert stale.status_code == 200 and stale.content == body
    for ignored in RANGES_IGNORED:  # as the app ignores them (tests/api/test_api_files.py)
        answer = httpx.get(nginx + path, headers={"Range": ignored, "Accept-Encoding": "identity"})
        assert answer.status_code == 200 and answer.content == body, ignored
    for spec in (f"bytes={size}-".encode(), *RANGES_REFUSED):  # as the app refuses them
        refused = httpx.get(nginx + path, headers={"Range": spec, "Accept-Encoding": "identity"})
        assert refused.status_code == 416, spec


def test_polars_reads_the_urls_directly(nginx: str, ds: Any) -> None:
    """polars reads a table file straight from the URL (scan_* fetches byte ranges), and gets every row."""
    import polars as pl

    rows = len(ds.responsibilities)
    for frame in (
        pl.read_csv(nginx + "/v1/responsibilities.csv"),
        pl.scan_csv(nginx + "/v1/responsibilities.csv").collect(),
        pl.read_ndjson(nginx + "/v1/responsibilities.ndjson"),
    ):
        assert frame.height == rows
    assert pl.scan_parquet(nginx + "/v1/download/tasks.parquet").collect().height == len(ds.tasks)


def test_a_request_nginx_cannot_read_gets_a_problem_document(copy: tuple[Path, int], nginx: str) -> None:
    _, port = copy
    answer = raw_request(port, b"GET /v1/actions HTTP/1.1\r\nHost: a\r\nnot a header line\r\n\r\n")
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.lower().split(b"\r\n")
    assert lines[0] == b"http/1.1 400 bad request", answer[:200]
    assert b"content-type: application/problem+json" in lines
    problem = json.loads(body)
    assert problem["type"] == "/problems/malformed-request" and problem["status"] == 400


def test_every_hostile_request_through_nginx_is_refused_as_a_problem(copy: tuple[Path, int], nginx: str) -> None:
    """tests/hostile.py's catalogue through nginx in front of the app: no 5xx (nginx's own 501 and 505 are
    sent as the 400 of a request that cannot be read, a method no server here knows as the app's 405); every
    refusal, nginx's as the app's, a problem document, but for what nginx passes on to the app's parser;
    and both answer afterwards."""
    _, port = copy
    answers = send_all(port)
    for name, answer in answers.items():
        assert answer.statuses or name in NO_ANSWER, name
        assert all(status < 500 for status in answer.statuses), (name, answer.raw[:300])
        if answer.statuses and answer.statuses[0] >= 400:
            clear = answer.parser_line() if name in PASSED_ON_BY_NGINX else answer.problem() is not None
            assert clear, (name, answer.raw[:300])
    unknown = answers["an unknown method"]
    assert unknown.statuses == (405,) and unknown.headers["allow"] == "GET, HEAD, OPTIONS"
    malformed = answers["HTTP/9.9"].problem()
    assert malformed is not None and malformed["type"] == "/problems/malformed-request" and malformed["status"] == 400
    assert httpx.get(nginx + "/healthz", timeout=5).status_code == 200
    assert httpx.get(nginx + "/v1/tasks/A02.1.json", timeout=5).status_code == 200


def test_an_idle_connection_flood_does_not_stop_healthz(copy: tuple[Path, int], nginx: str) -> None:
    """Connections that never send a request (or never finish one) are nginx's to hold and to close
    (client_header_timeout); the app behind never sees them, and new clients are answered meanwhile."""
    _, port = copy
    idle = []
    try:
        for _ in range(300):
            idle.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        idle[-1].sendall(b"GET /healthz HTTP/1.1\r\nHo")  # a request whose headers never end
        for url in ("/healthz", "/v1/tasks?action=A02", "/v1/tasks/A02.1.json"):
            assert httpx.get(nginx + url, timeout=5).status_code == 200
    finally:
        for s in idle:
            s.close()
    assert httpx.get(nginx + "/healthz", timeout=5).status_code == 200


def test_the_readme_deployment_commands_are_the_ones_tested_here(root: Path) -> None:
    """The README's deployment block is what this module runs: the app with those serve options, the copy
    written by ``internet-plus static --out --port --upstream``, nginx started as ``_nginx_command`` does."""
    import shlex

    from internet_plus_api.server import build_parser

    text = (root / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### Deployment: nginx in front of the app") :]
    block = section[section.index("```sh\n") + 6 : section.index("```\n", section.index("```sh\n") + 6)]
    commands = [shlex.split(line.split("#", 1)[0].rstrip(" &")) for line in block.splitlines() if line.strip()]
    assert [c[:2] for c in commands] == [["internet-plus", "serve"], ["internet-plus", "static"], ["nginx", "-p"]]
    build_parser("internet-plus serve").parse_args(commands[0][2:])  # every option exists
    assert [a for a in commands[1][2:] if a.startswith("--")] == ["--out", "--port", "--upstream"]  # the fixture's
    assert commands[2][3:] == ["-c", "nginx.conf", "-e", "stderr"] == _nginx_command(Path("x"))[3:7]
