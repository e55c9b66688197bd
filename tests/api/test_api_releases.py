"""/v1/releases: every release, each one's manifest, changes and citation, its files byte for byte, its tables."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from litestar import Litestar
from litestar.testing import TestClient

import internet_plus

Client = TestClient[Litestar]
V100_ZIP = "c24d336c586a7a7906664ea319f637f1f3d59d9b2eebdfe6eb97c33359c02795"


def test_list_of_releases(client: Client) -> None:
    r = client.get("/v1/releases")
    assert r.status_code == 200
    body = r.json()
    current = internet_plus.load().version
    assert r.headers["x-dataset-version"] == current == body["current"]
    assert [x["version"] for x in body["data"]] == [x.version for x in internet_plus.releases()]
    first = body["data"][0]
    assert first == {
        "version": "1.0.0",
        "date": "2026-11-25",
        "previous": None,
        "changes": 0,
        "zip": {
            "name": "internet-plus-1.0.0.zip",
            "bytes": 284542,
            "sha256": V100_ZIP,
            "url": "/v1/releases/1.0.0/download/internet-plus-1.0.0.zip",
        },
        "citation": internet_plus.release("1.0.0").citation,
        "links": {
            "self": "/v1/releases/1.0.0",
            "tables": "/v1/releases/1.0.0/tables",
            "zip": "/v1/releases/1.0.0/download/internet-plus-1.0.0.zip",
        },
    }


def test_one_release_has_its_manifest_changes_and_citation(client: Client, root: Path) -> None:
    body = client.get("/v1/releases/1.0.0").json()
    assert body["datapackage"] == json.loads((root / "releases/1.0.0/datapackage.json").read_bytes())
    assert body["change_rows"] == []
    assert body["citation"]["text"] == internet_plus.release("1.0.0").citation
    assert body["citation"]["row_url"] == "/v1/releases/1.0.0/tables/{table}/{id}"
    files = {f["name"]: f for f in body["files"]}
    assert files["dataset/tasks.csv"]["url"] == "/v1/releases/1.0.0/download/tasks.csv"
    assert len(files) == 41


def test_download_of_a_past_release_is_byte_identical(client: Client, root: Path) -> None:
    r = client.get("/v1/releases/1.0.0/download/internet-plus-1.0.0.zip")
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    assert hashlib.sha256(r.content).hexdigest() == V100_ZIP
    assert r.headers["x-dataset-version"] == internet_plus.load().version
    manifest = client.get("/v1/releases/1.0.0/download/datapackage.json")
    assert manifest.content == (root / "releases/1.0.0/datapackage.json").read_bytes()
    package = json.loads(manifest.content)
    tasks = next(res for res in package["resources"] if res["name"] == "tasks")
    csv_file = client.get("/v1/releases/1.0.0/download/tasks.csv").content
    assert "sha256:" + hashlib.sha256(csv_file).hexdigest() == tasks["hash"]


def test_a_row_of_a_past_release_says_its_release(client: Client) -> None:
    r = client.get("/v1/releases/1.0.0/tables/tasks/A02.1")
    assert r.status_code == 200
    body = r.json()
    assert body["release"] == "1.0.0" and body["table"] == "tasks"
    assert body["data"]["id"] == "A02.1" and body["data"]["title_zh"] == "大力发展智能制造"
    table = client.get("/v1/releases/1.0.0/tables/errata").json()
    assert table["release"] == "1.0.0" and table["total"] == 51 == len(table["data"])
    listing = client.get("/v1/releases/1.0.0/tables").json()
    assert {"name": "tasks", "count": 40, "url": "/v1/releases/1.0.0/tables/tasks"} in listing["data"]


def test_release_errors_are_problems(client: Client, assert_problem: Callable[..., dict[str, Any]]) -> None:
    assert_problem(client.get("/v1/releases/1.0.1"), 404, detail="No release is numbered '1.0.1'.")
    assert_problem(
        client.get("/v1/releases/1.0.0/download/task.csv"), 404, detail="Release 1.0.0 has no file named 'task.csv'."
    )
    assert_problem(
        client.get("/v1/releases/1.0.0/tables/changes"), 404, detail="Release 1.0.0 has no table named 'changes'."
    )
    assert_problem(
        client.get("/v1/releases/1.0.0/tables/tasks/A02.9"),
        404,
        detail="No row of tasks in release 1.0.0 has the id 'A02.9'.",
    )
    assert_problem(client.get("/v1/releases?limit=1"), 400)
    assert_problem(
        client.get("/v1/releases/1.0.0/download/schemas/task.json"),
        404,
        detail="Release 1.0.0 has no file at 'schemas/task.json'.",
    )


def test_every_file_a_release_lists_has_those_bytes_at_its_url(client: Client) -> None:
    """A user checks each listed file against the sha256 listed with it: schemas too (whose URL once gave the zip)."""
    for r in internet_plus.releases():
        body = client.get(f"/v1/releases/{r.version}").json()
        for f in body["files"] + body["distributions"]:
            got = client.get(f["url"]).content
            assert (f["name"], len(got), hashlib.sha256(got).hexdigest()) == (f["name"], f["bytes"], f["sha256"])
    schema = client.get("/v1/releases/1.0.0").json()["files"][-1]
    assert (schema["name"], schema["url"]) == ("schemas/terms.json", "/v1/releases/1.0.0/download/schemas/terms.json")


def test_a_release_descriptor_resolves_every_path_it_names(client: Client) -> None:
    """Each path in a release's datapackage.json, read relative to its URL, answers the bytes it records,
    so a Frictionless client pointed at that URL reads the release over HTTP."""
    for r in internet_plus.releases():
        base = f"/v1/releases/{r.version}/download/"
        descriptor = client.get(base + "datapackage.json").json()
        texts = descriptor["texts"] if "texts" in descriptor else [descriptor["text"]]  # "texts" since 2.0.0
        recorded = {t["path"]: t["hash"] for t in texts}
        for res in descriptor["resources"]:
            recorded[res["path"]] = res["hash"]
            recorded[res["json"]["path"]] = res["json"]["hash"]
            if "schema_file" in res:
                recorded[res["schema_file"]["path"]] = res["schema_file"]["hash"]
            assert client.get(base + res["schema"]).json()["fields"]
        for path, digest in recorded.items():
            assert (path, "sha256:" + hashlib.sha256(client.get(base + path).content).hexdigest()) == (path, digest)


def test_the_current_zip_is_the_one_a_release_keeps(client: Client, root: Path) -> None:
    """The API's zip of the package it serves and the release build's zip are the same bytes."""
    from releases import DISTRIBUTIONS, package_members

    version = internet_plus.load().version
    members = package_members({"datapackage.json": (root / "datapackage.json").read_bytes()})
    served = client.get(f"/v1/download/internet-plus-{version}.zip").content
    assert served == DISTRIBUTIONS[0].build(version, members)


def test_1_1_0_is_listed_after_1_0_0_with_its_changes(client: Client) -> None:
    body = client.get("/v1/releases").json()
    assert [(r["version"], r["previous"], r["changes"]) for r in body["data"]][:2] == [
        ("1.0.0", None, 0),
        ("1.1.0", "1.0.0", 915),
    ]
    detail = client.get("/v1/releases/1.1.0").json()
    assert len(detail["change_rows"]) == 915
    rows = {(c["table_name"], c["row_id"], c["field"]): c for c in detail["change_rows"]}
    assert rows[("errata", "E52", None)] == {
        "id": "1.1.0-0898",
        "release": "1.1.0",
        "previous_release": "1.0.0",
        "table_name": "errata",
        "row_id": "E52",
        "field": None,
        "kind": "added",
        "old_value": None,
        "new_value": None,
        "reason": "E52",
    }
    a104 = rows[("tasks", "A10.4", "text_en")]
    assert (a104["id"], a104["reason"]) == (
        "1.1.0-0605",
        "English: 骨干 rendered 'backbone', as in the glossary (not 'major')",
    )


def test_the_current_release_files_are_the_ones_served_at_v1(client: Client, root: Path) -> None:
    current = client.get("/").json()["version"]
    published = [r["version"] for r in client.get("/v1/releases").json()["data"]]
    v = current if current in published else published[-1]  # a version being prepared has no kept zip yet
    kept = client.get(f"/v1/releases/{v}/download/internet-plus-{v}.zip").content
    assert kept == (root / f"releases/{v}/internet-plus-{v}.zip").read_bytes()
    if v == current:
        assert kept == client.get(f"/v1/download/internet-plus-{v}.zip").content
        db = client.get(f"/v1/releases/{v}/download/internet-plus.db").content
        assert db == (root / "dataset/internet-plus.db").read_bytes()
    else:
        assert client.get(f"/v1/releases/{current}/download/internet-plus-{current}.zip").status_code == 404
    past = client.get("/v1/releases/1.1.0/download/internet-plus-1.1.0.zip").content
    assert past == (root / "releases/1.1.0/internet-plus-1.1.0.zip").read_bytes()  # 1.1.0 stays retrievable
    old = client.get("/v1/releases/1.0.0/tables/tasks/A02.1").json()["data"]
    new = client.get("/v1/releases/1.1.0/tables/tasks/A02.1").json()["data"]
    assert (old["start"], new["start"]) == (2912, 2925)
