"""Collections and items: every table's rows as published, filters, text search, fields, sort, pages."""

from __future__ import annotations

import json
import operator
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from internet_plus.rowjson import as_json
from internet_plus.search import normalise
from internet_plus.table_roles import LIST_FIELDS

Client = TestClient[Litestar]


def as_csv(value: Any, separator: str = " ") -> str:
    """A JSON value the way the published CSV writes it (a list: its items joined by the field's separator)."""
    if isinstance(value, list):
        return separator.join(value)
    return "" if value is None else "true" if value is True else "false" if value is False else str(value)


def all_pages(client: Client, url: str) -> tuple[list[dict[str, Any]], int]:
    rows: list[dict[str, Any]] = []
    total = -1
    next_url: str | None = url
    while next_url:
        body = client.get(next_url).json()
        rows += body["data"]
        total = body["meta"]["total"]
        next_url = body["links"]["next"]
    return rows, total


def ids(client: Client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return [row["id"] for row in response.json()["data"]]


@pytest.fixture(scope="module")
def collections(client: Client) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = client.get("/v1").json()["collections"]
    return result


def test_every_collection_page_by_page_equals_the_published_csv(
    client: Client, collections: list[dict[str, Any]], csv_rows: Callable[[str], list[dict[str, str]]]
) -> None:
    assert {c["table"] for c in collections} >= {
        "documents",
        "provisions",
        "principles",
        "targets",
        "actions",
        "tasks",
        "measure_groups",
        "measures",
        "agencies",
        "agency_changes",
        "responsibilities",
        "errata",
    }
    for coll in collections:
        rows, total = all_pages(client, f"/v1/{coll['name']}?limit=17")
        published = csv_rows(coll["table"])
        assert total == len(published) == coll["count"], coll["name"]
        lists = LIST_FIELDS.get(coll["table"], {})
        assert all(isinstance(row[f], list) for row in rows for f in lists), coll["name"]
        assert [{k: as_csv(v, lists.get(k, " ")) for k, v in row.items()} for row in rows] == published, coll["name"]


def test_collection_urls_use_the_table_name(client: Client) -> None:
    assert client.get("/v1/measure_groups").json()["meta"]["total"] == 7
    assert client.get("/v1/agency_changes").status_code == 200
    assert client.get("/v1/measure-groups", follow_redirects=False).status_code == 308  # the spelling before 3.2.0


def test_a_task_item_is_its_published_row(client: Client, ds: Any) -> None:
    body = client.get("/v1/tasks/A02.1").json()
    assert body == ds.task("A02.1").model_dump(mode="json")
    assert body["id"] == "A02.1"
    assert body["action_id"] == "A02"
    assert body["number"] == 1
    assert body["position"] == 1
    assert body["title_zh"] == "大力发展智能制造"
    assert body["title_en"] == "Vigorously develop intelligent manufacturing"
    assert list(body) == [
        "id",
        "document_id",
        "provision_id",
        "number",
        "title_zh",
        "title_en",
        "text_zh",
        "text_en",
        "start",
        "end",
        "translation_status",
        "translation_revision",
        "action_id",
        "position",
    ]


def test_every_item_of_every_table_is_its_row(client: Client, ds: Any, collections: list[dict[str, Any]]) -> None:
    for coll in collections:
        for row in ds.rows(coll["table"]):
            assert client.get(f"/v1/{coll['name']}/{row.id}").json() == as_json(coll["table"], row)


def test_an_action_by_slug_is_the_action_by_id(client: Client) -> None:
    by_slug = client.get("/v1/actions/collaborative-manufacturing")
    by_id = client.get("/v1/actions/A02")
    assert by_slug.json() == by_id.json()
    assert by_id.json()["title_zh"] == "“互联网+”协同制造"
    assert by_slug.headers["etag"] == by_id.headers["etag"]


def test_action_includes_tasks_agencies_and_responsibilities(client: Client, ds: Any) -> None:
    body = client.get("/v1/actions/A02?include=tasks,agencies,responsibilities").json()
    assert {k: v for k, v in body.items() if k not in ("tasks", "agencies", "responsibilities")} == ds.action(
        "A02"
    ).model_dump(mode="json")
    assert [t["id"] for t in body["tasks"]] == ["A02.1", "A02.2", "A02.3", "A02.4"]
    assert body["tasks"][0] == ds.task("A02.1").model_dump(mode="json")
    assert [a["id"] for a in body["agencies"]] == ["miit", "ndrc", "most"]
    assert [(r["agency_id"], r["role"]) for r in body["responsibilities"]] == [
        ("miit", "co-lead"),
        ("ndrc", "co-lead"),
        ("most", "co-lead"),
    ]


def test_includes_follow_the_declared_order_and_only_what_is_asked(client: Client) -> None:
    body = client.get("/v1/actions/A02?include=agencies,tasks").json()
    assert list(body)[-2:] == ["tasks", "agencies"]
    assert "responsibilities" not in client.get("/v1/actions/A02?include=tasks").json()


def test_other_tables_includes(client: Client, ds: Any) -> None:
    measure = client.get("/v1/measures/S1.1?include=agencies").json()
    assert [a["id"] for a in measure["agencies"]] == list(
        dict.fromkeys(r.agency_id for r in ds.responsible_for("S1.1"))
    )
    group = client.get("/v1/measure_groups/S1?include=measures").json()
    assert [m["id"] for m in group["measures"]] == ["S1.1", "S1.2", "S1.3", "S1.4"]
    agency = client.get("/v1/agencies/saic?include=changes").json()
    assert [c["id"] for c in agency["changes"]] == ["saic-2018-1", "saic-2018-2"]
    assert agency["changes"][0]["successor_en"] == "State Administration for Market Regulation"
    task = client.get("/v1/tasks/A02.1?include=agencies").json()
    assert [a["id"] for a in task["agencies"]] == ["miit", "ndrc", "most"]


def test_agency_responsibilities_mark_tasks_inherited_from_their_action(client: Client) -> None:
    rows, total = all_pages(client, "/v1/agencies/ndrc/responsibilities?limit=500")
    assert total == len(rows) == 71  # 70 in 40号, and 5号's closing paragraph
    a02 = [r for r in rows if r["subject_id"].startswith("A02")]
    assert a02[0] == {
        "subject_type": "action",
        "subject_id": "A02",
        "role": "co-lead",
        "inherited_from": None,
        "responsibility_id": "A02-02",
        "url": "/v1/actions/A02",
    }
    assert a02[1] == {
        "subject_type": "task",
        "subject_id": "A02.1",
        "role": "co-lead",
        "inherited_from": "A02",
        "responsibility_id": "A02-02",
        "url": "/v1/tasks/A02.1",
    }
    leads = client.get("/v1/agencies/ndrc/responsibilities?subject_type=action&role=lead").json()["data"]
    assert leads and all(r["subject_type"] == "action" and r["role"] == "lead" for r in leads)
    # the explicit CSV URL (what a static host serves) is the negotiated CSV
    explicit = client.get("/v1/agencies/ndrc/responsibilities.csv")
    assert explicit.content == client.get("/v1/agencies/ndrc/responsibilities", headers={"accept": "text/csv"}).content


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/v1/tasks?action=A02", ["A02.1", "A02.2", "A02.3", "A02.4"]),
        ("/v1/tasks?action=A02,A11", ["A02.1", "A02.2", "A02.3", "A02.4", "A11.1", "A11.2", "A11.3"]),
        ("/v1/measures?group=S1", ["S1.1", "S1.2", "S1.3", "S1.4"]),
        ("/v1/actions?id=A03,A01", ["A01", "A03"]),
        ("/v1/actions?slug=smart-energy", ["A04"]),
        ("/v1/targets?parent=G2018", ["G2018.1", "G2018.2", "G2018.3", "G2018.4"]),
        ("/v1/targets?year=2025", ["G2025"]),
        ("/v1/targets?dimension=economy,environment", ["G2018.1", "G2018.4"]),
        ("/v1/tasks?action=A02&position=1,3", ["A02.1", "A02.3"]),
        ("/v1/tasks?action=A19", []),
    ],
)
def test_filters(client: Client, url: str, expected: list[str]) -> None:
    assert ids(client, url) == expected


