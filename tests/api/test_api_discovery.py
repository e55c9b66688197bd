"""Discovery: a sitemap of every page, robots.txt naming it, Last-Modified from the release date, and an API
root that links its portal metadata (schema.org and DCAT, the DCAT read back as RDF)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import rdflib
from lxml import etree

from internet_plus.portal import files_of

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "http://127.0.0.1:8000"  # the default base URL: the local server's address
FEEDS = {"application/atom+xml", "application/feed+json", "application/rss+xml"}
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")


@pytest.fixture(scope="module")
def package(root: Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    return result


@pytest.fixture(scope="module")
def release_date(package: dict[str, Any]) -> str:
    return str(package["created"])[:10]


def _entries(xml: bytes, root_tag: str) -> list[tuple[str, str]]:
    tree = etree.fromstring(xml)
    assert tree.tag == SITEMAP_NS + root_tag
    return [(e.findtext(SITEMAP_NS + "loc") or "", e.findtext(SITEMAP_NS + "lastmod") or "") for e in tree]


def _pages_and_feeds(openapi: dict[str, Any], csv_rows: Any) -> set[str]:
    """From the OpenAPI document and the published tables: every fixed path whose answer is a page or a
    feed, and every row's page (``/v1/<collection>/<id>``, the collection named in the document), but the pages only
    the app answers (a row's history: not in the static copy, where the sitemap is written too)."""
    from internet_plus_api.routes.history import APP_ONLY

    expected = set()
    for path, item in openapi["paths"].items():
        if path.endswith(APP_ONLY):
            continue
        types = set(item["get"]["responses"]["200"].get("content", {}))
        if "{" not in path and ("text/html" in types or types & FEEDS):
            expected.add(path)
        elif path.startswith("/v1/") and path.split("/")[3:4] == ["{id}"] and "text/html" in types:
            rows = csv_rows(path.split("/")[2])
            expected |= {path.replace("{id}", row["id"]) for row in rows}
    return expected


def test_the_sitemap_lists_every_page_and_feed_once(client: Any, csv_rows: Any, release_date: str) -> None:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response.headers["content-type"] == "application/xml"
    entries = _entries(response.content, "urlset")
    locs = [loc for loc, _ in entries]
    assert len(locs) == len(set(locs)) and all(loc.startswith(BASE + "/") for loc in locs)
    assert {lastmod for _, lastmod in entries} == {release_date}
    expected = _pages_and_feeds(client.get("/schema/openapi.json").json(), csv_rows)
    assert {loc.removeprefix(BASE) for loc in locs} == expected
    assert {"/", "/docs", "/matrix", "/releases", "/v1/actions/A02", "/v1/tasks/A02.1"} <= expected
    assert "/v1/actions/collaborative-manufacturing" not in expected  # an alias: the same page as /v1/actions/A01


def test_robots_txt_allows_all_and_names_the_sitemap(client: Any) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.headers["content-type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    assert [line for line in lines if line.startswith("Sitemap:")] == [f"Sitemap: {BASE}/sitemap.xml"]


def test_the_base_url_is_configurable_and_checked(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from internet_plus_api.routes.discovery import discovery_endpoints
    from internet_plus_api.settings import BASE_URL_ENV, base_url_setting

    monkeypatch.setenv(BASE_URL_ENV, "https://example.org/edition/")
    assert base_url_setting(None) == "https://example.org/edition"
    assert base_url_setting("https://data.example.net") == "https://data.example.net"  # the argument wins
    monkeypatch.delenv(BASE_URL_ENV)
    assert base_url_setting(None) == BASE
    for bad in ("example.org", "ftp://example.org", "https://example.org/?a=1", "https://example.org/#top"):
        with pytest.raises(ValueError, match="is not an absolute http or https URL"):
            base_url_setting(bad)
    endpoints = discovery_endpoints([], app.state["site"], "https://example.org/edition", "2026-01-02")
    views = {e.path: e for e in endpoints}
    assert set(views) == {"/sitemap.xml", "/robots.txt"}


@pytest.mark.parametrize(
    ("host", "port", "base"),
    [
        ("127.0.0.1", 8001, "http://127.0.0.1:8001"),
        ("0.0.0.0", 80, "http://127.0.0.1:80"),
        ("::", 8000, "http://127.0.0.1:8000"),
        ("::1", 9000, "http://localhost:9000"),
        ("data.example.org", 8080, "http://data.example.org:8080"),
    ],
)
def test_a_local_server_s_base_url_is_the_address_it_listens_on(host: str, port: int, base: str) -> None:
    from internet_plus_api.settings import base_url_setting, local_base_url

    assert local_base_url(host, port) == base
    assert base_url_setting(base) == base  # a base URL the setting accepts


def test_the_static_command_refuses_a_bad_base_url_in_one_line(tmp_path: Path, capsys: Any) -> None:
    from internet_plus_api.web.snapshot import main

    assert main(["--out", str(tmp_path), "--base-url", "ftp://example.org"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "base URL 'ftp://example.org'" in err and "Traceback" not in err


def test_a_long_sitemap_becomes_an_index_of_parts_within_the_limits() -> None:
    from internet_plus_api.sitemap import sitemap_files

    paths = [f"/v1/rows/{n}?a&b" for n in range(5)]
    one = sitemap_files(paths, "https://example.org", "2026-12-06")
    assert list(one) == ["/sitemap.xml"]
    assert next(loc for loc, _ in _entries(one["/sitemap.xml"], "urlset")) == "https://example.org/v1/rows/0%3Fa&b"
    split = sitemap_files(paths, "https://example.org", "2026-12-06", max_urls=2)
    assert list(split) == ["/sitemap.xml", "/sitemap-1.xml", "/sitemap-2.xml", "/sitemap-3.xml"]
    index = _entries(split["/sitemap.xml"], "sitemapindex")
    assert index == [(f"https://example.org/sitemap-{n}.xml", "2026-12-06") for n in (1, 2, 3)]
    parts = [_entries(split[f"/sitemap-{n}.xml"], "urlset") for n in (1, 2, 3)]
    assert [len(p) for p in parts] == [2, 2, 1]
    assert [loc for p in parts for loc, _ in p] == [loc for loc, _ in _entries(one["/sitemap.xml"], "urlset")]
    by_size = sitemap_files(paths, "https://example.org", "2026-12-06", max_bytes=len(one["/sitemap.xml"]) - 1)
    assert len(by_size) == 3 and all(len(body) < len(one["/sitemap.xml"]) for body in by_size.values())


def test_every_answer_but_an_error_says_the_release_date_as_last_modified(client: Any) -> None:
    from email.utils import format_datetime

    created = client.get("/v1/datapackage.json").json()["created"]  # the release date, e.g. 2026-12-07T00:00:00Z
    moment = dt.datetime.fromisoformat(created.replace("Z", "+00:00"))
    http_date = format_datetime(moment, usegmt=True)  # in RFC 9110's form: Mon, 07 Dec 2026 00:00:00 GMT
    assert http_date.endswith("00:00:00 GMT") and created.startswith(str(moment.date()))
    for url, accept in (
        ("/", "text/html"),
        ("/", "application/json"),
        ("/v1/tasks/A02.1", "application/json"),
        ("/v1/tasks.csv", "text/csv"),
        ("/v1/tasks?action=A02", "application/json"),  # a query: the data behind it changed with the release too
        ("/v1/download/tasks.csv", "*/*"),
        ("/sitemap.xml", "*/*"),
        ("/robots.txt", "*/*"),
    ):
        for method in (client.get, client.head):
            response = method(url, headers={"accept": accept})
            assert response.status_code == 200, url
            assert response.headers.get_list("last-modified") == [http_date], (url, accept)
    assert "last-modified" not in client.get("/v1/tasks/Z99").headers


def _links(value: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for part in value.split(","):
        target, *params = (p.strip() for p in part.split(";"))
        attrs = dict(p.split("=", 1) for p in params)
        out.setdefault(attrs["rel"].strip('"'), set()).add(target.strip("<>"))
    return out


def test_the_api_root_links_its_portal_metadata(client: Any) -> None:
    metadata = {"/v1/metadata/dataset.jsonld", "/v1/metadata/dcat.jsonld"}
    for url in ("/", "/index.json", "/v1", "/v1.json"):
        response = client.get(url, headers={"accept": "application/json"})
        links = response.json()["links"]
        assert {links["metadata_schema_org"], links["metadata_dcat"]} == metadata, url
        assert links["sitemap"] == "/sitemap.xml"
        assert _links(response.headers["link"]) == {"describedby": metadata}, url
    for target in metadata:
        described = client.get(target)
        assert described.status_code == 200 and described.headers["content-type"] == "application/ld+json"


def test_the_dcat_is_rdf_that_names_every_distribution(client: Any, package: dict[str, Any]) -> None:
    here = BASE + "/v1/metadata/dcat.jsonld"
    graph = rdflib.Graph().parse(data=client.get("/v1/metadata/dcat.jsonld").text, format="json-ld", publicID=here)
    datasets = set(graph.subjects(rdflib.RDF.type, DCAT.Dataset))
    assert rdflib.URIRef(here) in datasets
    urls = {
        str(graph.value(d, DCAT.downloadURL)): graph.value(d, DCAT.byteSize)
        for d in graph.objects(rdflib.URIRef(here), DCAT.distribution)
    }
    names = [f["name"] for f in files_of(package)] + [f"internet-plus-{package['version']}.zip"]
    assert set(urls) == {f"{BASE}/v1/download/{name}" for name in names}
    sizes = {f["name"]: f["bytes"] for f in files_of(package)}
    assert all(urls[f"{BASE}/v1/download/{n}"].toPython() == size for n, size in sizes.items())
