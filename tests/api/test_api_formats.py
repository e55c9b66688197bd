"""Formats and files: JSON, CSV (with and without BOM), NDJSON, negotiation, and the published files."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from internet_plus_api.app import create_app
from litestar import Litestar
from litestar.testing import TestClient

Client = TestClient[Litestar]


@pytest.fixture(scope="module")
def package(root: Path) -> dict[str, Any]:
    result: dict[str, Any] = orjson.loads((root / "datapackage.json").read_bytes())
    return result


def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def test_csv_by_suffix_and_by_accept_are_the_same_table(client: Client) -> None:
    by_suffix = client.get("/v1/tasks.csv?action=A02")
    by_accept = client.get("/v1/tasks?action=A02", headers={"Accept": "text/csv"})
    assert by_suffix.content == by_accept.content
    assert by_suffix.headers["content-type"] == "text/csv; charset=utf-8"
    assert "accept" in by_accept.headers["vary"].lower()
    assert "accept," not in by_suffix.headers.get("vary", "").lower()
    rows = list(csv.DictReader(io.StringIO(by_suffix.text)))
    assert [r["id"] for r in rows] == ["A02.1", "A02.2", "A02.3", "A02.4"]
    assert rows[0]["title_zh"] == "大力发展智能制造"
    assert by_suffix.headers["x-total-count"] == "4"


def test_an_item_by_suffix_answers_every_accept_alike_and_says_so(client: Client) -> None:
    bare = client.get("/v1/tasks/A02.1", headers={"Accept": "text/csv"})
    assert "accept" in bare.headers["vary"].lower()
    for suffix in (".json", ".csv", ".ndjson"):
        answers = [
            client.get("/v1/tasks/A02.1" + suffix, headers={"Accept": a}) for a in ("text/html", "text/csv", "*/*")
        ]
        assert len({a.content for a in answers}) == 1, suffix
        assert all("accept," not in a.headers.get("vary", "").lower() + "," for a in answers), suffix


def test_every_full_table_as_csv_is_byte_identical_to_the_published_file(
    client: Client, root: Path, package: dict[str, Any]
) -> None:
    for resource in package["resources"]:
        name = resource["name"]
        body = client.get(f"/v1/{name}.csv").content  # the whole table: no page asked for
        assert body == (root / resource["path"]).read_bytes(), name


def test_csv_fields_and_bom(client: Client) -> None:
    plain = client.get("/v1/actions.csv?fields=id,slug&limit=2")
    assert plain.text == "id,slug\nA01,entrepreneurship-innovation\nA02,collaborative-manufacturing\n"
    excel = client.get("/v1/actions.csv?fields=id,slug&limit=2&bom=true")
    assert excel.content == b"\xef\xbb\xbf" + plain.content
    assert client.get("/v1/actions?bom=true").json()["meta"]["total"] == 11


def test_csv_writes_nulls_empty_and_booleans_lowercase(client: Client) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get("/v1/agency_changes.csv?limit=500").text)))
    assert {r["verified"] for r in rows} <= {"true", "false"}
    assert any(r["successor_agency_id"] == "" for r in rows)


def test_ndjson_by_suffix_and_by_accept(client: Client) -> None:
    by_suffix = client.get("/v1/measures.ndjson?group=S2")
    by_accept = client.get("/v1/measures?group=S2", headers={"Accept": "application/x-ndjson"})
    assert by_suffix.content == by_accept.content
    assert by_suffix.headers["content-type"] == "application/x-ndjson"
    lines = by_suffix.content.decode().splitlines()
    assert [orjson.loads(line) for line in lines] == client.get("/v1/measures?group=S2").json()["data"]
    assert by_suffix.content.endswith(b"\n")


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("", "application/json"),
        ("*/*", "application/json"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html; charset=utf-8"),  # a browser
        ("text/html;q=0.5, application/json", "application/json"),
        ("text/html", "text/html; charset=utf-8"),
        ("text/csv", "text/csv; charset=utf-8"),
        ("text/*", "text/csv; charset=utf-8"),
        ("text/csv;q=0.5, application/json", "application/json"),
        ("application/json;q=0.2, text/csv;q=0.9", "text/csv; charset=utf-8"),
        ("application/x-ndjson", "application/x-ndjson"),
        ("application/ndjson", "application/x-ndjson"),
    ],
)
def test_content_negotiation(client: Client, accept: str, media_type: str) -> None:
    response = client.get("/v1/principles", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type


def test_nothing_acceptable_is_406(client: Client, assert_problem: Callable[..., dict[str, Any]]) -> None:
    response = client.get("/v1/principles", headers={"Accept": "image/png, application/json;q=0"})
    body = assert_problem(response, 406, type="/problems/not-acceptable")
    assert "text/csv" in body["allowed"] and "application/json" in body["allowed"]


def test_items_in_csv_and_ndjson(client: Client, ds: Any) -> None:
    as_csv = client.get("/v1/tasks/A02.1", headers={"Accept": "text/csv"})
    assert as_csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert [r["id"] for r in csv.DictReader(io.StringIO(as_csv.text))] == ["A02.1"]
    as_ndjson = client.get("/v1/tasks/A02.1?include=agencies", headers={"Accept": "application/x-ndjson"})
    assert orjson.loads(as_ndjson.content)["agencies"][0]["id"] == "miit"
    bom = client.get("/v1/tasks/A02.1?bom=true", headers={"Accept": "text/csv"})
    assert bom.content.startswith(b"\xef\xbb\xbf")


def test_include_cannot_be_csv(client: Client, assert_problem: Callable[..., dict[str, Any]]) -> None:
    response = client.get("/v1/actions/A02?include=tasks", headers={"Accept": "text/csv"})
    assert_problem(response, 400, type="/problems/unsupported-combination")


def test_the_descriptor_is_served_as_published(client: Client, root: Path) -> None:
    response = client.get("/v1/datapackage.json")
    assert response.content == (root / "datapackage.json").read_bytes()
    assert response.headers["content-type"] == "application/json"


def test_every_published_file_downloads_byte_identical(client: Client, package: dict[str, Any]) -> None:
    entries = list(package["texts"])
    for resource in package["resources"]:
        entries += [resource, resource["json"]]
    for entry in entries:
        name = entry["path"].rsplit("/", 1)[-1]
        response = client.get(f"/v1/download/{name}")
        assert response.status_code == 200, name
        assert sha256(response.content) == entry["hash"], name
        assert len(response.content) == entry["bytes"], name
        assert response.headers["content-disposition"] == f'attachment; filename="{name}"'
        assert client.get("/v1/" + entry["path"]).content == response.content


def test_the_package_paths_resolve_relative_to_the_descriptor(
    client: Client, root: Path, package: dict[str, Any]
) -> None:
    for resource in package["resources"]:
        assert client.get("/v1/" + resource["schema"]).content == (root / resource["schema"]).read_bytes()
        assert sha256(client.get("/v1/" + resource["path"]).content) == resource["hash"]


def test_the_zip_holds_the_package_byte_for_byte(client: Client, root: Path, package: dict[str, Any]) -> None:
    name = f"internet-plus-{package['version']}.zip"
    response = client.get(f"/v1/download/{name}")
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = archive.namelist()
        prefix = f"internet-plus-{package['version']}/"
        assert names == sorted(names) and all(n.startswith(prefix) for n in names)
        assert archive.read(prefix + "datapackage.json") == (root / "datapackage.json").read_bytes()
        entries = [*package["texts"], *(e for r in package["resources"] for e in (r, r["json"]))]
        for entry in entries:
            assert sha256(archive.read(prefix + entry["path"])) == entry["hash"], entry["path"]
        for resource in package["resources"]:
            assert archive.read(prefix + resource["schema"]) == (root / resource["schema"]).read_bytes()


def test_the_zip_is_reproducible(client: Client, package: dict[str, Any]) -> None:
    name = f"/v1/download/internet-plus-{package['version']}.zip"
    with TestClient(create_app()) as other:
        assert other.get(name).content == client.get(name).content


def test_an_unknown_file_is_404_with_look_alikes(client: Client, assert_problem: Callable[..., dict[str, Any]]) -> None:
    body = assert_problem(client.get("/v1/download/task.csv"), 404, type="/problems/not-found")
    assert body["nearest"][0] == "tasks.csv"
