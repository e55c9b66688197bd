"""Portal metadata: a schema.org Dataset and a DCAT dataset, whose every download URL resolves in the
API to bytes with the stated size and sha256."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

# Google Dataset Search: required name, description; the recommended properties we can state truthfully.
SCHEMA_ORG_REQUIRED = {"name", "description"}
SCHEMA_ORG_RECOMMENDED = {
    "alternateName",
    "creator",
    "citation",
    "isAccessibleForFree",
    "isBasedOn",
    "identifier",
    "keywords",
    "license",
    "spatialCoverage",
    "version",
    "url",
    "distribution",
    "publisher",
    "datePublished",
    "inLanguage",
}
DATA_DOWNLOAD = {"@type", "name", "encodingFormat", "contentUrl", "contentSize", "sha256"}


@pytest.fixture(scope="module")
def package(root: Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    return result


def _resolves(client: Any, url: str, size: int, sha256: str) -> None:
    assert url.startswith(("/v1/download/", "/v1/releases/")), url
    response = client.get(url)
    assert response.status_code == 200, url
    assert len(response.content) == size and hashlib.sha256(response.content).hexdigest() == sha256, url


def test_schema_org_dataset(client: Any, package: dict[str, Any]) -> None:
    response = client.get("/v1/metadata/dataset.jsonld")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    body = response.json()
    assert body["@context"] == "https://schema.org/" and body["@type"] == "Dataset"
    assert set(body) >= SCHEMA_ORG_REQUIRED | SCHEMA_ORG_RECOMMENDED
    assert all(body[k] for k in SCHEMA_ORG_REQUIRED | SCHEMA_ORG_RECOMMENDED)
    assert 50 <= len(body["description"]) <= 5000  # Google's bounds
    assert body["version"] == package["version"] and body["license"] == package["licenses"][0]["path"]
    assert body["publisher"]["contactPoint"]["url"] == package["homepage"] + "/issues"
    assert body["isBasedOn"]["url"] == package["sources"][0]["path"]
    names = [d["name"] for d in body["distribution"]]
    expected = {r["path"].rsplit("/", 1)[-1] for r in package["resources"]}
    expected |= {r["json"]["path"].rsplit("/", 1)[-1] for r in package["resources"]}
    expected |= {d["path"].rsplit("/", 1)[-1] for d in package["distributions"]}
    expected |= {t["path"].rsplit("/", 1)[-1] for t in package["texts"]} | {f"internet-plus-{package['version']}.zip"}
    earlier = [r["version"] for r in client.get("/v1/releases").json()["data"] if r["version"] != package["version"]]
    assert "1.0.0" in earlier
    expected |= {f"internet-plus-{v}.zip" for v in earlier}
    assert len(names) == len(set(names)) and set(names) == expected
    versions = {d["version"]: d["contentUrl"] for d in body["distribution"] if "version" in d}
    assert set(versions) == set(earlier) and versions["1.0.0"].startswith("/v1/releases/1.0.0/")
    formats = {d["encodingFormat"] for d in body["distribution"]}
    assert {"text/csv", "application/vnd.sqlite3", "application/vnd.apache.parquet", "application/zip"} <= formats
    for d in body["distribution"]:
        assert set(d) >= DATA_DOWNLOAD, d
        _resolves(client, d["contentUrl"], int(d["contentSize"].removesuffix(" B")), d["sha256"])


def test_dcat_dataset(client: Any, package: dict[str, Any]) -> None:
    response = client.get("/v1/metadata/dcat.jsonld")
    assert response.status_code == 200
    body = response.json()
    assert body["@type"] == "dcat:Dataset" and body["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    for key in ("dct:title", "dct:description", "dct:license", "dct:publisher", "dcat:contactPoint", "dcat:version"):
        assert body[key], key
    assert body["dct:license"]["@id"] == package["licenses"][0]["path"]
    earlier = [v["dcat:version"] for v in body["dcat:hasVersion"]]
    assert "1.0.0" in earlier and package["version"] not in earlier
    assert body["dcat:previousVersion"]["@id"] == body["dcat:hasVersion"][-1]["@id"]
    for v in body["dcat:hasVersion"]:
        assert client.get(v["@id"]).status_code == 200
        d = v["dcat:distribution"]
        _resolves(
            client, d["dcat:downloadURL"]["@id"], d["dcat:byteSize"]["@value"], d["spdx:checksum"]["spdx:checksumValue"]
        )
    current = [d for d in client.get("/v1/metadata/dataset.jsonld").json()["distribution"] if "version" not in d]
    assert [d["dct:title"] for d in body["dcat:distribution"]] == [d["name"] for d in current]
    for d in body["dcat:distribution"]:
        assert d["spdx:checksum"]["spdx:algorithm"]["@id"] == "spdx:checksumAlgorithm_sha256"
        assert d["dcat:mediaType"]["@id"].startswith("https://www.iana.org/assignments/media-types/")
        _resolves(
            client, d["dcat:downloadURL"]["@id"], d["dcat:byteSize"]["@value"], d["spdx:checksum"]["spdx:checksumValue"]
        )
