"""Queries people write: comparisons, filters named like their columns, list fields, search in one document,
every row at once, holders on a date. Every expected count is computed here from the published CSV files."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from internet_plus.table_roles import LIST_FIELDS

ROOT = Path(__file__).resolve().parents[2]

Client = TestClient[Litestar]
Rows = Callable[[str], list[dict[str, str]]]


def total(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, response.text
    value: int = response.json()["meta"]["total"]
    return value


def test_dates_compare_with_gte_and_lt(client: Client, csv_rows: Rows, ds: Any) -> None:
    signed = [r["signed"] for r in csv_rows("documents")]
    in_2016 = sum(1 for s in signed if s and "2016-01-01" <= s < "2017-01-01")
    assert 0 < in_2016 < len(signed)
    assert total(client, "/v1/documents?signed__gte=2016-01-01&signed__lt=2017-01-01") == in_2016
    assert len(ds.table("documents").filter("signed__gte=2016-01-01", "signed__lt=2017-01-01")) == in_2016
    after = sum(1 for s in signed if s and s > "2016-12-31")
    assert total(client, "/v1/documents?signed__gt=2016-12-31") == after
    until = sum(1 for s in signed if s and s <= "2015-07-04")
    assert total(client, "/v1/documents?signed__lte=2015-07-04") == until


def test_integers_compare_too(client: Client, csv_rows: Rows) -> None:
    numbers = [int(r["number"]) for r in csv_rows("tasks")]
    assert total(client, "/v1/tasks?number__gte=3&number__lt=5") == sum(1 for n in numbers if 3 <= n < 5)


def test_a_comparison_on_text_names_the_field(client: Client, assert_problem: Callable[..., Any]) -> None:
    body = assert_problem(client.get("/v1/documents?title_zh__gte=a"), 400)
    assert body["type"] == "/problems/unknown-parameter"
    assert "'title_zh' cannot be compared" in body["detail"] and "signed" in body["detail"]
    assert [p["name"] for p in body["invalid_params"]] == ["title_zh__gte"]


def test_a_comparison_on_no_field_says_there_is_none(client: Client, assert_problem: Callable[..., Any]) -> None:
    """Not that 'foo' cannot be compared, which would say that it exists: that the list has no such field."""
    body = assert_problem(client.get("/v1/documents?foo__gte=3"), 400)
    (reason,) = [p["reason"] for p in body["invalid_params"]]
    assert reason.startswith("this list has no field 'foo'") and "signed" in reason


@pytest.mark.parametrize("value", ["2016-13-01", "2016-02-30", "16-01-01", "2016-1-1", "today"])
def test_a_bad_date_is_one_precise_400(client: Client, assert_problem: Callable[..., Any], value: str) -> None:
    body = assert_problem(client.get(f"/v1/documents?signed__gte={value}"), 400)
    assert body["invalid_params"] == [{"name": "signed__gte", "reason": f"{value!r} is not a date (YYYY-MM-DD)"}]


def test_filters_are_named_like_their_columns_and_the_old_names_stay(
    client: Client, csv_rows: Rows, openapi: dict[str, Any]
) -> None:
    ndrc = sum(1 for r in csv_rows("responsibilities") if r["agency_id"] == "ndrc")
    assert ndrc > 0
    assert total(client, "/v1/responsibilities?agency_id=ndrc") == ndrc
    assert total(client, "/v1/responsibilities?agency=ndrc") == ndrc
    params = {p["name"]: p for p in openapi["paths"]["/v1/responsibilities"]["get"]["parameters"]}
    assert not params["agency_id"].get("deprecated") and params["agency"]["deprecated"] is True
    assert "alias" in params["agency"]["description"]


def test_documents_filter_by_issuer(client: Client, csv_rows: Rows, ds: Any) -> None:
    by_ndrc = [r["id"] for r in csv_rows("documents") if "ndrc" in r["issuer_agency_ids"].split(" ")]
    body = client.get("/v1/documents?issuer_agency_ids=ndrc&limit=all&fields=id").json()
    assert [r["id"] for r in body["data"]] == by_ndrc and by_ndrc
    assert [d.id for d in ds.table("documents").filter("issuer_agency_ids=ndrc")] == by_ndrc
    either = [r["id"] for r in csv_rows("documents") if {"ndrc", "miit"} & set(r["issuer_agency_ids"].split(" "))]
    assert total(client, "/v1/documents?issuer_agency_ids=ndrc,miit") == len(either)


def test_list_fields_are_arrays_in_json_and_strings_in_csv(
    client: Client, csv_rows: Rows, openapi: dict[str, Any]
) -> None:
    schemas = openapi["components"]["schemas"]
    for table, fields in LIST_FIELDS.items():
        model = next(s for s in schemas.values() if s.get("description", "").startswith(f"A row of {table}:"))
        for name in fields:
            assert model["properties"][name]["type"] == "array", (table, name)
    published = {r["id"]: r for r in csv_rows("documents")}
    key = next(k for k, r in published.items() if " " in r["issuer_agency_ids"])
    item = client.get(f"/v1/documents/{key}").json()
    assert item["issuer_agency_ids"] == published[key]["issuer_agency_ids"].split(" ")
    blank = next(k for k, r in published.items() if not r["issuer_agency_ids"])
    assert client.get(f"/v1/documents/{blank}.json").json()["issuer_agency_ids"] == []
    as_csv = client.get(f"/v1/documents.csv?id={key}").text
    assert next(csv.DictReader(io.StringIO(as_csv)))["issuer_agency_ids"] == published[key]["issuer_agency_ids"]
    line = client.get(f"/v1/documents.ndjson?id={key}&fields=issuer_agency_ids").json()
    assert line == {"issuer_agency_ids": published[key]["issuer_agency_ids"].split(" ")}


def test_search_within_one_document_and_as_csv(client: Client, ds: Any) -> None:
    everywhere = ds.search("互联网")
    within = [h for h in everywhere if ds.document_of(h.table, h.id) == "guofa-2015-5"]
    assert 0 < len(within) < len(everywhere)
    body = client.get("/v1/search", params={"q": "互联网", "document": "guofa-2015-5", "limit": "all"}).json()
    assert [(h["table"], h["id"], h["field"]) for h in body["data"]] == [(h.table, h.id, h.field) for h in within]
    as_csv = client.get("/v1/search.csv", params={"q": "互联网", "document": "guofa-2015-5"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert [(r["table"], r["id"]) for r in rows] == [(h.table, h.id) for h in within]
    assert total(client, "/v1/search?q=互联网&document=no-such-document") == 0


def test_limit_all_gives_every_row_as_json(client: Client, csv_rows: Rows, assert_problem: Callable[..., Any]) -> None:
    published = csv_rows("provisions")
    body = client.get("/v1/provisions?limit=all&fields=id").json()
    assert [r["id"] for r in body["data"]] == [r["id"] for r in published]
    assert body["meta"]["count"] == body["meta"]["total"] == len(published)
    assert body["links"]["next"] is None and body["links"]["self"].endswith("limit=all&offset=0")
    rest = client.get("/v1/provisions?limit=all&offset=10&fields=id").json()
    assert rest["meta"]["count"] == len(published) - 10
    assert_problem(client.get("/v1/provisions?limit=every"), 400)


def test_holders_on_another_date(client: Client, ds: Any, csv_rows: Rows, assert_problem: Callable[..., Any]) -> None:
    today = csv_rows("holders")
    as_of = today[0]["as_of"]
    same = client.get(f"/v1/holders?as_of={as_of}&limit=all").json()["data"]
    assert [r["id"] for r in same] == [r["id"] for r in today]
    earlier = client.get("/v1/holders?as_of=2017-01-01&limit=all").json()["data"]
    expected = [h.model_dump(mode="json") for h in ds.holders_on(date(2017, 1, 1))]
    assert [(r["id"], r["holder_agency_id"], r["as_of"]) for r in earlier] == [
        (h["id"], h["holder_agency_id"], h["as_of"]) for h in expected
    ]
    assert [r["holder_agency_id"] for r in earlier] != [r["holder_agency_id"] for r in today]  # 2018's reforms
    body = assert_problem(client.get("/v1/holders?as_of=2017-02-30"), 400)
    assert body["invalid_params"] == [{"name": "as_of", "reason": "'2017-02-30' is not a date (YYYY-MM-DD)"}]


def test_a_comma_separates_values_escaped_or_not_and_no_filtered_value_holds_one(
    client: Client, csv_rows: Rows
) -> None:
    """``,`` and ``%2C`` both separate a list's values: what a user types as ``A02,A03`` reaches us escaped from
    URLSearchParams (the /docs page), requests and httpx. RFC 3986 would make ``%2C`` data, which matters only
    for a value that holds a comma: no value any list filter matches does, checked here over the data."""
    expected = sum(1 for row in csv_rows("tasks") if row["action_id"] in ("A02", "A03"))
    assert total(client, "/v1/tasks?action_id=A02%2CA03") == total(client, "/v1/tasks?action_id=A02,A03") == expected
    paths = client.get("/schema/openapi.json").json()["paths"]
    checked = 0
    for path, item in paths.items():
        table = path.removeprefix("/v1/")
        if "/" in table or "." in table or "{" in table or "get" not in item:
            continue
        rows = csv_rows(table) if (ROOT / "dataset" / f"{table}.csv").is_file() else []
        lists = [p["name"] for p in item["get"].get("parameters", []) if p["schema"].get("type") == "array"]
        for name in lists:
            column = next((c for c in (name, name + "_id") if rows and c in rows[0]), None)
            if column is not None:
                assert not [r["id"] for r in rows if "," in r[column]], (table, column)
                checked += 1
    assert checked > 20