def _expected(rows: list[dict[str, Any]], param: dict[str, Any], lists: Any) -> tuple[str, str, list[str]] | None:
    """A value for the documented filter ``param`` taken from the rows, and the ids it must select."""
    name = param["name"]
    base, _, op = name.rpartition("__") if "__" in name else (name, "", "")
    field = base if base in rows[0] else base + "_id"  # a deprecated alias is the column without _id
    if field not in rows[0] or name in ("fields", "sort"):
        return None
    assert param.get("deprecated", False) == (field != base), name
    values = [r[field] for r in rows if r[field] is not None and r[field] != ""]
    if not values:
        return None
    value = values[len(values) // 2]
    if field in lists:  # a list field: the rows that list one of its items
        item = str(value).split(lists[field])[-1]
        return item, field, [r["id"] for r in rows if item in str(r[field] or "").split(lists[field])]
    compare = {"gt": operator.gt, "gte": operator.ge, "lt": operator.lt, "lte": operator.le, "": operator.eq}[op]
    shown = str(value).lower() if isinstance(value, bool) else str(value)
    return shown, field, [r["id"] for r in rows if r[field] is not None and compare(r[field], value)]


def test_every_documented_filter_selects_exactly_the_matching_rows(
    client: Client, ds: Any, openapi: dict[str, Any], collections: list[dict[str, Any]]
) -> None:
    checked: Counter[str] = Counter()
    for coll in collections:
        rows = [r.model_dump(mode="json") for r in ds.rows(coll["table"])]
        lists = LIST_FIELDS.get(coll["table"], {})
        for param in openapi["paths"][f"/v1/{coll['name']}"]["get"]["parameters"]:
            found = _expected(rows, param, lists)
            if found is None:
                continue
            shown, field, expected = found
            body = client.get(f"/v1/{coll['name']}", params={param["name"]: shown, "limit": "all"}).json()
            assert [r["id"] for r in body["data"]] == expected, (coll["name"], param["name"], shown)
            checked["alias" if param.get("deprecated") else "list" if field in lists else param["name"][-4:]] += 1
    assert sum(checked.values()) >= 40 and checked["alias"] >= 10 and checked["list"] >= 2, checked
    assert all(checked[op] >= 5 for op in ("__gt", "_gte", "__lt", "_lte")), checked


def test_filters_on_roles_years_kinds_and_booleans(client: Client, ds: Any) -> None:
    leads = ids(client, "/v1/responsibilities?agency=ndrc&role=lead")
    assert leads == [r.id for r in ds.responsibilities if r.agency_id == "ndrc" and r.role == "lead"] != []
    changes = ids(client, "/v1/agency_changes?year=2018&limit=500")
    assert changes == [c.id for c in ds.agency_changes if c.year == 2018] != []
    tasks = client.get("/v1/provisions?kind=task&limit=500").json()
    assert tasks["meta"]["total"] == 40 + 6 and {p["kind"] for p in tasks["data"]} == {"task"}  # 40号's, 5号's
    unverified = ids(client, "/v1/agency_changes?verified=false&limit=500")
    assert unverified == [c.id for c in ds.agency_changes if not c.verified]


@pytest.mark.parametrize(
    ("query", "table", "expected"),
    [
        ("制造", "actions", ["A02"]),
        ("協同", "actions", ["A02"]),
        ("collaborative MANUFACTURING", "actions", ["A02"]),
        ("ＣＯＬＬＡＢＯＲＡＴＩＶＥ", "actions", ["A02"]),
        ("ndrc", "agencies", ["ndrc"]),
        ("国家发展和改革委员会", "agencies", ["ndrc"]),
    ],
)
def test_text_search_in_a_collection(client: Client, query: str, table: str, expected: list[str]) -> None:
    found = ids(client, f"/v1/{table}?q={query}")
    assert set(expected) <= set(found), found


def test_text_search_combines_with_filters(client: Client, ds: Any) -> None:
    found = ids(client, "/v1/tasks?q=互聯網&action=A02")
    assert found and all(t.startswith("A02.") for t in found)
    assert ids(client, "/v1/tasks?q=no-such-words-anywhere") == []


def test_fields_choose_and_order_the_fields(client: Client) -> None:
    body = client.get("/v1/tasks?fields=title_en,id&limit=2").json()
    assert body["data"] == [
        {"title_en": "Strengthen support for entrepreneurship and innovation", "id": "A01.1"},
        {"title_en": "Actively develop mass innovation spaces", "id": "A01.2"},
    ]
    assert [list(row) for row in body["data"]] == [["title_en", "id"]] * 2


def test_sort_ascending_descending_and_by_several_fields(client: Client, ds: Any) -> None:
    assert ids(client, "/v1/actions?sort=-id")[:2] == ["A11", "A10"]
    by_title = ids(client, "/v1/actions?sort=title_en")
    assert by_title == [a.id for a in sorted(ds.actions, key=lambda a: a.title_en)]
    mixed = ids(client, "/v1/tasks?action=A01,A02&sort=-action_id,position")
    assert mixed == ["A02.1", "A02.2", "A02.3", "A02.4", "A01.1", "A01.2", "A01.3"]


def test_nulls_sort_last_both_ways(client: Client) -> None:
    # economy < environment < infrastructure < society; the two headline targets have no dimension
    targets = "/v1/targets?document=guofa-2015-40"
    assert ids(client, f"{targets}&sort=dimension") == ["G2018.1", "G2018.4", "G2018.3", "G2018.2", "G2018", "G2025"]
    assert ids(client, f"{targets}&sort=-dimension") == ["G2018.2", "G2018.3", "G2018.4", "G2018.1", "G2018", "G2025"]


def test_pagination_envelope_links_and_headers(client: Client) -> None:
    response = client.get("/v1/provisions?kind=task&limit=15&offset=15")
    body = response.json()
    assert body["meta"] == {"total": 46, "limit": 15, "offset": 15, "count": 15}  # 40 tasks of 40号, 6 of 5号
    assert body["links"] == {
        "self": "/v1/provisions?kind=task&limit=15&offset=15",
        "first": "/v1/provisions?kind=task&limit=15&offset=0",
        "last": "/v1/provisions?kind=task&limit=15&offset=45",
        "next": "/v1/provisions?kind=task&limit=15&offset=30",
        "prev": "/v1/provisions?kind=task&limit=15&offset=0",
    }
    assert response.headers["x-total-count"] == "46"
    assert response.headers["link"] == (
        '</v1/provisions?kind=task&limit=15&offset=30>; rel="next", '
        '</v1/provisions?kind=task&limit=15&offset=0>; rel="prev", '
        '</v1/provisions?kind=task&limit=15&offset=0>; rel="first", '
        '</v1/provisions?kind=task&limit=15&offset=45>; rel="last"'
    )


def test_default_page_is_50_rows_and_says_so(client: Client) -> None:
    body = client.get("/v1/provisions").json()
    assert body["meta"] == {"total": 207, "limit": 50, "offset": 0, "count": 50}  # 155 of 40号, 52 of 5号
    assert body["links"]["next"] == "/v1/provisions?limit=50&offset=50"
    assert body["links"]["prev"] is None
    assert client.get("/v1/provisions?limit=500").json()["meta"]["count"] == 207


def test_an_offset_past_the_end_is_an_empty_page_pointing_back(client: Client) -> None:
    body = client.get("/v1/actions?limit=5&offset=100").json()
    assert body["data"] == []
    assert body["meta"] == {"total": 11, "limit": 5, "offset": 100, "count": 0}
    assert body["links"]["next"] is None
    assert body["links"]["prev"] == body["links"]["last"] == "/v1/actions?limit=5&offset=10"


def test_links_keep_every_parameter_percent_encoded(client: Client) -> None:
    body = client.get("/v1/tasks?q=制造&fields=id&sort=-id&limit=1").json()
    assert body["links"]["next"] == "/v1/tasks?q=%E5%88%B6%E9%80%A0&fields=id&sort=-id&limit=1&offset=1"
    assert client.get(body["links"]["next"]).json()["meta"]["offset"] == 1


def test_search_across_tables_returns_typed_hits_with_marked_snippets(client: Client, ds: Any) -> None:
    body = client.get("/v1/search?q=协同制造&limit=500").json()
    assert body["meta"]["total"] == len(body["data"]) == len(ds.search("协同制造")) > 0
    for hit in body["data"]:  # a value may be traditional (a quote seen on a big5 page): the match is either form
        assert set(hit) == {"table", "id", "field", "start", "end", "matches", "snippet", "url"}
        row = client.get(hit["url"]).json()
        assert row["id"] == hit["id"]
        matched = row[hit["field"]][hit["start"] : hit["end"]]
        assert normalise(matched) == "协同制造" and f"【{matched}】" in hit["snippet"]


def test_search_by_table_traditional_and_english(client: Client) -> None:
    provisions = client.get("/v1/search?q=協同&table=provisions").json()["data"]
    assert provisions and {h["table"] for h in provisions} == {"provisions"}
    english = client.get("/v1/search?q=INTERNET PLUS&table=actions&limit=1").json()
    assert english["data"][0]["table"] == "actions" and english["meta"]["total"] > 1
    assert english["links"]["next"] == "/v1/search?q=INTERNET%20PLUS&table=actions&limit=1&offset=1"


def test_search_and_q_find_usual_names_as_the_library_does(client: Client, ds: Any) -> None:
    """The synonym list is the library's: /v1/search, a collection's q= and ds.search agree."""
    body = client.get("/v1/search?q=市场监管总局&limit=500").json()
    assert [(h["table"], h["id"], h["field"]) for h in body["data"]] == [
        (h.table, h.id, h.field) for h in ds.search("市场监管总局")
    ]
    assert ("agencies", "samr") in {(h["table"], h["id"]) for h in body["data"]}
    agencies = client.get("/v1/agencies?q=市场监管总局&fields=id").json()["data"]
    assert "samr" in {a["id"] for a in agencies}
    assert {a["id"] for a in client.get("/v1/actions?q=ecommerce&fields=id").json()["data"]} == {"A08"}


def _published_rows(root: Path, table: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads((root / "dataset" / f"{table}.json").read_text(encoding="utf-8"))
    return rows


def test_facets_count_what_the_package_holds(client: Client, root: Path) -> None:
    rows = _published_rows(root, "responsibilities")
    body = client.get("/v1/responsibilities?role=lead&facet=agency_id,role&limit=1").json()
    leads = [r for r in rows if r["role"] == "lead"]
    expected = Counter(r["agency_id"] for r in leads)
    got = body["facets"]["agency_id"]
    assert {f["value"]: f["count"] for f in got} == dict(expected)
    assert [f["count"] for f in got] == sorted(expected.values(), reverse=True)  # most frequent first
    assert body["facets"]["role"] == [{"value": "lead", "count": len(leads)}]
    assert body["meta"]["total"] == len(leads) and len(body["data"]) == 1  # over all pages, not this one


def test_facets_include_nulls_and_follow_q(client: Client, root: Path) -> None:
    rows = _published_rows(root, "responsibilities")
    body = client.get("/v1/responsibilities?facet=action_id&limit=1").json()
    counts = {f["value"]: f["count"] for f in body["facets"]["action_id"]}
    assert counts == dict(Counter(r["action_id"] for r in rows))
    assert None in counts  # measures' attributions have no action
    with_q = client.get("/v1/agencies?q=%E9%83%A8&facet=kind").json()
    assert sum(f["count"] for f in with_q["facets"]["kind"]) == with_q["meta"]["total"]


def test_facets_are_json_only_and_checked(client: Client, assert_problem: Callable[..., Any]) -> None:
    assert_problem(
        client.get("/v1/responsibilities?facet=role", headers={"Accept": "text/csv"}),
        400,
        type="/problems/unsupported-combination",
    )
    assert_problem(client.get("/v1/responsibilities.csv?facet=role"), 400, type="/problems/unknown-parameter")
    body = assert_problem(client.get("/v1/responsibilities?facet=text_zh"), 400, type="/problems/invalid-parameter")
    assert body["invalid_params"][0]["name"] == "facet"
    assert "facets" not in client.get("/v1/responsibilities").json()


def test_facets_are_typed_in_openapi(openapi: dict[str, Any]) -> None:
    listing = openapi["components"]["schemas"]["ResponsibilityList"]
    facets = listing["properties"]["facets"]["properties"]
    assert facets["role"]["items"]["properties"]["value"]["anyOf"] == [
        {"type": "string", "enum": ["lead", "co-lead", "participant", "joint"]},
        {"type": "null"},
    ]
    assert facets["agency_id"]["items"]["properties"]["count"] == {"type": "integer", "minimum": 1}
    facet = next(p for p in openapi["paths"]["/v1/responsibilities"]["get"]["parameters"] if p["name"] == "facet")
    assert "agency_id" in facet["schema"]["items"]["enum"]
