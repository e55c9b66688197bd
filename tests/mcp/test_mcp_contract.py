"""The agent interface answers what the REST API answers: a real MCP client (the official SDK's) talks to
``internet-plus mcp`` over stdio, and every tool's answer is compared with the API's answer to the same
question (the app in process, Litestar's test client). Each answer names its release, its rows' ids and
their Chinese text."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from browsing import beside_the_browser
from internet_plus_api.app import create_app
from litestar.testing import TestClient
from mcp import Client
from mcp.client.stdio import StdioServerParameters

import internet_plus
from internet_plus.table_names import table_key

BIN = Path(sys.executable).parent
SEARCHES = [("大数据", None, 20), ("big data", ["tasks"], 5), ("製造", ["actions", "measure-groups"], 500)]
ROWS = [("tasks", "A02.1"), ("actions", "collaborative-manufacturing"), ("measure-groups", "S1"), ("tasks", "gf5:T1")]
ROWS += [("agencies", "ndrc"), ("document_links", "L030")]
LINEAGES = [("actions", "A11"), ("documents", "guofa-2015-40"), ("tasks", "A10.1"), ("measures", "S3.3")]
SUBJECTS = ["A02", "A02.1", "S1.1", "guofa-2015-5"]
CITES: list[dict[str, Any]] = [{}, {"id": "1.0.0"}, {"id": "A02.1"}, {"id": "A02.1", "release": "1.0.0"}]
CITES += [{"id": "guofa-2015-5", "format": "bibtex"}]
MISSES = [("get_row", {"table": "actions", "id": "A12"}), ("lineage", {"subject": "A99"})]
MISSES += [("search", {"query": "  "}), ("cite", {"format": "mla"}), ("get_row", {"table": "action", "id": "A01"})]


def _key(tool: str, args: dict[str, Any]) -> str:
    return f"{tool}{sorted(args.items())}"


def questions() -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    out += [("search", {"query": q, "tables": t, "limit": n}) for q, t, n in SEARCHES]
    out += [("get_row", {"table": t, "id": i}) for t, i in ROWS]
    out += [("lineage", {"subject": i}) for _, i in LINEAGES]
    out += [("responsible", {"subject": s}) for s in SUBJECTS]
    out += [("cite", c) for c in CITES]
    return out + MISSES


async def ask_all(server: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    async with Client(server) as client:
        answers["tools"] = sorted(t.name for t in (await client.list_tools()).tools)
        for tool, args in questions():
            result = await client.call_tool(tool, args)
            text = "".join(getattr(c, "text", "") for c in result.content)
            answers[_key(tool, args)] = ("error", text) if result.is_error else result.structured_content
    return answers


@pytest.fixture(scope="module")
def mcp_answers() -> dict[str, Any]:
    """Every question asked once, over stdio, of the command a user runs."""
    params = StdioServerParameters(command=str(BIN / "internet-plus"), args=["mcp"], env=dict(os.environ))
    return beside_the_browser(anyio.run, ask_all, params)


@pytest.fixture(scope="module")
def rest() -> Iterator[TestClient[Any]]:
    with TestClient(create_app()) as client:
        yield client


def api(rest: TestClient[Any], path: str, **params: Any) -> Any:
    response = rest.get(path, params={k: v for k, v in params.items() if v is not None})
    assert response.status_code == 200, (path, response.text)
    assert response.headers["x-dataset-version"] == internet_plus.load().version
    return response.json()


def test_the_server_offers_the_five_tools(mcp_answers: dict[str, Any]) -> None:
    assert mcp_answers["tools"] == ["cite", "get_row", "lineage", "responsible", "search"]


def test_every_answer_names_the_release_the_api_serves(mcp_answers: dict[str, Any], rest: TestClient[Any]) -> None:
    version = rest.get("/healthz").headers["x-dataset-version"]
    for tool, args in questions()[: -len(MISSES)]:
        assert mcp_answers[_key(tool, args)]["release"] == version, (tool, args)


@pytest.mark.parametrize(("query", "tables", "limit"), SEARCHES)
def test_search_is_the_api_search_with_quotes(
    mcp_answers: dict[str, Any], rest: TestClient[Any], query: str, tables: list[str] | None, limit: int
) -> None:
    answer = mcp_answers[_key("search", {"query": query, "tables": tables, "limit": limit})]
    body = api(
        rest,
        "/v1/search",
        q=query,
        table=",".join(table_key(t) for t in tables) if tables else None,
        limit=limit,
    )
    assert answer["total"] == body["meta"]["total"] and answer["hits"]
    assert [{k: v for k, v in h.items() if k != "quote_zh"} for h in answer["hits"]] == body["data"]
    for hit in answer["hits"]:
        row = api(rest, hit["url"])
        if hit["field"].endswith("_zh"):
            assert hit["quote_zh"] == row[hit["field"]]
        assert hit["quote_zh"] in row.values() and any("\u4e00" <= c <= "\u9fff" for c in hit["quote_zh"])


@pytest.mark.parametrize(("table", "row_id"), ROWS)
def test_get_row_is_the_api_item(mcp_answers: dict[str, Any], rest: TestClient[Any], table: str, row_id: str) -> None:
    answer = mcp_answers[_key("get_row", {"table": table, "id": row_id})]
    assert answer["row"] == api(rest, f"/v1/{table_key(table)}/{row_id}") == api(rest, answer["url"])
    assert answer["id"] == answer["row"]["id"] and answer["quote_zh"] in answer["row"].values()


@pytest.mark.parametrize(("collection", "subject"), LINEAGES)
def test_lineage_is_the_api_lineage(
    mcp_answers: dict[str, Any], rest: TestClient[Any], collection: str, subject: str
) -> None:
    answer = mcp_answers[_key("lineage", {"subject": subject})]
    assert answer["links"] == api(rest, f"/v1/{collection}/{subject}/lineage", limit=500)["data"]
    assert answer["links"] and all(link["link_id"] and link["document_id"] for link in answer["links"])


@pytest.mark.parametrize("subject", SUBJECTS)
def test_responsible_is_the_api_responsibilities_and_agency_changes(
    mcp_answers: dict[str, Any], rest: TestClient[Any], subject: str
) -> None:
    answer = mcp_answers[_key("responsible", {"subject": subject})]
    table, sid = answer["subject"]["table"], answer["subject"]["id"]
    own = api(rest, f"/v1/{table}/{sid}")
    assert answer["subject"]["quote_zh"] in (own.get("text_zh"), own.get("title_zh"))
    if table == "tasks":
        assert answer["inherited_from"] == own["action_id"]
        expected = api(rest, "/v1/responsibilities", action=own["action_id"], limit=500)["data"]
    elif table == "documents":
        expected = [
            r
            for r in api(rest, "/v1/responsibilities", document=sid, limit=500)["data"]
            if r["action_id"] is None and r["measure_id"] is None
        ]
    else:
        expected = api(rest, "/v1/responsibilities", **{table[:-1]: sid, "limit": 500})["data"]
    assert answer["duties"] == expected and expected
    assert [a["agency_id"] for a in answer["agencies"]] == list(dict.fromkeys(r["agency_id"] for r in expected))
    ds = internet_plus.load()
    for agency in answer["agencies"]:
        assert agency["changes"] == api(rest, "/v1/agency_changes", agency=agency["agency_id"], limit=500)["data"]
        (today, *_) = ds.holders_of(agency["agency_id"])
        assert agency["holders_today"][0]["holder_agency_id"] == today.holder_id
    # who holds each duty today: the holders rows of the REST API, duty by duty
    held = [h for r in expected for h in api(rest, "/v1/holders", responsibility=r["id"], limit=500)["data"]]
    assert answer["holders"] == held and held


def test_a02_is_led_jointly_and_its_attribution_is_quoted(mcp_answers: dict[str, Any]) -> None:
    answer = mcp_answers[_key("responsible", {"subject": "A02"})]
    assert [(d["agency_id"], d["role"]) for d in answer["duties"]] == [
        ("miit", "co-lead"),
        ("ndrc", "co-lead"),
        ("most", "co-lead"),
    ]
    assert {d["attribution_zh"] for d in answer["duties"]} == {"（工业和信息化部、发展改革委、科技部共同牵头）"}


@pytest.mark.parametrize("args", CITES, ids=str)
def test_cite_is_the_api_release_citation(mcp_answers: dict[str, Any], rest: TestClient[Any], args: Any) -> None:
    answer = mcp_answers[_key("cite", args)]
    version = args.get("release") or (args["id"] if args.get("id", "").count(".") == 2 else answer["release"])
    release = api(rest, f"/v1/releases/{version}")
    assert answer["cited_release"] == version
    assert answer["sha256"] == release["zip"]["sha256"] and answer["release_file"] == release["citation"]["release_url"]
    if answer["cited"] in ("dataset", "release"):
        assert answer["citation"] == release["citation"]["text"]
    else:
        row = api(rest, answer["path"])
        assert (row["release"], row["data"]["id"]) == (version, answer["id"])
        assert answer["quote_zh"] in row["data"].values(), "the row's text as published in the cited release"
        assert answer["path"] in answer["citation"] and answer["sha256"] in answer["citation"]


@pytest.mark.parametrize(("tool", "args"), MISSES, ids=str)
def test_a_bad_question_is_one_line_naming_the_problem(
    mcp_answers: dict[str, Any], tool: str, args: dict[str, Any]
) -> None:
    kind, text = mcp_answers[_key(tool, args)]
    assert kind == "error" and "\n" not in text.strip() and "Traceback" not in text
    assert any(word in text for word in ("A12", "A99", "empty", "mla", "action")), text


def test_an_unknown_row_names_the_nearest_as_the_api_does(mcp_answers: dict[str, Any], rest: TestClient[Any]) -> None:
    _, text = mcp_answers[_key("get_row", {"table": "actions", "id": "A12"})]
    nearest = rest.get("/v1/actions/A12").json()["nearest"]
    assert text.endswith("nearest: " + ", ".join(nearest))


def test_streamable_http_on_loopback_gives_the_same_answers(mcp_answers: dict[str, Any], tmp_path: Path) -> None:
    from browsing import free_port

    port = free_port()
    log = (tmp_path / "mcp.log").open("wb")
    command = [str(BIN / "internet-plus"), "mcp", "--transport", "http", "--port", str(port)]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)

    async def ask() -> Any:
        with anyio.fail_after(30):
            while True:
                try:
                    await (await anyio.connect_tcp("127.0.0.1", port)).aclose()
                    break
                except OSError:
                    assert process.poll() is None, (tmp_path / "mcp.log").read_text()
                    await anyio.sleep(0.1)
        async with Client(f"http://127.0.0.1:{port}/mcp") as client:
            return (await client.call_tool("get_row", {"table": "tasks", "id": "A02.1"})).structured_content

    try:
        assert beside_the_browser(anyio.run, ask) == mcp_answers[_key("get_row", {"table": "tasks", "id": "A02.1"})]
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_http_refuses_an_address_off_loopback() -> None:
    out = subprocess.run(
        [str(BIN / "internet-plus"), "mcp", "--transport", "http", "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert out.returncode == 2 and "not a loopback address" in out.stderr and "Traceback" not in out.stderr
