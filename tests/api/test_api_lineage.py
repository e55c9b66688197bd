"""The policy family over HTTP: a document's rows and links, and the lineage of any action, task or measure."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Litestar
from litestar.testing import TestClient

Client = TestClient[Litestar]


def test_a11_lineage_answers_with_1078_and_its_evidence(client: Client, ds: Any) -> None:
    body = client.get("/v1/actions/A11/lineage").json()
    first = body["data"][0]
    link = ds.get("document_links", first["link_id"])
    assert first == {
        "link_id": link.id,
        "document_id": "fagai-gaoji-2016-1078",
        "number_zh": "发改高技〔2016〕1078号",
        "title_zh": "关于印发《“互联网+”人工智能三年行动实施方案》的通知",
        "title_en": ds.document("fagai-gaoji-2016-1078").title_en,
        "issuers_zh": "国家发展改革委、科技部、工业和信息化部、中央网信办",
        "signed": "2016-05-18",
        "published": None,
        "url": None,
        "text_held": "metadata",
        "relation": "implements",
        "evidence_grade": "cites_number",
        "evidence_rank": 1,
        "to_document_id": "guofa-2015-40",
        "to_subject_id": "A11",
        "quote_zh": link.quote_zh,
        "quote_url": link.quote_url,
        "verified": True,
        "document_url": "/v1/documents/fagai-gaoji-2016-1078",
    }
    assert "(国发[2015]40号)" in first["quote_zh"]
    assert body["meta"]["total"] == len(ds.lineage("A11"))
    task = client.get("/v1/tasks/A11.1/lineage").json()["data"]
    assert [(r["document_id"], r["evidence_grade"]) for r in task] == [("fagai-gaoji-2016-1078", "title_match")]
    slug = client.get(f"/v1/actions/{ds.action('A11').slug}/lineage").json()
    assert slug["data"] == body["data"]


def test_lineage_of_a_measure_group_a_measure_and_a_document(client: Client, ds: Any) -> None:
    group = client.get("/v1/measure_groups/S3/lineage?limit=100").json()["data"]
    assert {r["to_subject_id"] for r in group} <= {"S3", *(m.id for m in ds.measures_of("S3"))}
    assert "guofa-2015-5" in {r["document_id"] for r in group}  # it precedes S3.3 with the same sentence
    whole = client.get("/v1/documents/guofa-2015-40/lineage?limit=100").json()
    assert whole["meta"]["total"] == len(ds.lineage("guofa-2015-40")) >= 5
    assert all(r["to_subject_id"] is None for r in whole["data"])
    csv = client.get("/v1/actions/A11/lineage", headers={"accept": "text/csv"})
    assert csv.headers["content-type"].startswith("text/csv") and "发改高技〔2016〕1078号" in csv.text


def test_a_document_links_its_rows_and_its_links(client: Client, ds: Any) -> None:
    doc = client.get("/v1/documents/guofa-2015-5?include=tasks,measures,responsibilities,links").json()
    assert doc["number_zh"] == "国发〔2015〕5号" and doc["text_held"] == "abridged"
    assert [t["id"] for t in doc["tasks"]] == [f"gf5:T{n}" for n in range(1, 7)]
    assert len(doc["measures"]) == 7 and len(doc["responsibilities"]) == 9
    links = client.get("/v1/documents/guofa-2015-5/links").json()
    assert (
        [r["id"] for r in links["data"]]
        == [x.id for x in ds.links_of("guofa-2015-5")]
        == [r["id"] for r in doc["links"]]
    )
    tasks = client.get("/v1/tasks?document=guofa-2015-5").json()
    assert tasks["meta"]["total"] == 6 and client.get("/v1/tasks/gf5:T3").json()["document_id"] == "guofa-2015-5"


def test_1x_ids_and_urls_still_answer(client: Client) -> None:
    assert client.get("/v1/actions/A02").json()["title_zh"] == "“互联网+”协同制造"
    assert client.get("/v1/tasks/A02.1").json()["action_id"] == "A02"
    assert client.get("/v1/measures/S1.2").json()["group_id"] == "S1"
    assert client.get("/v1/provisions/title").json()["document_id"] == "guofa-2015-40"
    assert client.get("/v1/actions?document=guofa-2015-40").json()["meta"]["total"] == 11


def test_unknown_subjects_are_404_with_the_nearest_ids(
    client: Client, assert_problem: Callable[..., dict[str, Any]]
) -> None:
    assert_problem(
        client.get("/v1/actions/A12/lineage"), 404, type="/problems/not-found", nearest=["A11", "A10", "A02"]
    )
    body = assert_problem(client.get("/v1/documents/guofa-2015-4/links"), 404, type="/problems/not-found")
    assert "guofa-2015-40" in body["nearest"]


def test_lineage_is_documented(openapi: dict[str, Any]) -> None:
    for path in ("/v1/actions/{id}/lineage", "/v1/tasks/{id}/lineage", "/v1/documents/{id}/links"):
        assert path in openapi["paths"], path
    entry = openapi["components"]["schemas"]["LineageEntry"]
    assert {"evidence_grade", "quote_zh", "verified", "number_zh"} <= set(entry["properties"])
