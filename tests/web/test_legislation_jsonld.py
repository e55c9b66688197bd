"""schema.org Legislation on every document and provision page and at every work IRI of the API: only
schema.org terms (tests/data/schemaorg-terms.csv, checked against the vocabulary copy rdflib ships), and
the values the tables give."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient
from rdflib.namespace import SDO

from internet_plus.naming import Names

HTML = {"accept": "text/html"}
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
TERMS_CSV = Path(__file__).resolve().parent.parent / "data" / "schemaorg-terms.csv"


@pytest.fixture(scope="module")
def terms() -> dict[str, dict[str, str]]:
    with TERMS_CSV.open(encoding="utf-8", newline="") as f:
        return {row["term"]: row for row in csv.DictReader(f)}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient[Any]]:
    from internet_plus_api.app import create_app

    with TestClient(create_app()) as c:
        yield c


def _vocabulary(value: Any) -> Iterator[str]:
    """Every property name, @type and schema.org IRI value used in a JSON-LD value."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "@context":
                continue
            if key == "@type":
                yield inner
            elif key == "@reverse":
                yield from inner
                for v in inner.values():
                    yield from _vocabulary(v)
                continue
            elif not key.startswith("@"):
                yield key
            yield from _vocabulary(inner)
    elif isinstance(value, list):
        for v in value:
            yield from _vocabulary(v)
    elif isinstance(value, str) and value.startswith("https://schema.org/"):
        yield value.removeprefix("https://schema.org/")


def _page_jsonld(client: TestClient[Any], path: str) -> dict[str, Any]:
    page = client.get(path, headers=HTML)
    assert page.status_code == 200, path
    found = SCRIPT.findall(page.text)
    assert len(found) == 1, f"{path}: {len(found)} JSON-LD blocks"
    value: dict[str, Any] = json.loads(found[0])
    return value


def test_the_vendored_terms_are_schema_org_terms(terms: dict[str, dict[str, str]]) -> None:
    known = set(SDO.__annotations__)
    for term, row in terms.items():
        assert (term in known) == (row["in_rdflib_copy"] == "true"), term
        assert row["source"].startswith(f"https://schema.org/{term}")


def test_every_document_and_provision_page_is_legislation_in_schema_org_terms(
    client: TestClient[Any], ds: Any, terms: dict[str, dict[str, str]]
) -> None:
    paths = [f"/v1/documents/{d.id}" for d in ds.documents] + [f"/v1/provisions/{p.id}" for p in ds.provisions]
    paths += [f"/v1/actions/{a.id}" for a in ds.actions] + [f"/v1/tasks/{t.id}" for t in ds.tasks]
    paths += [f"/v1/measures/{m.id}" for m in ds.measures]
    names = Names(d.model_dump() for d in ds.documents)
    for path in paths:
        value = _page_jsonld(client, path)
        assert value["@context"] == "https://schema.org/" and value["@type"] == "Legislation"
        unknown = set(_vocabulary(value)) - set(terms)
        assert not unknown, f"{path}: {sorted(unknown)}"
        if path.startswith("/v1/documents/"):
            assert value["@id"] == names.of(path.rsplit("/", 1)[1])


def test_the_values_are_the_tables(client: TestClient[Any], ds: Any) -> None:
    gf5 = _page_jsonld(client, "/v1/documents/guofa-2015-5")
    assert gf5["legislationIdentifier"] == "国发〔2015〕5号" and ds.document("guofa-2015-5").status == "lapsed"
    assert gf5["legislationLegalForce"] == "https://schema.org/NotInForce"
    assert [p["@id"] for p in gf5["legislationPassedBy"]] == ["/v1/agencies/state_council"]
    gf40 = _page_jsonld(client, "/v1/documents/guofa-2015-40")
    assert ds.document("guofa-2015-40").status == "in_force"
    assert gf40["legislationLegalForce"] == "https://schema.org/InForce"
    unknown = next(d for d in ds.documents if d.status == "unknown")
    assert "legislationLegalForce" not in _page_jsonld(client, f"/v1/documents/{unknown.id}")  # nothing said
    assert [e["contentUrl"] for e in gf40["encoding"]] == [
        "/akn/cn/act/guofa/2015/40/zho/!main.xml",
        "/akn/cn/act/guofa/2015/40/eng/!main.xml",
    ]
    a02 = _page_jsonld(client, "/v1/actions/A02")
    leads = [r["legislationResponsible"]["@id"] for r in a02["legislationResponsible"] if r["roleName"] == "co-lead"]
    assert leads == [f"/v1/agencies/{r.agency_id}" for r in ds.responsible_for("A02") if r.role == "co-lead"]
    a11 = _page_jsonld(client, "/v1/actions/A11")
    implementing = {w["@id"] for w in a11["@reverse"]["legislationEnsuresImplementationOf"]}
    assert "/akn/cn/act/fagai-gaoji/2016/1078" in implementing
    doc1078 = _page_jsonld(client, "/v1/documents/fagai-gaoji-2016-1078")
    assert "/akn/cn/act/guofa/2015/40/~A11" in {t["@id"] for t in doc1078["legislationEnsuresImplementationOf"]}


def test_the_work_iris_resolve_in_the_api_to_the_same_legislation(
    client: TestClient[Any], ds: Any, terms: dict[str, dict[str, str]]
) -> None:
    names = Names(d.model_dump() for d in ds.documents)
    for d in ds.documents:
        answer = client.get(names.of(d.id))
        assert answer.status_code == 200 and answer.headers["content-type"] == "application/ld+json"
        assert answer.json() == _page_jsonld(client, f"/v1/documents/{d.id}")
        assert set(_vocabulary(answer.json())) <= set(terms)
        page = client.get(names.of(d.id), headers=HTML)
        assert page.content == client.get(f"/v1/documents/{d.id}", headers=HTML).content
    portion = client.get("/akn/cn/act/guofa/2015/5/~T1")
    assert (
        portion.json()["@id"] == "/akn/cn/act/guofa/2015/5/~T1"
        and portion.json()["isPartOf"]["@id"] == "/akn/cn/act/guofa/2015/5"
    )
    for iri in ("/akn/cn/act/guofa/2015/40/zho", "/akn/cn/act/guofa/2015/40/zho/!main.xml"):
        xml = client.get(iri)
        assert (
            xml.headers["content-type"] == "application/akn+xml"
            and xml.content == client.get("/v1/download/guofa-2015-40.zh.akn.xml").content
        )
    for missing in (
        "/akn/cn/act/guofa/2015/40/fra/!main.xml",
        "/akn/cn/act/guofa/2015/41",
        "/akn/cn/act/guofa/2015/40/~Z1",
        "/akn/cn/act/guofa/2015/24/zho",
    ):
        problem = client.get(missing)
        assert problem.status_code == 404 and problem.headers["content-type"] == "application/problem+json"
